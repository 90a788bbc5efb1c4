import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { Context, Middleware, Next } from 'koa';
import compose from 'koa-compose';
import { AppError } from './app-error';
import type { HttpMethod } from './route-table';

export interface DispatchRow {
  method: HttpMethod;
  path: string;
  /** The row's middleware in order (its guard, then validation and handler). */
  stack: Middleware[];
}

type Composed = (ctx: Context, next: Next) => Promise<unknown>;

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Dispatches a request to its row of the route table with find-my-way (Fastify's radix-tree
 * router): one lookup by path whatever the table's length, each row's middleware composed once at
 * start-up. A static segment wins over a parameter (`/api/appointments/mine` over `:id`) whatever
 * the order of the rows. Sets `ctx.params` (decoded). A path that no row serves goes on down the
 * middleware (the H5 app, then the JSON 404); a path served for other methods only is a 405 with
 * `Allow` (and OPTIONS answers with `Allow`).
 */
export function routeDispatcher(rows: DispatchRow[]): Middleware {
  const router = FindMyWay({
    ignoreTrailingSlash: true,
    // Ids longer than this are refused by the rows' own validators with a 400, not here with a 404.
    maxParamLength: 2000,
  });
  const noop = () => undefined;
  for (const row of rows) {
    // A row of one middleware runs as itself: composing it would only add a hop.
    const run: Composed = row.stack.length === 1 ? (row.stack[0] as Composed) : compose(row.stack);
    const methods: HTTPMethod[] =
      row.method === 'get' ? ['GET', 'HEAD'] : [row.method.toUpperCase() as HTTPMethod];
    router.on(methods, row.path, noop, run);
  }
  router.compile();

  const allowedFor = (path: string) => METHODS.filter((m) => router.find(m, path) !== null);

  return async (ctx, next) => {
    const found = METHODS.includes(ctx.method as HTTPMethod)
      ? router.find(ctx.method as HTTPMethod, ctx.path)
      : null;
    if (found) {
      (ctx as Context & { params: unknown }).params = found.params;
      await (found.store as Composed)(ctx, next);
      return;
    }
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined) return;
    const allowed = allowedFor(ctx.path);
    if (allowed.length === 0) return;
    ctx.set('Allow', allowed.join(', '));
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return;
    }
    throw new AppError('METHOD_NOT_ALLOWED');
  };
}
