import type { Middleware } from 'koa';
import type { Logger } from '../../infra/logger';

/**
 * `ctx.state` of every request: `log` is a child logger carrying the request id, made only when
 * something asks for it (most requests never log anything but their access line). A class keeps
 * the getter on the prototype: defining it per request would turn each state object into a slow
 * dictionary-mode object that every later `ctx.state.x` pays for.
 */
class RequestState {
  #child: Logger | undefined;
  [key: string]: unknown;

  constructor(
    readonly requestId: string,
    private readonly base: Logger,
  ) {}

  get log(): Logger {
    return (this.#child ??= this.base.child({ reqId: this.requestId }));
  }
}

/**
 * One line per response, and `ctx.state.log`. Only the path is logged, never the query string:
 * personal data must not reach logs even if a client misplaces it.
 */
export function requestLogger(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    const reqId = ctx.state.requestId as string;
    ctx.state = Object.assign(new RequestState(reqId, logger), ctx.state);
    try {
      await next();
    } finally {
      // 503 is a store outage or draining (expected, retried by the client): a warning, not an error.
      const level = ctx.status === 503 ? 'warn' : ctx.status >= 500 ? 'error' : 'info';
      if (logger.isLevelEnabled(level)) {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        const line = { reqId, method: ctx.method, path: ctx.path, status: ctx.status, ms };
        logger[level](line, level === 'info' ? 'request' : 'request failed');
      }
    }
  };
}
