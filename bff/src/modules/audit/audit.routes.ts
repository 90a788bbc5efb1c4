import {
  auditActionLabel,
  auditListResponseSchema,
  auditOutcomeLabel,
  auditQuerySchema,
  type AuditEntry,
} from '@app/shared';
import type { AppDeps } from '../../app-deps';
import { route, type RouteDef } from '../../http/route-table';
import type { Identity } from '../auth/identity';
import { createDepartmentRepository } from '../catalog/repositories/department.repository';
import { createDepartmentNames } from '../cases/services/department-names';
import type { StoredAuditEntry } from './repositories/audit.repository';

/** The record's human number from the entry's summaries (case / complaint / consultation number, booking code). */
function refOf(e: StoredAuditEntry): string | undefined {
  for (const summary of [e.after, e.before]) {
    for (const key of ['number', 'code'] as const) {
      const value = summary?.[key];
      if (typeof value === 'string' && value) return value;
    }
  }
  return undefined;
}

export function auditRoutes(identity: Identity, deps?: Pick<AppDeps, 'mongo'>): RouteDef[] {
  const departments = deps
    ? createDepartmentNames(() => createDepartmentRepository(deps.mongo.connection).list())
    : undefined;

  /** What a supervisor reads: Chinese action, outcome, who (name, department), the human number. */
  async function readable(entries: StoredAuditEntry[]): Promise<AuditEntry[]> {
    const people = await identity.users.findByIds([...new Set(entries.map((e) => e.actorId))]);
    const byId = new Map(people.map((p) => [p.id, p]));
    const deptName = departments ? await departments.lookup() : (code: string) => code;
    return entries.map(({ routeLabel, ...e }) => {
      const who = byId.get(e.actorId);
      const name = who?.name ?? who?.username ?? undefined;
      const ref = refOf(e);
      return {
        ...e,
        actionLabel: auditActionLabel(e.action, routeLabel),
        outcome: auditOutcomeLabel(e.status),
        ...(name ? { actorName: name } : {}),
        ...(who?.department ? { actorDepartment: deptName(who.department) } : {}),
        ...(ref ? { ref } : {}),
      };
    });
  }

  return [
    route({
      method: 'get',
      path: '/api/audit',
      summary:
        '操作审计日志（工作人员、督查人员、管理员的每次写操作），按操作人、操作、时间筛选，最新在前；操作为中文，附操作人姓名、部门和办件编号/预约码',
      tag: 'audit',
      policy: { access: 'signed-in', roles: ['supervisor'] },
      request: { query: auditQuerySchema },
      response: auditListResponseSchema,
      handler: async ({ query }) => {
        const { page, pageSize, actor, action, from, to, who } = query;
        const actors = who ? await identity.users.findAccountIdsByName(who) : undefined;
        if (actors && actors.length === 0) return { items: [], total: 0, page, pageSize };
        const { items, total } = await identity.audit.list(
          { actor, action, from, to, ...(actors ? { actors } : {}) },
          page,
          pageSize,
        );
        return { items: await readable(items), total, page, pageSize };
      },
    }),
  ];
}
