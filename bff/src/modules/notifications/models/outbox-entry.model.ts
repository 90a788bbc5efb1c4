import { Schema } from 'mongoose';

/**
 * One thing that must happen on a job queue because of a change to the document it sits on: a
 * subscribe message to send, a deadline to schedule, a scheduled job to withdraw. It is written by
 * the same single-document update that records the change, so the change and its consequence are
 * stored together or not at all (no multi-document transaction needed).
 */
export interface OutboxEntryRecord {
  /** The BullMQ job id: deterministic for scheduled work (a deadline's id), random for messages. */
  id: string;
  /** `add` a job (once: BullMQ ignores a second add of the same id) or `remove` the job with this id. */
  op: 'add' | 'remove';
  queue: string;
  /** BullMQ job name (what the worker switches on). */
  name: string;
  data: Record<string, unknown>;
  /** A delayed job runs at this instant (reminders, deadlines); absent: at once. */
  runAt?: Date;
  at: Date;
}

export const outboxEntrySchema = new Schema<OutboxEntryRecord>(
  {
    id: { type: String, required: true },
    op: { type: String, enum: ['add', 'remove'], required: true },
    queue: { type: String, required: true },
    name: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    runAt: Date,
    at: { type: Date, required: true },
  },
  { _id: false, minimize: false },
);

/**
 * Adds the `outbox` field (and the index the relay's start-up sweep uses) to a model's schema. The
 * field is absent on documents with nothing pending, so the sparse index stays as small as the backlog.
 */
export function withOutbox<T>(schema: Schema<T>): Schema<T> {
  schema.add({ outbox: { type: [outboxEntrySchema], default: undefined } } as never);
  schema.index({ 'outbox.id': 1 }, { sparse: true });
  return schema;
}
