import path from 'node:path';
import { z } from 'zod';

const DEV_TOKEN_SECRET = 'dev-only-token-secret-change-me-in-production!';

/** Repository root: two levels up from bff/src/config. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MONGODB_URI: optionalString.pipe(
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    MONGODB_DB_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,60}$/)
      .default('zuiduo'),
    MONGOD_BINARY: optionalString,
    EMBEDDED_DB_PATH: optionalString,
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .default('redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z.string().min(1).max(50).default('zdp:'),
    TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_TOKEN_SECRET),
    WECHAT_APPID: z.string().min(1).default('wx-dev-appid'),
    WECHAT_SECRET: z.string().min(1).default('wx-dev-secret'),
    WECHAT_API_BASE: optionalString.pipe(z.url('must be an http(s) URL').optional()),
    WECHAT_TEMPLATE_APPOINTMENT_REMINDER: z.string().min(1).default('appointment-reminder'),
    WECHAT_TEMPLATE_CASE_STATUS: z.string().min(1).default('case-status-changed'),
    // ratings (好差评 / 整改)
    RATING_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    RATING_CALLBACK_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(1),
    RATING_RECTIFY_WORKING_DAYS: z.coerce.number().int().min(1).max(90).default(15),
    WECHAT_TEMPLATE_RATING_INVITE: z.string().min(1).default('rating-invite'),
    WECHAT_TEMPLATE_RECTIFICATION_OUTCOME: z.string().min(1).default('rectification-outcome'),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(kb|mb)$/, 'must look like 100kb or 1mb')
      .default('1mb'),
    CORS_ORIGINS: z.string().default('*'),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    H5_DIST: optionalString,
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(86400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(365 * 86400)
      .default(30 * 86400),
    PII_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).default(900),
    LOGIN_ACCOUNT_LOCK_ADDRESSES: z.coerce.number().int().min(2).max(100).default(3),
    LOGIN_ACCOUNT_LOCK_SECONDS: z.coerce.number().int().min(1).default(300),
    RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).optional(),
    RATE_LIMIT_WRITE_PER_MINUTE_IP: z.coerce.number().int().min(1).optional(),
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: z.coerce.number().int().min(1).optional(),
    // --- reliability (issue 18): store timeouts, degraded auth, background jobs ---
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(500),
    MONGODB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
    SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
    BACKGROUND_JOBS: z.enum(['on', 'off']).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.TOKEN_SECRET === DEV_TOKEN_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TOKEN_SECRET'], message: 'must be set in production' });
    }
  });

export type AppConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof envSchema>) {
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    isDevelopment: env.NODE_ENV === 'development',
    http: {
      port: env.PORT,
      host: env.HOST,
      bodyLimit: env.BODY_LIMIT,
      corsOrigins: env.CORS_ORIGINS.split(',').map((o) => o.trim()),
      /** Proxies in front of the BFF that append to X-Forwarded-For (0: the socket's address is the client). */
      trustProxyHops: env.TRUST_PROXY_HOPS,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    },
    logLevel: env.LOG_LEVEL,
    mongo: {
      uri: env.MONGODB_URI,
      dbName: env.MONGODB_DB_NAME,
      mongodBinary: env.MONGOD_BINARY,
      embeddedDbPath: embeddedDbPath(env),
      /** Server selection / socket timeout of an operation (a down MongoDB answers 503 within about this). */
      timeoutMs: env.MONGODB_TIMEOUT_MS,
    },
    redis: {
      url: env.REDIS_URL,
      keyPrefix: env.REDIS_KEY_PREFIX,
      /** Every command fails after this (a frozen Redis costs a request at most this long). */
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    },
    /** Workers, schedulers and the outbox sweep beside the server: on except in tests (which start their own). */
    backgroundJobs: (env.BACKGROUND_JOBS ?? (env.NODE_ENV === 'test' ? 'off' : 'on')) === 'on',
    tokenSecret: env.TOKEN_SECRET,
    auth: {
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      /** How long a session seen alive in Redis is trusted for reads while Redis cannot answer. */
      sessionCacheSeconds: env.SESSION_CACHE_SECONDS,
      /** Keys the encryption and keyed hash of ID numbers and phones at rest; TOKEN_SECRET when unset. */
      piiSecret: env.PII_SECRET ?? env.TOKEN_SECRET,
      lockout: {
        maxFailures: env.LOGIN_MAX_FAILURES,
        windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
        lockSeconds: env.LOGIN_LOCK_SECONDS,
        accountLockAddresses: env.LOGIN_ACCOUNT_LOCK_ADDRESSES,
        accountLockSeconds: env.LOGIN_ACCOUNT_LOCK_SECONDS,
      },
      // Per minute. Test runs (one IP, many people) get no practical limit unless a test sets one.
      rateLimit: {
        loginPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE ?? (env.NODE_ENV === 'test' ? 100_000 : 20),
        writePerMinuteIp: env.RATE_LIMIT_WRITE_PER_MINUTE_IP ?? (env.NODE_ENV === 'test' ? 100_000 : 600),
        writePerMinuteAccount:
          env.RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT ?? (env.NODE_ENV === 'test' ? 100_000 : 60),
      },
    },
    wechat: {
      appId: env.WECHAT_APPID,
      secret: env.WECHAT_SECRET,
      apiBase: env.WECHAT_API_BASE,
      /** Subscribe-message template ids, from the mini-program's 订阅消息 settings. */
      templates: {
        appointmentReminder: env.WECHAT_TEMPLATE_APPOINTMENT_REMINDER,
        caseStatus: env.WECHAT_TEMPLATE_CASE_STATUS,
      },
    },
    /** 好差评: rating window (calendar days from the service's end), 回访 and 整改 limits (working days). */
    ratings: {
      windowDays: env.RATING_WINDOW_DAYS,
      callbackWorkingDays: env.RATING_CALLBACK_WORKING_DAYS,
      rectifyWorkingDays: env.RATING_RECTIFY_WORKING_DAYS,
      templates: {
        invite: env.WECHAT_TEMPLATE_RATING_INVITE,
        outcome: env.WECHAT_TEMPLATE_RECTIFICATION_OUTCOME,
      },
    },
    h5Dist: env.H5_DIST ?? path.join(REPO_ROOT, 'miniapp', 'dist', 'h5'),
  };
}

/**
 * `npm start` keeps its data in `.data/mongo` by default; tests stay in memory. `EMBEDDED_DB_PATH=memory`
 * asks for memory storage explicitly.
 */
function embeddedDbPath(env: z.infer<typeof envSchema>): string | undefined {
  if (env.EMBEDDED_DB_PATH === 'memory') return undefined;
  if (env.EMBEDDED_DB_PATH) return path.resolve(env.EMBEDDED_DB_PATH);
  return env.NODE_ENV === 'test' ? undefined : path.join(REPO_ROOT, '.data', 'mongo');
}

/** Thrown when the environment is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  return Object.freeze(toConfig(parsed.data));
}
