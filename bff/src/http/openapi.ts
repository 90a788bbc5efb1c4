import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { ERROR_CODES, ROLES, errorEnvelopeSchema, isErrorCode } from '@app/shared';
import { z } from 'zod';
import type { RouteDef } from './route-table';

/** The scheme every signed-in route declares: `Authorization: Bearer <accessToken>`. */
export const BEARER_SCHEME = 'bearerAuth';

/** `/api/items/:code` → `/api/items/{code}` */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** A route's `errors` entry is either `'404:ITEM_NOT_FOUND'` or a bare error code such as `'ITEM_NOT_FOUND'`. */
function errorStatus(entry: string): string {
  const explicit = /^(\d{3})/.exec(entry);
  if (explicit) return explicit[1];
  return isErrorCode(entry) ? String(ERROR_CODES[entry].status) : '500';
}

/**
 * The errors a row can answer whatever its handler does, from its policy and request parts (see
 * modules/auth/access/access-control.ts and middleware/json-body.ts): validation, body decoding,
 * 401 without a session, 403 for a role not listed, 404 for a record out of reach, 429 for writes
 * over the rate limits, 503 when the stores behind sessions and limits do not answer.
 */
export function standardErrors(def: RouteDef): string[] {
  const out: string[] = [];
  const write = def.method !== 'get';
  if (def.request?.query || def.request?.body || def.request?.params)
    out.push('400:VALIDATION_FAILED (details.fields lists each bad field)');
  if (def.request?.body) {
    out.push('400:BAD_JSON', '400:BODY_NOT_UTF8', '400:BODY_DECODE_FAILED', '413:PAYLOAD_TOO_LARGE');
    out.push('415:UNSUPPORTED_MEDIA_TYPE', '415:UNSUPPORTED_CONTENT_ENCODING');
  }
  if (def.policy.access === 'signed-in') {
    out.push('401:UNAUTHENTICATED');
    if (ROLES.some((role) => !policyRoles(def).includes(role))) out.push('403:FORBIDDEN (role not allowed)');
    if (def.policy.resource) out.push('404:NOT_FOUND (someone else’s record answers as a missing one)');
  }
  if (write) out.push('429:RATE_LIMITED');
  if (write || def.policy.access === 'signed-in') out.push('503:SERVICE_UNAVAILABLE');
  return out;
}

function policyRoles(def: RouteDef): readonly string[] {
  return def.policy.access === 'signed-in' ? def.policy.roles : [];
}

/** Path parameters a row names without declaring a schema for them (raw routes): plain strings. */
function paramsOf(def: RouteDef): z.ZodType | undefined {
  if (def.request?.params) return def.request.params;
  const names = [...def.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
}

function successContent(def: RouteDef) {
  if (def.response) return { 'application/json': { schema: def.response } };
  if (def.raw && def.rawTypes?.length)
    return Object.fromEntries(
      def.rawTypes.map((type) => [type, { schema: { type: 'string' as const, format: 'binary' } }]),
    );
  return undefined;
}

/** The OpenAPI 3 document, generated from the same rows (and zod schemas) the router runs. */
export function buildOpenApiDocument(routes: RouteDef[], info: { version: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: '登录（微信或工作人员账号）得到的 accessToken：`Authorization: Bearer <accessToken>`',
  });
  // `.meta({ id })` makes the envelope one named component that every error response refers to.
  const errorSchema = errorEnvelopeSchema.meta({ id: 'ErrorEnvelope' });
  for (const def of routes) {
    const errorResponses: Record<string, { description: string; content: object }> = {};
    for (const entry of [...standardErrors(def), ...(def.errors ?? [])]) {
      const status = errorStatus(entry);
      const text = entry.replace(/^\d{3}:\s*/, '');
      const previous = errorResponses[status]?.description;
      if (previous?.split('; ').includes(text)) continue;
      errorResponses[status] = {
        description: previous ? `${previous}; ${text}` : text,
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    registry.registerPath({
      method: def.method,
      path: toOpenApiPath(def.path),
      summary: def.summary,
      tags: [def.tag],
      // Public operations need no token (one sent anyway is read); the others the bearer scheme.
      security: def.policy.access === 'public' ? [] : [{ [BEARER_SCHEME]: [] }],
      ...(def.policy.access === 'signed-in'
        ? {
            description: `角色：${def.policy.roles.join('、')}${def.policy.resource ? '（仅限可访问的记录）' : ''}`,
          }
        : {}),
      request: {
        params: paramsOf(def) as never,
        query: def.request?.query as never,
        body: def.request?.body
          ? { content: { 'application/json': { schema: def.request.body } } }
          : undefined,
      },
      responses: {
        [def.status ?? 200]: { description: 'OK', content: successContent(def) },
        ...errorResponses,
      },
    });
  }
  const generator = new OpenApiGeneratorV3(registry.definitions);
  return generator.generateDocument({
    openapi: '3.0.3',
    info: {
      title: '最多跑一次 BFF API',
      version: info.version,
      description:
        '政务服务“最多跑一次”小程序的后端接口。所有错误返回统一结构 {"error": {"code", "message", "details"?}}。',
    },
    servers: [{ url: '/' }],
  });
}
