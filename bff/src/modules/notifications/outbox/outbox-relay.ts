import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Connection } from 'mongoose';
import type { Logger } from '../../../infra/logger';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import { bullPrefix } from '../bullmq';
import type { OutboxEntryRecord } from '../models/outbox-entry.model';
import { createOutboxRepository, type OutboxRepository } from '../repositories/outbox.repository';

/**
 * Moves outbox entries (written with the change they follow from) onto BullMQ, then removes them from
 * their document. Adding a job under the entry's id is idempotent, so an entry relayed twice (a crash
 * after the add and before the removal; two relays at once) still makes one job. Nothing is lost
 * between the write and the queue: what a crash or a Redis outage leaves behind is found by
 * `relayPending`, which the process runs at start-up and then periodically.
 */
export interface OutboxRelayDeps {
  connection: Connection;
  redis: RedisHandle;
  logger: Logger;
}

const PAGE = 200;

export function createOutboxRelay(deps: OutboxRelayDeps) {
  const queueOptions = new Map<string, DefaultJobOptions>();
  const queues = new Map<string, Queue>();
  const sources = new Map<string, OutboxRepository>();

  function queue(name: string): Queue {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: deps.redis.client,
        prefix: bullPrefix(deps.redis),
        defaultJobOptions: queueOptions.get(name) ?? {
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          // Kept for a week: a re-add of a relayed entry within that time is still recognised.
          removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      });
      queues.set(name, q);
    }
    return q;
  }

  function source(collectionName: string): OutboxRepository {
    let repo = sources.get(collectionName);
    if (!repo) {
      repo = createOutboxRepository(deps.connection, collectionName);
      sources.set(collectionName, repo);
    }
    return repo;
  }

  async function apply(entry: OutboxEntryRecord): Promise<void> {
    const q = queue(entry.queue);
    if (entry.op === 'remove') {
      // A job that is running right now cannot be removed: its worker re-reads the record anyway.
      await q.remove(entry.id).catch((err: Error) => {
        deps.logger.warn({ jobId: entry.id, err: err.message }, 'outbox: scheduled job not withdrawn');
      });
      return;
    }
    // The job's creation time is the instant its delay was counted from, so BullMQ's due time
    // (timestamp + delay) is exactly runAt, not a millisecond or two after it.
    const now = Date.now();
    const delay = entry.runAt ? Math.max(0, new Date(entry.runAt).getTime() - now) : undefined;
    await q.add(entry.name, entry.data, { jobId: entry.id, ...(delay ? { delay, timestamp: now } : {}) });
  }

  /** Relays one document's entries in the order they were written; those done are removed. */
  async function relayEntries(repo: OutboxRepository, docId: unknown, entries: OutboxEntryRecord[]) {
    const done: string[] = [];
    try {
      for (const entry of entries) {
        await apply(entry);
        done.push(entry.id);
      }
    } finally {
      await repo.remove(docId, done);
    }
    return done.length;
  }

  return {
    /** Default job options of a queue (attempts, backoff, retention); set before the first relay. */
    registerQueue(name: string, options: DefaultJobOptions) {
      queueOptions.set(name, options);
      // Registered again with other settings (a module re-created with other options): a fresh queue.
      const existing = queues.get(name);
      if (existing) {
        queues.delete(name);
        void existing.close().catch(() => undefined);
      }
    },

    /** A collection whose documents carry an outbox (its model used withOutbox). */
    registerSource(collectionName: string) {
      source(collectionName);
    },

    /**
     * Right after a change was written: relays that document's entries. Never throws — the change is
     * stored, and what could not be relayed now stays in the outbox for `relayPending`.
     */
    async relay(collectionName: string, docId: unknown): Promise<number> {
      const repo = source(collectionName);
      try {
        return await relayEntries(repo, docId, await repo.entriesOf(docId));
      } catch (err) {
        deps.logger.warn(
          { collection: collectionName, docId: String(docId), err: (err as Error).message },
          'outbox: relay deferred',
        );
        return 0;
      }
    },

    /** Every pending entry of every registered collection (start-up and the periodic sweep). */
    async relayPending(): Promise<number> {
      let relayed = 0;
      for (const repo of sources.values()) {
        let after: unknown;
        for (;;) {
          const page = await repo.pending(PAGE, after);
          for (const { docId, entries } of page) relayed += await relayEntries(repo, docId, entries);
          if (page.length < PAGE) break;
          after = page[page.length - 1]!.docId;
        }
      }
      if (relayed > 0) deps.logger.info({ relayed }, 'outbox: pending entries relayed');
      return relayed;
    },

    /** Runs relayPending now and every `periodMs` until the returned stop() (errors are logged). */
    start(periodMs: number) {
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      let running: Promise<unknown> = Promise.resolve();
      const tick = () => {
        running = this.relayPending()
          .catch((err: Error) => deps.logger.warn({ err: err.message }, 'outbox: sweep failed'))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, periodMs);
          });
      };
      tick();
      return {
        async close() {
          stopped = true;
          if (timer) clearTimeout(timer);
          await running;
        },
      };
    },

    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}
export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
