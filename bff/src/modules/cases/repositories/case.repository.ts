import { mongo, Types, type Connection } from 'mongoose';
import type { CaseStatus } from '@app/shared';
import { findPage, type PageOptions } from '../../../infra/mongo/find-page';
import { putGridFile } from '../../../infra/mongo/grid-files';
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
  caseItemSettingsModel,
  caseModel,
  type CaseItemSettingsRecord,
  type CaseRecord,
} from '../models/case.model';
import {
  bumpingStats,
  stampedUnlessRebuilt,
  statsMark,
  type BulkInsertOptions,
} from '../../supervision/stats-changes';

export type NewCase = Omit<CaseRecord, '_id' | 'createdAt' | 'updatedAt'> & { _id?: Types.ObjectId };

/** A single-document update as the service builds it: `$set`, `$unset`, `$push`. */
export type CaseUpdate = RecordUpdate;

export function createCaseRepository(connection: Connection) {
  const Cases = caseModel(connection);
  const Settings = caseItemSettingsModel(connection);

  const repo = {
    model: Cases,

    /** Inserts a new case; `duplicate` when its number is taken (the counter lost its state). */
    async insert(doc: NewCase): Promise<CaseRecord | 'duplicate'> {
      try {
        return await insertStamped(Cases, { ...doc, ...statsMark() });
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate';
        throw err;
      }
    },

    /**
     * Many finished documents at once, as given (their own createdAt / updatedAt): the history seed
     * (`npm run seed:history`). Unordered: one bad document does not stop the batch.
     */
    async insertMany(docs: CaseRecord[], options: BulkInsertOptions = {}): Promise<void> {
      if (docs.length)
        await Cases.collection.insertMany(stampedUnlessRebuilt(docs, options) as never[], { ordered: false });
    },

    async findById(id: string): Promise<CaseRecord | null> {
      const _id = toObjectId(id);
      if (!_id) return null;
      return Cases.findById(_id).lean<CaseRecord>().exec();
    },

    async findByNumber(number: string): Promise<CaseRecord | null> {
      return Cases.findOne({ number }).lean<CaseRecord>().exec();
    },

    async findByTaskId(taskId: string): Promise<CaseRecord | null> {
      const _id = toObjectId(taskId);
      if (!_id) return null;
      return Cases.findOne({ 'tasks._id': _id }).lean<CaseRecord>().exec();
    },

    /** Who a case belongs to, for the access policy: a small projection. */
    async ownershipById(id: string) {
      const _id = toObjectId(id);
      if (!_id) return null;
      return Cases.findById(_id, { applicantId: 1, enterpriseId: 1, department: 1, halls: 1 })
        .lean<Pick<CaseRecord, 'applicantId' | 'enterpriseId' | 'department' | 'halls'>>()
        .exec();
    },

    /** Who may read the case's documents: applicant, enterprise, lead and parallel-task departments. */
    async documentOwnershipById(id: string) {
      const _id = toObjectId(id);
      if (!_id) return null;
      return Cases.findById(_id, { applicantId: 1, enterpriseId: 1, department: 1, 'tasks.department': 1 })
        .lean<
          Pick<CaseRecord, 'applicantId' | 'enterpriseId' | 'department'> & {
            tasks?: Array<{ department: string }>;
          }
        >()
        .exec();
    },

    async taskOwnership(taskId: string): Promise<{ department: string } | null> {
      const _id = toObjectId(taskId);
      if (!_id) return null;
      const doc = await Cases.findOne({ 'tasks._id': _id }, { tasks: 1 })
        .lean<Pick<CaseRecord, 'tasks'>>()
        .exec();
      const task = doc?.tasks.find((t) => t._id.equals(_id));
      return task ? { department: task.department } : null;
    },

    /**
     * The one write path of every state change: applies `update` only when the case still is what
     * the service decided on (`status` and `version`, plus any extra condition), bumping the version.
     * Null when somebody else changed it first (or it does not exist).
     */
    applyIf(
      id: Types.ObjectId,
      expect: StillExpected<CaseStatus>,
      update: CaseUpdate,
    ): Promise<CaseRecord | null> {
      return applyIfStill(Cases, id, expect, { ...update, $set: { ...update.$set, ...statsMark() } });
    },

    list(filter: Record<string, unknown>, options: PageOptions) {
      return findPage(Cases, filter, { timeline: 0, formFields: 0 }, options);
    },

    /** The applicant's own cases of one item in these statuses, newest first (ids only). */
    openOfApplicant(applicantId: string, itemCode: string, statuses: readonly CaseStatus[]) {
      return Cases.find({ applicantId, itemCode, status: { $in: statuses } }, { _id: 1 })
        .sort({ submittedAt: -1 })
        .lean<Array<Pick<CaseRecord, '_id'>>>()
        .exec();
    },

    /** Cases whose clock runs, with what the overdue statistics need. */
    activeForStats(statuses: readonly CaseStatus[]) {
      return Cases.find(
        { status: { $in: statuses } },
        { department: 1, status: 1, dueDate: 1, promisedLimitDays: 1, tasks: 1 },
      )
        .lean<
          Array<Pick<CaseRecord, '_id' | 'department' | 'status' | 'dueDate' | 'promisedLimitDays' | 'tasks'>>
        >()
        .exec();
    },

    /** The highest number given out on a day (prefix `JX-YYYYMMDD-`), to resynchronise the counter. */
    maxNumberWithPrefix(prefix: string): Promise<string | undefined> {
      return maxNumberWithPrefix(Cases, prefix);
    },

    async itemSettings(itemCode: string): Promise<CaseItemSettingsRecord | null> {
      return Settings.findOne({ itemCode }).lean<CaseItemSettingsRecord>().exec();
    },

    async setItemSettings(settings: CaseItemSettingsRecord): Promise<void> {
      await Settings.updateOne({ itemCode: settings.itemCode }, { $set: settings }, { upsert: true }).exec();
    },
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'cases', repo, ['insert', 'applyIf', 'insertMany']);
}
export type CaseRepository = ReturnType<typeof createCaseRepository>;

/**
 * Material files in GridFS (bucket `case_files`): reachable only through the case routes. Other
 * modules that keep uploads under the same rules (consultation pictures) pass their own bucket; the
 * `caseId` metadata then names their record.
 */
export function createCaseFileStore(connection: Connection, bucketName = 'case_files') {
  const bucket = () => new mongo.GridFSBucket(connection.db!, { bucketName });

  return {
    async put(
      data: Buffer,
      info: { filename: string; contentType: string; caseId: string },
    ): Promise<Types.ObjectId> {
      return putGridFile(bucket(), data, info.filename, {
        caseId: info.caseId,
        contentType: info.contentType,
      });
    },

    /** The file when it belongs to this case; undefined otherwise (nobody learns it exists). */
    async open(caseId: string, fileId: string) {
      const _id = toObjectId(fileId);
      if (!_id) return undefined;
      const [file] = await bucket().find({ _id, 'metadata.caseId': caseId }).limit(1).toArray();
      if (!file) return undefined;
      return {
        filename: file.filename,
        contentType: String(
          (file.metadata as { contentType?: string } | undefined)?.contentType ?? 'application/octet-stream',
        ),
        length: file.length,
        stream: () => bucket().openDownloadStream(_id),
      };
    },

    async removeById(fileId: string): Promise<void> {
      const _id = toObjectId(fileId);
      if (_id) await this.remove(_id);
    },

    async remove(fileId: Types.ObjectId): Promise<void> {
      await bucket()
        .delete(fileId)
        .catch(() => undefined);
    },
  };
}
export type CaseFileStore = ReturnType<typeof createCaseFileStore>;
