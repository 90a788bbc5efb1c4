import { Types, type Connection } from 'mongoose';
import type { OutboxEntryRecord } from '../../notifications';
import { pushOutbox } from '../../notifications';
import {
  enterpriseModel,
  membershipModel,
  type EnterpriseRecord,
  type MembershipRecord,
} from '../models/enterprise.model';

export interface Enterprise {
  id: string;
  creditCode: string;
  name: string;
  adminUserId: string;
  /** False until the first admin was verified from the business licence. */
  verified: boolean;
  licence?: EnterpriseLicence;
  createdAt: Date;
}

export interface EnterpriseLicence {
  fileId: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: Date;
}

export type MembershipStatus = 'pending' | 'active' | 'rejected' | 'removed';

export interface Membership {
  id: string;
  enterpriseId: string;
  userId: string;
  role: 'admin' | 'member';
  status: MembershipStatus;
  createdAt: Date;
}

const toEnterprise = (d: EnterpriseRecord): Enterprise => ({
  id: String(d._id),
  creditCode: d.creditCode,
  name: d.name,
  adminUserId: String(d.adminUserId),
  verified: d.status !== 'pending',
  ...(d.licence?.fileId
    ? {
        licence: {
          fileId: String(d.licence.fileId),
          filename: d.licence.filename ?? 'licence',
          contentType: d.licence.contentType ?? 'application/octet-stream',
          size: d.licence.size ?? 0,
          uploadedAt: d.licence.uploadedAt ?? new Date(0),
        },
      }
    : {}),
  createdAt: (d as { createdAt?: Date }).createdAt ?? new Date(0),
});

const toMembership = (d: MembershipRecord): Membership => ({
  id: String(d._id),
  enterpriseId: String(d.enterpriseId),
  userId: String(d.userId),
  role: d.role as Membership['role'],
  status: d.status as Membership['status'],
  createdAt: (d as { createdAt?: Date }).createdAt ?? new Date(0),
});

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

export function createEnterpriseRepository(connection: Connection) {
  const Enterprises = enterpriseModel(connection);
  const Memberships = membershipModel(connection);
  return {
    async findById(id: string): Promise<Enterprise | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined;
      const doc = await Enterprises.findById(id).lean<EnterpriseRecord>();
      return doc ? toEnterprise(doc) : undefined;
    },
    async findByIds(ids: string[]): Promise<Enterprise[]> {
      const docs = await Enterprises.find({
        _id: { $in: ids.filter((id) => Types.ObjectId.isValid(id)) },
      }).lean<EnterpriseRecord[]>();
      return docs.map(toEnterprise);
    },
    /**
     * The enterprise with this credit code, created with `userId` as admin when new. Atomic: of two
     * first binders at once, exactly one is the admin.
     */
    async findOrCreate(creditCode: string, name: string, userId: string): Promise<Enterprise> {
      const filter = { creditCode };
      const update = {
        $setOnInsert: { creditCode, name, adminUserId: new Types.ObjectId(userId), status: 'pending' },
      };
      for (let attempt = 0; ; attempt += 1) {
        try {
          const doc = await Enterprises.findOneAndUpdate(filter, update, {
            upsert: true,
            returnDocument: 'after',
          }).lean<EnterpriseRecord>();
          return toEnterprise(doc!);
        } catch (err) {
          if (!isDuplicateKey(err) || attempt > 0) throw err;
        }
      }
    },
    async findMembership(enterpriseId: string, userId: string): Promise<Membership | undefined> {
      if (!Types.ObjectId.isValid(enterpriseId) || !Types.ObjectId.isValid(userId)) return undefined;
      const doc = await Memberships.findOne({ enterpriseId, userId }).lean<MembershipRecord>();
      return doc ? toMembership(doc) : undefined;
    },
    /** Undefined when the person already has a membership of this enterprise. */
    async addMembership(
      m: Omit<Membership, 'id' | 'createdAt'>,
      outbox: OutboxEntryRecord[] = [],
    ): Promise<Membership | undefined> {
      try {
        const doc = await Memberships.create({ ...m, ...(outbox.length ? { outbox } : {}) });
        return toMembership(doc.toObject() as MembershipRecord);
      } catch (err) {
        if (isDuplicateKey(err)) return undefined;
        throw err;
      }
    },
    /** Moves a pending membership to `status`; undefined when it was not pending. */
    async decide(
      enterpriseId: string,
      userId: string,
      status: 'active' | 'rejected',
      decidedBy: string,
    ): Promise<Membership | undefined> {
      const doc = await Memberships.findOneAndUpdate(
        { enterpriseId, userId, status: 'pending' },
        { $set: { status, decidedBy: new Types.ObjectId(decidedBy), decidedAt: new Date() } },
        { returnDocument: 'after' },
      ).lean<MembershipRecord>();
      return doc ? toMembership(doc) : undefined;
    },
    /**
     * A removed or rejected person asks again: back to a pending member request (one conditional
     * update; undefined when the membership was not removed/rejected).
     */
    async reopenRequest(
      enterpriseId: string,
      userId: string,
      outbox: OutboxEntryRecord[],
    ): Promise<Membership | undefined> {
      const doc = await Memberships.findOneAndUpdate(
        { enterpriseId, userId, status: { $in: ['removed', 'rejected'] } },
        {
          $set: { status: 'pending', role: 'member', createdAt: new Date() },
          $unset: { decidedBy: '', decidedAt: '' },
          ...pushOutbox(outbox),
        },
        { returnDocument: 'after' },
      ).lean<MembershipRecord>();
      return doc ? toMembership(doc) : undefined;
    },
    /** One conditional update of a membership (status and/or role) from the given statuses/role. */
    async changeMembership(
      enterpriseId: string,
      userId: string,
      from: { status: MembershipStatus[]; role?: Membership['role'] },
      to: { status?: MembershipStatus; role?: Membership['role'] },
      by: string,
    ): Promise<Membership | undefined> {
      if (!Types.ObjectId.isValid(enterpriseId) || !Types.ObjectId.isValid(userId)) return undefined;
      const doc = await Memberships.findOneAndUpdate(
        { enterpriseId, userId, status: { $in: from.status }, ...(from.role ? { role: from.role } : {}) },
        { $set: { ...to, decidedBy: new Types.ObjectId(by), decidedAt: new Date() } },
        { returnDocument: 'after' },
      ).lean<MembershipRecord>();
      return doc ? toMembership(doc) : undefined;
    },
    async activeAdmins(enterpriseId: string): Promise<Membership[]> {
      const docs = await Memberships.find({ enterpriseId, role: 'admin', status: 'active' }).lean<
        MembershipRecord[]
      >();
      return docs.map(toMembership);
    },
    /** Join requests waiting, per enterprise (for the admins' badges). */
    async pendingCounts(enterpriseIds: string[]): Promise<Map<string, number>> {
      const counts = new Map<string, number>();
      if (enterpriseIds.length === 0) return counts;
      const docs = await Memberships.find(
        { enterpriseId: { $in: enterpriseIds.map((id) => new Types.ObjectId(id)) }, status: 'pending' },
        { enterpriseId: 1 },
      ).lean<Array<{ enterpriseId: Types.ObjectId }>>();
      for (const d of docs) counts.set(String(d.enterpriseId), (counts.get(String(d.enterpriseId)) ?? 0) + 1);
      return counts;
    },

    // ---------- first-admin verification ----------

    /** Records the licence picture while the enterprise is pending; answers the replaced file id. */
    async setLicence(
      enterpriseId: string,
      licence: EnterpriseLicence,
    ): Promise<{ replaced?: string } | undefined> {
      const before = await Enterprises.findOneAndUpdate(
        { _id: enterpriseId, status: 'pending' },
        { $set: { licence: { ...licence, fileId: new Types.ObjectId(licence.fileId) } } },
        { returnDocument: 'before' },
      ).lean<EnterpriseRecord>();
      if (!before) return undefined;
      return before.licence?.fileId ? { replaced: String(before.licence.fileId) } : {};
    },
    /** pending → verified (one conditional update); undefined when it was not pending. */
    async markVerified(enterpriseId: string, by: string): Promise<Enterprise | undefined> {
      const doc = await Enterprises.findOneAndUpdate(
        { _id: enterpriseId, status: 'pending' },
        { $set: { status: 'verified', verifiedBy: new Types.ObjectId(by), verifiedAt: new Date() } },
        { returnDocument: 'after' },
      ).lean<EnterpriseRecord>();
      return doc ? toEnterprise(doc) : undefined;
    },
    /** A refused claim: the pending enterprise and its memberships go, so the rightful company can bind. */
    async deletePending(enterpriseId: string): Promise<Enterprise | undefined> {
      const doc = await Enterprises.findOneAndDelete({
        _id: enterpriseId,
        status: 'pending',
      }).lean<EnterpriseRecord>();
      if (!doc) return undefined;
      await Memberships.deleteMany({ enterpriseId });
      return toEnterprise(doc);
    },
    async listPending(limit = 200): Promise<Enterprise[]> {
      const docs = await Enterprises.find({ status: 'pending' })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<EnterpriseRecord[]>();
      return docs.map(toEnterprise);
    },

    async membershipsOfUser(userId: string): Promise<Membership[]> {
      const docs = await Memberships.find({ userId }).sort({ createdAt: 1 }).lean<MembershipRecord[]>();
      return docs.map(toMembership);
    },
    async membersOf(enterpriseId: string): Promise<Membership[]> {
      const docs = await Memberships.find({ enterpriseId, status: { $in: ['pending', 'active'] } })
        .sort({ createdAt: 1 })
        .lean<MembershipRecord[]>();
      return docs.map(toMembership);
    },
  };
}
export type EnterpriseRepository = ReturnType<typeof createEnterpriseRepository>;
