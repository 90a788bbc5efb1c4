import {
  COMPLAINT_STATUS_LABELS,
  findComplaintTransition,
  type ComplaintAction,
  type ComplaintStatus,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import type { OutboxEntryRecord } from '../../notifications';
import type { ComplaintActorRecord, ComplaintEventRecord, ComplaintRecord } from '../models/complaint.model';
import type { ComplaintRepository, ComplaintUpdate } from '../repositories/complaint.repository';

/**
 * The one way a complaint changes: a conditional single-document update on (status, version) that
 * records the change, its timeline events and its outbox entries together. A transition looks up
 * THE table (shared COMPLAINT_TRANSITIONS); an illegal move or a lost race answers 409.
 */
export interface StepDeps {
  repo: ComplaintRepository;
  /** Relays the complaint's outbox after the write (never throws). */
  relay: (id: ComplaintRecord['_id']) => void;
  /** Told after a step closed it (办结 / 无法联系): the ratings issue's invitation. Never awaited. */
  closed?: (c: ComplaintRecord) => void;
}

export interface Step {
  set?: Record<string, unknown>;
  unset?: string[];
  inc?: Record<string, number>;
  events: Array<Omit<ComplaintEventRecord, 'actor' | 'at'> & { actor?: ComplaintActorRecord }>;
  outbox?: OutboxEntryRecord[];
}

export function actorOf(p: Principal, as: string, name?: string): ComplaintActorRecord {
  return {
    role: p.role,
    as,
    ...(as === 'filer' ? {} : { userId: p.userId }),
    ...(p.department && as !== 'filer' ? { department: p.department } : {}),
    ...(name ? { name } : {}),
  };
}

export function conflict(c: ComplaintRecord, what = '此操作'): AppError {
  return new AppError(
    'CONFLICT',
    `该件当前为「${COMPLAINT_STATUS_LABELS[c.status]}」，不能进行${what}，请刷新后重试`,
  );
}

export function createStepper(deps: StepDeps) {
  async function write(
    c: ComplaintRecord,
    expect: { statuses: readonly ComplaintStatus[]; version?: number },
    actor: ComplaintActorRecord,
    at: Date,
    step: Step,
  ) {
    const update: ComplaintUpdate = {};
    if (step.set) update.$set = step.set;
    if (step.unset?.length) update.$unset = Object.fromEntries(step.unset.map((k) => [k, ''] as const));
    if (step.inc) update.$inc = step.inc;
    update.$push = {
      timeline: { $each: step.events.map((e) => ({ ...e, actor: e.actor ?? actor, at })) },
      ...(step.outbox?.length ? { outbox: { $each: step.outbox } } : {}),
    };
    const after = await deps.repo.update(c._id, expect, update);
    if (!after) throw conflict(c);
    if (step.outbox?.length) deps.relay(after._id);
    if (after.status !== c.status && (after.status === 'closed' || after.status === 'unreachable'))
      deps.closed?.(after);
    return { before: c, after };
  }

  return {
    write,
    /** A move of the state machine: legal only from the status the table says, at the version seen. */
    async move(
      c: ComplaintRecord,
      version: number | undefined,
      action: ComplaintAction,
      actor: ComplaintActorRecord,
      at: Date,
      step: Step,
    ) {
      const t = findComplaintTransition(c.status, action);
      if (!t) throw conflict(c);
      if (version !== undefined && version !== c.version) throw conflict(c);
      return write(c, { statuses: [c.status], version: version ?? c.version }, actor, at, {
        ...step,
        set: { ...step.set, status: t.to },
      });
    },
    /** A step that keeps the status (parts, 延期, 督办, attempts): still conditional on status and version. */
    async touch(
      c: ComplaintRecord,
      version: number | undefined,
      statuses: readonly ComplaintStatus[],
      actor: ComplaintActorRecord,
      at: Date,
      step: Step,
    ) {
      if (!statuses.includes(c.status)) throw conflict(c);
      if (version !== undefined && version !== c.version) throw conflict(c);
      return write(c, { statuses: [c.status], version: version ?? c.version }, actor, at, step);
    },
  };
}
export type Stepper = ReturnType<typeof createStepper>;
