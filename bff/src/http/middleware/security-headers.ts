import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { Middleware } from 'koa';

/**
 * Helmet's headers, computed once at start-up and then copied onto every response. Helmet's own
 * middleware recomputes the same constant headers per request through an Express-style callback;
 * with no per-request input (no nonce, no CSP per page), the result never changes.
 */
export function securityHeaders(options: HelmetOptions): Middleware {
  const headers: Record<string, string> = {};
  const removed = new Set<string>();
  const fakeResponse = {
    setHeader(name: string, value: string | number | string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      removed.add(name.toLowerCase());
    },
  };
  helmet(options)({} as IncomingMessage, fakeResponse as unknown as ServerResponse, () => {});
  return async (ctx, next) => {
    ctx.set(headers);
    for (const name of removed) ctx.remove(name);
    await next();
  };
}
