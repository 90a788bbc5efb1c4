import {
  departmentListResponseSchema,
  hallListResponseSchema,
  itemListQuerySchema,
  itemListResponseSchema,
  reformStatsResponseSchema,
  serviceItemDetailSchema,
  themeListResponseSchema,
  type PublicSatisfaction,
} from '@app/shared';
import { z } from 'zod';
import { sendPreparedJson } from '../../http/prepared-json';
import { route, type RouteDef } from '../../http/route-table';
import { createCatalog, type Catalog, type CatalogDeps } from './catalog.module';

const TAG = 'catalog';
const PUBLIC = { access: 'public' } as const;

/** The public, read-only catalog. Writes (import, publish) are service functions and CLI for now. */
/** The public satisfaction figure of an item / a hall (the ratings module's, cached there). */
export interface SatisfactionSource {
  ofItem(code: string): Promise<PublicSatisfaction>;
  ofHall(code: string): Promise<PublicSatisfaction>;
  /** The overall public figure (the reform statistic shows it beside the ≤ 1-trip share). */
  overall?(): Promise<PublicSatisfaction>;
}

export function catalogRoutes(
  deps: CatalogDeps,
  catalog: Catalog = createCatalog(deps),
  satisfaction?: SatisfactionSource,
): RouteDef[] {
  const { query } = catalog;
  return [
    route({
      method: 'get',
      path: '/api/items',
      summary:
        '搜索已公布的服务事项：中文、全拼、首字母；按相关度再按热度排序；可按部门、主题、跑动次数、网上可办筛选',
      tag: TAG,
      policy: PUBLIC,
      request: { query: itemListQuerySchema },
      response: itemListResponseSchema,
      // Cached pages are sent as stored (UTF-8 bytes, or gzip when accepted): nothing is re-serialised.
      raw: true,
      handler: async ({ query: q, ctx }) => sendPreparedJson(ctx, await query.searchPage(q)),
    }),
    route({
      method: 'get',
      path: '/api/items/:code',
      summary: '服务事项详情与办事指南（仅已公布事项）',
      tag: TAG,
      policy: PUBLIC,
      // Any string up to the code length: a malformed code is simply not found (404), like an unknown one.
      request: { params: z.object({ code: z.string().trim().min(1).max(40) }) },
      response: serviceItemDetailSchema,
      errors: ['404:ITEM_NOT_FOUND'],
      handler: async ({ params }) => {
        const item = await query.getItem(params.code);
        return satisfaction ? { ...item, satisfaction: await satisfaction.ofItem(item.code) } : item;
      },
    }),
    route({
      method: 'get',
      path: '/api/departments',
      summary: '实施部门列表，含已公布事项数',
      tag: TAG,
      policy: PUBLIC,
      response: departmentListResponseSchema,
      handler: () => query.departments(),
    }),
    route({
      method: 'get',
      path: '/api/themes',
      summary: '主题服务（一件事）列表，含其已公布事项编码',
      tag: TAG,
      policy: PUBLIC,
      response: themeListResponseSchema,
      handler: () => query.themes(),
    }),
    route({
      method: 'get',
      path: '/api/halls',
      summary: '政务服务大厅及其窗口',
      tag: TAG,
      policy: PUBLIC,
      response: hallListResponseSchema,
      handler: async () => {
        const halls = await query.halls();
        if (!satisfaction) return halls;
        return {
          items: await Promise.all(
            halls.items.map(async (h) => ({ ...h, satisfaction: await satisfaction.ofHall(h.code) })),
          ),
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/stats/reform',
      summary: '“最多跑一次”事项占比（总体与分部门），对照 70% 目标',
      tag: TAG,
      policy: PUBLIC,
      response: reformStatsResponseSchema,
      handler: async () => {
        const stats = await query.reformStats();
        return satisfaction?.overall ? { ...stats, satisfaction: await satisfaction.overall() } : stats;
      },
    }),
  ];
}
