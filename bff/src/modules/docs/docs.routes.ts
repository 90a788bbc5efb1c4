import fs from 'node:fs';
import path from 'node:path';
import { route, type RouteDef } from '../../http/route-table';

const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>接口文档 · 最多跑一次</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs' });</script>
</body></html>`;

/** `/openapi.json` and a Swagger UI page served from the swagger-ui-dist package (no CDN needed). */
export function docsRoutes(getDocument: () => unknown): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/openapi.json',
      summary: 'OpenAPI 3 文档（由 zod 模式生成）',
      tag: 'docs',
      policy: { access: 'public' },
      handler: () => getDocument(),
    }),
    route({
      method: 'get',
      path: '/docs',
      summary: '接口文档页面',
      tag: 'docs',
      policy: { access: 'public' },
      raw: true,
      rawTypes: ['text/html'],
      handler: ({ ctx }) => {
        ctx.type = 'text/html; charset=utf-8';
        // Swagger UI runs inline bootstrapping; this page alone relaxes the CSP for it.
        ctx.set(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
        );
        ctx.body = DOCS_PAGE;
      },
    }),
    route({
      method: 'get',
      path: '/docs/assets/:file',
      summary: '接口文档页面的静态资源',
      tag: 'docs',
      policy: { access: 'public' },
      raw: true,
      rawTypes: ['text/css', 'application/javascript'],
      handler: ({ ctx }) => {
        const file = String((ctx as unknown as { params: { file: string } }).params.file);
        const type = ASSETS[file];
        if (!type) return; // falls through to the JSON 404
        ctx.type = type;
        ctx.set('Cache-Control', 'public, max-age=86400');
        ctx.body = fs.createReadStream(path.join(SWAGGER_DIR, file));
      },
    }),
  ];
}
