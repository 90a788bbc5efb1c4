import { Queue } from 'bullmq';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { eventually } from '../../../test/support/eventually';
import { addWorkingDays, chinaDateTime, nextWorkingDay, todayInChina } from '../calendar';
import { identityOf } from '../auth/identity';
import { bullPrefix } from '../notifications';
import { fileCase, person, publishItem } from '../cases/testing/case-fixtures';
import { complaintsOf } from './complaints.module';
import { overdueJobId, warnJobId } from './services/complaint-deadlines';
import { staffWith, type Who } from './testing/complaint-fixtures';

/**
 * The loop over HTTP against the embedded engine and the real Redis: filing, 受理 → 交办 → 办理 →
 * 答复 → 回访 → 办结 with 退单, 延期, 重办 twice then the supervisors, 无法联系, deadlines as delayed
 * jobs, races, repeat detection and visibility.
 */
let env: TestEnv;
let clock: Date;
let queue: Queue;
let itemCode: string;
let citizen: Who;
let stranger: Who;
let desk: Who;
let desk2: Who;
let handler: Who;
let coHandler: Who;
let otherDept: Who;
let followup: Who;
let supervisor: Who;

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100, 1),
]);
/** A working day to run the clock from, whatever day the test runs. */
const DAY0 = nextWorkingDay(todayInChina());
const at = (date: string, time = '10:00') => chinaDateTime(date, time);

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  clock = at(DAY0);
  complaintsOf(env.deps, { now: () => clock });
  queue = new Queue('complaints', { connection: env.redis.client, prefix: bullPrefix(env.redis) });
  itemCode = await publishItem(env.deps, { name: '食品经营许可', departmentCode: 'dept-scjg' });
  citizen = await person(env.deps, 'citizen', { name: '李四光' });
  stranger = await person(env.deps, 'citizen');
  desk = await staffWith(env.deps, 'dept-center', ['complaint_dispatch']);
  desk2 = await staffWith(env.deps, 'dept-center', ['complaint_dispatch']);
  handler = await staffWith(env.deps, 'dept-scjg', ['complaint_handling']);
  coHandler = await staffWith(env.deps, 'dept-fire', ['complaint_handling']);
  otherDept = await staffWith(env.deps, 'dept-tax', ['complaint_handling']);
  followup = await staffWith(env.deps, 'dept-center', ['complaint_followup']);
  supervisor = await person(env.deps, 'supervisor');
});
afterAll(async () => {
  await queue.close();
  await env.close();
});

const api = () => request(env.callback);
const as = (who: { header: string }) => ({
  get: (path: string) => api().get(path).set('Authorization', who.header),
  post: (path: string, body: object = {}, key?: string) => {
    const req = api().post(path).set('Authorization', who.header);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  },
});
let keys = 0;
const key = () => `k-${Date.now()}-${++keys}`;
const S = (id: string, step: string) => `/api/staff/complaints/${id}/${step}`;

async function file(who: Who, body: object = {}) {
  const res = await as(who).post(
    '/api/complaints',
    {
      kind: 'complaint',
      subject: { kind: 'item', code: itemCode },
      description: '办理食品经营许可时窗口要求重复提交材料。',
      ...body,
    },
    key(),
  );
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; number: string };
}
async function step(who: Who, id: string, path: string, body: object, status = 200) {
  const version = (await as(desk).get(`/api/complaints/${id}`)).body.version;
  const res = await as(who).post(S(id, path), { version, ...body });
  expect({ path, status: res.status, body: res.status === status ? undefined : res.body }).toEqual({
    path,
    status,
    body: undefined,
  });
  return res.body;
}
async function dispatched(body: object = {}, co: string[] = []) {
  const c = await file(citizen, body);
  await step(desk, c.id, 'accept', {});
  await step(desk, c.id, 'dispatch', { leadDepartment: 'dept-scjg', coDepartments: co });
  return c.id;
}

describe('filing', () => {
  it('needs the real name for 投诉 and 建议; a 举报 may be anonymous; retries answer the same one', async () => {
    const unverified = await person(env.deps, 'citizen');
    await identityOf(env.deps)
      .users.update(unverified.user.id, { realNameAt: null } as never)
      .catch(() => undefined);
    const plain = await (async () => {
      const { createPerson, signIn } = await import('../auth/testing/identity-fixtures');
      const u = await createPerson(env.deps, 'citizen');
      return { header: (await signIn(env.deps, u)).header };
    })();
    const body = {
      kind: 'complaint',
      subject: { kind: 'free', text: '窗口' },
      description: '窗口工作人员长时间离岗无人办理。',
    };
    const refused = await as(plain).post('/api/complaints', body, key());
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('COMPLAINT_REAL_NAME_REQUIRED');
    const anon = await as(plain).post('/api/complaints', { ...body, kind: 'report', anonymous: true }, key());
    expect(anon.status).toBe(201);
    expect(anon.body.anonymous).toBe(true);
    expect(anon.body.contact).toBeUndefined();

    const k = key();
    const first = await as(citizen).post('/api/complaints', body, k);
    const again = await as(citizen).post('/api/complaints', body, k);
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const reused = await as(citizen).post(
      '/api/complaints',
      { ...body, description: '另一件完全不同的事情需要反映。' },
      k,
    );
    expect(reused.body.error.code).toBe('COMPLAINT_KEY_REUSED');
  });

  it('refuses bad input with the envelope and stores nothing', async () => {
    const before = await complaintsOf(env.deps).repo.model.countDocuments();
    const bad = [
      { kind: 'complaint', subject: { kind: 'free', text: '窗口' }, description: '太短' },
      { kind: 'praise', subject: { kind: 'free', text: '窗口' }, description: '这是一段足够长的描述文字。' },
      {
        kind: 'complaint',
        subject: { kind: 'free', text: '窗口' },
        description: '这是一段足够长的描述文字。',
        anonymous: true,
      },
      { kind: 'complaint', subject: { kind: 'case', id: 'nope' }, description: '这是一段足够长的描述文字。' },
      {
        kind: 'complaint',
        subject: { kind: 'free', text: '窗口' },
        description: '这是一段足够长的描述文字。',
        attachments: Array(6).fill('a'.repeat(24)),
      },
    ];
    for (const b of bad) {
      const res = await as(citizen).post('/api/complaints', b, key());
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const noKey = await as(citizen).post('/api/complaints', {
      kind: 'complaint',
      subject: { kind: 'free', text: '窗口' },
      description: '这是一段足够长的描述文字。',
    });
    expect(noKey.status).toBe(400);
    expect(await complaintsOf(env.deps).repo.model.countDocuments()).toBe(before);
  });

  it('subjects are the person’s own: another person’s case answers 404; attachments are uploaded first', async () => {
    const theirs = await fileCase(env.deps, stranger.principal, itemCode);
    const mine = await fileCase(env.deps, citizen.principal, itemCode);
    const desc = '办件审批进度缓慢，超过承诺时限仍未办结。';
    const denied = await as(citizen).post(
      '/api/complaints',
      { kind: 'complaint', subject: { kind: 'case', id: theirs.id }, description: desc },
      key(),
    );
    expect(denied.body.error.code).toBe('COMPLAINT_SUBJECT_NOT_FOUND');
    const up = await api()
      .post('/api/complaints/attachments')
      .set('Authorization', citizen.header)
      .attach('file', PNG, 'photo.png');
    expect(up.status).toBe(201);
    const res = await as(citizen).post(
      '/api/complaints',
      {
        kind: 'complaint',
        subject: { kind: 'case', id: mine.id },
        description: desc,
        attachments: [up.body.id],
      },
      key(),
    );
    expect(res.status).toBe(201);
    expect(res.body.subject.label).toContain(mine.number);
    expect(res.body.attachments).toHaveLength(1);
    const reuse = await as(citizen).post(
      '/api/complaints',
      {
        kind: 'complaint',
        subject: { kind: 'case', id: mine.id },
        description: desc,
        attachments: [up.body.id],
      },
      key(),
    );
    expect(reuse.body.error.code).toBe('COMPLAINT_ATTACHMENT_NOT_FOUND');
    const download = await as(citizen).get(`/api/complaints/${res.body.id}/attachments/${up.body.id}`);
    expect(download.status).toBe(200);
    const subjects = await as(citizen).get('/api/complaints/subjects');
    expect(subjects.body.cases.map((c: { id: string }) => c.id)).toContain(mine.id);
  });
});

describe('the loop', () => {
  it('受理 → 交办 with a co-department → 协办意见 → 答复 → 不满意 重办 twice → 督查 → 办结; the person sees every step', async () => {
    const id = await dispatched({}, ['dept-fire']);
    const blocked = await as(handler).post(S(id, 'reply'), {
      version: (await as(desk).get(`/api/complaints/${id}`)).body.version,
      result: '已核实',
      reply: '已整改',
    });
    expect(blocked.body.error.code).toBe('COMPLAINT_CO_PARTS_OPEN');
    await step(coHandler, id, 'co-part', { part: '消防部门已配合核查' });
    for (let round = 0; round < 3; round++) {
      await step(handler, id, 'reply', {
        result: `第 ${round + 1} 次办理结果`,
        reply: `第 ${round + 1} 次答复：已整改`,
      });
      const fb = await as(citizen).post(`/api/complaints/${id}/feedback`, { solved: false });
      expect(fb.status).toBe(200);
      const after = await step(followup, id, 'followups', {
        method: 'phone',
        reached: true,
        verdict: 'unsatisfied',
      });
      expect(after.status).toBe(round < 2 ? 'handling' : 'escalated');
      expect(after.redoCount).toBe(Math.min(round + 1, 2));
    }
    const supQueue = await as(supervisor).get('/api/staff/complaints?duty=supervision');
    expect(supQueue.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const closed = await step(supervisor, id, 'escalation', {
      decision: 'close',
      note: '经督查核实已依法处理',
    });
    expect(closed.status).toBe('closed');
    expect(closed.rating).toEqual({ open: true, rated: false });
    const mine = await as(citizen).get(`/api/complaints/${id}`);
    const kinds = mine.body.timeline.map((e: { kind: string }) => e.kind);
    for (const k of [
      'filed',
      'accepted',
      'dispatched',
      'replied',
      'feedback',
      'verdict',
      'redo',
      'escalated',
      'closed',
    ])
      expect(kinds).toContain(k);
    expect(kinds).not.toContain('co_part');
    // Subscribe messages at 受理, 答复 and 办结 went through the outbox to the queue.
    const notices = await eventually(async () => {
      const jobs = (await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).filter(
        (j) => j.name === 'notify' && j.data.complaintId === id,
      );
      return jobs.length >= 5 ? jobs : undefined;
    });
    expect(new Set(notices.map((j) => j.data.event))).toEqual(new Set(['accepted', 'replied', 'closed']));
  });

  it('退单 goes back to the desk with the clock running; re-dispatch keeps the due date', async () => {
    const id = await dispatched();
    const due = (await as(desk).get(`/api/complaints/${id}`)).body.dueDate;
    const back = await step(handler, id, 'return', { reason: '该事项由区级部门承办，不属于本部门' });
    expect(back.status).toBe('accepted');
    expect(back.dueDate).toBe(due);
    const deskQueue = await as(desk).get('/api/staff/complaints?duty=dispatch');
    expect(deskQueue.body.items.find((i: { id: string }) => i.id === id).flags.returned).toBe(true);
    const moved = await step(
      desk,
      id,
      'dispatch',
      { leadDepartment: 'dept-tax', dueDate: addWorkingDays(due, 3) },
      400,
    );
    expect(moved.error.code).toBe('COMPLAINT_DUE_DATE_INVALID');
    const again = await step(desk, id, 'dispatch', { leadDepartment: 'dept-tax' });
    expect(again.dueDate).toBe(due);
    expect((await as(handler).get(`/api/complaints/${id}`)).status).toBe(404);
  });

  it('延期 approved moves the due date once and moves the 80% and overdue jobs', async () => {
    const id = await dispatched();
    const before = (await as(desk).get(`/api/complaints/${id}`)).body;
    const oldWarn = warnJobId(id, 0, before.dueDate);
    await eventually(async () => (await queue.getJob(oldWarn)) ?? undefined);
    expect(await queue.getJob(overdueJobId(id, 0, before.dueDate))).toBeDefined();
    await step(handler, id, 'extension', { days: 5, reason: '需现场核查多家门店' });
    const approved = await step(desk, id, 'extension/decision', { approve: true });
    expect(approved.dueDate).toBe(addWorkingDays(before.dueDate, 5));
    await eventually(async () => ((await queue.getJob(oldWarn)) ? undefined : true));
    await eventually(async () => (await queue.getJob(warnJobId(id, 0, approved.dueDate))) ?? undefined);
    const overdue = await eventually(
      async () => (await queue.getJob(overdueJobId(id, 0, approved.dueDate))) ?? undefined,
    );
    expect(overdue!.timestamp + overdue!.delay).toBe(
      chinaDateTime(addWorkingDays(before.dueDate, 5), '00:00').getTime() + 86_400_000,
    );
    const twice = await step(handler, id, 'extension', { days: 2, reason: '还需要更多时间' }, 409);
    expect(twice.error.code).toBe('COMPLAINT_EXTENSION_USED');
  });

  it('the jobs flag at 80% and when overdue (controllable clock); a job for a moved due date does nothing', async () => {
    const id = await dispatched();
    const c = (await as(desk).get(`/api/complaints/${id}`)).body;
    const process = complaintsOf(env.deps).processJob;
    expect(await process({ kind: 'warn', complaintId: id, dueDate: '2000-01-03', round: 0 })).toBe('stale');
    expect(await process({ kind: 'warn', complaintId: id, dueDate: c.dueDate, round: 0 })).toBe('warn');
    expect(await process({ kind: 'warn', complaintId: id, dueDate: c.dueDate, round: 0 })).toBe(
      'done-before',
    );
    clock = at(nextWorkingDay(c.dueDate));
    try {
      expect(await process({ kind: 'overdue', complaintId: id, dueDate: c.dueDate, round: 0 })).toBe(
        'overdue',
      );
      const flagged = (
        await as(handler).get('/api/staff/complaints?duty=handling&due=overdue')
      ).body.items.find((i: { id: string }) => i.id === id);
      expect(flagged.flags).toMatchObject({ overdue: true, warned: true });
      const sup = await as(supervisor).get('/api/staff/complaints?duty=supervision');
      expect(sup.body.items.map((i: { id: string }) => i.id)).toContain(id);
    } finally {
      clock = at(DAY0);
    }
  });

  it('三次未联系上（不同工作日）→ 无法联系; a second failure the same day is refused', async () => {
    const id = await dispatched();
    await step(handler, id, 'reply', { result: '已核实', reply: '已整改到位' });
    const d1 = DAY0;
    const d2 = nextWorkingDay(d1);
    const d3 = nextWorkingDay(d2);
    try {
      clock = at(d1);
      await step(followup, id, 'followups', { method: 'phone', reached: false });
      const same = await step(followup, id, 'followups', { method: 'sms', reached: false }, 409);
      expect(same.error.code).toBe('COMPLAINT_ATTEMPT_SAME_DAY');
      clock = at(d2);
      expect((await step(followup, id, 'followups', { method: 'phone', reached: false })).status).toBe(
        'replied',
      );
      clock = at(d3);
      const last = await step(followup, id, 'followups', { method: 'phone', reached: false });
      expect(last.status).toBe('unreachable');
      expect(last.followups.map((f: { date: string }) => f.date)).toEqual([d1, d2, d3]);
    } finally {
      clock = at(DAY0);
    }
  });

  it('two desk staff accept at once: one wins, the other 409', async () => {
    const c = await file(citizen);
    const [a, b] = await Promise.all([
      as(desk).post(S(c.id, 'accept'), { version: c.version }),
      as(desk2).post(S(c.id, 'accept'), { version: c.version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const stale = await as(desk).post(S(c.id, 'reject'), {
      version: c.version,
      reason: 'other',
      note: '重复',
    });
    expect(stale.status).toBe(409);
  });
});

describe('visibility and duties', () => {
  it('the person, the desk, follow-up, the lead and co-departments reach it; anyone else 404', async () => {
    const id = await dispatched({}, ['dept-fire']);
    for (const who of [citizen, desk, followup, handler, coHandler, supervisor])
      expect((await as(who).get(`/api/complaints/${id}`)).status).toBe(200);
    for (const who of [stranger, otherDept]) {
      const res = await as(who).get(`/api/complaints/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const noDuty = await person(env.deps, 'staff', { department: 'dept-scjg', halls: [] });
    const refused = await as(noDuty).post(S(id, 'reply'), { version: 99, result: '结果', reply: '答复' });
    expect(refused.body.error.code).toBe('COMPLAINT_DUTY_REQUIRED');
    const deskOnly = await as(handler).get('/api/staff/complaints?duty=dispatch');
    expect(deskOnly.status).toBe(403);
  });

  it('a repeat complaint (same person, same item within 30 days) is linked and flagged', async () => {
    const first = await file(citizen);
    const second = await file(citizen, { description: '再次反映：食品经营许可窗口仍要求重复提交材料。' });
    const view = (await as(desk).get(`/api/complaints/${second.id}`)).body;
    expect(view.flags.repeat).toBe(true);
    expect(view.repeatOf.id).toBeDefined();
    expect(view.repeatOf.id).not.toBe(second.id);
    void first;
    // The figures are for a period (督查, issue 14): the complaints were filed on DAY0 (the clock above).
    const stats = await as(supervisor).get(`/api/stats/complaints?from=${todayInChina()}&to=${DAY0}`);
    expect(stats.body.repeat).toBeGreaterThan(0);
    expect(stats.body.repeatRate).toBeGreaterThan(0);
  });
});
