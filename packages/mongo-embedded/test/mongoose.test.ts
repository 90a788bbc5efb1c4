import mongoose, { Schema, type Connection, type Types } from 'mongoose';
import { startTarget, type TestTarget } from './helpers/target';

interface User {
  email: string;
  name?: string;
  createdAt?: Date;
  updatedAt?: Date;
}
interface Session {
  title: string;
  seats: number;
  capacity: number;
  startsAt: Date;
  host?: Types.ObjectId;
}

let t: TestTarget;
let conn: Connection;
const userSchema = new Schema<User>(
  { email: { type: String, required: true, unique: true }, name: String },
  { timestamps: true },
);
const sessionSchema = new Schema<Session>({
  title: String,
  seats: { type: Number, default: 0 },
  capacity: Number,
  startsAt: Date,
  host: { type: Schema.Types.ObjectId, ref: 'User' },
});

beforeAll(async () => {
  t = await startTarget('mongoose');
  conn = await mongoose.createConnection(t.uri, { dbName: t.dbName }).asPromise();
  conn.model<User>('User', userSchema);
  conn.model<Session>('Session', sessionSchema);
  await conn.model('User').init(); // createCollection + createIndexes, like app start-up
});
afterAll(async () => {
  await conn.close();
  await t.stop();
});

const Users = () => conn.model<User>('User');
const Sessions = () => conn.model<Session>('Session');

it('creates documents with ObjectId _id and timestamps, and finds them back', async () => {
  const u = await Users().create({ email: 'ann@example.com', name: 'Ann' });
  const found = await Users().findById(u._id).lean();
  expect(found?.email).toBe('ann@example.com');
  expect(found?.createdAt).toBeInstanceOf(Date);
  expect(String(found?._id)).toBe(String(u._id));
});

it('unique index violation surfaces as code 11000 with keyValue', async () => {
  await Users().create({ email: 'dup@example.com' });
  const err = await Users()
    .create({ email: 'dup@example.com' })
    .then(
      () => undefined,
      (e: unknown) => e as { code?: number; keyValue?: unknown; keyPattern?: unknown },
    );
  expect(err?.code).toBe(11000);
  expect(err?.keyValue).toEqual({ email: 'dup@example.com' });
  expect(err?.keyPattern).toEqual({ email: 1 });
});

it('init is idempotent (NamespaceExists and existing indexes are tolerated)', async () => {
  await Users().init();
  await Users().createCollection();
  await Users().syncIndexes();
  const indexes = await Users().listIndexes();
  expect(indexes.map((i) => i.name)).toContain('email_1');
});

it('countDocuments, estimatedDocumentCount, sort and date queries', async () => {
  const base = new Date('2030-01-01T00:00:00Z');
  await Sessions().insertMany(
    Array.from({ length: 5 }, (_, i) => ({
      title: `s${i}`,
      capacity: 10,
      startsAt: new Date(base.getTime() + i * 86_400_000),
    })),
  );
  expect(
    await Sessions().countDocuments({ startsAt: { $gte: new Date(base.getTime() + 2 * 86_400_000) } }),
  ).toBe(3);
  expect(await Sessions().estimatedDocumentCount()).toBe(5);
  const latest = await Sessions().find().sort({ startsAt: -1 }).limit(2).lean();
  expect(latest.map((s) => s.title)).toEqual(['s4', 's3']);
});

it('upsert with timestamps uses $setOnInsert', async () => {
  const doc = await Users()
    .findOneAndUpdate(
      { email: 'new@example.com' },
      { $set: { name: 'New' } },
      { upsert: true, returnDocument: 'after' },
    )
    .lean();
  expect(doc).toMatchObject({ email: 'new@example.com', name: 'New' });
  expect(doc?.createdAt).toBeInstanceOf(Date);
  const again = await Users()
    .findOneAndUpdate(
      { email: 'new@example.com' },
      { $set: { name: 'Renamed' } },
      { upsert: true, returnDocument: 'after' },
    )
    .lean();
  expect(again?.createdAt?.getTime()).toBe(doc?.createdAt?.getTime());
  expect(again?.name).toBe('Renamed');
});

it('populate resolves references by _id', async () => {
  const host = await Users().create({ email: 'host@example.com' });
  await Sessions().create({ title: 'hosted', capacity: 1, startsAt: new Date(), host: host._id });
  const s = await Sessions().findOne({ title: 'hosted' }).populate<{ host: User }>('host').lean();
  expect(s?.host.email).toBe('host@example.com');
});

it('1,000 concurrent conditional $inc on capacity 50 give exactly 50 successes', async () => {
  const { _id } = await Sessions().create({ title: 'race', capacity: 50, seats: 0, startsAt: new Date() });
  const attempts = Array.from({ length: 1000 }, () =>
    Sessions()
      .findOneAndUpdate({ _id, seats: { $lt: 50 } }, { $inc: { seats: 1 } }, { returnDocument: 'after' })
      .lean(),
  );
  const results = await Promise.all(attempts);
  expect(results.filter((r) => r !== null)).toHaveLength(50);
  expect((await Sessions().findById(_id).lean())?.seats).toBe(50);
});

it('deleteMany and updateMany through models', async () => {
  await Sessions().updateMany({ capacity: 10 }, { $set: { capacity: 20 } });
  expect(await Sessions().countDocuments({ capacity: 20 })).toBe(5);
  const res = await Sessions().deleteMany({ capacity: 20 });
  expect(res.deletedCount).toBe(5);
});

it('aggregate through a model', async () => {
  const res = await Users().aggregate<{ _id: null; n: number }>([
    { $match: { email: /example\.com$/ } },
    { $group: { _id: null, n: { $sum: 1 } } },
  ]);
  expect(res[0].n).toBeGreaterThanOrEqual(4);
});
