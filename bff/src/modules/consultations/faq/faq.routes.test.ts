import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { person } from '../../cases/testing/case-fixtures';
import { consultationsOf } from '../consultations.module';
import { consultationItem, newKey, QUESTION, seedDepartments } from '../testing/consultation-fixtures';

type Who = Awaited<ReturnType<typeof person>>;
let env: TestEnv;
let itemCode: string;
let citizen: Who;
let citizen2: Who;
let staffA: Who;
let staffB: Who;
let supervisor: Who;

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  consultationsOf(env.deps, { faqTrustMs: 0 });
  await seedDepartments(env.deps);
  itemCode = await consultationItem(env.deps, 'dept-a');
  citizen = await person(env.deps, 'citizen');
  citizen2 = await person(env.deps, 'citizen');
  staffA = await person(env.deps, 'staff', { department: 'dept-a' });
  staffB = await person(env.deps, 'staff', { department: 'dept-b' });
  supervisor = await person(env.deps, 'supervisor');
});
afterAll(() => env.close());

const api = () => request(env.callback);
const as = (who: { header: string }) => ({
  get: (path: string) => api().get(path).set('Authorization', who.header),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', who.header).send(body),
  put: (path: string, body: object = {}) => api().put(path).set('Authorization', who.header).send(body),
});

async function answeredConsultation(): Promise<string> {
  const asked = await api()
    .post('/api/consultations')
    .set('Authorization', citizen.header)
    .set('Idempotency-Key', newKey())
    .send({ title: '营业执照补办', question: QUESTION, itemCode });
  const id = asked.body.id as string;
  await as(staffA).post(`/api/staff/consultations/${id}/claim`).expect(200);
  await as(staffA)
    .post(`/api/staff/consultations/${id}/answer`, { text: '张三您好，可在线补办，电话 13812345678。' })
    .expect(200);
  return id;
}

const entry = {
  question: '营业执照丢失了如何补办？',
  answer: '可通过本小程序在线申请补办，无需到场；新执照可邮寄或到窗口领取。',
};

describe('publishing from an answer', () => {
  it('refuses personal data and a missing confirmation; publishes; search by Chinese, pinyin, initials, a sentence', async () => {
    const consultationId = await answeredConsultation();
    const noConfirm = await as(staffA).post('/api/faq', { ...entry, consultationId, items: [itemCode] });
    expect(noConfirm.status).toBe(400);
    expect(JSON.stringify(noConfirm.body.error.details)).toContain('请确认已去除个人信息');
    const personal = await as(staffA).post('/api/faq', {
      ...entry,
      answer: '可在线补办，或致电 13812345678 咨询。',
      consultationId,
      confirmNoPersonalData: true,
    });
    expect(personal.status).toBe(400);
    expect(personal.body.error.code).toBe('FAQ_PERSONAL_DATA');
    const badItem = await as(staffA).post('/api/faq', {
      ...entry,
      items: ['JX-NONE-0001'],
      confirmNoPersonalData: true,
    });
    expect(badItem.status).toBe(400);

    const created = await as(staffA).post('/api/faq', {
      ...entry,
      consultationId,
      items: [itemCode],
      departments: ['dept-a'],
      confirmNoPersonalData: true,
      publish: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'published',
      items: [{ code: itemCode, name: '营业执照补办' }],
      departments: [{ code: 'dept-a', name: '测试甲局' }],
    });
    const id = created.body.id as string;

    for (const q of ['营业执照', 'yingyezhizhao', 'yyzz', 'zhizhao', '我的营业执照丢失了怎么办']) {
      const res = await api().get(`/api/faq?q=${encodeURIComponent(q)}`);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      expect({ q, ids: res.body.items.map((e: { id: string }) => e.id) }).toEqual({ q, ids: [id] });
    }
    expect((await api().get('/api/faq?q=qwx')).body.items).toEqual([]);
    expect(
      (await api().get(`/api/faq?item=${itemCode}`)).body.items.map((e: { id: string }) => e.id),
    ).toEqual([id]);
    expect((await api().get('/api/faq?department=dept-b')).body.items).toEqual([]);
    expect((await api().get('/api/faq?q=' + 'x'.repeat(101))).status).toBe(400);
    expect((await api().get('/api/faq?item=坏编码')).status).toBe(400);

    // Views are counted; one vote per person.
    await api().get(`/api/faq/${id}`).expect(200);
    const viewed = await as(citizen).get(`/api/faq/${id}`);
    expect(viewed.body.views).toBe(2);
    const vote = await as(citizen).post(`/api/faq/${id}/vote`, { helpful: true });
    expect(vote.status).toBe(200);
    expect(vote.body).toMatchObject({ helpful: 1, notHelpful: 0, myVote: 'helpful' });
    const again = await as(citizen).post(`/api/faq/${id}/vote`, { helpful: false });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('FAQ_ALREADY_VOTED');
    const [x, y] = await Promise.all([
      as(citizen2).post(`/api/faq/${id}/vote`, { helpful: false }),
      as(citizen2).post(`/api/faq/${id}/vote`, { helpful: false }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect((await as(citizen).get(`/api/faq/${id}`)).body).toMatchObject({
      helpful: 1,
      notHelpful: 1,
      myVote: 'helpful',
    });
    expect((await as(citizen).post(`/api/faq/${id}/vote`, { helpful: 'yes' })).status).toBe(400);

    // Only the department's staff manage it; unpublishing hides it from the public.
    expect((await as(staffB).post(`/api/faq/${id}/unpublish`)).status).toBe(404);
    const off = await as(staffA).post(`/api/faq/${id}/unpublish`);
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('unpublished');
    expect((await as(staffA).post(`/api/faq/${id}/unpublish`)).status).toBe(409);
    expect((await api().get('/api/faq?q=yyzz')).body.items).toEqual([]);
    expect((await api().get(`/api/faq/${id}`)).status).toBe(404);
    expect((await as(staffA).get(`/api/faq/${id}`)).status).toBe(200);
    const edited = await as(staffA).put(`/api/faq/${id}`, {
      ...entry,
      question: '营业执照遗失怎样补办？',
      items: [itemCode],
      departments: ['dept-a'],
      confirmNoPersonalData: true,
    });
    expect(edited.status).toBe(200);
    await as(staffA).post(`/api/faq/${id}/publish`).expect(200);
    expect((await api().get('/api/faq?q=yishi')).body.items.map((e: { id: string }) => e.id)).toEqual([id]);

    const list = await as(staffA).get('/api/staff/faq');
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(id);
    expect(list.body.items.find((e: { id: string }) => e.id === id).sourceConsultationId).toBe(
      consultationId,
    );
    expect(
      (await as(staffB).get('/api/staff/faq')).body.items.map((e: { id: string }) => e.id),
    ).not.toContain(id);
  });
});

describe('answered before asking', () => {
  it('counts people who stopped because a suggestion answered them; supervisors read the figure', async () => {
    const before = (await as(supervisor).get('/api/faq/stats')).body.answeredBeforeAsking as number;
    const res = await as(citizen).post('/api/faq/answered-before-asking', { itemCode });
    expect(res.status).toBe(201);
    expect(res.body.answeredBeforeAsking).toBe(before + 1);
    expect((await as(citizen).post('/api/faq/answered-before-asking', { faqId: 'nope' })).status).toBe(400);
    const stats = await as(supervisor).get('/api/faq/stats');
    expect(stats.body).toMatchObject({ answeredBeforeAsking: before + 1 });
    expect(stats.body.published).toBeGreaterThanOrEqual(0);
    expect((await as(citizen).get('/api/faq/stats')).status).toBe(403);
    expect((await api().post('/api/faq/answered-before-asking').send({})).status).toBe(401);
  });
});
