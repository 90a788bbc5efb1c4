/**
 * Is this error a store being unreachable or too slow (Redis or MongoDB), rather than a bug? Such
 * errors are answered 503 SERVICE_UNAVAILABLE with `Retry-After` (see http/middleware/error-handler)
 * and logged as a warning: the request was fine, the store was not there.
 *
 * Recognised:
 * - ioredis: a command timeout (`commandTimeout`), the offline queue being off while disconnected,
 *   a closed connection, `MaxRetriesPerRequestError`, and Redis's own "not now" replies (LOADING,
 *   BUSY, MASTERDOWN, CLUSTERDOWN, TRYAGAIN, READONLY after a fail-over);
 * - the MongoDB driver / mongoose: server selection, network and timeout errors, a cleared pool, a
 *   closed topology, not connected, and mongoose's "buffering timed out";
 * - socket errors (ECONNREFUSED, ECONNRESET, …) raised by the MongoDB driver; bare socket errors of
 *   anything else (a client hanging up, WeChat unreachable) are not store outages.
 */
export type StoreKind = 'redis' | 'mongodb';

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const MONGO_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTimeoutError',
  'MongoOperationTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoWaitQueueTimeoutError',
]);

const REDIS_MESSAGES = [
  /^Command timed out/,
  /enableOfflineQueue options is false/,
  /^Connection is closed/,
  /^Reached the max retries per request limit/,
  /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY)\b/,
  /^Redis connection is not ready/,
];

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

function one(err: ErrorLike): StoreKind | undefined {
  const name = typeof err.name === 'string' ? err.name : '';
  const message = typeof err.message === 'string' ? err.message : '';
  if (MONGO_NAMES.has(name)) return 'mongodb';
  if (name === 'MongooseError' && /buffering timed out/.test(message)) return 'mongodb';
  if (name === 'MaxRetriesPerRequestError') return 'redis';
  if (REDIS_MESSAGES.some((re) => re.test(message))) return 'redis';
  // A bare socket error is a store's only when the store's client says so (a client hanging up on an
  // upload, or WeChat being unreachable, is not a store outage).
  if (typeof err.code === 'string' && SOCKET_CODES.has(err.code) && name.startsWith('Mongo')) {
    return 'mongodb';
  }
  return undefined;
}

/** Which store failed, when `err` (or its cause, a few levels down) is a store outage; else undefined. */
export function storeUnavailable(err: unknown): StoreKind | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const kind = one(current as ErrorLike);
    if (kind) return kind;
    current = (current as ErrorLike).cause;
  }
  return undefined;
}

/** Seconds a client should wait before retrying after a store outage. */
export const STORE_RETRY_AFTER_SECONDS = 5;
