import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Takes a well-formed `X-Request-Id` from the caller (a gateway) or makes one; echoes it back. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    // Node's own request and response: Koa's ctx.get/ctx.set add nothing for one known header.
    const incoming = ctx.req.headers['x-request-id'];
    const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.res.setHeader('X-Request-Id', id);
    await next();
  };
}
