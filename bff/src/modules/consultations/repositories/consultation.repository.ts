import { Types, type Connection } from 'mongoose';
import type { ConsultationStatus } from '@app/shared';
import { findPage, type PageOptions } from '../../../infra/mongo/find-page';
import {
  applyIfStill,
  insertStamped,
  isDuplicateKey,
  maxNumberWithPrefix,
  toObjectId,
  type RecordUpdate,
  type StillExpected,
} from '../../../infra/mongo/versioned-records';
import {
  consultationModel,
  consultationSettingsModel,
  type ConsultationPictureRecord,
  type ConsultationRecord,
} from '../models/consultation.model';
import {
  bumpingStats,
  stampedUnlessRebuilt,
  statsMark,
  type BulkInsertOptions,
} from '../../supervision/stats-changes';

export type NewConsultation = Omit<ConsultationRecord, '_id' | 'createdAt' | 'updatedAt'>;

/** A single-document update as the service builds it. */
export type ConsultationUpdate = RecordUpdate;

export function createConsultationRepository(connection: Connection) {
  const Consultations = consultationModel(connection);
  const Settings = consultationSettingsModel(connection);

  const repo = {
    model: Consultations,

    /** Inserts; `duplicate-number` when the number is taken, `duplicate-key` for a reused Idempotency-Key. */
    async insert(
      doc: NewConsultation & { _id?: Types.ObjectId },
    ): Promise<ConsultationRecord | 'duplicate-number' | 'duplicate-key'> {
      try {
        return await insertStamped(Consultations, { ...doc, ...statsMark() });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const message = String((err as Error).message ?? '');
        return message.includes('idempotencyKey') ? 'duplicate-key' : 'duplicate-number';
      }
    },

    /** Many documents at once, written as given (the history seed, `npm run seed:history`). */
    async insertMany(docs: ConsultationRecord[], options: BulkInsertOptions = {}): Promise<void> {
      if (docs.length)
        await Consultations.collection.insertMany(stampedUnlessRebuilt(docs, options) as never[], {
          ordered: false,
        });
    },

    findByIdempotencyKey(askerId: string, key: string) {
      return Consultations.findOne({ askerId, idempotencyKey: key }).lean<ConsultationRecord>().exec();
    },

    async findById(id: string): Promise<ConsultationRecord | null> {
      const _id = toObjectId(id);
      return _id ? Consultations.findById(_id).lean<ConsultationRecord>().exec() : null;
    },

    findByNumber(number: string) {
      return Consultations.findOne({ number }, { _id: 1, number: 1 })
        .lean<Pick<ConsultationRecord, '_id' | 'number'>>()
        .exec();
    },

    async ownershipById(id: string) {
      const _id = toObjectId(id);
      if (!_id) return null;
      return Consultations.findById(_id, {
        askerId: 1,
        enterpriseId: 1,
        department: 1,
        departments: 1,
        viaDesk: 1,
      })
        .lean<
          Pick<ConsultationRecord, 'askerId' | 'enterpriseId' | 'department' | 'departments' | 'viaDesk'>
        >()
        .exec();
    },

    /**
     * The one write path of every state change: applies only when the record still is what the
     * service decided on (status, version, extra conditions), bumping the version. Null = lost race.
     */
    applyIf(
      id: Types.ObjectId,
      expect: StillExpected<ConsultationStatus>,
      update: ConsultationUpdate,
    ): Promise<ConsultationRecord | null> {
      return applyIfStill(Consultations, id, expect, {
        ...update,
        $set: { ...update.$set, ...statsMark() },
      });
    },

    /** Adds a picture while fewer than `max` are there (one conditional update). */
    pushPicture(
      id: Types.ObjectId,
      picture: ConsultationPictureRecord,
      max: number,
      statuses: readonly ConsultationStatus[],
    ) {
      return Consultations.findOneAndUpdate(
        { _id: id, status: { $in: statuses }, [`pictures.${max - 1}`]: { $exists: false } },
        { $push: { pictures: picture }, $set: { updatedAt: new Date() } },
        { returnDocument: 'after' },
      )
        .lean<ConsultationRecord>()
        .exec();
    },

    list(filter: Record<string, unknown>, options: PageOptions) {
      return findPage(Consultations, filter, { events: 0, outbox: 0 }, options);
    },

    count: (filter: Record<string, unknown>) => Consultations.countDocuments(filter).exec(),

    maxNumberWithPrefix(prefix: string): Promise<string | undefined> {
      return maxNumberWithPrefix(Consultations, prefix);
    },

    async limitDaysOf(department: string): Promise<number | undefined> {
      return (await Settings.findOne({ department }).lean().exec())?.limitDays;
    },

    async setLimitDays(department: string, limitDays: number): Promise<void> {
      await Settings.updateOne({ department }, { $set: { department, limitDays } }, { upsert: true }).exec();
    },
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'consultations', repo, ['insert', 'applyIf', 'insertMany']);
}
export type ConsultationRepository = ReturnType<typeof createConsultationRepository>;
