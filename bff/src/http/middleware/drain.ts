import type http from 'node:http';
import type { Middleware } from 'koa';
import { AppError } from '../app-error';

/**
 * The instance's life after SIGTERM (draining). From `startDraining()` on:
 * - `/readyz` answers 503 with `draining: true` at once (the load balancer stops sending);
 * - every response carries `Connection: close`, so a keep-alive client opens its next connection
 *   elsewhere; idle keep-alive sockets are closed by the server (bootstrap's shutdown);
 * - a request that arrives on an old connection after the signal is answered 503 (`Retry-After`),
 *   without running; requests already in flight finish normally;
 * - `idle()` resolves as soon as nothing is in flight, so the process exits quickly when idle.
 */
export interface Lifecycle {
  readonly draining: boolean;
  /** Requests being handled right now. */
  readonly inFlight: number;
  startDraining(): void;
  /** Resolves when no request is in flight (at once if none is). */
  idle(): Promise<void>;
  middleware(): Middleware;
}

const READINESS_PATH = '/readyz';

export function createLifecycle(): Lifecycle {
  let draining = false;
  let inFlight = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    if (inFlight > 0) return;
    const done = waiters;
    waiters = [];
    for (const w of done) w();
  };
  const closeAfter = (res: http.ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };

  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    startDraining() {
      draining = true;
    },
    idle() {
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
    },
    middleware(): Middleware {
      return async (ctx, next) => {
        if (draining) {
          closeAfter(ctx.res);
          // Readiness says it is draining (the health route reads `draining`); anything else is refused.
          if (ctx.path !== READINESS_PATH) {
            throw new AppError('SERVICE_UNAVAILABLE', '服务正在重启，请稍后重试', { draining: true });
          }
        }
        inFlight++;
        try {
          await next();
        } finally {
          // Signal arrived while this one ran: its response is the connection's last.
          if (draining) closeAfter(ctx.res);
          inFlight--;
          settle();
        }
      };
    },
  };
}
