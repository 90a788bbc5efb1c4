import { randomUUID } from 'node:crypto';
import type { OutboxEntryRecord } from '../models/outbox-entry.model';

/**
 * Builders for outbox entries, used by services while they build the single-document update of a
 * change: `{ ...update, ...pushOutbox([sendNow(...), schedule(...)]) }`.
 */

/** A job to run at once (a subscribe message); its id is random, so each change sends once. */
export function sendNow(queue: string, name: string, data: Record<string, unknown>): OutboxEntryRecord {
  return { id: `ob-${randomUUID()}`, op: 'add', queue, name, data, at: new Date() };
}

/**
 * A job to run at `runAt` under a deterministic id (e.g. `consultation-overdue-<id>-<due ms>`): adding
 * it twice schedules it once, and moving a deadline is `cancel(oldId)` + `schedule(newId, …)`.
 */
export function schedule(
  queue: string,
  name: string,
  id: string,
  runAt: Date,
  data: Record<string, unknown>,
): OutboxEntryRecord {
  return { id, op: 'add', queue, name, data, runAt, at: new Date() };
}

/** Withdraws a scheduled job (a deadline that moved or no longer applies). */
export function cancel(queue: string, id: string): OutboxEntryRecord {
  return { id, op: 'remove', queue, name: 'cancel', data: {}, at: new Date() };
}

/** The `$push` part of an update that records `entries` with the change. */
export function pushOutbox(entries: OutboxEntryRecord[]): {
  $push: { outbox: { $each: OutboxEntryRecord[] } };
} {
  return { $push: { outbox: { $each: entries } } };
}
