import { createHmac, randomBytes } from 'node:crypto';
import { JWTPayload, KeyLike, SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { AuthSettings } from '../../src/callers/auth-settings';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { bearer, newApiKey, postGraphQL } from '../helpers/callers';
import { JwksServer, startJwksServer } from '../helpers/jwks-server';
import { TestStack, startTestStack } from '../helpers/test-stack';
import { Scope } from '../../src/callers/caller';

const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'wecom-schedule-gateway';
const SECRET = randomBytes(48).toString('base64');
const READ_SCOPES = 'schedules:read';
const QUERY = '{ __typename }';
const SCHEDULE_QUERY = '{ schedule(id: "no-such-schedule") { id } }';

const now = () => Math.floor(Date.now() / 1000);

/** A token with good defaults; `claims` override them (undefined removes one). */
async function sign(key: KeyLike | Uint8Array, alg: string, claims: JWTPayload = {}, kid?: string): Promise<string> {
  const payload: JWTPayload = { iss: ISSUER, aud: AUDIENCE, azp: 'meeting-rooms', scope: READ_SCOPES, iat: now(), exp: now() + 300, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const secretKey = new TextEncoder().encode(SECRET);

describe('AUTH=jwt', () => {
  let emulator: WeComEmulator;
  const stacks: TestStack[] = [];

  async function gateway(auth: AuthSettings): Promise<TestStack> {
    const stack = await startTestStack({ sharedEmulator: emulator, gateway: { auth } });
    stacks.push(stack);
    return stack;
  }
  const jwtSettings = (key: NonNullable<AuthSettings['jwt']>['key'], extra: Partial<NonNullable<AuthSettings['jwt']>> = {}): AuthSettings => ({
    methods: ['jwt'],
    jwt: { key, issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 30, ...extra },
  });

  beforeAll(async () => {
    emulator = await WeComEmulator.start();
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.stop();
    await emulator.close();
  });
  beforeEach(() => emulator.resetCalls());

  async function expectAccepted(stack: TestStack, token: string, query = QUERY) {
    const response = await postGraphQL(stack.gateway.url, { query }, bearer(token));
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    return response;
  }
  async function expectRefused(stack: TestStack, token: string) {
    const response = await postGraphQL(stack.gateway.url, { query: SCHEDULE_QUERY }, bearer(token));
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.errors).toEqual([{ message: 'Invalid or expired credential', extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(emulator.calls()).toHaveLength(0);
  }

  describe('with an HMAC secret (JWT_SECRET, HS256)', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await gateway(jwtSettings({ kind: 'secret', secret: SECRET }));
    });

    it('accepts a valid token and reads with its scope', async () => {
      const response = await expectAccepted(stack, await sign(secretKey, 'HS256'), SCHEDULE_QUERY);
      expect(response.data).toEqual({ schedule: null });
      expect(emulator.callCount('/cgi-bin/oa/schedule/get')).toBe(1);
    });

    it('names the caller azp, else client_id, else sub, and logs that name', async () => {
      await expectAccepted(stack, await sign(secretKey, 'HS256', { azp: 'app-azp', client_id: 'app-client', sub: 'user-1' }), SCHEDULE_QUERY);
      await expectAccepted(stack, await sign(secretKey, 'HS256', { azp: undefined, client_id: 'app-client', sub: 'user-1' }), SCHEDULE_QUERY);
      await expectAccepted(stack, await sign(secretKey, 'HS256', { azp: undefined, sub: 'user-1' }), SCHEDULE_QUERY);
      const mutation = 'mutation Del { deleteSchedule(id: "gone") { id } }';
      for (const claims of [{ azp: 'app-azp' }, { azp: undefined, client_id: 'app-client' }, { azp: undefined, sub: 'user-1' }]) {
        const token = await sign(secretKey, 'HS256', { ...claims, scope: 'schedules:write' });
        await postGraphQL(stack.gateway.url, { query: mutation }, bearer(token));
      }
      const audit = stack.logs().split('\n').filter((line) => line.includes('"audit":true')).map((line) => JSON.parse(line).caller);
      expect(audit.slice(-3)).toEqual(['app-azp', 'app-client', 'user-1']);
    });

    it('refuses a token that names no caller (no azp, client_id or sub)', async () => {
      await expectRefused(stack, await sign(secretKey, 'HS256', { azp: undefined }));
    });

    it('refuses a token without an expiry (exp): it would be valid forever', async () => {
      await expectRefused(stack, await sign(secretKey, 'HS256', { exp: undefined }));
    });

    it('takes scopes from scp (a list) as well as scope (a string)', async () => {
      const viaScp = await sign(secretKey, 'HS256', { scope: undefined, scp: ['schedules:write'] });
      const response = await postGraphQL(stack.gateway.url, { query: 'mutation { deleteSchedule(id: "gone") { id } }' }, bearer(viaScp));
      expect(response.errors?.[0].extensions?.code).not.toBe('FORBIDDEN');
      const none = await sign(secretKey, 'HS256', { scope: 'openid profile' });
      const refused = await postGraphQL(stack.gateway.url, { query: SCHEDULE_QUERY }, bearer(none));
      expect(refused.errors).toEqual([expect.objectContaining({ path: ['schedule'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    });

    it('accepts a token expired within the clock tolerance (30 s) and refuses one expired beyond it', async () => {
      await expectAccepted(stack, await sign(secretKey, 'HS256', { iat: now() - 600, exp: now() - 10 }));
      await expectRefused(stack, await sign(secretKey, 'HS256', { iat: now() - 600, exp: now() - 120 }));
    });

    it('refuses a token not yet valid beyond the tolerance (nbf)', async () => {
      await expectRefused(stack, await sign(secretKey, 'HS256', { nbf: now() + 600 }));
    });

    it('refuses a wrong signature, a wrong issuer, a wrong audience, a missing issuer and a tampered payload', async () => {
      await expectRefused(stack, await sign(new TextEncoder().encode(`${SECRET}x`), 'HS256'));
      await expectRefused(stack, await sign(secretKey, 'HS256', { iss: 'https://evil.example.com/' }));
      await expectRefused(stack, await sign(secretKey, 'HS256', { aud: 'another-api' }));
      await expectRefused(stack, await sign(secretKey, 'HS256', { iss: undefined }));
      const good = await sign(secretKey, 'HS256');
      const [header, payload, signature] = good.split('.');
      const tampered = b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), scope: 'schedules:write' });
      await expectRefused(stack, `${header}.${tampered}.${signature}`);
    });

    it('refuses alg "none" and an RS256 token (an HMAC secret verifies HS256 only)', async () => {
      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: AUDIENCE, azp: 'x', scope: READ_SCOPES, exp: now() + 300 })}.`;
      await expectRefused(stack, unsigned);
      const { privateKey } = await generateKeyPair('RS256');
      await expectRefused(stack, await sign(privateKey, 'RS256'));
      await expectRefused(stack, await sign(secretKey, 'HS512'));
    });

    it('never logs a token', async () => {
      const token = await sign(secretKey, 'HS256');
      await expectAccepted(stack, token);
      await expectRefused(stack, `${token}x`);
      const logs = stack.logs();
      expect(logs).toContain('authentication failed');
      expect(logs).not.toContain(token.split('.')[2]);
      expect(logs).not.toContain(token.split('.')[1]);
      expect(logs).not.toContain(SECRET);
    });
  });

  describe('with a PEM public key (JWT_PUBLIC_KEY_FILE)', () => {
    let rsa: { privateKey: KeyLike; publicKey: KeyLike };
    let rsaPem: string;
    let rsaStack: TestStack;

    beforeAll(async () => {
      rsa = await generateKeyPair('RS256');
      rsaPem = await exportSPKI(rsa.publicKey);
      rsaStack = await gateway(jwtSettings({ kind: 'public-key', pem: rsaPem }));
    });

    it('accepts RS256 and PS256 tokens signed by the matching RSA private key', async () => {
      await expectAccepted(rsaStack, await sign(rsa.privateKey, 'RS256'));
      await expectAccepted(rsaStack, await sign(rsa.privateKey, 'PS256'));
    });

    it('refuses a token signed by another RSA key', async () => {
      const other = await generateKeyPair('RS256');
      await expectRefused(rsaStack, await sign(other.privateKey, 'RS256'));
    });

    it('refuses algorithm confusion: an HS256 token whose HMAC key is the public PEM itself', async () => {
      const header = b64({ alg: 'HS256', typ: 'JWT' });
      const payload = b64({ iss: ISSUER, aud: AUDIENCE, azp: 'attacker', scope: 'schedules:write', exp: now() + 300 });
      const signature = createHmac('sha256', rsaPem).update(`${header}.${payload}`).digest('base64url');
      await expectRefused(rsaStack, `${header}.${payload}.${signature}`);
    });

    it('picks the algorithms from the key: an EC P-256 key accepts ES256 and refuses RS256', async () => {
      const ec = await generateKeyPair('ES256');
      const ecStack = await gateway(jwtSettings({ kind: 'public-key', pem: await exportSPKI(ec.publicKey) }));
      await expectAccepted(ecStack, await sign(ec.privateKey, 'ES256'));
      await expectRefused(ecStack, await sign(rsa.privateKey, 'RS256'));
    });
  });

  describe('with a JWKS URL (JWT_JWKS_URL)', () => {
    let jwks: JwksServer;
    let stack: TestStack;
    let first: { privateKey: KeyLike; publicKey: KeyLike };
    const COOLDOWN_MS = 300;

    beforeAll(async () => {
      first = await generateKeyPair('ES256');
      jwks = await startJwksServer([{ ...(await exportJWK(first.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' }]);
      stack = await gateway(jwtSettings({ kind: 'jwks', url: jwks.url }, { jwksCooldownMs: COOLDOWN_MS }));
    });
    afterAll(() => jwks.close());

    it('fetches the key set once and verifies tokens from the cache', async () => {
      jwks.fetches = 0;
      for (let i = 0; i < 3; i++) await expectAccepted(stack, await sign(first.privateKey, 'ES256', {}, 'key-1'));
      expect(jwks.fetches).toBeLessThanOrEqual(1);
    });

    it('follows a key rotation: a token with a new kid makes it fetch the set again, and the retired key is refused', async () => {
      await expectAccepted(stack, await sign(first.privateKey, 'ES256', {}, 'key-1'));
      const second = await generateKeyPair('RS256');
      jwks.keys = [{ ...(await exportJWK(second.publicKey)), kid: 'key-2', alg: 'RS256', use: 'sig' }];
      await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100)); // jose refetches at most once per cooldown
      jwks.fetches = 0;

      await expectAccepted(stack, await sign(second.privateKey, 'RS256', {}, 'key-2'));
      expect(jwks.fetches).toBe(1);
      await expectRefused(stack, await sign(first.privateKey, 'ES256', {}, 'key-1'));
    });

    it('does not refetch the key set for every unknown kid (jose\'s cooldown): a burst costs at most one fetch', async () => {
      await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100));
      jwks.fetches = 0;
      const stranger = await generateKeyPair('ES256');
      for (let i = 0; i < 5; i++) await expectRefused(stack, await sign(stranger.privateKey, 'ES256', {}, `random-${i}`));
      expect(jwks.fetches).toBe(1);
    });

    it('refuses an HS256 token even when its kid is known (a JWKS verifies asymmetric algorithms only)', async () => {
      await expectRefused(stack, await sign(secretKey, 'HS256', {}, 'key-2'));
    });
  });

  describe('AUTH=api-key,jwt', () => {
    it('accepts either credential; a JWT-shaped bearer is verified as a JWT', async () => {
      const key = newApiKey('hr-system', [Scope.Read]);
      const stack = await gateway({ methods: ['api-key', 'jwt'], apiKeys: [key.entry], jwt: { key: { kind: 'secret', secret: SECRET } } });
      await expectAccepted(stack, key.key);
      await expectAccepted(stack, await sign(secretKey, 'HS256', { iss: 'any', aud: 'any' }));
      await expectRefused(stack, await sign(new TextEncoder().encode(`${SECRET}x`), 'HS256'));
      await expectRefused(stack, `${key.key}x`);
    });
  });
});
