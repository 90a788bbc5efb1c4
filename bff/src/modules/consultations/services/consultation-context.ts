import type { ConsultationAction, ConsultationStatus } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Logger } from '../../../infra/logger';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import type { Principal } from '../../auth/access/principal';
import { todayInChina, type Closures } from '../../calendar';
import type { CaseFileStore } from '../../cases/repositories/case.repository';
import type { OutboxEntryRecord, OutboxRelay } from '../../notifications';
import { pushOutbox } from '../../notifications';
import type { ConsultationRecord } from '../models/consultation.model';
import type { ConsultationRepository, ConsultationUpdate } from '../repositories/consultation.repository';
import { transitionOf } from './consultation-state-machine';

export const CONSULTATION_QUEUE = 'consultations';
export const COLLECTION = 'consultations';

/** What the consultation services share: stores, look-ups of other modules, the clock. */
export interface ConsultationContext {
  repo: ConsultationRepository;
  files: CaseFileStore;
  redis: RedisHandle;
  logger: Logger;
  outbox: OutboxRelay;
  now: () => Date;
  items: {
    findPublished(
      code: string,
    ): Promise<{ code: string; name: string; departmentCode: string; hallCode?: string } | null>;
    names(codes: string[]): Promise<Map<string, string>>;
  };
  departments: { name(code: string | undefined): Promise<string>; exists(code: string): Promise<boolean> };
  people: {
    name(userId: string): Promise<string | undefined>;
    activeEnterpriseIds(userId: string): Promise<string[]>;
    enterpriseName(id: string): Promise<string | undefined>;
  };
  closuresOf(hallCode: string | undefined, from: string): Promise<Closures | undefined>;
  /** Other modules' hooks (ratings' invitation after an answer): called after the write, never awaited. */
  hooks?: { answered?: (c: ConsultationRecord) => void };
}

export const today = (ctx: ConsultationContext) => todayInChina(ctx.now());

/** Staff who handle it now: its department's, or the 综合咨询 desk's when it has none. */
export function isHandler(p: Principal, c: Pick<ConsultationRecord, 'department'>): boolean {
  if (p.role !== 'staff') return false;
  return c.department ? p.department === c.department : p.duties.includes('consultation_desk');
}

/** The person who asked, or an active member of the enterprise it was asked for. */
export function isAsker(p: Principal, c: Pick<ConsultationRecord, 'askerId' | 'enterpriseId'>): boolean {
  if (c.askerId === p.userId) return true;
  return c.enterpriseId !== undefined && p.enterprises.includes(c.enterpriseId);
}

export function requireRecord(c: ConsultationRecord | null): ConsultationRecord {
  if (!c) throw new AppError('NOT_FOUND');
  return c;
}

/**
 * Applies one transition of the table as ONE conditional update: the caller must be who the table
 * says, the status one it starts from and the version the one the caller saw (when given). Lost race
 * or illegal → 409 CONFLICT with the current status. The outbox entries ride in the same update and
 * are relayed right after.
 */
export async function transition(
  ctx: ConsultationContext,
  p: Principal,
  c: ConsultationRecord,
  action: ConsultationAction,
  build: (to: ConsultationStatus) => { update: ConsultationUpdate; outbox?: OutboxEntryRecord[] },
  options: { version?: number; extra?: Record<string, unknown> } = {},
): Promise<{ before: ConsultationRecord; after: ConsultationRecord }> {
  const t = transitionOf(action);
  if (t.who === 'staff' && !isHandler(p, c)) throw new AppError('CONSULTATION_READ_ONLY');
  if (t.who === 'asker' && !isAsker(p, c)) throw new AppError('NOT_FOUND');
  const conflict = () =>
    new AppError('CONFLICT', '该咨询已被他人处理或状态已变化，请刷新后查看', {
      status: c.status,
      version: c.version,
    });
  if (!t.from.includes(c.status)) throw conflict();
  if (options.version !== undefined && options.version !== c.version) throw conflict();
  const { update, outbox } = build(t.to);
  const merged: ConsultationUpdate = {
    ...update,
    $set: { ...(update.$set ?? {}), status: t.to },
    $push: { ...(update.$push ?? {}), ...(outbox?.length ? pushOutbox(outbox).$push : {}) },
  };
  const after = await ctx.repo.applyIf(
    c._id,
    { status: c.status, version: c.version, ...(options.extra ? { extra: options.extra } : {}) },
    merged,
  );
  if (!after) {
    const current = await ctx.repo.findById(String(c._id));
    throw new AppError('CONFLICT', '该咨询已被他人处理或状态已变化，请刷新后查看', {
      status: current?.status ?? c.status,
      version: current?.version ?? c.version,
    });
  }
  if (outbox?.length) await ctx.outbox.relay(COLLECTION, after._id);
  return { before: c, after };
}

/** `ZX-YYYYMMDD-NNNNNN` from a Redis counter per day (resynchronised after a collision). */
export function numberer(ctx: ConsultationContext) {
  const keyOf = (day: string) => `${ctx.redis.keyPrefix}consultation:number:${day}`;
  return {
    async next(day: string): Promise<string> {
      const key = keyOf(day);
      const [[, n]] = (await ctx.redis.client.multi().incr(key).expire(key, 259200).exec()) as [
        [unknown, number],
      ];
      return `ZX-${day}-${String(n).padStart(6, '0')}`;
    },
    async resync(day: string): Promise<void> {
      const prefix = `ZX-${day}-`;
      const max = await ctx.repo.maxNumberWithPrefix(prefix);
      if (max) await ctx.redis.client.set(keyOf(day), String(Number(max.slice(prefix.length))), 'EX', 259200);
    },
  };
}
