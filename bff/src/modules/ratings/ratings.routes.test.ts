import { Queue } from 'bullmq';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { eventually } from '../../../test/support/eventually';
import { addWorkingDays, todayInChina } from '../calendar';
import { person, publishItem } from '../cases/testing/case-fixtures';
import { bullPrefix, outboxOf } from '../notifications';
import { ratingsOf } from './ratings.module';
import { RATINGS_QUEUE } from './services/rating-jobs';
import { bookingOf, completedCase } from './testing/rating-fixtures';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 1),
]);
const DAY = 86_400_000;

let env: TestEnv;
let itemCode: string;
let applicant: Awaited<ReturnType<typeof person>>;
let stranger: Awaited<ReturnType<typeof person>>;
let lead: Awaited<ReturnType<typeof person>>;
let lead2: Awaited<ReturnType<typeof person>>;
let otherStaff: Awaited<ReturnType<typeof person>>;
let supervisor: Awaited<ReturnType<typeof person>>;
/** The ratings module's clock: real time plus this offset. */
let offset = 0;
const clock = () => new Date(Date.now() + offset);

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  ratingsOf(env.deps, { now: clock, cacheMs: 0 });
  itemCode = await publishItem(env.deps, {
    name: '食品经营许可',
    departmentCode: 'dept-rt',
    guide: { halls: [{ hallCode: 'HALL-RT', windows: [] }], promisedLimitDays: 5 },
  });
  applicant = await person(env.deps, 'citizen');
  stranger = await person(env.deps, 'citizen');
  lead = await person(env.deps, 'staff', { department: 'dept-rt', halls: [] });
  lead2 = await person(env.deps, 'staff', { department: 'dept-rt', halls: [] });
  otherStaff = await person(env.deps, 'staff', { department: 'dept-other', halls: [] });
  supervisor = await person(env.deps, 'supervisor');
});
afterEach(() => {
  offset = 0;
});
afterAll(async () => {
  await outboxOf(env.deps).close();
  await env.close();
});

const api = () => request(env.callback);
const as = (who: { header: string }) => ({
  get: (path: string) => api().get(path).set('Authorization', who.header),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', who.header).send(body),
});
const newCase = () => completedCase(env.deps, applicant.principal, lead.principal, itemCode);
const rate = (
  id: string,
  body: { level?: string; [k: string]: unknown } = {},
  kind = 'case',
  who = applicant,
) =>
  as(who).post('/api/ratings', {
    kind,
    id,
    ...(body.level ? {} : { level: 'satisfied', reasons: ['one_visit'] }),
    ...body,
  });

describe('rating a case', () => {
  it('only once it is over; once per service; the second tap answers the first; others get 404', async () => {
    const { casesOf } = await import('../cases/cases.module');
    const { fileCase } = await import('../cases/testing/case-fixtures');
    const open = await fileCase(env.deps, applicant.principal, itemCode);
    const early = await rate(open.id);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('RATING_SERVICE_NOT_OVER');
    expect(early.body.error.message).toMatch(/尚未结束/);
    const card = await as(applicant).get(`/api/ratings/services/case/${open.id}`);
    expect(card.body).toMatchObject({ canRate: false, blocked: 'not_over' });

    const id = await newCase();
    expect((await as(applicant).get(`/api/ratings/services/case/${id}`)).body).toMatchObject({
      canRate: true,
      round: 1,
    });
    expect((await rate(id, {}, 'case', stranger)).status).toBe(404);
    expect((await as(stranger).get(`/api/ratings/services/case/${id}`)).status).toBe(404);

    const first = await rate(id, { comment: '一次办成，电话 13812345678 联系过我', showComment: true });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'case',
      serviceId: id,
      round: 1,
      level: 'satisfied',
      levelLabel: '满意',
      reasons: [{ code: 'one_visit', label: '一次办成' }],
      served: { itemCode, department: 'dept-rt', hallCode: 'HALL-RT' },
    });
    expect(first.body.served.staffName).toBeDefined();
    const again = await rate(id, { level: 'very_dissatisfied', reasons: [] });
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.level).toBe('satisfied');
    const mine = await as(applicant).get('/api/ratings/mine');
    expect(mine.body.items.filter((r: { serviceId: string }) => r.serviceId === id)).toHaveLength(1);
    expect(casesOf(env.deps)).toBeDefined();
  });

  it('two taps at once make one rating (unique index), both answered with it', async () => {
    const id = await newCase();
    const answers = await Promise.all(Array.from({ length: 6 }, () => rate(id)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await ratingsOf(env.deps).repos.ratings.model.countDocuments({ serviceId: id })).toBe(1);
  });

  it('bad input gets the Chinese envelope and changes nothing', async () => {
    const id = await newCase();
    const bad = [
      { level: 'level6' },
      { level: 'satisfied', reasons: ['many_trips'] },
      { comment: '好'.repeat(501) },
      { showComment: 'yes' },
      { kind: 'parcel' },
    ];
    for (const body of bad) {
      const res = await rate(id, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error)).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await rate(id, { id: 'not-an-id' })).status).toBe(400);
    expect(await ratingsOf(env.deps).repos.ratings.model.countDocuments({ serviceId: id })).toBe(0);
    expect((await rate(id, { comment: '好'.repeat(500) })).status).toBe(201);
  });

  it('after the window (30 days from 办结) the service shows 未评价 and cannot be rated', async () => {
    const id = await newCase();
    offset = 30 * DAY + 60_000;
    const card = await as(applicant).get(`/api/ratings/services/case/${id}`);
    expect(card.body).toMatchObject({
      canRate: false,
      blocked: 'expired',
      blockedLabel: '已过评价期（未评价）',
    });
    const late = await rate(id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('RATING_WINDOW_CLOSED');
    const pending = await as(applicant).get('/api/ratings/pending');
    expect(pending.body.items.map((p: { serviceId: string }) => p.serviceId)).not.toContain(id);
    offset = 29 * DAY;
    expect(
      (await as(applicant).get('/api/ratings/pending')).body.items.map(
        (p: { serviceId: string }) => p.serviceId,
      ),
    ).toContain(id);
    expect((await rate(id)).status).toBe(201);
  });

  it('one addendum (追评) within 7 days', async () => {
    const id = await newCase();
    const rated = (await rate(id)).body;
    expect(rated.addendumUntil).toBeDefined();
    expect((await as(stranger).post(`/api/ratings/${rated.id}/addendum`, { text: '补充' })).status).toBe(404);
    const add = await as(applicant).post(`/api/ratings/${rated.id}/addendum`, { text: '后来又顺利领证了' });
    expect(add.status).toBe(200);
    expect(add.body.addendum.text).toBe('后来又顺利领证了');
    const twice = await as(applicant).post(`/api/ratings/${rated.id}/addendum`, { text: '再补充' });
    expect(twice.body.error.code).toBe('RATING_ADDENDUM_CLOSED');
    const other = (await rate(await newCase())).body;
    offset = 7 * DAY + 60_000;
    const late = await as(applicant).post(`/api/ratings/${other.id}/addendum`, { text: '太晚了' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('RATING_ADDENDUM_CLOSED');
  });
});

describe('invitations (订阅消息) when a service ends', () => {
  it('a case at 办结 and a check-in invite once, through the outbox; a rated service is not invited again', async () => {
    const { appointmentsOf } = await import('../appointments/appointments.runtime');
    const { identityOf } = await import('../auth/identity');
    const worker = ratingsOf(env.deps).startWorker();
    try {
      const openid = (await identityOf(env.deps).users.findById(applicant.principal.userId))!.wechatOpenId!;
      const invites = () =>
        env.deps.wechat.fake!.sentMessages({ touser: openid, templateId: 'rating-invite' });
      const already = invites().length;
      const id = await newCase();
      await eventually(async () => (invites().length > already ? true : undefined));
      const invitations = env.mongo.connection.collection('rating_invitations');
      expect(await invitations.countDocuments({ _id: `case:${id}` as never })).toBe(1);
      // An appointment checked in: the hook the check-in service calls.
      const bookingId = await bookingOf(env.deps, applicant.principal.userId, itemCode);
      const booking = await appointmentsOf(env.deps).appt.ctx.repos.bookings.findById(bookingId);
      await appointmentsOf(env.deps).appt.ctx.hooks.checkedIn!(booking!);
      await appointmentsOf(env.deps).appt.ctx.hooks.checkedIn!(booking!);
      expect(await invitations.countDocuments({ _id: `appointment:${bookingId}` as never })).toBe(1);
      await eventually(async () => (invites().length > already + 1 ? true : undefined));
      // The job re-reads: a service rated meanwhile is not invited.
      await rate(bookingId, {}, 'appointment');
      expect(
        await ratingsOf(env.deps).runJob('invite', {
          kind: 'appointment',
          serviceId: bookingId,
          personId: applicant.principal.userId,
          title: 'x',
        }),
      ).toBe('stale');
    } finally {
      await worker.close();
    }
  });
});

describe('rating an appointment', () => {
  it('once checked in; tied to hall, window and the staff who checked in', async () => {
    const booked = await bookingOf(env.deps, applicant.principal.userId, itemCode, { status: 'booked' });
    expect((await rate(booked, {}, 'appointment')).body.error.code).toBe('RATING_SERVICE_NOT_OVER');
    const id = await bookingOf(env.deps, applicant.principal.userId, itemCode, {
      staffId: lead.principal.userId,
    });
    expect((await rate(id, {}, 'appointment', stranger)).status).toBe(404);
    const res = await rate(id, { level: 'basic', reasons: ['waited_long'] }, 'appointment');
    expect(res.status).toBe(201);
    expect(res.body.served).toMatchObject({
      itemCode,
      department: 'dept-rt',
      hallCode: 'HALL-RT',
      windowName: '综合受理',
    });
    const stored = await ratingsOf(env.deps).repos.ratings.findById(res.body.id);
    expect(stored?.served.staffId).toBe(lead.principal.userId);
    const staffMine = await as(lead).get('/api/staff/ratings?scope=mine');
    expect(staffMine.body.items.map((r: { id: string }) => r.id)).toContain(res.body.id);
  });

  it('consultation and complaint kinds are wired: an unknown id is 404 (see rating-adapters.routes.test.ts)', async () => {
    for (const kind of ['consultation', 'complaint']) {
      const res = await rate('0123456789abcdef01234567', {}, kind);
      expect(res.status).toBe(404);
    }
  });
});

describe('a bad rating is worked off', () => {
  it('不满意 → rectification → 回访 → 整改 with evidence → person told → 整改后评价 (both kept) → figure', async () => {
    const id = await newCase();
    const before = (await api().get(`/api/items/${itemCode}`)).body.satisfaction;
    const bad = await rate(id, {
      level: 'dissatisfied',
      reasons: ['many_trips', 'bad_attitude'],
      comment: '跑了三次',
    });
    expect(bad.status).toBe(201);
    expect(bad.body.rectification).toMatchObject({ status: 'awaiting_callback', statusLabel: '待回访' });
    const rectId = bad.body.rectification.id;

    // Deadlines by the calendar; two delayed jobs under ids derived from the record.
    const rect = await as(lead).get(`/api/staff/rectifications/${rectId}`);
    expect(rect.status).toBe(200);
    const today = todayInChina();
    expect(rect.body).toMatchObject({
      department: 'dept-rt',
      level: 'dissatisfied',
      callbackDueDate: addWorkingDays(today, 1),
      rectifyDueDate: addWorkingDays(today, 15),
      callbackOverdue: false,
      assignedToMe: false,
    });
    expect(JSON.stringify(rect.body)).not.toContain(applicant.principal.userId);
    const queue = new Queue(RATINGS_QUEUE, { connection: env.redis.client, prefix: bullPrefix(env.redis) });
    const job = await eventually(async () => (await queue.getJob(`rect-${rectId}-callback`)) ?? undefined);
    expect(job.delay).toBeGreaterThan(0);
    expect(await queue.getJob(`rect-${rectId}-rectify`)).toBeDefined();

    // Others do not see it; the queue lists it for the department.
    expect((await as(otherStaff).get(`/api/staff/rectifications/${rectId}`)).status).toBe(404);
    const list = await as(lead).get('/api/staff/rectifications?status=awaiting_callback');
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(rectId);

    // Identity: only the staff doing the 回访, audited.
    expect((await as(lead).post(`/api/staff/rectifications/${rectId}/contact`)).status).toBe(403);
    expect((await as(lead).post(`/api/staff/rectifications/${rectId}/claim`)).body.assignedToMe).toBe(true);
    expect((await as(lead2).post(`/api/staff/rectifications/${rectId}/claim`)).status).toBe(403);
    expect((await as(lead2).post(`/api/staff/rectifications/${rectId}/contact`)).status).toBe(403);
    const contact = await as(lead).post(`/api/staff/rectifications/${rectId}/contact`);
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ name: '张三丰', phone: '13812345678' });
    const audit = await as(supervisor).get('/api/audit?action=rectifications.contact');
    expect(JSON.stringify(audit.body)).toContain(rectId);

    // 回访, then 整改 with evidence.
    expect(
      (await as(lead).post(`/api/staff/rectifications/${rectId}/rectify`, { problem: 'x', actions: 'y' }))
        .body.error.code,
    ).toBe('RECTIFICATION_STATE_CONFLICT');
    const called = await as(lead).post(`/api/staff/rectifications/${rectId}/callback`, {
      reached: true,
      note: '已电话联系，群众反映材料要求前后不一致',
    });
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({
      status: 'awaiting_rectification',
      callback: { reached: true, onTime: true },
    });
    const upload = await api()
      .post(`/api/staff/rectifications/${rectId}/evidence`)
      .set('Authorization', lead.header)
      .attach('file', PNG, 'notice.png');
    expect(upload.status).toBe(201);
    const notPdf = await api()
      .post(`/api/staff/rectifications/${rectId}/evidence`)
      .set('Authorization', lead.header)
      .attach('file', Buffer.from('hello'), 'x.png');
    expect(notPdf.status).toBe(415);

    const worker = ratingsOf(env.deps).startWorker();
    try {
      const done = await as(lead).post(`/api/staff/rectifications/${rectId}/rectify`, {
        problem: '材料清单与窗口口径不一致',
        actions: '统一材料清单并培训窗口人员',
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'rectified', rectification: { onTime: true } });
      expect(done.body.rectification.evidence).toHaveLength(1);
      const file = await as(lead).get(done.body.rectification.evidence[0].url);
      expect(file.status).toBe(200);
      // The person is told by subscribe message.
      const openid = (await (
        await import('../auth/identity')
      )
        .identityOf(env.deps)
        .users.findById(applicant.principal.userId))!.wechatOpenId!;
      await eventually(async () => {
        const sent = env.deps.wechat.fake!.sentMessages({
          touser: openid,
          templateId: 'rectification-outcome',
        });
        return sent.length > 0 ? sent : undefined;
      });
    } finally {
      await worker.close();
      await queue.close();
    }

    // 整改后评价: offered, once; both ratings kept; the figure follows the latest.
    const pending = await as(applicant).get('/api/ratings/pending');
    expect(pending.body.items).toContainEqual(expect.objectContaining({ serviceId: id, round: 2 }));
    const again = await rate(id, { level: 'satisfied', reasons: ['proactive'] });
    expect(again.status).toBe(201);
    expect(again.body.round).toBe(2);
    expect((await rate(id, { level: 'very_satisfied', reasons: [] })).body.id).toBe(again.body.id);
    const card = await as(applicant).get(`/api/ratings/services/case/${id}`);
    expect(card.body.ratings.map((r: { round: number }) => r.round)).toEqual([1, 2]);
    expect(card.body).toMatchObject({ canRate: false, blocked: 'rated' });
    const after = (await api().get(`/api/items/${itemCode}`)).body.satisfaction;
    expect(after.count).toBe(before.count + 1);
    expect((await as(lead).get(`/api/staff/rectifications/${rectId}`)).body.reRating).toMatchObject({
      level: 'satisfied',
    });
  });

  it('overdue jobs flag a step still open at its deadline (controllable clock), never an early or finished one', async () => {
    const id = await newCase();
    const rectId = (await rate(id, { level: 'very_dissatisfied', reasons: ['overdue'] })).body.rectification
      .id;
    const run = ratingsOf(env.deps).runJob;
    expect(await run('callback-overdue', { rectificationId: rectId })).toBe('early');
    const stored = (await ratingsOf(env.deps).repos.rectifications.findById(rectId))!;
    offset = stored.callbackDueAt.getTime() - Date.now() + 1000;
    expect(await run('callback-overdue', { rectificationId: rectId })).toBe('flagged');
    expect(await run('callback-overdue', { rectificationId: rectId })).toBe('done-in-time');
    const flagged = await as(lead).get(`/api/staff/rectifications?overdue=true`);
    expect(flagged.body.items.find((r: { id: string }) => r.id === rectId)).toMatchObject({
      callbackOverdue: true,
    });
    // A late 回访 is recorded as not on time; the rectification done before its deadline is not flagged.
    const late = await as(lead).post(`/api/staff/rectifications/${rectId}/callback`, {
      reached: false,
      note: '未接通',
    });
    expect(late.body.callback.onTime).toBe(false);
    await as(lead).post(`/api/staff/rectifications/${rectId}/rectify`, {
      problem: '超时',
      actions: '增派人手',
    });
    offset = stored.rectifyDueAt.getTime() - Date.now() + 1000;
    expect(await run('rectify-overdue', { rectificationId: rectId })).toBe('done-in-time');
  });
});

describe('invalid marking and visibility', () => {
  it('a supervisor marks a malicious rating invalid: kept, audited, out of the figures', async () => {
    const id = await newCase();
    const rated = (
      await rate(id, { level: 'very_dissatisfied', reasons: ['bad_attitude'], comment: '骂人的话' })
    ).body;
    const before = (await as(supervisor).get(`/api/stats/ratings?by=item`)).body.rows.find(
      (r: { key: string }) => r.key === itemCode,
    );
    expect((await as(lead).post(`/api/staff/ratings/${rated.id}/invalid`, { reason: '恶意' })).status).toBe(
      403,
    );
    expect((await as(supervisor).post(`/api/staff/ratings/${rated.id}/invalid`, {})).status).toBe(400);
    const marked = await as(supervisor).post(`/api/staff/ratings/${rated.id}/invalid`, {
      reason: '与办件无关的恶意言论',
    });
    expect(marked.status).toBe(200);
    expect(marked.body.invalid.reason).toBe('与办件无关的恶意言论');
    expect(
      (await as(supervisor).post(`/api/staff/ratings/${rated.id}/invalid`, { reason: '再次' })).body.error
        .code,
    ).toBe('RATING_ALREADY_INVALID');
    const after = (await as(supervisor).get(`/api/stats/ratings?by=item`)).body.rows.find(
      (r: { key: string }) => r.key === itemCode,
    );
    expect(after.total).toBe(before.total - 1);
    expect(after.levels.very_dissatisfied).toBe(before.levels.very_dissatisfied - 1);
    expect(await ratingsOf(env.deps).repos.ratings.findById(rated.id)).not.toBeNull();
    const audit = await as(supervisor).get('/api/audit?action=ratings.invalid');
    expect(JSON.stringify(audit.body)).toContain(rated.id);
  });

  it('staff see their department’s ratings (masked, no rater) and their own; the public only allowed, masked comments', async () => {
    const id = await newCase();
    const rated = (await rate(id, { comment: '窗口很好，我的电话13900001111', showComment: true })).body;
    const dept = await as(lead2).get('/api/staff/ratings?scope=department');
    const row = dept.body.items.find((r: { id: string }) => r.id === rated.id);
    expect(row.comment).toContain('139******11');
    expect(JSON.stringify(row)).not.toContain(applicant.principal.userId);
    const other = await as(otherStaff).get('/api/staff/ratings?scope=department');
    expect(other.body.items.map((r: { id: string }) => r.id)).not.toContain(rated.id);
    const sup = await as(supervisor).get('/api/staff/ratings?scope=all');
    expect(sup.body.items.map((r: { id: string }) => r.id)).toContain(rated.id);
    expect((await as(applicant).get('/api/staff/ratings')).status).toBe(403);
    const item = await api().get(`/api/items/${itemCode}`);
    expect(item.body.satisfaction.days).toBe(90);
    const shown = JSON.stringify(item.body.satisfaction);
    expect(shown).not.toContain('13900001111');
    expect(shown).not.toContain('骂人的话');
  });
});
