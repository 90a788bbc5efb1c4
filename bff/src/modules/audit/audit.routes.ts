import { auditListResponseSchema, auditQuerySchema } from '@app/shared';
import { route, type RouteDef } from '../../http/route-table';
import type { Identity } from '../auth/identity';

export function auditRoutes(identity: Identity): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/audit',
      summary: '操作审计日志（工作人员、督查人员、管理员的每次写操作），按操作人、操作、时间筛选，最新在前',
      tag: 'audit',
      policy: { access: 'signed-in', roles: ['supervisor'] },
      request: { query: auditQuerySchema },
      response: auditListResponseSchema,
      handler: async ({ query }) => {
        const { page, pageSize, actor, action, from, to } = query;
        const { items, total } = await identity.audit.list({ actor, action, from, to }, page, pageSize);
        return { items, total, page, pageSize };
      },
    }),
  ];
}
