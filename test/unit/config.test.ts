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

  it('lets a write wait for its lock as long as WECOM_TIMEOUT_MS unless LOCK_WAIT_MS says otherwise', () => {
    expect(loadConfig({}).lockWaitMs).toBe(10_000);
    expect(loadConfig({ WECOM_TIMEOUT_MS: '4000' }).lockWaitMs).toBe(4000);
    expect(loadConfig({ WECOM_TIMEOUT_MS: '4000', LOCK_WAIT_MS: '250' }).lockWaitMs).toBe(250);
  });

  it.each(['-1', '1.5', 'soon', '120001'])('rejects LOCK_WAIT_MS=%s with a message naming the variable and its range', (value) => {
    expect(() => loadConfig({ LOCK_WAIT_MS: value })).toThrow('LOCK_WAIT_MS must be an integer between 0 and 120000');
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

  it('starts in production with a corp id and secret', () => {
    const config = loadConfig({ NODE_ENV: 'production', ...CORP });
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
      expect(loadConfig({ ...CORP, NODE_ENV: 'production' }).corsOrigins).toEqual([]);
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
    expect(loadConfig({ ...CORP, NODE_ENV: 'production' }).limits.introspection).toBe(false);
    expect(loadConfig({ ...CORP, NODE_ENV: 'production', INTROSPECTION: 'true' }).limits.introspection).toBe(true);
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
