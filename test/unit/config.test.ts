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
