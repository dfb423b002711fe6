import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const CORP = { WECOM_CORP_ID: 'ww0123456789abcdef', WECOM_CORP_SECRET: 'configured-corp-secret' };

describe('loadConfig', () => {
  it('defaults to port 4000, demo mode (no WeCom app) and in-process token cache', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.wecom).toBeUndefined();
    expect(config.cacheUrl).toBeUndefined();
    expect(config.production).toBe(false);
    expect(config.wecomTimeoutMs).toBe(10_000);
  });

  it('defaults the WeCom base URL to https://qyapi.weixin.qq.com when a corp is configured', () => {
    const config = loadConfig({ ...CORP });
    expect(config.wecom).toEqual({
      corpId: CORP.WECOM_CORP_ID,
      corpSecret: CORP.WECOM_CORP_SECRET,
      agentId: undefined,
      apiBaseUrl: 'https://qyapi.weixin.qq.com',
    });
  });

  it('treats blank variables as unset (demo mode, default port)', () => {
    const config = loadConfig({ WECOM_CORP_ID: '  ', WECOM_CORP_SECRET: '', PORT: '' });
    expect(config.wecom).toBeUndefined();
    expect(config.port).toBe(4000);
  });

  it('reads PORT, WECOM_AGENT_ID, WECOM_API_BASE_URL (trailing slash dropped) and CACHE_URL', () => {
    const config = loadConfig({
      ...CORP,
      PORT: '8080',
      WECOM_AGENT_ID: '1000002',
      WECOM_API_BASE_URL: 'http://127.0.0.1:9999/',
      CACHE_URL: 'redis://cache:6379',
    });
    expect(config.port).toBe(8080);
    expect(config.wecom?.agentId).toBe(1000002);
    expect(config.wecom?.apiBaseUrl).toBe('http://127.0.0.1:9999');
    expect(config.cacheUrl).toBe('redis://cache:6379');
  });

  it('reads READ_CACHE_TTL_MS: unset leaves the default to the gateway (on with callbacks), 0 turns the cache off, at most 10 minutes', () => {
    expect(loadConfig({}).readCacheTtlMs).toBeUndefined();
    expect(loadConfig({ READ_CACHE_TTL_MS: '0' }).readCacheTtlMs).toBe(0);
    expect(loadConfig({ READ_CACHE_TTL_MS: '5000' }).readCacheTtlMs).toBe(5000);
    for (const value of ['-1', '600001', '1.5', 'soon']) {
      expect(() => loadConfig({ READ_CACHE_TTL_MS: value })).toThrow('READ_CACHE_TTL_MS must be an integer between 0 and 600000');
    }
  });
  it('lets a write wait for its lock as long as WECOM_TIMEOUT_MS unless LOCK_WAIT_MS says otherwise', () => {
    expect(loadConfig({}).lockWaitMs).toBe(10_000);
    expect(loadConfig({ WECOM_TIMEOUT_MS: '4000' }).lockWaitMs).toBe(4000);
    expect(loadConfig({ WECOM_TIMEOUT_MS: '4000', LOCK_WAIT_MS: '250' }).lockWaitMs).toBe(250);
  });

  it.each(['-1', '1.5', 'soon', '120001'])('rejects LOCK_WAIT_MS=%s with a message naming the variable and its range', (value) => {
    expect(() => loadConfig({ LOCK_WAIT_MS: value })).toThrow('LOCK_WAIT_MS must be an integer between 0 and 120000');
  });

  it('gives requests in flight 30 s after SIGTERM unless SHUTDOWN_GRACE_MS says otherwise', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(30_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '45000' }).shutdownGraceMs).toBe(45_000);
  });

  it.each(['-1', '2.5', 'soon', '3600001'])('rejects SHUTDOWN_GRACE_MS=%s with a message naming the variable and its range', (value) => {
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: value })).toThrow('SHUTDOWN_GRACE_MS must be an integer between 0 and 3600000');
  });

  it('accepts rediss:// for CACHE_URL', () => {
    expect(loadConfig({ CACHE_URL: 'rediss://cache:6380' }).cacheUrl).toBe('rediss://cache:6380');
  });

  it.each([
    ['without corp id or secret', { NODE_ENV: 'production' }],
    ['with a corp id but no secret', { NODE_ENV: 'production', WECOM_CORP_ID: CORP.WECOM_CORP_ID }],
    ['with a secret but no corp id', { NODE_ENV: 'production', WECOM_CORP_SECRET: CORP.WECOM_CORP_SECRET }],
  ])('refuses to start in production %s (never demo mode)', (_name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
  });

  it('starts in production with a corp id, a secret and AUTH', () => {
    const config = loadConfig({ NODE_ENV: 'production', ...CORP, AUTH: 'none' });
    expect(config.production).toBe(true);
    expect(config.wecom?.corpId).toBe(CORP.WECOM_CORP_ID);
  });

  it('rejects a corp id without a secret outside production too', () => {
    expect(() => loadConfig({ WECOM_CORP_ID: CORP.WECOM_CORP_ID })).toThrow(/WECOM_CORP_SECRET/);
  });

  it('rejects a secret without a corp id', () => {
    expect(() => loadConfig({ WECOM_CORP_SECRET: CORP.WECOM_CORP_SECRET })).toThrow(ConfigError);
  });

  it('never puts the secret in a configuration error message', () => {
    try {
      loadConfig({ NODE_ENV: 'production', WECOM_CORP_SECRET: CORP.WECOM_CORP_SECRET });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain(CORP.WECOM_CORP_SECRET);
    }
  });

  it('defaults LOG_LEVEL to info and accepts each of pino\'s levels, in any case', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ LOG_LEVEL: level.toUpperCase() }).logLevel).toBe(level);
    }
  });

  it.each([['verbose'], ['warning'], ['10']])('rejects LOG_LEVEL=%p, naming the levels it accepts', (level) => {
    expect(() => loadConfig({ LOG_LEVEL: level })).toThrow(
      new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${level}")`),
    );
  });

  it.each([['abc'], ['-1'], ['65536'], ['80.5'], ['0x']])('rejects PORT=%p', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(ConfigError);
  });

  it.each([['http://cache:6379'], ['cache:6379'], ['memcached://cache:11211']])('rejects CACHE_URL=%p', (cacheUrl) => {
    expect(() => loadConfig({ CACHE_URL: cacheUrl })).toThrow(ConfigError);
  });

  it.each([['not a url'], ['ftp://qyapi.weixin.qq.com'], ['qyapi.weixin.qq.com']])(
    'rejects WECOM_API_BASE_URL=%p',
    (baseUrl) => {
      expect(() => loadConfig({ ...CORP, WECOM_API_BASE_URL: baseUrl })).toThrow(ConfigError);
    },
  );

  it.each([['abc'], ['-5'], ['1.5']])('rejects WECOM_AGENT_ID=%p', (agentId) => {
    expect(() => loadConfig({ ...CORP, WECOM_AGENT_ID: agentId })).toThrow(ConfigError);
  });
  describe('CORS_ORIGINS', () => {
    it('allows every origin by default in demo mode (no WECOM_CORP_ID)', () => {
      expect(loadConfig({}).corsOrigins).toBe('*');
    });

    it('allows no origin by default when a corp is configured', () => {
      expect(loadConfig({ ...CORP }).corsOrigins).toEqual([]);
      expect(loadConfig({ ...CORP, NODE_ENV: 'production', AUTH: 'none' }).corsOrigins).toEqual([]);
    });

    it('reads a comma-separated list in the form browsers send (lower-case host, no default port, no slash)', () => {
      const config = loadConfig({ ...CORP, CORS_ORIGINS: ' https://App.Example.com , http://localhost:3000/,https://a.example:443' });
      expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000', 'https://a.example']);
    });

    it('reads * as every origin, also when a corp is configured', () => {
      expect(loadConfig({ ...CORP, CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    });

    it.each([
      ['app.example.com'],
      ['https://app.example.com/path'],
      ['https://app.example.com?x=1'],
      ['ftp://app.example.com'],
      ['https://user:pw@app.example.com'],
      ['https://a.example,*'],
      ['https://a.example,,https://b.example'],
    ])('rejects CORS_ORIGINS=%p with what to write instead', (value) => {
      expect(() => loadConfig({ ...CORP, CORS_ORIGINS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ...CORP, CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS.*(scheme:\/\/host\[:port\]|\* alone)/);
    });
  });
});

describe('loadConfig: query limits', () => {
  it('defaults to 10 WeCom calls per request, depth 10, 100 aliases, 10,000 tokens, 50 directives, 256 KiB queries, 1 MiB bodies', () => {
    expect(loadConfig({}).limits).toEqual({
      maxWecomCallsPerRequest: 10,
      maxDepth: 10,
      maxAliases: 100,
      maxTokens: 10_000,
      maxDirectives: 50,
      maxQueryBytes: 256 * 1024,
      maxBodyBytes: 1024 * 1024,
      introspection: true,
    });
  });

  it('turns introspection off in production unless INTROSPECTION=true', () => {
    expect(loadConfig({ ...CORP, NODE_ENV: 'production', AUTH: 'none' }).limits.introspection).toBe(false);
    expect(loadConfig({ ...CORP, NODE_ENV: 'production', AUTH: 'none', INTROSPECTION: 'true' }).limits.introspection).toBe(true);
    expect(loadConfig({ INTROSPECTION: 'false' }).limits.introspection).toBe(false);
  });

  it('reads each limit from its variable', () => {
    const limits = loadConfig({
      MAX_WECOM_CALLS_PER_REQUEST: '25',
      MAX_QUERY_DEPTH: '12',
      MAX_QUERY_ALIASES: '30',
      MAX_QUERY_TOKENS: '5000',
      MAX_QUERY_DIRECTIVES: '5',
      MAX_QUERY_BYTES: '65536',
      MAX_BODY_BYTES: '2097152',
    }).limits;
    expect(limits).toMatchObject({
      maxWecomCallsPerRequest: 25,
      maxDepth: 12,
      maxAliases: 30,
      maxTokens: 5000,
      maxDirectives: 5,
      maxQueryBytes: 65536,
      maxBodyBytes: 2097152,
    });
  });

  it.each([
    ['MAX_WECOM_CALLS_PER_REQUEST', '0'],
    ['MAX_WECOM_CALLS_PER_REQUEST', 'ten'],
    ['MAX_QUERY_DEPTH', '1'],
    ['MAX_QUERY_ALIASES', '-1'],
    ['MAX_QUERY_TOKENS', '1.5'],
    ['MAX_QUERY_DIRECTIVES', 'x'],
    ['MAX_QUERY_BYTES', '100'],
    ['MAX_BODY_BYTES', '999999999999'],
    ['INTROSPECTION', 'yes'],
  ])('rejects %s=%p', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('rejects a MAX_QUERY_BYTES larger than MAX_BODY_BYTES, saying what to change', () => {
    expect(() => loadConfig({ MAX_QUERY_BYTES: '2000000' })).toThrow(/MAX_QUERY_BYTES must not exceed MAX_BODY_BYTES/);
  });

  describe('the WeCom call budget', () => {
    it('defaults to 6000 calls per API per minute, no caller share, and a 60 s pause after 45009', () => {
      expect(loadConfig({}).callBudget).toEqual({ callsPerMinute: 6000, callerCallsPerMinute: undefined, blockMs: 60_000 });
    });

    it('reads WECOM_CALLS_PER_MINUTE, CALLER_WECOM_CALLS_PER_MINUTE and WECOM_BLOCK_MS', () => {
      const config = loadConfig({ WECOM_CALLS_PER_MINUTE: '5', CALLER_WECOM_CALLS_PER_MINUTE: '2', WECOM_BLOCK_MS: '1500' });
      expect(config.callBudget).toEqual({ callsPerMinute: 5, callerCallsPerMinute: 2, blockMs: 1500 });
    });

    it.each([['0'], ['-1'], ['1.5'], ['many']])('rejects WECOM_CALLS_PER_MINUTE=%p', (value) => {
      expect(() => loadConfig({ WECOM_CALLS_PER_MINUTE: value })).toThrow(/WECOM_CALLS_PER_MINUTE must be an integer/);
    });

    it.each([['0'], ['x']])('rejects CALLER_WECOM_CALLS_PER_MINUTE=%p', (value) => {
      expect(() => loadConfig({ CALLER_WECOM_CALLS_PER_MINUTE: value })).toThrow(/CALLER_WECOM_CALLS_PER_MINUTE must be an integer/);
    });

    it('rejects a caller share larger than the whole budget, saying what to do', () => {
      expect(() => loadConfig({ WECOM_CALLS_PER_MINUTE: '100', CALLER_WECOM_CALLS_PER_MINUTE: '101' })).toThrow(
        /CALLER_WECOM_CALLS_PER_MINUTE \(101\) must not exceed WECOM_CALLS_PER_MINUTE \(100\): lower it or unset it/,
      );
    });

    it.each([['50'], ['3600001'], ['soon']])('rejects WECOM_BLOCK_MS=%p', (value) => {
      expect(() => loadConfig({ WECOM_BLOCK_MS: value })).toThrow(/WECOM_BLOCK_MS must be an integer between 100 and 3600000/);
    });
  });
});

describe('loadConfig: AUTH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-auth-config-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const SHA = 'a'.repeat(64);
  const keysFile = (entries: unknown) => file(`keys-${randomBytes(4).toString('hex')}.json`, JSON.stringify(entries));
  const SECRET = randomBytes(32).toString('hex');

  it('is none by default in demo mode and outside production', () => {
    expect(loadConfig({}).auth.methods).toEqual([]);
    expect(loadConfig({ ...CORP }).auth.methods).toEqual([]);
  });

  it('refuses to start in production without AUTH, saying what to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...CORP })).toThrow(/NODE_ENV=production needs AUTH: api-key, jwt or api-key,jwt/);
  });

  it('accepts an explicit AUTH=none in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...CORP, AUTH: 'none' }).auth.methods).toEqual([]);
  });

  it('reads API_KEYS_FILE for AUTH=api-key (sha256 lower-cased)', () => {
    const path = keysFile([{ name: 'meeting-rooms', sha256: SHA.toUpperCase(), scopes: ['schedules:read', 'schedules:write'] }]);
    const { auth } = loadConfig({ AUTH: 'api-key', API_KEYS_FILE: path });
    expect(auth).toEqual({ methods: ['api-key'], apiKeys: [{ name: 'meeting-rooms', sha256: SHA, scopes: ['schedules:read', 'schedules:write'] }], jwt: undefined });
  });

  it.each([
    ['an unknown AUTH', { AUTH: 'basic' }, /AUTH must be none, api-key, jwt or api-key,jwt/],
    ['AUTH=api-key without API_KEYS_FILE', { AUTH: 'api-key' }, /AUTH=api-key needs API_KEYS_FILE/],
    ['API_KEYS_FILE without api-key', { AUTH: 'none', API_KEYS_FILE: '/x' }, /does not include api-key/],
    ['a missing keys file', { AUTH: 'api-key', API_KEYS_FILE: '/no/such/keys.json' }, /API_KEYS_FILE: cannot read \/no\/such\/keys.json \(ENOENT\)/],
    ['AUTH=jwt without a key', { AUTH: 'jwt' }, /one of JWT_JWKS_URL, JWT_PUBLIC_KEY_FILE, JWT_SECRET/],
    ['two JWT keys', { AUTH: 'jwt', JWT_SECRET: 'x'.repeat(40), JWT_JWKS_URL: 'https://idp/jwks' }, /only one of/],
    ['a short JWT_SECRET', { AUTH: 'jwt', JWT_SECRET: 'short-secret' }, /at least 32 bytes/],
    ['a plain-http JWKS URL off loopback', { AUTH: 'jwt', JWT_JWKS_URL: 'http://idp.example.com/jwks' }, /https URL/],
    ['a JWT key without jwt', { AUTH: 'api-key', API_KEYS_FILE: '/x', JWT_SECRET: 'x'.repeat(40) }, /AUTH does not include jwt|cannot read/],
    ['a clock tolerance over 300 s', { AUTH: 'jwt', JWT_SECRET: 'x'.repeat(40), JWT_CLOCK_TOLERANCE_SECONDS: '3600' }, /JWT_CLOCK_TOLERANCE_SECONDS/],
  ])('refuses %s', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an empty list', '[]', /non-empty JSON array/],
    ['a bad hash', JSON.stringify([{ name: 'a', sha256: 'abc', scopes: [] }]), /"a": sha256 must be the 64 hex characters/],
    ['an unknown scope', JSON.stringify([{ name: 'a', sha256: SHA, scopes: ['admin'] }]), /"a": scopes must be a list of schedules:read, schedules:write/],
    ['a duplicate name', JSON.stringify([{ name: 'a', sha256: SHA, scopes: [] }, { name: 'a', sha256: 'b'.repeat(64), scopes: [] }]), /names must be unique: "a"/],
    ['a duplicate hash', JSON.stringify([{ name: 'a', sha256: SHA, scopes: [] }, { name: 'b', sha256: SHA, scopes: [] }]), /same sha256/],
    ['a name with spaces', JSON.stringify([{ name: 'meeting rooms', sha256: SHA, scopes: [] }]), /entry 0: name must be/],
  ])('refuses an API_KEYS_FILE with %s, naming the file', (_name, content, message) => {
    const path = file(`bad-${randomBytes(4).toString('hex')}.json`, content);
    expect(() => loadConfig({ AUTH: 'api-key', API_KEYS_FILE: path })).toThrow(message);
    expect(() => loadConfig({ AUTH: 'api-key', API_KEYS_FILE: path })).toThrow(path);
  });

  it('reads the JWT settings: secret, issuer, audience, tolerance (default 30 s)', () => {
    const { auth } = loadConfig({ AUTH: 'api-key,jwt', API_KEYS_FILE: keysFile([{ name: 'a', sha256: SHA, scopes: [] }]), JWT_SECRET: SECRET, JWT_ISSUER: 'https://idp/', JWT_AUDIENCE: 'gw' });
    expect(auth.methods).toEqual(['api-key', 'jwt']);
    expect(auth.jwt).toEqual({ key: { kind: 'secret', secret: SECRET }, issuer: 'https://idp/', audience: 'gw', clockToleranceSeconds: 30 });
  });

  it('reads a PEM public key file and accepts a loopback http JWKS URL', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(loadConfig({ AUTH: 'jwt', JWT_PUBLIC_KEY_FILE: file('pub.pem', pem) }).auth.jwt?.key).toEqual({ kind: 'public-key', pem });
    expect(loadConfig({ AUTH: 'jwt', JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks' }).auth.jwt?.key).toEqual({ kind: 'jwks', url: 'http://127.0.0.1:8080/jwks' });
  });

  it('refuses a private key or a non-key in JWT_PUBLIC_KEY_FILE', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadConfig({ AUTH: 'jwt', JWT_PUBLIC_KEY_FILE: file('priv.pem', privatePem) })).toThrow(/holds a private key/);
    expect(() => loadConfig({ AUTH: 'jwt', JWT_PUBLIC_KEY_FILE: file('junk.pem', 'hello') })).toThrow(/not a PEM public key/);
  });

  it('never puts the JWT secret in an error message', () => {
    expect(() => loadConfig({ AUTH: 'jwt', JWT_SECRET: SECRET, JWT_JWKS_URL: 'https://idp/jwks' })).toThrow(ConfigError);
    try {
      loadConfig({ AUTH: 'jwt', JWT_SECRET: SECRET, JWT_JWKS_URL: 'https://idp/jwks' });
    } catch (error) {
      expect((error as Error).message).not.toContain(SECRET);
    }
  });
});

describe('loadConfig: the circuit breaker', () => {
  it('defaults to 5 consecutive failures and a 5 s cool-down (API.md: requests succeed again within 5 s)', () => {
    expect(loadConfig({}).breaker).toEqual({ failureThreshold: 5, cooldownMs: 4000 });
  });

  it('reads WECOM_BREAKER_FAILURES and WECOM_BREAKER_COOLDOWN_MS', () => {
    const config = loadConfig({ WECOM_BREAKER_FAILURES: '2', WECOM_BREAKER_COOLDOWN_MS: '800' });
    expect(config.breaker).toEqual({ failureThreshold: 2, cooldownMs: 800 });
  });

  it.each([['0'], ['1001'], ['2.5'], ['few']])('rejects WECOM_BREAKER_FAILURES=%p with its range', (value) => {
    expect(() => loadConfig({ WECOM_BREAKER_FAILURES: value })).toThrow('WECOM_BREAKER_FAILURES must be an integer between 1 and 1000');
  });

  it.each([['99'], ['600001'], ['5s']])('rejects WECOM_BREAKER_COOLDOWN_MS=%p with its range', (value) => {
    expect(() => loadConfig({ WECOM_BREAKER_COOLDOWN_MS: value })).toThrow(
      'WECOM_BREAKER_COOLDOWN_MS must be an integer between 100 and 600000',
    );
  });
});

describe('loadConfig: coalescing of reads', () => {
  it('is on by default, with no window (the end of the event-loop turn) and 4 calls in flight per API', () => {
    expect(loadConfig({}).coalescing).toEqual({ enabled: true, windowMs: 0, maxCallsInFlight: 4 });
  });

  it('reads READ_COALESCE, READ_COALESCE_WINDOW_MS and READ_COALESCE_MAX_CALLS', () => {
    const config = loadConfig({ READ_COALESCE: 'false', READ_COALESCE_WINDOW_MS: '3', READ_COALESCE_MAX_CALLS: '16' });
    expect(config.coalescing).toEqual({ enabled: false, windowMs: 3, maxCallsInFlight: 16 });
  });

  it.each([
    ['READ_COALESCE', 'maybe'],
    ['READ_COALESCE_WINDOW_MS', '21'],
    ['READ_COALESCE_WINDOW_MS', '-1'],
    ['READ_COALESCE_MAX_CALLS', '0'],
    ['READ_COALESCE_MAX_CALLS', '65'],
  ])('rejects %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
