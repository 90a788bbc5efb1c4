import { mongo, Types, type Connection } from 'mongoose';
import type { RectificationStatus } from '@app/shared';
import {
  rectificationModel,
  type EvidenceFileRecord,
  type RectificationRecord,
} from '../models/rectification.model';
import { isDuplicateKey } from './mongo-errors';
import { bumpingStats } from '../../supervision/stats-changes';
import { putGridFile } from '../../../infra/mongo/grid-files';

export type NewRectification = Omit<RectificationRecord, 'createdAt' | 'updatedAt'>;

function toId(id: string | Types.ObjectId): Types.ObjectId | undefined {
  if (id instanceof Types.ObjectId) return id;
  return /^[0-9a-f]{24}$/.test(id) ? new Types.ObjectId(id) : undefined;
}

const MAX_EVIDENCE = 10;

/** The only code touching the `rectifications` collection. */
export function createRectificationRepository(connection: Connection) {
  const Rects = rectificationModel(connection);
  const repo = {
    model: Rects,

    async insert(doc: NewRectification): Promise<RectificationRecord | 'duplicate'> {
      try {
        const created = await Rects.create(doc);
        return created.toObject() as RectificationRecord;
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate';
        throw err;
      }
    },

    /** Demo seed only: rectifications written as given. */
    async insertMany(docs: RectificationRecord[]): Promise<void> {
      if (docs.length) await Rects.collection.insertMany(docs as never[], { ordered: false });
    },

    findById(id: string | Types.ObjectId) {
      const _id = toId(id);
      return _id ? Rects.findById(_id).lean<RectificationRecord>().exec() : Promise.resolve(null);
    },

    findByRating(ratingId: Types.ObjectId) {
      return Rects.findOne({ ratingId }).lean<RectificationRecord>().exec();
    },

    findByRatings(ratingIds: Types.ObjectId[]) {
      return Rects.find({ ratingId: { $in: ratingIds } })
        .lean<RectificationRecord[]>()
        .exec();
    },

    async ownership(id: string) {
      const _id = toId(id);
      if (!_id) return null;
      return Rects.findById(_id, { department: 1 }).lean<Pick<RectificationRecord, 'department'>>().exec();
    },

    list(filter: Record<string, unknown>, limit = 200) {
      return Rects.find(filter)
        .sort({ status: 1, callbackDueDate: 1, createdAt: 1 })
        .limit(limit)
        .lean<RectificationRecord[]>()
        .exec();
    },

    /** THE state change: one conditional update on (status, version); null when it lost or was illegal. */
    transition(
      id: Types.ObjectId,
      expect: { status: RectificationStatus | RectificationStatus[]; version: number },
      update: Record<string, unknown>,
    ) {
      const status = Array.isArray(expect.status) ? { $in: expect.status } : expect.status;
      const u = update as { $inc?: Record<string, number> };
      return Rects.findOneAndUpdate(
        { _id: id, status, version: expect.version },
        { ...update, $inc: { ...(u.$inc ?? {}), version: 1 } },
        { returnDocument: 'after' },
      )
        .lean<RectificationRecord>()
        .exec();
    },

    /** Claims the 回访 (first staff wins; claiming again is a no-op for the same person). */
    claim(id: Types.ObjectId, userId: string, name: string | undefined) {
      return Rects.findOneAndUpdate(
        { _id: id, $or: [{ assigneeId: { $exists: false } }, { assigneeId: userId }] },
        { $set: { assigneeId: userId, ...(name ? { assigneeName: name } : {}) }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      )
        .lean<RectificationRecord>()
        .exec();
    },

    /** The overdue job: sets the flag only while the step is still open at the deadline. */
    async flagOverdue(id: Types.ObjectId, step: 'callback' | 'rectify'): Promise<boolean> {
      const res = await Rects.updateOne(
        step === 'callback'
          ? { _id: id, status: 'awaiting_callback', callbackOverdue: false }
          : {
              _id: id,
              status: { $in: ['awaiting_callback', 'awaiting_rectification'] },
              rectifyOverdue: false,
            },
        { $set: { [step === 'callback' ? 'callbackOverdue' : 'rectifyOverdue']: true } },
      ).exec();
      return res.modifiedCount === 1;
    },

    addPendingEvidence(id: Types.ObjectId, file: EvidenceFileRecord) {
      return Rects.findOneAndUpdate(
        {
          _id: id,
          status: { $ne: 'rectified' },
          [`pendingEvidence.${MAX_EVIDENCE - 1}`]: { $exists: false },
        },
        { $push: { pendingEvidence: file } },
        { returnDocument: 'after' },
      )
        .lean<RectificationRecord>()
        .exec();
    },

    async setReRating(ratingId: Types.ObjectId, reRating: RectificationRecord['reRating']): Promise<void> {
      await Rects.updateOne({ ratingId }, { $set: { reRating } }).exec();
    },

    /** Rectification figures: by status, overdue, and on-time among the finished ones. */
    async figures(match: Record<string, unknown> = {}) {
      const [row] = await Rects.aggregate<{
        total: number;
        awaiting_callback: number;
        awaiting_rectification: number;
        rectified: number;
        overdue: number;
        onTime: number;
      }>([
        { $match: match },
        {
          $group: {
            _id: null,
            total: { $sum: 1 },
            awaiting_callback: { $sum: { $cond: [{ $eq: ['$status', 'awaiting_callback'] }, 1, 0] } },
            awaiting_rectification: {
              $sum: { $cond: [{ $eq: ['$status', 'awaiting_rectification'] }, 1, 0] },
            },
            rectified: { $sum: { $cond: [{ $eq: ['$status', 'rectified'] }, 1, 0] } },
            overdue: {
              $sum: { $cond: [{ $or: ['$callbackOverdue', '$rectifyOverdue'] }, 1, 0] },
            },
            onTime: {
              $sum: {
                $cond: [
                  {
                    $and: [
                      { $eq: ['$status', 'rectified'] },
                      { $eq: ['$callback.onTime', true] },
                      { $eq: ['$rectification.onTime', true] },
                    ],
                  },
                  1,
                  0,
                ],
              },
            },
          },
        },
      ]).exec();
      return row;
    },
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'ratings', repo, [
    'insert',
    'insertMany',
    'claim',
    'flagOverdue',
    'setReRating',
  ]);
}
export type RectificationRepository = ReturnType<typeof createRectificationRepository>;

/** Evidence files in GridFS (bucket `rectification_files`), reachable only through the rectification's routes. */
export function createEvidenceStore(connection: Connection) {
  const bucket = () => new mongo.GridFSBucket(connection.db!, { bucketName: 'rectification_files' });
  return {
    async put(data: Buffer, info: { filename: string; contentType: string; rectificationId: string }) {
      return putGridFile(bucket(), data, info.filename, {
        rectificationId: info.rectificationId,
        contentType: info.contentType,
      });
    },
    async open(rectificationId: string, fileId: string) {
      const _id = toId(fileId);
      if (!_id) return undefined;
      const [file] = await bucket()
        .find({ _id, 'metadata.rectificationId': rectificationId })
        .limit(1)
        .toArray();
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
  };
}
export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
