import { Queue } from 'bullmq';
import { Schema, Types, type Model } from 'mongoose';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { bullPrefix } from '../bullmq';
import { withOutbox, type OutboxEntryRecord } from '../models/outbox-entry.model';
import { outboxOf } from '../notifications.module';
import { cancel, pushOutbox, schedule, sendNow } from './outbox-entries';

/**
 * The outbox: entries written with a change reach BullMQ exactly once, whether relayed right after
 * the write, found by the start-up sweep after a crash, or relayed twice at once.
 */
interface Thing {
  _id: Types.ObjectId;
  status: string;
  outbox?: OutboxEntryRecord[];
}
const QUEUE = 'outbox-test';
let env: TestEnv;
let Things: Model<Thing>;
let queue: Queue;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'error' });
  Things = env.mongo.connection.model<Thing>(
    'OutboxThing',
    withOutbox(new Schema<Thing>({ status: String })),
    'outbox_things',
  );
  await Things.createIndexes();
  outboxOf(env.deps).registerSource('outbox_things');
  queue = new Queue(QUEUE, { connection: env.redis.client, prefix: bullPrefix(env.redis) });
});
afterAll(async () => {
  await queue.close();
  await outboxOf(env.deps).close();
  await env.close();
});

/** A change and its consequences in one single-document update, as services write them. */
async function change(entries: OutboxEntryRecord[]): Promise<Types.ObjectId> {
  const _id = new Types.ObjectId();
  await Things.collection.insertOne({ _id, status: 'new' });
  await Things.collection.updateOne({ _id, status: 'new' }, {
    $set: { status: 'done' },
    ...pushOutbox(entries),
  } as never);
  return _id;
}

async function jobIds(): Promise<string[]> {
  const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
  return jobs.map((j) => j.id!).sort();
}

it('relays a change’s entries to the queue and clears them from the document', async () => {
  const message = sendNow(QUEUE, 'notice', { text: '已受理' });
  const id = await change([message]);
  expect(await outboxOf(env.deps).relay('outbox_things', id)).toBe(1);
  const job = await queue.getJob(message.id);
  expect(job?.name).toBe('notice');
  expect(job?.data).toEqual({ text: '已受理' });
  const doc = await Things.collection.findOne({ _id: id });
  expect(doc).not.toHaveProperty('outbox');
  expect(doc?.status).toBe('done');
});

it('a crash between the write and the relay loses nothing: the sweep relays it, exactly once', async () => {
  const a = sendNow(QUEUE, 'notice', { n: 1 });
  const b = schedule(QUEUE, 'deadline', 'thing-deadline-1', new Date(Date.now() + 3_600_000), { n: 2 });
  const id = await change([a, b]);
  // "Crash": nothing relayed. Then two relays race (a restarted process's sweep and a late relay).
  const relay = outboxOf(env.deps);
  await Promise.all([relay.relayPending(), relay.relay('outbox_things', id), relay.relayPending()]);
  const ids = await jobIds();
  expect(ids.filter((j) => j === a.id)).toHaveLength(1);
  expect(ids.filter((j) => j === b.id)).toHaveLength(1);
  expect((await queue.getJob(b.id))?.delay).toBeGreaterThan(3_500_000);
  expect(await Things.collection.countDocuments({ 'outbox.id': { $exists: true } })).toBe(0);
  // Relaying the same entry again (an entry re-found after a crash past the add) makes no second job.
  await change([a]);
  await relay.relayPending();
  expect((await jobIds()).filter((j) => j === a.id)).toHaveLength(1);
});

it('withdraws a scheduled job (a deadline that moved)', async () => {
  const first = schedule(QUEUE, 'deadline', 'thing-deadline-2', new Date(Date.now() + 60_000), {});
  const id = await change([first]);
  await outboxOf(env.deps).relay('outbox_things', id);
  expect(await queue.getJob(first.id)).toBeDefined();
  const moved = schedule(QUEUE, 'deadline', 'thing-deadline-3', new Date(Date.now() + 120_000), {});
  await Things.collection.updateOne({ _id: id }, pushOutbox([cancel(QUEUE, first.id), moved]) as never);
  await outboxOf(env.deps).relay('outbox_things', id);
  expect(await queue.getJob(first.id)).toBeUndefined();
  expect(await queue.getJob(moved.id)).toBeDefined();
});

it('keeps entries it could not relay (Redis unavailable) for the next sweep', async () => {
  // The queue exists already (earlier tests); its Redis connection then goes away.
  const entry = sendNow(QUEUE, 'notice', { n: 4 });
  const id = await change([entry]);
  const relay = outboxOf(env.deps);
  const client = env.redis.client;
  await client.disconnect();
  expect(await relay.relay('outbox_things', id)).toBe(0);
  expect((await Things.collection.findOne({ _id: id }))?.outbox).toHaveLength(1);
  await client.connect();
  expect(await relay.relayPending()).toBe(1);
  expect(await queue.getJob(entry.id)).toBeDefined();
});
