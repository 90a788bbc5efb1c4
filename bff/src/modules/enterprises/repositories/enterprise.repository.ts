import { Types, type Connection } from 'mongoose';
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
}

export interface Membership {
  id: string;
  enterpriseId: string;
  userId: string;
  role: 'admin' | 'member';
  status: 'pending' | 'active' | 'rejected';
  createdAt: Date;
}

const toEnterprise = (d: EnterpriseRecord): Enterprise => ({
  id: String(d._id),
  creditCode: d.creditCode,
  name: d.name,
  adminUserId: String(d.adminUserId),
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
      const update = { $setOnInsert: { creditCode, name, adminUserId: new Types.ObjectId(userId) } };
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
    async addMembership(m: Omit<Membership, 'id' | 'createdAt'>): Promise<Membership | undefined> {
      try {
        const doc = await Memberships.create(m);
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
    async membershipsOfUser(userId: string): Promise<Membership[]> {
      const docs = await Memberships.find({ userId }).sort({ createdAt: 1 }).lean<MembershipRecord[]>();
      return docs.map(toMembership);
    },
    async membersOf(enterpriseId: string): Promise<Membership[]> {
      const docs = await Memberships.find({ enterpriseId, status: { $ne: 'rejected' } })
        .sort({ createdAt: 1 })
        .lean<MembershipRecord[]>();
      return docs.map(toMembership);
    },
  };
}
export type EnterpriseRepository = ReturnType<typeof createEnterpriseRepository>;
