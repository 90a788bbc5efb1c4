import { STAFF_ROLES, type Role } from '@app/shared';
import type { Context } from 'koa';
import type { Logger } from '../../../infra/logger';
import type { AuditRepository } from '../repositories/audit.repository';

/**
 * What a handler may tell the audit log about its write, through `noteAudit(ctx, {...})`. The
 * summaries must not hold personal data in clear (mask names, never ID numbers or phones).
 */
export interface AuditNote {
  /** A stable action name, e.g. `users.update`; defaults to `METHOD /route/path`. */
  action?: string;
  /** The record written, e.g. a user id; defaults to the route's resource id. */
  target?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Who acted, when the request was not signed in (a staff login). */
  actor?: { userId: string; role: Role };
}

export function noteAudit(ctx: Context, note: AuditNote): void {
  ctx.state.audit = { ...(ctx.state.audit as AuditNote | undefined), ...note };
}

export function isAuditedRole(role: Role): boolean {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}

export function createAuditService(deps: { repo: AuditRepository; logger: Logger }) {
  return {
    /** Records a write; an audit store failure is logged, never turned into the caller's error. */
    async record(entry: {
      actor: { userId: string; role: Role };
      method: string;
      path: string;
      status: number;
      requestId?: string;
      note?: AuditNote;
      defaultTarget?: string;
      /** The route's Chinese summary: names the action when the handler named none. */
      routeLabel?: string;
    }): Promise<void> {
      const { note } = entry;
      try {
        await deps.repo.insert({
          at: new Date(),
          actorId: entry.actor.userId,
          actorRole: entry.actor.role,
          action: note?.action ?? `${entry.method.toUpperCase()} ${entry.path}`,
          method: entry.method.toUpperCase(),
          path: entry.path,
          ...((note?.target ?? entry.defaultTarget) ? { target: note?.target ?? entry.defaultTarget } : {}),
          ...(note?.before ? { before: note.before } : {}),
          ...(note?.after ? { after: note.after } : {}),
          status: entry.status,
          ...(entry.requestId ? { requestId: entry.requestId } : {}),
          ...(!note?.action && entry.routeLabel ? { routeLabel: entry.routeLabel } : {}),
        });
      } catch (err) {
        deps.logger.error(
          { err, action: note?.action, path: entry.path },
          'audit entry could not be written',
        );
      }
    },
    list: deps.repo.list,
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
