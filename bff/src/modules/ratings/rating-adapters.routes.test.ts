import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { eventually } from '../../../test/support/eventually';
import { person } from '../cases/testing/case-fixtures';
import { complaintsOf } from '../complaints/complaints.module';
import { insertComplaint, staffWith } from '../complaints/testing/complaint-fixtures';
import { consultationsOf } from '../consultations/consultations.module';
import {
  consultationItem,
  newKey,
  QUESTION,
  seedDepartments,
} from '../consultations/testing/consultation-fixtures';
import { outboxOf } from '../notifications';
import { ratingsOf } from './ratings.module';

/** The `consultation` and `complaint` rateable kinds, over their modules (answered / 办结). */
let env: TestEnv;
let itemCode: string;
type Who = Awaited<ReturnType<typeof person>>;
let asker: Who;
let stranger: Who;
let answerer: Who;
let handler: Who;
let followup: Who;

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  ratingsOf(env.deps, { cacheMs: 0 });
  await seedDepartments(env.deps);
  itemCode = await consultationItem(env.deps, 'dept-a');
  asker = await person(env.deps, 'citizen');
  stranger = await person(env.deps, 'citizen');
  answerer = await person(env.deps, 'staff', { department: 'dept-a', halls: [] });
  handler = await staffWith(env.deps, 'dept-a', ['complaint_handling']);
  followup = await staffWith(env.deps, 'dept-other', ['complaint_followup']);
});
afterAll(async () => {
  await outboxOf(env.deps).close();
  await env.close();
});

const api = () => request(env.callback);
const as = (who: Who) => ({
  get: (path: string) => api().get(path).set('Authorization', who.header),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', who.header).send(body),
});
const rate = (kind: string, id: string, who: Who = asker) =>
  as(who).post('/api/ratings', { kind, id, level: 'satisfied', reasons: ['one_visit'] });
const pendingIds = async (kind: string) =>
  ((await as(asker).get('/api/ratings/pending')).body.items as Array<{ kind: string; serviceId: string }>)
    .filter((p) => p.kind === kind)
    .map((p) => p.serviceId);
const invitations = () => env.mongo.connection.collection('rating_invitations');

describe('rating a consultation', () => {
  it('once answered, by its asker only; tied to the department and the staff who answered; in 待评价', async () => {
    const zx = consultationsOf(env.deps);
    const asked = await zx.ask.ask(
      asker.principal,
      { title: '营业执照补办', question: QUESTION, itemCode, callBack: false },
      newKey(),
    );
    const id = String(asked._id);
    const early = await rate('consultation', id);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('RATING_SERVICE_NOT_OVER');
    expect(await pendingIds('consultation')).not.toContain(id);

    await zx.staff.claim(answerer.principal, id);
    await zx.staff.answer(answerer.principal, id, { text: '带身份证原件到窗口办理即可。', links: [] });
    // The answer invites the asker once (the hook after the write, never awaited by it).
    await eventually(async () =>
      (await invitations().countDocuments({ _id: `consultation:${id}` as never })) === 1 ? true : undefined,
    );

    expect((await rate('consultation', id, stranger)).status).toBe(404);
    expect((await as(stranger).get(`/api/ratings/services/consultation/${id}`)).status).toBe(404);
    expect((await as(asker).get(`/api/ratings/services/consultation/${id}`)).body).toMatchObject({
      canRate: true,
      round: 1,
    });
    expect(await pendingIds('consultation')).toContain(id);

    const rated = await rate('consultation', id);
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({
      kind: 'consultation',
      serviceId: id,
      served: { itemCode, department: 'dept-a' },
    });
    // Staff names reach the person masked; the stored rating keeps who answered.
    const stored = await ratingsOf(env.deps).repos.ratings.findById(rated.body.id);
    expect(stored?.served.staffId).toBe(answerer.principal.userId);
    expect(stored?.served.staffName).toBeDefined();
    expect(stored?.endedAt.getTime()).toBe((await zx.repo.findById(id))!.firstAnsweredAt!.getTime());
    expect(await pendingIds('consultation')).not.toContain(id);
  });
});

describe('rating a complaint', () => {
  it('at 办结 only, by its filer only; tied to the lead department and who replied; ratedAt kept', async () => {
    const tickets = complaintsOf(env.deps);
    const made = await insertComplaint(env.deps, {
      filerId: asker.principal.userId,
      status: 'handling',
      leadDepartment: 'dept-a',
    });
    const id = String(made._id);
    const early = await rate('complaint', id);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('RATING_SERVICE_NOT_OVER');

    const replied = await tickets.desk.reply(handler.principal, id, {
      version: made.version,
      result: '已约谈窗口负责人。',
      reply: '已核实并整改窗口服务，感谢监督。',
    });
    expect((await rate('complaint', id)).body.error.code).toBe('RATING_SERVICE_NOT_OVER');
    await tickets.followup.attempt(followup.principal, id, {
      version: replied.after.version,
      method: 'phone',
      reached: true,
      verdict: 'satisfied',
    } as never);
    await eventually(async () =>
      (await invitations().countDocuments({ _id: `complaint:${id}` as never })) === 1 ? true : undefined,
    );

    expect((await rate('complaint', id, stranger)).status).toBe(404);
    expect(await pendingIds('complaint')).toContain(id);
    const before = await as(asker).get(`/api/complaints/${id}`);
    expect(before.body.rating).toEqual({ open: true, rated: false });

    const rated = await rate('complaint', id);
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ kind: 'complaint', serviceId: id, served: { department: 'dept-a' } });
    const stored = await ratingsOf(env.deps).repos.ratings.findById(rated.body.id);
    expect(stored?.served.staffId).toBe(handler.principal.userId);
    const after = await as(asker).get(`/api/complaints/${id}`);
    expect(after.body.rating).toEqual({ open: false, rated: true });
    expect(await pendingIds('complaint')).not.toContain(id);
    // A second tap answers the first rating and keeps the mark.
    expect((await rate('complaint', id)).body.id).toBe(rated.body.id);
  });

  it('a 举报 is not rated (its 回访 would reveal the whistleblower to the department)', async () => {
    const made = await insertComplaint(env.deps, {
      filerId: asker.principal.userId,
      status: 'closed',
      kind: 'report',
      leadDepartment: 'dept-a',
    });
    const id = String(made._id);
    expect((await rate('complaint', id)).status).toBe(404);
    expect(await pendingIds('complaint')).not.toContain(id);
    expect((await as(asker).get(`/api/complaints/${id}`)).body.rating).toEqual({ open: false, rated: false });
  });
});
