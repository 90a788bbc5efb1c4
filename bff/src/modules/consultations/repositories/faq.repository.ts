import { Types, type Connection } from 'mongoose';
import type { FaqStatus } from '@app/shared';
import {
  faqDeflectionModel,
  faqEntryModel,
  faqVoteModel,
  type FaqDeflectionRecord,
  type FaqEntryRecord,
} from '../models/faq.model';
import { insertStamped, isDuplicateKey, toObjectId } from '../../../infra/mongo/versioned-records';
import { bumpingStats } from '../../supervision/stats-changes';

export type NewFaqEntry = Omit<FaqEntryRecord, '_id' | 'createdAt' | 'updatedAt'>;

export function createFaqRepository(connection: Connection) {
  const Faq = faqEntryModel(connection);
  const Votes = faqVoteModel(connection);
  const Deflections = faqDeflectionModel(connection);

  const repo = {
    model: Faq,

    insert(doc: NewFaqEntry): Promise<FaqEntryRecord> {
      return insertStamped(Faq, doc);
    },

    async insertMany(docs: NewFaqEntry[]): Promise<void> {
      const now = new Date();
      if (docs.length)
        await Faq.collection.insertMany(docs.map((d) => ({ ...d, createdAt: now, updatedAt: now })) as never);
    },

    async findById(id: string): Promise<FaqEntryRecord | null> {
      const _id = toObjectId(id);
      return _id ? Faq.findById(_id).lean<FaqEntryRecord>().exec() : null;
    },

    async ownershipById(id: string) {
      const _id = toObjectId(id);
      if (!_id) return null;
      return Faq.findById(_id, { departments: 1, createdBy: 1 })
        .lean<Pick<FaqEntryRecord, 'departments' | 'createdBy'>>()
        .exec();
    },

    /** One conditional update (status and version as read); null when somebody changed it first. */
    updateIf(
      id: Types.ObjectId,
      expect: { status?: FaqStatus[]; version?: number },
      set: Record<string, unknown>,
    ) {
      const filter: Record<string, unknown> = { _id: id };
      if (expect.status) filter.status = { $in: expect.status };
      if (expect.version !== undefined) filter.version = expect.version;
      return Faq.findOneAndUpdate(
        filter,
        { $set: { ...set, updatedAt: new Date() }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      )
        .lean<FaqEntryRecord>()
        .exec();
    },

    async incrementViews(id: Types.ObjectId): Promise<void> {
      await Faq.updateOne({ _id: id }, { $inc: { views: 1 } }).exec();
    },

    async incrementVotes(id: Types.ObjectId, helpful: boolean): Promise<void> {
      await Faq.updateOne({ _id: id }, { $inc: helpful ? { helpful: 1 } : { notHelpful: 1 } }).exec();
    },

    /** Published entries with what the search index needs (no counters: they change on every view). */
    published() {
      return Faq.find(
        { status: 'published' },
        {
          question: 1,
          answer: 1,
          items: 1,
          departments: 1,
          search: 1,
          status: 1,
          publishedAt: 1,
          helpful: 1,
          notHelpful: 1,
          views: 1,
        },
      )
        .lean<FaqEntryRecord[]>()
        .exec();
    },

    async list(filter: Record<string, unknown>, skip: number, limit: number) {
      const [items, total] = await Promise.all([
        Faq.find(filter).sort({ updatedAt: -1 }).skip(skip).limit(limit).lean<FaqEntryRecord[]>().exec(),
        Faq.countDocuments(filter).exec(),
      ]);
      return { items, total };
    },

    count: (filter: Record<string, unknown>) => Faq.countDocuments(filter).exec(),

    async totals() {
      const rows = await Faq.find({ status: 'published' }, { views: 1, helpful: 1, notHelpful: 1 })
        .lean<FaqEntryRecord[]>()
        .exec();
      return rows.reduce(
        (sum, r) => ({
          published: sum.published + 1,
          views: sum.views + (r.views ?? 0),
          helpful: sum.helpful + (r.helpful ?? 0),
          notHelpful: sum.notHelpful + (r.notHelpful ?? 0),
        }),
        { published: 0, views: 0, helpful: 0, notHelpful: 0 },
      );
    },

    /** One vote per person per entry: `duplicate` when they voted already (unique index). */
    async insertVote(faqId: string, userId: string, helpful: boolean): Promise<'ok' | 'duplicate'> {
      try {
        await Votes.collection.insertOne({ faqId, userId, helpful, at: new Date() } as never);
        return 'ok';
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate';
        throw err;
      }
    },

    async voteOf(faqId: string, userId: string) {
      return Votes.findOne({ faqId, userId }).lean().exec();
    },

    async insertDeflection(doc: FaqDeflectionRecord): Promise<void> {
      await Deflections.collection.insertOne({ ...doc } as never);
    },

    /** A past year's deflections at once (`npm run seed:history`). */
    async insertDeflections(docs: FaqDeflectionRecord[]): Promise<void> {
      if (docs.length) await Deflections.collection.insertMany(docs.map((d) => ({ ...d })) as never[]);
    },

    countDeflections: () => Deflections.countDocuments({}).exec(),
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'consultations', repo, ['insertDeflection', 'insertDeflections']);
}
export type FaqRepository = ReturnType<typeof createFaqRepository>;
