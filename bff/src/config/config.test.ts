import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.mongo.uri).toBeUndefined();
    expect(config.mongo.embeddedDbPath).toMatch(/\.data[/\\]mongo$/);
    expect(config.env).toBe('development');
  });

  it('keeps test runs in memory', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).mongo.embeddedDbPath).toBeUndefined();
    expect(loadConfig({ EMBEDDED_DB_PATH: 'memory' }).mongo.embeddedDbPath).toBeUndefined();
  });

  it('coerces numbers and reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      MONGODB_URI: 'mongodb://db.example:27017/app',
      REDIS_URL: 'redis://cache:6380',
      TOKEN_SECRET: 'x'.repeat(40),
      WECHAT_APPID: 'wx123',
      WECHAT_SECRET: 's3cret',
      WECHAT_API_BASE: 'http://127.0.0.1:9999',
      NODE_ENV: 'production',
    });
    expect(config.http.port).toBe(8080);
    expect(config.mongo.uri).toBe('mongodb://db.example:27017/app');
    expect(config.wechat).toEqual({
      appId: 'wx123',
      secret: 's3cret',
      apiBase: 'http://127.0.0.1:9999',
      templates: { appointmentReminder: 'appointment-reminder', caseStatus: 'case-status-changed' },
    });
    expect(config.isProduction).toBe(true);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['MONGODB_URI', { MONGODB_URI: 'postgres://x' }],
    ['REDIS_URL', { REDIS_URL: 'http://x' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['TOKEN_SECRET', { TOKEN_SECRET: 'short' }],
    ['TOKEN_SECRET', { NODE_ENV: 'production' }],
    ['WECHAT_API_BASE', { WECHAT_API_BASE: 'not a url' }],
    ['REDIS_COMMAND_TIMEOUT_MS', { REDIS_COMMAND_TIMEOUT_MS: '0' }],
    ['MONGODB_TIMEOUT_MS', { MONGODB_TIMEOUT_MS: 'soon' }],
    ['SESSION_CACHE_SECONDS', { SESSION_CACHE_SECONDS: '-1' }],
    ['BACKGROUND_JOBS', { BACKGROUND_JOBS: 'yes' }],
  ])('a wrong %s stops start-up with a message naming it', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).toContain(name);
    }
  });

  it('store timeouts, the session cache and background jobs (issue 18)', () => {
    const defaults = loadConfig({});
    expect(defaults.redis.commandTimeoutMs).toBe(500);
    expect(defaults.mongo.timeoutMs).toBe(1500);
    expect(defaults.auth.sessionCacheSeconds).toBe(300);
    expect(defaults.backgroundJobs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).backgroundJobs).toBe(false);
    const set = loadConfig({
      NODE_ENV: 'test',
      BACKGROUND_JOBS: 'on',
      REDIS_COMMAND_TIMEOUT_MS: '250',
      MONGODB_TIMEOUT_MS: '3000',
      SESSION_CACHE_SECONDS: '0',
    });
    expect(set).toMatchObject({
      backgroundJobs: true,
      redis: { commandTimeoutMs: 250 },
      mongo: { timeoutMs: 3000 },
      auth: { sessionCacheSeconds: 0 },
    });
  });
});
