import type { Context } from 'koa';
import { z } from 'zod';
import type { FieldIssue } from '@app/shared';
import { AppError, zodIssuesToFields } from './app-error';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route. Every route declares one; the authorization issue adds the roles
 * and ownership checks, enforced in one middleware.
 */
export type RoutePolicy = { access: 'public' };

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: Context;
}

/** One row of the API table: everything the router, the validator and the OpenAPI document need. */
export interface RouteDef<
  PS extends z.ZodType | undefined = z.ZodType | undefined,
  QS extends z.ZodType | undefined = z.ZodType | undefined,
  BS extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: HttpMethod;
  /** Koa-router path, e.g. `/api/items/:code`. */
  path: string;
  summary: string;
  tag: string;
  policy: RoutePolicy;
  request?: { params?: PS; query?: QS; body?: BS };
  /** Success response schema (status 200 unless `status` says otherwise). */
  response?: z.ZodType;
  status?: number;
  /** Error codes this route may answer besides validation, for the documentation. */
  errors?: string[];
  /** Routes that write non-JSON (HTML, files) set this and write ctx.body themselves. */
  raw?: boolean;
  handler: (req: RouteRequest<Infer<PS>, Infer<QS>, Infer<BS>>) => Promise<unknown> | unknown;
}

/** Keeps the row's generic types while letting a module list its rows in one array. */
export function route<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
>(def: RouteDef<PS, QS, BS>): RouteDef {
  return def as unknown as RouteDef;
}

/** Parses each part with its schema, collecting every bad field of params, query and body at once. */
function parseRequest(def: RouteDef, ctx: Context) {
  const parts = {
    params: [def.request?.params, (ctx as Context & { params?: unknown }).params],
    query: [def.request?.query, ctx.query],
    body: [def.request?.body, (ctx.request as { body?: unknown }).body],
  } as const;
  const parsed: Record<string, unknown> = {};
  const fields: FieldIssue[] = [];
  for (const [part, [schema, value]] of Object.entries(parts)) {
    if (!schema) continue;
    const result = schema.safeParse(value ?? {});
    if (result.success) parsed[part] = result.data;
    else fields.push(...zodIssuesToFields(result.error, part));
  }
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', undefined, { fields });
  return parsed;
}

/** Validates params, query and body against the row's schemas, then runs its handler. */
export function toMiddleware(def: RouteDef) {
  return async (ctx: Context) => {
    const { params, query, body } = parseRequest(def, ctx);
    const result = await def.handler({ params, query, body, ctx } as never);
    if (def.raw) return;
    if (result === undefined) throw new AppError('INTERNAL', '接口未返回结果');
    ctx.status = def.status ?? 200;
    ctx.body = result;
  };
}
