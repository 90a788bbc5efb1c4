import type { Middleware } from 'koa';
import type { Logger } from '../../infra/logger';

/**
 * One line per response, and `ctx.state.log`: a child logger carrying the request id, made only when
 * something asks for it (most requests never log anything else). Only the path is logged, never the
 * query string: personal data must not reach logs even if a client misplaces it.
 */
export function requestLogger(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const reqId = ctx.state.requestId as string;
    let child: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', {
      get: () => (child ??= logger.child({ reqId })),
      configurable: true,
      enumerable: true,
    });
    try {
      await next();
    } finally {
      const failed = ctx.status >= 500;
      if (logger.isLevelEnabled(failed ? 'error' : 'info')) {
        const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
        const line = { reqId, method: ctx.method, path: ctx.path, status: ctx.status, ms };
        if (failed) logger.error(line, 'request failed');
        else logger.info(line, 'request');
      }
    }
  };
}
