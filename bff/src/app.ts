import fs from 'node:fs';
import path from 'node:path';
import cors from '@koa/cors';
import Koa from 'koa';
import serve from 'koa-static';
import type { AppDeps } from './app-deps';
import { createLifecycle } from './http/middleware/drain';
import { errorHandler } from './http/middleware/error-handler';
import { jsonBody } from './http/middleware/json-body';
import { requestId } from './http/middleware/request-id';
import { requestLogger } from './http/middleware/request-logger';
import { securityHeaders } from './http/middleware/security-headers';
import { buildOpenApiDocument } from './http/openapi';
import { routeDispatcher } from './http/route-dispatch';
import { toMiddleware, type RouteDef } from './http/route-table';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { catalogRoutes } from './modules/catalog/catalog.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { workbenchRoutes } from './modules/workbench/workbench.routes';
import { casesRoutes } from './modules/cases/cases.routes';
import { appointmentsRoutes } from './modules/appointments/appointments.routes';
import { consultationsRoutes } from './modules/consultations/consultations.routes';
import { complaintsRoutes } from './modules/complaints/complaints.routes';
import { ratingsRoutes, ratingsSatisfaction } from './modules/ratings';
import { supervisionRoutes } from './modules/supervision';
import { authRoutes } from './modules/auth/auth.routes';
import { identityOf } from './modules/auth/identity';
import { docsRoutes } from './modules/docs/docs.routes';
import { enterprisesRoutes } from './modules/enterprises/enterprises.routes';
import { usersRoutes } from './modules/users/users.routes';
import { healthRoutes } from './modules/health/health.routes';
import { createHealthService } from './modules/health/health.service';

/** Every module's rows of the API table, in one list: the router, the validator and the docs read it. */
export function buildRouteTable(deps: AppDeps): RouteDef[] {
  const health = createHealthService({
    mongo: deps.mongo,
    redis: deps.redis,
    startedAt: Date.now(),
    lifecycle: deps.lifecycle,
  });
  const routes: RouteDef[] = [
    ...healthRoutes(health),
    ...calendarRoutes(deps),
    ...catalogRoutes(deps, undefined, ratingsSatisfaction(deps)),
  ];
  const identity = identityOf(deps);
  routes.push(
    ...authRoutes(identity, { isProduction: deps.config.isProduction }),
    ...usersRoutes(identity),
    ...enterprisesRoutes(identity),
    ...auditRoutes(identity, deps),
    ...casesRoutes(deps),
    ...appointmentsRoutes(deps),
    ...consultationsRoutes(deps),
    ...complaintsRoutes(deps),
    ...ratingsRoutes(deps),
    ...supervisionRoutes(deps),
    ...workbenchRoutes(deps),
  );
  let document: unknown;
  const docs = docsRoutes(() => (document ??= buildOpenApiDocument(routes, { version: '0.1.0' })));
  routes.push(...docs);
  return routes;
}

/** Each row runs behind its policy's guard (modules/auth/access/access-control.ts), then validation and handler. */
function buildRouter(
  routes: RouteDef[],
  guard: (def: RouteDef) => Koa.Middleware | undefined,
): Koa.Middleware {
  return routeDispatcher(
    routes.map((def) => {
      const check = guard(def);
      return {
        method: def.method,
        path: def.path,
        stack: check ? [check, toMiddleware(def)] : [toMiddleware(def)],
      };
    }),
  );
}

/**
 * Serves the mini-program's H5 build at `/` (API stays under `/api`). The folder may appear after
 * start-up (a build finishing), so its presence is checked until it is found.
 */
function h5Static(dir: string) {
  let present = false;
  const staticMiddleware = serve(dir, { index: 'index.html', maxage: 0 });
  return async (ctx: Koa.Context, next: Koa.Next) => {
    if (ctx.path.startsWith('/api/') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    present ||= fs.existsSync(path.join(dir, 'index.html'));
    if (!present) return next();
    return staticMiddleware(ctx, next);
  };
}

/** The whole middleware order, top to bottom, in one place. No listening here: see main.ts. */
export function createApp(deps: AppDeps): Koa {
  // The client's address (rate limits) is the entry TRUST_PROXY_HOPS from the right of
  // X-Forwarded-For, the one the nearest trusted proxy wrote; entries further left are the client's own.
  const hops = deps.config.http.trustProxyHops;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  const lifecycle = (deps.lifecycle ??= createLifecycle());
  const routes = buildRouteTable(deps);
  const access = identityOf(deps).access;
  const router = buildRouter(routes, access.guard);
  app.context.deps = deps;
  // Errors that reach Koa itself (outside the envelope): a client hanging up mid-stream is routine.
  app.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.code === 'EPIPE' || err.code === 'ECONNRESET')
      return;
    deps.logger.error({ err }, 'unhandled app error');
  });

  app.use(requestId());
  app.use(requestLogger(deps.logger));
  app.use(errorHandler({ exposeStack: deps.config.isDevelopment }));
  app.use(lifecycle.middleware());
  app.use(securityHeaders({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.use(crossOrigin(deps.config.http.corsOrigins));
  app.use(jsonBody({ limit: deps.config.http.bodyLimit }));
  app.use(access.authenticate());
  app.use(router);
  app.use(h5Static(deps.config.h5Dist));
  return app;
}

/**
 * CORS by @koa/cors for cross-origin browser requests. A request without an Origin header is not one
 * (WeChat's wx.request, the H5 app's same-origin GETs, servers): it only gets `Vary: Origin` (the
 * answer would differ with an Origin), without @koa/cors's work.
 */
function crossOrigin(allowed: string[]): Koa.Middleware {
  const anyOrigin = allowed.includes('*');
  const withCors = cors({
    origin: (ctx: Koa.Context) => {
      const origin = ctx.get('origin');
      return anyOrigin ? '*' : allowed.includes(origin) ? origin : '';
    },
    exposeHeaders: ['X-Request-Id'],
  });
  return (ctx, next) => {
    if (ctx.req.headers.origin) return withCors(ctx, next);
    ctx.res.setHeader('Vary', 'Origin');
    return next();
  };
}
