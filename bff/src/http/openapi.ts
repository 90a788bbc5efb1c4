import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { errorEnvelopeSchema } from '@app/shared';
import type { RouteDef } from './route-table';

/** `/api/items/:code` → `/api/items/{code}` */
function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
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
    for (const code of def.errors ?? []) {
      errorResponses[code.split(':')[0]] = {
        description: code,
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
