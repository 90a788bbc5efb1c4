import { mongo, Types, type Connection } from 'mongoose';
import type { ComplaintStatus } from '@app/shared';
import { findPage } from '../../../infra/mongo/find-page';
import { putGridFile } from '../../../infra/mongo/grid-files';
import { insertStamped, toObjectId, whileStill } from '../../../infra/mongo/versioned-records';
import { complaintModel, type ComplaintRecord } from '../models/complaint.model';
import { bumpingStats } from '../../supervision/stats-changes';

export type NewComplaint = Omit<ComplaintRecord, '_id' | 'createdAt' | 'updatedAt'>;

/** A single-document update as the services build it. */
export interface ComplaintUpdate {
  $set?: Record<string, unknown>;
  $unset?: Record<string, ''>;
  $push?: Record<string, unknown>;
  $inc?: Record<string, number>;
}

export interface ComplaintFilter {
  statuses?: ComplaintStatus[];
  filerOrEnterprises?: { filerId: string; enterpriseIds: string[] };
  department?: string;
  overdueBefore?: string;
  dueBetween?: { from: string; to: string };
  extensionPending?: boolean;
  /** The desk's queue: new and returned ones, and 延期 requests to decide. */
  deskQueue?: boolean;
  escalatedOrSupervised?: boolean;
}

function isDuplicateKey(err: unknown): { key?: string } | undefined {
  const e = err as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
  if (e?.code !== 11000) return undefined;
  const key = e.keyPattern
    ? Object.keys(e.keyPattern)[0]
    : /idemKey/.test(e.message ?? '')
      ? 'idemKey'
      : 'number';
  return { key };
}

function toQuery(f: ComplaintFilter): Record<string, unknown> {
  const and: Record<string, unknown>[] = [];
  if (f.statuses) and.push({ status: { $in: f.statuses } });
  if (f.filerOrEnterprises) {
    const { filerId, enterpriseIds } = f.filerOrEnterprises;
    and.push({
      $or: [{ filerId }, ...(enterpriseIds.length ? [{ enterpriseId: { $in: enterpriseIds } }] : [])],
    });
  }
  if (f.department)
    and.push({ $or: [{ leadDepartment: f.department }, { 'coDepartments.department': f.department }] });
  if (f.overdueBefore) and.push({ dueDate: { $lt: f.overdueBefore } });
  if (f.dueBetween) and.push({ dueDate: { $gte: f.dueBetween.from, $lte: f.dueBetween.to } });
  if (f.extensionPending) and.push({ 'extension.status': 'requested' });
  if (f.deskQueue)
    and.push({
      $or: [
        { status: { $in: ['submitted', 'accepted'] } },
        { status: 'handling', 'extension.status': 'requested' },
      ],
    });
  if (f.escalatedOrSupervised)
    and.push({
      $or: [
        { escalated: true },
        { overdueFor: { $exists: true } },
        { 'supervisions.answeredAt': null, 'supervisions.0': { $exists: true } },
      ],
    });
  return and.length === 0 ? {} : and.length === 1 ? and[0]! : { $and: and };
}

export function createComplaintRepository(connection: Connection) {
  const Complaints = complaintModel(connection);

  const repo = {
    model: Complaints,

    /** Inserts; `duplicate-idem` for a retried submission, `duplicate-number` when the number is taken. */
    async insert(
      doc: NewComplaint & { _id?: Types.ObjectId },
    ): Promise<ComplaintRecord | 'duplicate-idem' | 'duplicate-number'> {
      try {
        return await insertStamped(Complaints, doc);
      } catch (err) {
        const dup = isDuplicateKey(err);
        if (dup) return dup.key === 'idemKey' ? 'duplicate-idem' : 'duplicate-number';
        throw err;
      }
    },

    /** Many documents at once, written as given (the history seed, `npm run seed:history`). */
    async insertMany(docs: ComplaintRecord[]): Promise<void> {
      if (docs.length) await Complaints.collection.insertMany(docs as never[], { ordered: false });
    },

    async findById(id: string | Types.ObjectId): Promise<ComplaintRecord | null> {
      const _id = typeof id === 'string' ? toObjectId(id) : id;
      if (!_id) return null;
      return Complaints.findById(_id).lean<ComplaintRecord>().exec();
    },

    findByIdemKey(idemKey: string): Promise<ComplaintRecord | null> {
      return Complaints.findOne({ idemKey }).lean<ComplaintRecord>().exec();
    },

    async ownershipById(id: string) {
      const _id = toObjectId(id);
      if (!_id) return null;
      return Complaints.findById(_id, { filerId: 1, enterpriseId: 1, leadDepartment: 1, coDepartments: 1 })
        .lean<Pick<ComplaintRecord, 'filerId' | 'enterpriseId' | 'leadDepartment' | 'coDepartments'>>()
        .exec();
    },

    /**
     * THE write of every step: applies `update` only if the complaint is still in one of `statuses`
     * at `version` (bumping the version). null = illegal now or lost a race (the caller answers 409).
     */
    async update(
      id: Types.ObjectId,
      expect: { statuses: readonly ComplaintStatus[]; version?: number },
      update: ComplaintUpdate,
    ): Promise<ComplaintRecord | null> {
      const { $inc, ...rest } = update;
      return Complaints.findOneAndUpdate(
        whileStill(id, { status: expect.statuses, version: expect.version }),
        { ...rest, $inc: { ...$inc, version: 1 }, $currentDate: { updatedAt: true } } as never,
        { returnDocument: 'after' },
      )
        .lean<ComplaintRecord>()
        .exec();
    },

    list(filter: ComplaintFilter, page: number, pageSize: number, sort: Record<string, 1 | -1>) {
      return findPage(
        Complaints,
        toQuery(filter),
        { timeline: 0, outbox: 0 },
        { sort, skip: (page - 1) * pageSize, limit: pageSize },
      );
    },

    /** The person's complaints since `since` (repeat detection), newest first. */
    recentByFiler(filerId: string, since: Date, excludeId?: Types.ObjectId) {
      return Complaints.find(
        { filerId, filedAt: { $gte: since }, ...(excludeId ? { _id: { $ne: excludeId } } : {}) },
        { _id: 1, number: 1, subject: 1, leadDepartment: 1, filedAt: 1 },
      )
        .sort({ filedAt: -1 })
        .limit(200)
        .lean<Array<Pick<ComplaintRecord, '_id' | 'number' | 'subject' | 'leadDepartment' | 'filedAt'>>>()
        .exec();
    },

    async stats(today: string) {
      const [byStatus, repeat, overdue] = await Promise.all([
        Complaints.aggregate<{ _id: string; n: number }>([
          { $group: { _id: '$status', n: { $sum: 1 } } },
        ]).exec(),
        Complaints.countDocuments({ repeatOf: { $exists: true } }).exec(),
        Complaints.countDocuments({
          status: { $in: ['accepted', 'handling'] },
          dueDate: { $lt: today },
        }).exec(),
      ]);
      return { byStatus: Object.fromEntries(byStatus.map((r) => [r._id, r.n])), repeat, overdue };
    },

    /** The ratings hook: the person rated it (set once, the status and version stay as they are). */
    async markRated(id: string, at: Date): Promise<void> {
      const _id = toObjectId(id);
      if (_id)
        await Complaints.updateOne({ _id, ratedAt: { $exists: false } }, { $set: { ratedAt: at } }).exec();
    },

    countAll: () => Complaints.estimatedDocumentCount().exec(),
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'complaints', repo, ['insert', 'update', 'insertMany']);
}
export type ComplaintRepository = ReturnType<typeof createComplaintRepository>;

/** Pictures and PDFs of complaints (GridFS `complaint_files`): uploaded first, attached when filed. */
export function createComplaintFileStore(connection: Connection) {
  const bucket = () => new mongo.GridFSBucket(connection.db!, { bucketName: 'complaint_files' });
  const files = () => connection.db!.collection('complaint_files.files');

  return {
    async put(data: Buffer, info: { filename: string; contentType: string; uploaderId: string }) {
      return putGridFile(bucket(), data, info.filename, {
        uploaderId: info.uploaderId,
        contentType: info.contentType,
      });
    },

    /** The uploader's files not yet attached to a complaint, among `ids`. */
    async unattached(uploaderId: string, ids: string[]) {
      const _ids = ids.map(toObjectId).filter((x): x is Types.ObjectId => !!x);
      const found = await files()
        .find({ _id: { $in: _ids }, 'metadata.uploaderId': uploaderId, 'metadata.complaintId': null })
        .toArray();
      return found.map((f) => ({
        fileId: f._id as Types.ObjectId,
        filename: String(f.filename),
        contentType: String((f.metadata as { contentType?: string }).contentType),
        size: Number(f.length),
      }));
    },

    async attach(ids: Types.ObjectId[], complaintId: string): Promise<void> {
      if (ids.length === 0) return;
      await files().updateMany({ _id: { $in: ids } }, { $set: { 'metadata.complaintId': complaintId } });
    },

    /** The file when it belongs to this complaint; undefined otherwise. */
    async open(complaintId: string, fileId: string) {
      const _id = toObjectId(fileId);
      if (!_id) return undefined;
      const [file] = await bucket().find({ _id, 'metadata.complaintId': complaintId }).limit(1).toArray();
      if (!file) return undefined;
      return {
        filename: file.filename,
        contentType: String((file.metadata as { contentType?: string } | undefined)?.contentType),
        length: file.length,
        stream: () => bucket().openDownloadStream(_id),
      };
    },
  };
}
export type ComplaintFileStore = ReturnType<typeof createComplaintFileStore>;
