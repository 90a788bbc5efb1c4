/**
 * Repository building blocks for records that services change step by step: ids from requests, new
 * records stamped with their times, conditional writes guarded by status and version, and numbered
 * records. Only mechanics of storage here; which step is allowed stays in the services.
 */
import { Types, type Model } from 'mongoose';

/** A 24-hex-digit id as an ObjectId; undefined for anything else (ids come from URLs). */
export function toObjectId(id: string): Types.ObjectId | undefined {
  return /^[0-9a-f]{24}$/.test(id) ? new Types.ObjectId(id) : undefined;
}

/** A duplicate-key error (E11000) from the driver: a unique index refused the write. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === 11000;
}

/**
 * Inserts a new record (its given `_id` or a new one) stamped with createdAt and updatedAt, and
 * answers it as stored. A duplicate key throws: what it means is the caller's to say.
 */
export async function insertStamped<T>(model: Model<T>, doc: object & { _id?: Types.ObjectId }): Promise<T> {
  const now = new Date();
  const _id = doc._id ?? new Types.ObjectId();
  await model.collection.insertOne({ ...doc, _id, createdAt: now, updatedAt: now } as never);
  return (await model.findById(_id).lean<T>().exec())!;
}

/** What a conditional write expects the record still to be: one of these statuses, this version, and `extra`. */
export interface StillExpected<Status extends string> {
  status?: Status | readonly Status[];
  version?: number;
  extra?: Record<string, unknown>;
}

/** The filter that finds the record `id` only while it still is what `expect` says. */
export function whileStill<Status extends string>(
  id: Types.ObjectId,
  expect: StillExpected<Status>,
): Record<string, unknown> {
  const filter: Record<string, unknown> = { _id: id, ...(expect.extra ?? {}) };
  if (expect.status !== undefined)
    filter.status = Array.isArray(expect.status) ? { $in: expect.status } : expect.status;
  if (expect.version !== undefined) filter.version = expect.version;
  return filter;
}

/** A single-record update as the services build it: `$set`, `$unset`, `$push`. */
export interface RecordUpdate {
  $set?: Record<string, unknown>;
  $unset?: Record<string, ''>;
  $push?: Record<string, unknown>;
}

/**
 * The one write path of a record's state changes: applies `update` only while the record still is
 * what the service decided on (see whileStill), bumping its version and updatedAt. Answers the record
 * after, or null when somebody else changed it first (or it does not exist). Paths outside the schema
 * are written too (`strict: false`).
 */
export function applyIfStill<T, Status extends string>(
  model: Model<T>,
  id: Types.ObjectId,
  expect: StillExpected<Status>,
  update: RecordUpdate,
): Promise<T | null> {
  return model
    .findOneAndUpdate(
      whileStill(id, expect),
      {
        $set: { ...(update.$set ?? {}), updatedAt: new Date() },
        ...(update.$unset && Object.keys(update.$unset).length > 0 ? { $unset: update.$unset } : {}),
        ...(update.$push ? { $push: update.$push } : {}),
        $inc: { version: 1 },
      },
      { returnDocument: 'after', strict: false },
    )
    .lean<T>()
    .exec();
}

/**
 * The highest `number` given out under `prefix` (e.g. `JX-YYYYMMDD-`), to resynchronise a counter.
 * Numbers may grow past their usual digits: compared numerically.
 */
export async function maxNumberWithPrefix<T extends { number: string }>(
  model: Model<T>,
  prefix: string,
): Promise<string | undefined> {
  const docs = await model
    .find({ number: { $gte: prefix, $lt: `${prefix}~` } }, { number: 1 })
    .lean<Array<Pick<T, 'number'>>>()
    .exec();
  let best: string | undefined;
  for (const { number } of docs)
    if (!best || Number(number.slice(prefix.length)) > Number(best.slice(prefix.length))) best = number;
  return best;
}
