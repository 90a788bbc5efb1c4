import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Takes a well-formed `X-Request-Id` from the caller (a gateway) or makes one; echoes it back. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const id = INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    await next();
  };
}
