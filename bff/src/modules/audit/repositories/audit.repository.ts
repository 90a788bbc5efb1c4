import { Types, type Connection } from 'mongoose';
import type { AuditEntry, Role } from '@app/shared';
import { auditEntryModel, type AuditEntryRecord } from '../models/audit-entry.model';

export interface NewAuditEntry {
  at: Date;
  actorId: string;
  actorRole: Role;
  action: string;
  method: string;
  path: string;
  target?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  status: number;
  requestId?: string;
  routeLabel?: string;
}

/** A stored entry and the route summary it was written with (the view names the action from it). */
export type StoredAuditEntry = Omit<AuditEntry, 'actionLabel' | 'outcome'> & { routeLabel?: string };

export interface AuditFilter {
  actor?: string;
  /** Any of these actors (the 操作人 filter by name). */
  actors?: string[];
  action?: string;
  from?: Date;
  to?: Date;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function toEntry(d: AuditEntryRecord): StoredAuditEntry {
  return {
    id: String(d._id),
    at: d.at.toISOString(),
    actorId: String(d.actorId),
    actorRole: d.actorRole as Role,
    action: d.action,
    method: d.method,
    path: d.path,
    ...(d.target ? { target: d.target } : {}),
    ...(d.before ? { before: d.before as Record<string, unknown> } : {}),
    ...(d.after ? { after: d.after as Record<string, unknown> } : {}),
    status: d.status,
    ...(d.requestId ? { requestId: d.requestId } : {}),
    ...(d.routeLabel ? { routeLabel: d.routeLabel } : {}),
  };
}

export function createAuditRepository(connection: Connection) {
  const Entries = auditEntryModel(connection);
  return {
    async insert(entry: NewAuditEntry): Promise<void> {
      await Entries.create({ ...entry, actorId: new Types.ObjectId(entry.actorId) });
    },
    async list(filter: AuditFilter, page: number, pageSize: number) {
      const query: Record<string, unknown> = {};
      if (filter.actor) query.actorId = new Types.ObjectId(filter.actor);
      if (filter.actors) {
        const ids = filter.actors.map((id) => new Types.ObjectId(id));
        query.actorId = filter.actor ? { $in: ids.filter((id) => id.equals(filter.actor!)) } : { $in: ids };
      }
      if (filter.action) {
        query.action = filter.action.endsWith('*')
          ? { $regex: `^${escapeRegex(filter.action.slice(0, -1))}` }
          : filter.action;
      }
      if (filter.from || filter.to) {
        query.at = {
          ...(filter.from ? { $gte: filter.from } : {}),
          ...(filter.to ? { $lte: filter.to } : {}),
        };
      }
      const [docs, total] = await Promise.all([
        Entries.find(query)
          .sort({ at: -1, _id: -1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean<AuditEntryRecord[]>(),
        Entries.countDocuments(query),
      ]);
      return { items: docs.map(toEntry), total };
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
