import { Types, type Connection } from 'mongoose';
import type { Role, StaffDuty } from '@app/shared';
import { userModel, type UserRecord } from '../models/user.model';

export type User = Omit<UserRecord, 'duties'> & { id: string; duties: StaffDuty[] };

function toUser(doc: UserRecord | null): User | undefined {
  if (!doc) return undefined;
  return { ...doc, id: String(doc._id), halls: doc.halls ?? [], duties: (doc.duties ?? []) as StaffDuty[] };
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

export interface NewAccount {
  role: Role;
  username: string;
  passwordHash: string;
  name: string;
  department?: string;
  halls: string[];
  duties: StaffDuty[];
}

export type UserPatch = Partial<
  Pick<
    UserRecord,
    | 'role'
    | 'status'
    | 'department'
    | 'halls'
    | 'duties'
    | 'name'
    | 'idNumberEnc'
    | 'idNumberHash'
    | 'idNumberMasked'
    | 'phoneEnc'
    | 'phoneHash'
    | 'phoneMasked'
    | 'realNameAt'
    | 'wechatUnionId'
  >
>;

export function createUserRepository(connection: Connection) {
  const Users = userModel(connection);
  return {
    async findById(id: string): Promise<User | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined;
      return toUser(await Users.findById(id).lean<UserRecord>());
    },
    /** Whether the person completed 实名信息: one indexed lookup, no document loaded (booking's hot path). */
    async hasRealName(id: string): Promise<boolean> {
      if (!Types.ObjectId.isValid(id)) return false;
      return (await Users.exists({ _id: id, realNameAt: { $ne: null } })) !== null;
    },
    async findByIds(ids: string[]): Promise<User[]> {
      const valid = ids.filter((id) => Types.ObjectId.isValid(id));
      const docs = await Users.find({ _id: { $in: valid } }).lean<UserRecord[]>();
      return docs.map((d) => toUser(d)!);
    },
    async findByUsername(username: string): Promise<User | undefined> {
      return toUser(await Users.findOne({ usernameKey: username.toLowerCase() }).lean<UserRecord>());
    },
    /** The WeChat user with this openid, created as a citizen on first login. */
    async upsertWechatUser(openid: string, unionid: string | undefined): Promise<User> {
      const set = unionid ? { wechatUnionId: unionid } : {};
      const filter = { wechatOpenId: openid };
      const update = { $setOnInsert: { role: 'citizen', status: 'active', halls: [] }, $set: set };
      try {
        const doc = await Users.findOneAndUpdate(filter, update, {
          upsert: true,
          returnDocument: 'after',
        }).lean<UserRecord>();
        return toUser(doc)!;
      } catch (err) {
        // Two first logins at once: the other one inserted; read it.
        if (!isDuplicateKey(err)) throw err;
        return toUser(
          await Users.findOneAndUpdate(filter, { $set: set }, { returnDocument: 'after' }).lean<UserRecord>(),
        )!;
      }
    },
    /** Undefined when the username is taken. */
    async createAccount(account: NewAccount): Promise<User | undefined> {
      try {
        const doc = await Users.create({
          ...account,
          usernameKey: account.username.toLowerCase(),
          status: 'active',
        });
        return toUser(doc.toObject() as UserRecord);
      } catch (err) {
        if (isDuplicateKey(err)) return undefined;
        throw err;
      }
    },
    async update(id: string, patch: UserPatch, unset: (keyof UserRecord)[] = []): Promise<User | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined;
      const update: Record<string, unknown> = { $set: patch };
      if (unset.length) update.$unset = Object.fromEntries(unset.map((k) => [k, 1]));
      return toUser(
        await Users.findByIdAndUpdate(id, update, { returnDocument: 'after' }).lean<UserRecord>(),
      );
    },
    /** Staff, supervisor and admin accounts whose name or user name contains `text` (the audit filter). */
    async findAccountIdsByName(text: string, limit = 200): Promise<string[]> {
      const pattern = { $regex: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
      const docs = await Users.find(
        { role: { $in: ['staff', 'supervisor', 'admin'] }, $or: [{ name: pattern }, { username: pattern }] },
        { _id: 1 },
      )
        .limit(limit)
        .lean<Array<{ _id: Types.ObjectId }>>();
      return docs.map((d) => d._id.toHexString());
    },
    async list(filter: { role?: Role; department?: string }, page: number, pageSize: number) {
      const query: Record<string, unknown> = {};
      if (filter.role) query.role = filter.role;
      if (filter.department) query.department = filter.department;
      const [docs, total] = await Promise.all([
        Users.find(query)
          .sort({ createdAt: -1, _id: -1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean<UserRecord[]>(),
        Users.countDocuments(query),
      ]);
      return { items: docs.map((d) => toUser(d)!), total };
    },
  };
}
export type UserRepository = ReturnType<typeof createUserRepository>;
