import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeCom's callback crypto, WXBizMsgCrypt (doc 91144; WECOM.md section 5), on node:crypto:
 * AES-256-CBC with the key from the 43-character EncodingAESKey and the IV its first 16 bytes,
 * PKCS#7 padding to a multiple of 32, plaintext = 16 random bytes | 4-byte length | message | receiver id,
 * and a SHA-1 signature over the sorted token, timestamp, nonce and ciphertext.
 */
export const ENCODING_AES_KEY_LENGTH = 43;
const BLOCK = 32;

export class CallbackCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackCryptoError';
  }
}

export interface DecryptedMessage {
  message: string;
  /** The corp id for a self-built app (SuiteID for a third-party suite). */
  receiverId: string;
}

export class WXBizMsgCrypt {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    private readonly token: string,
    encodingAesKey: string,
  ) {
    if (!token) throw new CallbackCryptoError('the callback token is empty');
    this.key = decodeAesKey(encodingAesKey);
    this.iv = this.key.subarray(0, 16);
  }

  /** msg_signature: SHA-1 hex of the lexicographically sorted concatenation. */
  signature(timestamp: string, nonce: string, encrypted: string): string {
    return createHash('sha1').update([this.token, timestamp, nonce, encrypted].sort().join('')).digest('hex');
  }

  /** Compared in constant time (an attacker learns nothing from how long a refusal takes). */
  verifySignature(signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
    const expected = Buffer.from(this.signature(timestamp, nonce, encrypted), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  encrypt(message: string, receiverId: string, random: Buffer = randomBytes(16)): string {
    if (random.length !== 16) throw new CallbackCryptoError('the random prefix must be 16 bytes');
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = Buffer.concat([random, length, body, Buffer.from(receiverId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** Strict: base64 of whole blocks, padding 1..32 of equal bytes, a length inside the plaintext. */
  decrypt(encrypted: string): DecryptedMessage {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) throw new CallbackCryptoError('the ciphertext is not base64');
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new CallbackCryptoError('the ciphertext is not whole AES blocks');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      throw new CallbackCryptoError('the ciphertext does not decrypt');
    }
    const pad = plain[plain.length - 1];
    if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((byte) => byte === pad)) {
      throw new CallbackCryptoError('the padding is wrong (another key?)');
    }
    const content = plain.subarray(16, plain.length - pad);
    if (content.length < 4) throw new CallbackCryptoError('the plaintext is too short');
    const length = content.readUInt32BE(0);
    if (length > content.length - 4) throw new CallbackCryptoError('the message length is beyond the plaintext (another key?)');
    return {
      message: content.subarray(4, 4 + length).toString('utf8'),
      receiverId: content.subarray(4 + length).toString('utf8'),
    };
  }
}

/** Base64Decode(EncodingAESKey + "="), which must be 32 bytes. */
export function decodeAesKey(encodingAesKey: string): Buffer {
  if (encodingAesKey.length !== ENCODING_AES_KEY_LENGTH || !/^[A-Za-z0-9+/]+$/.test(encodingAesKey)) {
    throw new CallbackCryptoError(`the EncodingAESKey must be ${ENCODING_AES_KEY_LENGTH} base64 characters`);
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new CallbackCryptoError('the EncodingAESKey does not decode to 32 bytes');
  return key;
}

/** A fresh EncodingAESKey (demo mode, tests): 32 random bytes as 43 base64 characters. */
export function generateEncodingAesKey(): string {
  return randomBytes(32).toString('base64').slice(0, ENCODING_AES_KEY_LENGTH);
}
