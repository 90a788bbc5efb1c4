import type { Connection } from 'mongoose';
import { serviceItemModel, type ServiceItemRecord } from '../models/service-item.model';
import { bumpingStats } from '../../supervision/stats-changes';

/** The imported part of an item: everything except publication state and popularity. */
export type ItemContent = Omit<
  ServiceItemRecord,
  'status' | 'publishedAt' | 'batch' | 'popularity' | 'createdAt' | 'updatedAt'
>;

export type ItemState = Pick<ServiceItemRecord, 'code' | 'contentHash' | 'status'>;

/** What the in-process search index keeps per published item (no guide). */
export type IndexedItem = Pick<
  ServiceItemRecord,
  | 'code'
  | 'name'
  | 'departmentCode'
  | 'departmentName'
  | 'kind'
  | 'level'
  | 'maxTrips'
  | 'onlineCapable'
  | 'themes'
  | 'aliases'
  | 'popularity'
  | 'search'
> & { promisedLimitDays: number };

const WRITE_BATCH = 500;
/** Above this many codes one pass over all items beats `$in` (and keeps the request small). */
const SCAN_THRESHOLD = 300;

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function createServiceItemRepository(connection: Connection) {
  const Item = serviceItemModel(connection);

  async function byCodes<T extends { code: string }>(
    codes: string[],
    projection: Record<string, 0 | 1>,
  ): Promise<T[]> {
    if (codes.length === 0) return [];
    if (codes.length <= SCAN_THRESHOLD) {
      return Item.find({ code: { $in: codes } }, projection)
        .lean<T[]>()
        .exec();
    }
    const wanted = new Set(codes);
    const all = await Item.find({}, projection).lean<T[]>().exec();
    return all.filter((doc) => wanted.has(doc.code));
  }

  async function pointUpdates(
    codes: string[],
    guard: Record<string, unknown>,
    set: Record<string, unknown>,
    unset?: Record<string, ''>,
  ) {
    for (let i = 0; i < codes.length; i += WRITE_BATCH) {
      const updatedAt = new Date();
      const ops = codes.slice(i, i + WRITE_BATCH).map((code) => ({
        updateOne: {
          filter: { code, ...guard },
          update: { $set: { ...set, updatedAt }, ...(unset ? { $unset: unset } : {}) },
        },
      }));
      if (ops.length > 0) await Item.collection.bulkWrite(ops, { ordered: false });
    }
  }

  const repo = {
      model: Item,

      findPublishedByCode(code: string) {
        return Item.findOne({ code, status: 'published' }, { _id: 0 }).lean<ServiceItemRecord>().exec();
      },

      findByCode(code: string) {
        return Item.findOne({ code }, { _id: 0 }).lean<ServiceItemRecord>().exec();
      },

      /** Publication state and content hash of the given items (see `byCodes` for the strategy). */
      findStates(codes: string[]): Promise<ItemState[]> {
        return byCodes<ItemState>(codes, { _id: 0, code: 1, contentHash: 1, status: 1 });
      },

      findByCodes(codes: string[]): Promise<ServiceItemRecord[]> {
        return byCodes<ServiceItemRecord>(codes, { _id: 0 });
      },

      /**
       * One single-document upsert per item (guide embedded): each item is written whole or not at all.
       * Rows were validated against the shared zod contract already, so the driver's bulkWrite is used
       * directly: mongoose re-casting 4,500 guides tripled the import time. Timestamps are set here.
       */
      async upsertContents(
        contents: ItemContent[],
        options: {
          onBatch?: (written: number) => void;
          /** State of items created by this write (default: draft). */
          insertAs?: { status: 'published'; batch: string; publishedAt: Date };
          initialPopularity?: Map<string, number>;
        } = {},
      ): Promise<void> {
        for (let i = 0; i < contents.length; i += WRITE_BATCH) {
          const batch = contents.slice(i, i + WRITE_BATCH);
          const now = new Date();
          await Item.collection.bulkWrite(
            batch.map((content) => ({
              updateOne: {
                filter: { code: content.code },
                update: {
                  $set: { ...withoutUndefined(content), updatedAt: now },
                  ...(content.tripsReason === undefined ? { $unset: { tripsReason: '' } } : {}),
                  $setOnInsert: {
                    ...(options.insertAs ?? { status: 'draft' }),
                    popularity: options.initialPopularity?.get(content.code) ?? 0,
                    createdAt: now,
                  },
                },
                upsert: true,
              },
            })),
            { ordered: false },
          );
          options.onBatch?.(batch.length);
        }
      },

      /** Drafts among `codes` become published; one point update per item (uses the code index). */
      async setPublished(codes: string[], batch: string, publishedAt: Date): Promise<void> {
        await pointUpdates(codes, { status: 'draft' }, { status: 'published', batch, publishedAt });
      },

      async setDraft(codes: string[]): Promise<void> {
      await pointUpdates(codes, { status: 'published' }, { status: 'draft' }, { publishedAt: '', batch: '' });
      },

      loadPublishedForIndex(): Promise<IndexedItem[]> {
        return Item.aggregate<IndexedItem>([
          { $match: { status: 'published' } },
          {
            $project: {
              _id: 0,
              code: 1,
              name: 1,
              departmentCode: 1,
              departmentName: 1,
              kind: 1,
              level: 1,
              maxTrips: 1,
              onlineCapable: 1,
              themes: 1,
              aliases: 1,
              popularity: 1,
              search: 1,
              promisedLimitDays: '$guide.promisedLimitDays',
            },
          },
        ]).exec();
      },

      async incrementPopularity(counts: Map<string, number>): Promise<void> {
        if (counts.size === 0) return;
        const ops = Array.from(counts, ([code, n]) => ({
          updateOne: { filter: { code }, update: { $inc: { popularity: n } } },
        }));
        await Item.collection.bulkWrite(ops, { ordered: false });
      },

      /** Demo data only: sets view counts outright (idempotent, unlike the $inc of real views). */
      async setPopularity(counts: Map<string, number>): Promise<void> {
        const ops = Array.from(counts, ([code, popularity]) => ({
          updateOne: { filter: { code }, update: { $set: { popularity } } },
        }));
        for (let i = 0; i < ops.length; i += WRITE_BATCH) {
          await Item.collection.bulkWrite(ops.slice(i, i + WRITE_BATCH), { ordered: false });
        }
      },

      async isEmpty(): Promise<boolean> {
        return (await Item.findOne({}, { _id: 1 }).lean().exec()) === null;
      },
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'catalog', repo, ['upsertContents', 'setPublished', 'setDraft']);
}
export type ServiceItemRepository = ReturnType<typeof createServiceItemRepository>;
