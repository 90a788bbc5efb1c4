import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { Context, Middleware } from 'koa';

/**
 * Headers for JSON answers (the API, health, the OpenAPI document), after OWASP's REST Security
 * Cheat Sheet: nothing may be framed, sniffed, cached by a shared cache or load anything. Helmet's
 * other headers (COOP, CORP, Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options…)
 * govern how a browser treats a *document*, so only pages get them; each header costs every
 * response its bytes and its validation.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

const JSON_PATHS = new Set(['/healthz', '/readyz', '/openapi.json']);

/** JSON endpoints: everything under /api/ plus the health probes and the OpenAPI document. */
export function isJsonEndpoint(ctx: Context): boolean {
  return ctx.path.startsWith('/api/') || JSON_PATHS.has(ctx.path);
}

/**
 * Helmet's headers as they would be computed for a page, once at start-up. Helmet's own
 * middleware recomputes the same constant headers per request through an Express-style callback;
 * with no per-request input (no nonce, no CSP per page), the result never changes.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const fakeResponse = {
    setHeader(name: string, value: string | number | string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    // Helmet removes X-Powered-By, which Koa never sets.
    removeHeader() {},
  };
  helmet(options)({} as IncomingMessage, fakeResponse as unknown as ServerResponse, () => {});
  return headers;
}

/** The API's header set on JSON endpoints, helmet's on everything else (the H5 app, /docs). */
export function securityHeaders(pageOptions: HelmetOptions): Middleware {
  // As [name, value] lists, written straight onto Node's response: the same headers every time.
  const api = Object.entries(API_SECURITY_HEADERS);
  const pages = Object.entries(helmetHeaders(pageOptions));
  return async (ctx, next) => {
    for (const [name, value] of isJsonEndpoint(ctx) ? api : pages) ctx.res.setHeader(name, value);
    await next();
  };
}
