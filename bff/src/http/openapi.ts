import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { ERROR_CODES, errorEnvelopeSchema, isErrorCode } from '@app/shared';
import type { RouteDef } from './route-table';

/** `/api/items/:code` → `/api/items/{code}` */
function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** A route's `errors` entry is either `'404:ITEM_NOT_FOUND'` or a bare error code such as `'ITEM_NOT_FOUND'`. */
function errorStatus(entry: string): string {
  const explicit = /^(\d{3})/.exec(entry);
  if (explicit) return explicit[1];
  return isErrorCode(entry) ? String(ERROR_CODES[entry].status) : '500';
}

/** The OpenAPI 3 document, generated from the same zod schemas the router validates with. */
export function buildOpenApiDocument(routes: RouteDef[], info: { version: string }) {
  const registry = new OpenAPIRegistry();
  // `.meta({ id })` makes the envelope one named component that every error response refers to.
  const errorSchema = errorEnvelopeSchema.meta({ id: 'ErrorEnvelope' });
  for (const def of routes) {
    if (def.raw && !def.response) continue;
    const errorResponses: Record<string, { description: string; content: object }> = {};
    if (def.request?.query || def.request?.body || def.request?.params) {
      errorResponses['400'] = {
        description: 'VALIDATION_FAILED: fields lists each bad field',
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    for (const entry of def.errors ?? []) {
      const status = errorStatus(entry);
      const previous = errorResponses[status]?.description;
      errorResponses[status] = {
        description: previous ? `${previous}; ${entry}` : entry,
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    registry.registerPath({
      method: def.method,
      path: toOpenApiPath(def.path),
      summary: def.summary,
      tags: [def.tag],
      request: {
        params: def.request?.params as never,
        query: def.request?.query as never,
        body: def.request?.body
          ? { content: { 'application/json': { schema: def.request.body } } }
          : undefined,
      },
      responses: {
        [def.status ?? 200]: {
          description: 'OK',
          content: def.response ? { 'application/json': { schema: def.response } } : undefined,
        },
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
