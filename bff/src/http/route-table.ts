import querystring from 'node:querystring';
import type { Context } from 'koa';
import { z } from 'zod';
import type { FieldIssue, Role } from '@app/shared';
import { AppError, zodIssuesToFields } from './app-error';
import type { Ownership, Principal } from '../modules/auth/access/principal';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * An id in the URL whose owner decides access. `load` answers who the record belongs to (or
 * undefined when it does not exist); the access middleware compares that with the caller.
 */
export interface ResourceRule {
  /** Kind of record, e.g. `user`, `enterprise`, `appointment`: the authorization matrix test makes fixtures by this name. */
  kind: string;
  /** The path parameter holding the id, e.g. `id` for `/api/cases/:id`. */
  param: string;
  load: (id: string) => Promise<Ownership | undefined>;
}

/**
 * Who may call a route, enforced by one middleware (modules/auth/access/access-control.ts) before
 * validation and the handler run:
 * - `{ access: 'public' }`: anybody, signed in or not.
 * - `{ access: 'signed-in', roles }`: a valid access token whose role is listed (else 401 / 403).
 * - `... resource: { kind, param, load }`: and the record named by `:param` must be reachable by the
 *   caller (own record, own enterprise's, own department's or hall's; supervisors and admins all),
 *   else 404 exactly as for a record that does not exist. The loaded ownership is `ctx.state.resource`.
 */
export type RoutePolicy =
  | { access: 'public' }
  | {
      access: 'signed-in';
      roles: readonly Role[];
      resource?: ResourceRule;
      /** Audit this route's calls by staff roles even though it only reads (document downloads). */
      audited?: boolean;
    };

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: Context;
  /** The signed-in caller; always set on `signed-in` routes, and on public ones when a valid token came. */
  auth?: Principal;
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
  /** Raw routes without `response`: the media types they write, for the documentation. */
  rawTypes?: string[];
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

type Part = 'params' | 'query' | 'body';

const READ_PART: Record<Part, (ctx: Context) => unknown> = {
  params: (ctx) => (ctx as Context & { params?: unknown }).params,
  // node:querystring, not ctx.query: same result (repeated keys → arrays), several times cheaper
  // than the URLSearchParams Koa 3 builds for it.
  query: (ctx) => querystring.parse(ctx.querystring),
  body: (ctx) => (ctx.request as { body?: unknown }).body,
};

/**
 * Parses each part the row declares with its schema, collecting every bad field of params, query
 * and body at once. The declared parts are listed once per row, not looked up per request.
 */
function requestParser(def: RouteDef) {
  const schemas = (['params', 'query', 'body'] as const).flatMap((part) => {
    const schema = def.request?.[part];
    return schema ? [{ part, schema, read: READ_PART[part] }] : [];
  });
  return (ctx: Context) => {
    const parsed: Partial<Record<Part, unknown>> = {};
    let fields: FieldIssue[] | undefined;
    for (const { part, schema, read } of schemas) {
      const result = schema.safeParse(read(ctx) ?? {});
      if (result.success) parsed[part] = result.data;
      else (fields ??= []).push(...zodIssuesToFields(result.error, part));
    }
    if (fields) throw new AppError('VALIDATION_FAILED', undefined, { fields });
    return parsed;
  };
}

/** Validates params, query and body against the row's schemas, then runs its handler. */
export function toMiddleware(def: RouteDef) {
  const parseRequest = requestParser(def);
  return async (ctx: Context) => {
    const { params, query, body } = parseRequest(ctx);
    const result = await def.handler({ params, query, body, ctx, auth: ctx.state.auth } as never);
    if (def.raw) return;
    if (result === undefined) throw new AppError('INTERNAL', '接口未返回结果');
    ctx.status = def.status ?? 200;
    ctx.body = result;
  };
}
