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
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function toEntry(d: AuditEntryRecord): AuditEntry {
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
