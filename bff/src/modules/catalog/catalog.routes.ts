import {
  departmentListResponseSchema,
  hallListResponseSchema,
  itemListQuerySchema,
  itemListResponseSchema,
  reformStatsResponseSchema,
  serviceItemDetailSchema,
  synonymIdParamsSchema,
  synonymInputSchema,
  synonymListResponseSchema,
  synonymSchema,
  themeListResponseSchema,
  type PublicSatisfaction,
  type Synonym,
} from '@app/shared';
import { z } from 'zod';
import { sendPreparedJson } from '../../http/prepared-json';
import { route, type RouteDef, type RoutePolicy } from '../../http/route-table';
import { noteAudit } from '../audit/services/audit.service';
import { createCatalog, type Catalog, type CatalogDeps } from './catalog.module';

const TAG = 'catalog';
const PUBLIC = { access: 'public' } as const;
/** The city-wide synonyms table is configuration: admins only. */
const ADMIN: RoutePolicy = { access: 'signed-in', roles: ['admin'] };
const brief = (s: Synonym) => ({ term: s.term, expansions: s.expansions });

/**
 * The public, read-only catalog, and the admins' synonyms table. Item writes (import, publish)
 * are service functions and CLI for now.
 */
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
    ...synonymRoutes(catalog),
  ];
}

/** 同义词表: every change reaches search in all BFF processes (it bumps the catalog version). */
function synonymRoutes(catalog: Catalog): RouteDef[] {
  const { synonyms } = catalog;
  return [
    route({
      method: 'get',
      path: '/api/admin/synonyms',
      summary: '搜索同义词表（管理员）：词语及其扩展词，如 营业执照 → 设立登记',
      tag: TAG,
      policy: ADMIN,
      response: synonymListResponseSchema,
      handler: async () => ({ items: await synonyms.list() }),
    }),
    route({
      method: 'post',
      path: '/api/admin/synonyms',
      summary: '新增同义词（管理员）；保存后全市搜索立即生效',
      tag: TAG,
      policy: ADMIN,
      request: { body: synonymInputSchema },
      response: synonymSchema,
      status: 201,
      errors: ['409:SYNONYM_EXISTS'],
      handler: async ({ body, auth, ctx }) => {
        const created = await synonyms.create(body, auth!.userId);
        noteAudit(ctx, { action: 'catalog.synonym-create', target: created.id, after: brief(created) });
        return created;
      },
    }),
    route({
      method: 'put',
      path: '/api/admin/synonyms/:id',
      summary: '修改同义词（管理员）',
      tag: TAG,
      policy: ADMIN,
      request: { params: synonymIdParamsSchema, body: synonymInputSchema },
      response: synonymSchema,
      errors: ['404:SYNONYM_NOT_FOUND', '409:SYNONYM_EXISTS'],
      handler: async ({ params, body, auth, ctx }) => {
        const { before, after } = await synonyms.update(params.id, body, auth!.userId);
        noteAudit(ctx, {
          action: 'catalog.synonym-update',
          target: params.id,
          before: brief(before),
          after: brief(after),
        });
        return after;
      },
    }),
    route({
      method: 'delete',
      path: '/api/admin/synonyms/:id',
      summary: '删除同义词（管理员）',
      tag: TAG,
      policy: ADMIN,
      request: { params: synonymIdParamsSchema },
      response: synonymSchema,
      errors: ['404:SYNONYM_NOT_FOUND'],
      handler: async ({ params, ctx }) => {
        const removed = await synonyms.remove(params.id);
        noteAudit(ctx, { action: 'catalog.synonym-delete', target: params.id, before: brief(removed) });
        return removed;
      },
    }),
  ];
}
