import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values are personal data or secrets: never written to a log line.
 * Wildcards cover them at any of the first few nesting levels.
 */
const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'password',
  'passwordHash',
  'idNumber',
  'phone',
  'mobile',
  'session_key',
  'sessionKey',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
];

export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SENSITIVE_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  }
  paths.push('req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]');
  return paths;
}

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: redactPaths(), censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
