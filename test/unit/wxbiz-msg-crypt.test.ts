import { createCipheriv } from 'node:crypto';
import { CallbackCryptoError, WXBizMsgCrypt, decodeAesKey, generateEncodingAesKey } from '../../src/callbacks/wxbiz-msg-crypt';

/**
 * WeCom's own published sample values (doc 91144, "加解密方案说明", and the official WXBizMsgCrypt
 * samples of doc 90468/90307, "加解密库下载与返回码"):
 *
 * - 2014 set, in the doc's example and every language's sample (C# Sample.cs, Java
 *   WXBizMsgCryptTest.testVerifyUrl, PHP/Python comments): token "QDG6eK", corp id
 *   "wx5823bf96d3bd56c7", EncodingAESKey "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
 *   GET msg_signature 5c45ff5e…, timestamp 1409659589, nonce 263014780, echostr P9nAz…;
 *   POST msg_signature 477715d1…, timestamp 1409659813, nonce 1372623149, <Encrypt> RypEv….
 * - 2016 set, the official Python sample as published (github.com/sbzhu/weworkapi_python,
 *   callback/Sample.py @ 27220fbe9d5251d46101e33751568eae9f413666): token "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
 *   corp id "ww1436e0e65a779aee", EncodingAESKey "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt".
 *
 * The decrypted values below are what those vectors decrypt to (the echostr plaintext "1616140317555161061"
 * is also the expected value in other implementations' tests of the 2014 set).
 */
const SAMPLE_2014 = {
  token: 'QDG6eK',
  corpId: 'wx5823bf96d3bd56c7',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  verify: {
    signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    plaintext: '1616140317555161061',
  },
  event: {
    signature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
    plaintext:
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
  },
};

const SAMPLE_2016 = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  corpId: 'ww1436e0e65a779aee',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  verify: {
    signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
    plaintext: '1288432023552776189',
  },
  event: {
    signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
    timestamp: '1476422779',
    nonce: '1597212914',
    encrypt:
      'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
    plaintext:
      '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
  },
};

/** AES-256-CBC as WeCom does it, over a plaintext the test builds itself (padding and length included). */
function rawEncrypt(encodingAesKey: string, plain: Buffer): string {
  const key = decodeAesKey(encodingAesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function framed(message: string, receiverId: string, declaredLength = Buffer.byteLength(message)): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(declaredLength, 0);
  return Buffer.concat([Buffer.alloc(16, 7), length, Buffer.from(message), Buffer.from(receiverId)]);
}

function padded(plain: Buffer, padByte?: number): Buffer {
  const pad = 32 - (plain.length % 32);
  return Buffer.concat([plain, Buffer.alloc(pad, padByte ?? pad)]);
}

describe('WXBizMsgCrypt against WeCom’s published sample values', () => {
  for (const [name, sample] of [['the 2014 sample (QDG6eK)', SAMPLE_2014], ['the 2016 Python sample', SAMPLE_2016]] as const) {
    describe(name, () => {
      const crypt = new WXBizMsgCrypt(sample.token, sample.encodingAesKey);

      it('verifies the URL-verification signature and decrypts echostr to the documented receiver id', () => {
        const { signature, timestamp, nonce, echostr, plaintext } = sample.verify;
        expect(crypt.signature(timestamp, nonce, echostr)).toBe(signature);
        expect(crypt.verifySignature(signature, timestamp, nonce, echostr)).toBe(true);
        expect(crypt.decrypt(echostr)).toEqual({ message: plaintext, receiverId: sample.corpId });
      });

      it('verifies the POST signature over <Encrypt> and decrypts the message', () => {
        const { signature, timestamp, nonce, encrypt, plaintext } = sample.event;
        expect(crypt.verifySignature(signature, timestamp, nonce, encrypt)).toBe(true);
        expect(crypt.decrypt(encrypt)).toEqual({ message: plaintext, receiverId: sample.corpId });
      });

      it('refuses a signature off by one character, of another length, or over another nonce', () => {
        const { signature, timestamp, nonce, encrypt } = sample.event;
        const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
        expect(crypt.verifySignature(flipped, timestamp, nonce, encrypt)).toBe(false);
        expect(crypt.verifySignature(signature.slice(0, -1), timestamp, nonce, encrypt)).toBe(false);
        expect(crypt.verifySignature(signature.toUpperCase() + 'x', timestamp, nonce, encrypt)).toBe(false);
        expect(crypt.verifySignature(signature, timestamp, `${nonce}1`, encrypt)).toBe(false);
      });
    });
  }

  it('encrypt round-trips and pads to a multiple of 32 bytes', () => {
    const crypt = new WXBizMsgCrypt(SAMPLE_2014.token, SAMPLE_2014.encodingAesKey);
    const encrypted = crypt.encrypt('<xml>你好</xml>', SAMPLE_2014.corpId);
    expect(crypt.decrypt(encrypted)).toEqual({ message: '<xml>你好</xml>', receiverId: SAMPLE_2014.corpId });
    // PKCS#7 to a multiple of 32 (not AES's 16): a 16+4+0+18-byte plaintext becomes 64 bytes.
    expect(Buffer.from(crypt.encrypt('', SAMPLE_2014.corpId), 'base64')).toHaveLength(64);
  });
});

describe('WXBizMsgCrypt refuses what is not a message for this key', () => {
  const { token, corpId, encodingAesKey } = SAMPLE_2014;
  const crypt = new WXBizMsgCrypt(token, encodingAesKey);

  it('another key (the 2016 sample’s ciphertext under the 2014 key)', () => {
    expect(() => crypt.decrypt(SAMPLE_2016.event.encrypt)).toThrow(CallbackCryptoError);
    expect(() => crypt.decrypt(SAMPLE_2016.verify.echostr)).toThrow(CallbackCryptoError);
  });

  it('a tampered ciphertext: broken padding, cut blocks, not base64 (and any tampering breaks the signature)', () => {
    const data = Buffer.from(SAMPLE_2014.event.encrypt, 'base64');
    const flipped = Buffer.from(data);
    flipped[flipped.length - 17] ^= 0x40; // CBC: flips the last plaintext byte, the padding length
    expect(() => crypt.decrypt(flipped.toString('base64'))).toThrow(CallbackCryptoError);
    expect(() => crypt.decrypt(data.subarray(0, data.length - 8).toString('base64'))).toThrow(CallbackCryptoError);
    expect(() => crypt.decrypt(`${SAMPLE_2014.event.encrypt.slice(0, 40)}!`)).toThrow(CallbackCryptoError);
    expect(() => crypt.decrypt('')).toThrow(CallbackCryptoError);
    const { signature, timestamp, nonce } = SAMPLE_2014.event;
    expect(crypt.verifySignature(signature, timestamp, nonce, flipped.toString('base64'))).toBe(false);
  });

  it('bad padding: a pad byte of 0, above 32, or pad bytes that disagree', () => {
    const plain = framed('<xml/>', corpId);
    expect(() => crypt.decrypt(rawEncrypt(encodingAesKey, padded(plain, 0)))).toThrow(/padding/);
    const pad = 32 - (plain.length % 32);
    const over = Buffer.concat([plain, Buffer.alloc(pad - 1, 1), Buffer.from([33])]);
    expect(() => crypt.decrypt(rawEncrypt(encodingAesKey, over))).toThrow(/padding/);
    const mixed = padded(plain);
    mixed[mixed.length - 2] ^= 1;
    expect(() => crypt.decrypt(rawEncrypt(encodingAesKey, mixed))).toThrow(/padding/);
    expect(crypt.decrypt(rawEncrypt(encodingAesKey, padded(plain)))).toEqual({ message: '<xml/>', receiverId: corpId });
  });

  it('a message length beyond the plaintext, or a plaintext too short for one', () => {
    const tooLong = framed('<xml/>', corpId, 10_000);
    expect(() => crypt.decrypt(rawEncrypt(encodingAesKey, padded(tooLong)))).toThrow(/length/);
    expect(() => crypt.decrypt(rawEncrypt(encodingAesKey, padded(Buffer.alloc(18, 1))))).toThrow(CallbackCryptoError);
  });

  it('refuses an EncodingAESKey that is not 43 base64 characters, and generates ones that are', () => {
    expect(() => new WXBizMsgCrypt(token, encodingAesKey.slice(1))).toThrow(CallbackCryptoError);
    expect(() => new WXBizMsgCrypt(token, `${encodingAesKey.slice(1)}!`)).toThrow(CallbackCryptoError);
    expect(() => new WXBizMsgCrypt('', encodingAesKey)).toThrow(CallbackCryptoError);
    const generated = generateEncodingAesKey();
    expect(generated).toHaveLength(43);
    expect(decodeAesKey(generated)).toHaveLength(32);
  });
});
