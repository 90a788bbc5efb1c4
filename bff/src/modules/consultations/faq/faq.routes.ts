import {
  answeredBeforeAskingRequestSchema,
  createFaqRequestSchema,
  faqEntrySchema,
  faqIdParamsSchema,
  faqSearchQuerySchema,
  faqSearchResponseSchema,
  faqStatsSchema,
  faqVoteRequestSchema,
  staffFaqListSchema,
  staffFaqQuerySchema,
  updateFaqRequestSchema,
  type Role,
} from '@app/shared';
import { z } from 'zod';
import { sendPreparedJson } from '../../../http/prepared-json';
import { route, type RouteDef, type RoutePolicy } from '../../../http/route-table';
import { noteAudit } from '../../audit/services/audit.service';
import type { Consultations } from '../consultations.module';
import type { FaqEntryRecord } from '../models/faq.model';

const TAG = 'faq';
const PEOPLE: readonly Role[] = ['citizen', 'enterprise'];

/** 常见问题: public search and entries, votes, the "answered before asking" counter, staff management. */
export function faqRoutes(c: () => Consultations): RouteDef[] {
  const resource = { kind: 'faq', param: 'id', load: (id: string) => c().faqOwnership(id) };
  const manage: RoutePolicy = { access: 'signed-in', roles: ['staff'], resource };
  const brief = (r: FaqEntryRecord) => ({
    status: r.status,
    version: r.version,
    question: r.question.slice(0, 40),
  });

  return [
    route({
      method: 'get',
      path: '/api/faq',
      summary:
        '常见问题搜索（无需登录）：q 支持汉字、全拼和首字母；item / department 筛选；用于提问时的实时推荐',
      tag: TAG,
      policy: { access: 'public' },
      request: { query: faqSearchQuerySchema },
      response: faqSearchResponseSchema,
      // Answers are kept as bytes per index version (UTF-8, or gzip when accepted), as the catalog search does.
      raw: true,
      handler: async ({ query, ctx }) => sendPreparedJson(ctx, await c().faq.searchPrepared(query)),
    }),
    route({
      method: 'get',
      path: '/api/faq/stats',
      summary: '常见问题统计：发布数、浏览、有帮助 / 没帮助、提问前已获解答的人次',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['supervisor', 'admin'] },
      response: faqStatsSchema,
      handler: () => c().faq.stats(),
    }),
    route({
      method: 'get',
      path: '/api/faq/:id',
      summary: '一条常见问题（计入浏览次数）；工作人员可查看未发布的',
      tag: TAG,
      policy: { access: 'public' },
      request: { params: faqIdParamsSchema },
      response: faqEntrySchema,
      errors: ['404:FAQ_NOT_FOUND'],
      handler: ({ params, auth }) => c().faq.get(params.id, auth),
    }),
    route({
      method: 'post',
      path: '/api/faq/:id/vote',
      summary: '评价常见问题：有帮助 / 没帮助（每人每条一次）',
      tag: TAG,
      policy: { access: 'signed-in', roles: PEOPLE },
      request: { params: faqIdParamsSchema, body: faqVoteRequestSchema },
      response: faqEntrySchema,
      errors: ['404:FAQ_NOT_FOUND', '409:FAQ_ALREADY_VOTED'],
      handler: ({ params, body, auth }) => c().faq.vote(auth!, params.id, body.helpful),
    }),
    route({
      method: 'post',
      path: '/api/faq/answered-before-asking',
      summary: '提问前已获解答：咨询页的推荐解决了问题、不再提交时记录一次',
      tag: TAG,
      policy: { access: 'signed-in', roles: PEOPLE },
      request: { body: answeredBeforeAskingRequestSchema },
      response: z.object({ answeredBeforeAsking: z.number().int() }),
      status: 201,
      handler: ({ body, auth }) => c().faq.answeredBeforeAsking(auth, body),
    }),
    route({
      method: 'get',
      path: '/api/staff/faq',
      summary: '工作台常见问题管理列表（本部门的和本人编写的；督查看全部）',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff', 'supervisor', 'admin'] },
      request: { query: staffFaqQuerySchema },
      response: staffFaqListSchema,
      handler: ({ query, auth }) => c().faq.staffList(auth!, query),
    }),
    route({
      method: 'post',
      path: '/api/faq',
      summary: '由答复整理常见问题：须确认已去除个人信息；关联事项和部门；可直接发布',
      tag: TAG,
      policy: { access: 'signed-in', roles: ['staff'] },
      request: { body: createFaqRequestSchema },
      response: faqEntrySchema,
      status: 201,
      errors: [
        '400:FAQ_PERSONAL_DATA',
        '400:CONSULTATION_ITEM_NOT_FOUND',
        '400:CONSULTATION_DEPARTMENT_NOT_FOUND',
      ],
      handler: async ({ body, auth, ctx }) => {
        const r = await c().faq.create(auth!, body);
        noteAudit(ctx, { action: 'faq.create', target: String(r._id), after: brief(r) });
        return c().faq.view(r);
      },
    }),
    route({
      method: 'put',
      path: '/api/faq/:id',
      summary: '修改常见问题（内容、关联事项和部门）',
      tag: TAG,
      policy: manage,
      request: { params: faqIdParamsSchema, body: updateFaqRequestSchema },
      response: faqEntrySchema,
      errors: ['400:FAQ_PERSONAL_DATA', '409:CONFLICT'],
      handler: async ({ params, body, auth, ctx }) => {
        const { before, after } = await c().faq.update(auth!, params.id, body);
        noteAudit(ctx, {
          action: 'faq.update',
          target: params.id,
          before: brief(before),
          after: brief(after),
        });
        return c().faq.view(after);
      },
    }),
    ...(['publish', 'unpublish'] as const).map((action) =>
      route({
        method: 'post',
        path: `/api/faq/:id/${action}`,
        summary: action === 'publish' ? '发布常见问题' : '下线常见问题',
        tag: TAG,
        policy: manage,
        request: { params: faqIdParamsSchema },
        response: faqEntrySchema,
        errors: ['409:CONFLICT'],
        handler: async ({ params, auth, ctx }) => {
          const { before, after } = await c().faq.setPublished(auth!, params.id, action === 'publish');
          noteAudit(ctx, {
            action: `faq.${action}`,
            target: params.id,
            before: brief(before),
            after: brief(after),
          });
          return c().faq.view(after);
        },
      }),
    ),
  ];
}
