import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { eventually } from '../../../test/support/eventually';
import { identityOf } from '../auth/identity';
import { person } from '../cases/testing/case-fixtures';
import { consultationsOf } from './consultations.module';
import { consultationItem, newKey, QUESTION, seedDepartments } from './testing/consultation-fixtures';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 1),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 3)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 2)]);

type Who = Awaited<ReturnType<typeof person>>;
let env: TestEnv;
let itemCode: string;
let otherItem: string;
let citizen: Who;
let stranger: Who;
let staffA: Who;
let staffA2: Who;
let staffB: Who;
let desk: Who;
let supervisor: Who;

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  await seedDepartments(env.deps);
  itemCode = await consultationItem(env.deps, 'dept-a');
  otherItem = await consultationItem(env.deps, 'dept-b', '食品经营许可');
  citizen = await person(env.deps, 'citizen');
  stranger = await person(env.deps, 'citizen');
  staffA = await person(env.deps, 'staff', { department: 'dept-a', name: '王答复' } as never);
  staffA2 = await person(env.deps, 'staff', { department: 'dept-a' });
  staffB = await person(env.deps, 'staff', { department: 'dept-b' });
  desk = await person(env.deps, 'staff', { department: 'dept-other', duties: ['consultation_desk'] });
  supervisor = await person(env.deps, 'supervisor');
});
afterAll(() => env.close());

const api = () => request(env.callback);
const as = (who: { header: string }) => ({
  get: (path: string) => api().get(path).set('Authorization', who.header),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', who.header).send(body),
  put: (path: string, body: object = {}) => api().put(path).set('Authorization', who.header).send(body),
});

function ask(who: Who, body: object, key = newKey()) {
  return api()
    .post('/api/consultations')
    .set('Authorization', who.header)
    .set('Idempotency-Key', key)
    .send(body);
}

async function asked(body: object = {}, who: Who = citizen): Promise<string> {
  const res = await ask(who, { title: '营业执照补办', question: QUESTION, itemCode, ...body });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('the whole thread', () => {
  it('ask → queue → claim → answer (subscribe message) → follow-up → answer → resolve; audit; who answered', async () => {
    const worker = consultationsOf(env.deps).startWorker('tmpl-consult');
    try {
      const created = await ask(citizen, {
        title: '营业执照补办',
        question: QUESTION,
        itemCode,
        callBack: true,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'submitted',
        statusLabel: '待受理',
        itemName: '营业执照补办',
        department: 'dept-a',
        departmentName: '测试甲局',
        callBack: true,
        followUpsLeft: 3,
        allowedActions: [],
        clock: { limitDays: 3, paused: false, overdue: false },
      });
      expect(created.body.number).toMatch(/^ZX-\d{8}-\d{6}$/);
      const id = created.body.id as string;

      const mine = await as(citizen).get('/api/consultations/mine');
      expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(id);

      const queue = await as(staffA).get('/api/staff/consultations');
      expect(queue.status).toBe(200);
      expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(id);
      expect(
        (await as(staffB).get('/api/staff/consultations')).body.items.map((c: { id: string }) => c.id),
      ).not.toContain(id);

      const claimed = await as(staffA).post(`/api/staff/consultations/${id}/claim`, {});
      expect(claimed.status).toBe(200);
      expect(claimed.body).toMatchObject({ status: 'claimed', claimedByMe: true });
      expect(claimed.body.allowedActions).toEqual(
        expect.arrayContaining(['answer', 'request_info', 'transfer', 'close_duplicate']),
      );

      const answered = await as(staffA).post(`/api/staff/consultations/${id}/answer`, {
        text: '可在线申请补办，无需到场，材料见办事指南。',
        links: [itemCode],
      });
      expect(answered.status).toBe(200);
      expect(answered.body.status).toBe('answered');
      expect(answered.body.answeredBy).toBe(staffA.user.id);
      expect(answered.body.events.at(-1)).toMatchObject({
        kind: 'answered',
        links: [{ code: itemCode, name: '营业执照补办' }],
      });

      // The person sees it, staff name masked; ratings find who answered and when on the record.
      const seen = await as(citizen).get(`/api/consultations/${id}`);
      expect(seen.body.allowedActions).toEqual(['follow_up', 'resolve']);
      expect(seen.body.answeredBy).toBeUndefined();
      const staffName = seen.body.events.at(-1).actorName as string;
      expect(staffName).toContain('*');
      const record = await consultationsOf(env.deps).repo.findById(id);
      expect(record).toMatchObject({ answeredBy: staffA.user.id });
      expect(record!.answeredAt).toBeInstanceOf(Date);
      expect(record!.outbox ?? []).toEqual([]);

      // The subscribe message reached (fake) WeChat and opens the thread page.
      const openid = (await identityOf(env.deps).users.findById(citizen.user.id))!.wechatOpenId!;
      const messages = await eventually(async () => {
        const res = await fetch(new URL(`/__fake/messages?touser=${openid}`, env.deps.wechat.apiBase));
        const { messages: sent } = (await res.json()) as {
          messages: Array<{ page: string; template_id: string }>;
        };
        return sent.length >= 1 ? sent : undefined;
      });
      expect(messages[0]).toMatchObject({
        template_id: 'tmpl-consult',
        page: `packages/consultations/thread/index?id=${id}`,
      });

      const follow = await as(citizen).post(`/api/consultations/${id}/follow-up`, {
        question: '线上补办后执照是邮寄还是自取？',
      });
      expect(follow.status).toBe(200);
      expect(follow.body).toMatchObject({ status: 'follow_up', round: 1, followUpsLeft: 2 });
      expect(follow.body.clock.dueDate).not.toBeNull();
      await as(staffA2).post(`/api/staff/consultations/${id}/claim`, {}).expect(200);
      await as(staffA2)
        .post(`/api/staff/consultations/${id}/answer`, { text: '可选择邮寄或自取。' })
        .expect(200);
      const resolved = await as(citizen).post(`/api/consultations/${id}/resolve`, {});
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', allowedActions: [] });
      expect((await consultationsOf(env.deps).repo.findById(id))!.answeredBy).toBe(staffA2.user.id);

      const audit = await as(supervisor).get(`/api/audit?target=${id}`);
      expect(audit.status).toBe(200);
      const actions = (audit.body.items as Array<{ action: string }>).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['consultations.claim', 'consultations.answer']));
    } finally {
      await worker.close();
    }
  });

  it('the same Idempotency-Key makes one consultation', async () => {
    const key = newKey();
    const body = { title: '重复提交', question: QUESTION, itemCode };
    const [a, b] = await Promise.all([ask(citizen, body, key), ask(citizen, body, key)]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).toBe(b.body.id);
    expect(await consultationsOf(env.deps).repo.count({ idempotencyKey: key })).toBe(1);
  });

  it('不清楚 → the 综合咨询 desk; transfer keeps the old department read-only', async () => {
    const id = await asked({ itemCode: undefined, title: '不知道找哪个部门' });
    const detail = await as(citizen).get(`/api/consultations/${id}`);
    expect(detail.body.departmentName).toBe('综合咨询窗口');
    expect(
      (await as(desk).get('/api/staff/consultations')).body.items.map((c: { id: string }) => c.id),
    ).toContain(id);
    await as(staffA).get(`/api/consultations/${id}`).expect(404);

    const moved = await as(desk).post(`/api/staff/consultations/${id}/transfer`, {
      department: 'dept-a',
      reason: '属市场监管事项',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'transferred', department: 'dept-a' });
    expect(moved.body.events.at(-1)).toMatchObject({
      kind: 'transferred',
      toDepartment: '测试甲局',
      text: '属市场监管事项',
    });
    // The clock keeps running: the due date is the one set at submission.
    expect(moved.body.clock.dueDate).toBe(detail.body.clock.dueDate);

    // The desk it passed through still reads it, and may no longer act.
    expect((await as(desk).get(`/api/consultations/${id}`)).body).toMatchObject({
      readOnly: true,
      allowedActions: [],
    });
    const second = await as(staffA).post(`/api/staff/consultations/${id}/transfer`, {
      department: 'dept-b',
      reason: '食品经营归乙局',
    });
    expect(second.status).toBe(200);
    // dept-a passed it on: it may read, not act.
    const readOnly = await as(staffA).get(`/api/consultations/${id}`);
    expect(readOnly.status).toBe(200);
    expect(readOnly.body).toMatchObject({ readOnly: true, allowedActions: [] });
    const refused = await as(staffA).post(`/api/staff/consultations/${id}/claim`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CONSULTATION_READ_ONLY');
    await as(staffB).post(`/api/staff/consultations/${id}/claim`, {}).expect(200);
    const same = await as(staffB).post(`/api/staff/consultations/${id}/transfer`, {
      department: 'dept-b',
      reason: '测试原因',
    });
    expect(same.status).toBe(400);
    expect(same.body.error.code).toBe('CONSULTATION_SAME_DEPARTMENT');
  });

  it('close as duplicate of another consultation (by its number)', async () => {
    const first = await as(citizen).get(`/api/consultations/${await asked()}`);
    const id = await asked();
    const bad = await as(staffA).post(`/api/staff/consultations/${id}/close-duplicate`, {
      duplicateOf: 'ZX-20260101-999999',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('CONSULTATION_DUPLICATE_TARGET');
    const closed = await as(staffA).post(`/api/staff/consultations/${id}/close-duplicate`, {
      duplicateOf: first.body.number,
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', duplicateOf: first.body.number });
    expect((await as(citizen).post(`/api/consultations/${id}/resolve`, {})).status).toBe(409);
  });
});

describe('races and illegal transitions', () => {
  it('two staff claim at once: one wins, the other gets 409 with the current state', async () => {
    const id = await asked();
    const [a, b] = await Promise.all([
      as(staffA).post(`/api/staff/consultations/${id}/claim`, {}),
      as(staffA2).post(`/api/staff/consultations/${id}/claim`, {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'claimed' } });
  });

  it('two answers at once: one wins; a stale version is refused', async () => {
    const id = await asked();
    const claimed = await as(staffA).post(`/api/staff/consultations/${id}/claim`, {});
    const [a, b] = await Promise.all([
      as(staffA).post(`/api/staff/consultations/${id}/answer`, { text: '答复一' }),
      as(staffA2).post(`/api/staff/consultations/${id}/answer`, { text: '答复二' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const stale = await as(staffA).post(`/api/staff/consultations/${id}/claim`, {
      version: claimed.body.version,
    });
    expect(stale.status).toBe(409);
    const r = await consultationsOf(env.deps).repo.findById(id);
    expect(r!.events.filter((e) => e.kind === 'answered')).toHaveLength(1);
  });

  it('illegal transitions answer 409 and change nothing', async () => {
    const id = await asked();
    const before = await consultationsOf(env.deps).repo.findById(id);
    for (const [path, body] of [
      ['answer', { text: '未认领就答复' }],
      ['request-info', { text: '请补充' }],
    ] as const) {
      const res = await as(staffA).post(`/api/staff/consultations/${id}/${path}`, body);
      expect(res.status).toBe(409);
    }
    expect((await as(citizen).post(`/api/consultations/${id}/resolve`, {})).status).toBe(409);
    expect(
      (await as(citizen).post(`/api/consultations/${id}/follow-up`, { question: QUESTION })).status,
    ).toBe(409);
    expect((await consultationsOf(env.deps).repo.findById(id))!.version).toBe(before!.version);
  });
});

describe('visibility', () => {
  it('asker, their enterprise, the department, supervisors see it; anyone else 404', async () => {
    const id = await asked();
    await as(citizen).get(`/api/consultations/${id}`).expect(200);
    await as(staffA).get(`/api/consultations/${id}`).expect(200);
    await as(supervisor).get(`/api/consultations/${id}`).expect(200);
    for (const who of [stranger, staffB, desk]) {
      const res = await as(who).get(`/api/consultations/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await as(stranger).post(`/api/consultations/${id}/resolve`, {})).status).toBe(404);
    expect((await as(staffB).post(`/api/staff/consultations/${id}/claim`, {})).status).toBe(404);
    expect(
      (await as(stranger).get('/api/consultations/mine')).body.items.map((c: { id: string }) => c.id),
    ).not.toContain(id);
    // supervisors see every department's queue
    expect((await as(supervisor).get('/api/staff/consultations?pageSize=100')).body.total).toBeGreaterThan(0);
  });

  it("an enterprise's consultation is seen and followed by its active members", async () => {
    const boss = await person(env.deps, 'enterprise');
    const enterpriseId = boss.principal.enterprises[0]!;
    const id = await asked({ onBehalfOf: enterpriseId }, boss);
    const notMember = await ask(citizen, {
      title: '代企业咨询',
      question: QUESTION,
      onBehalfOf: enterpriseId,
    });
    expect(notMember.status).toBe(403);
    expect(notMember.body.error.code).toBe('CONSULTATION_NOT_ENTERPRISE_MEMBER');
    const detail = await as(boss).get(`/api/consultations/${id}`);
    expect(detail.body.enterpriseName).toMatch(/^测试企业/);
    await as(citizen).get(`/api/consultations/${id}`).expect(404);
  });
});

describe('pictures (the rules of case materials)', () => {
  const upload = (who: Who, id: string, data: Buffer, filename: string) =>
    api()
      .post(`/api/consultations/${id}/pictures`)
      .set('Authorization', who.header)
      .attach('file', data, filename);

  it('up to 3 JPEG/PNG pictures; PDF or a renamed non-image refused; a fourth refused', async () => {
    const id = await asked();
    const first = await upload(citizen, id, PNG, 'a.png');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ pictures: 1, picture: { contentType: 'image/png' } });
    const shown = await as(staffA).get(first.body.picture.url);
    expect(shown.status).toBe(200);
    expect(Buffer.compare(shown.body as Buffer, PNG)).toBe(0);
    await as(stranger).get(first.body.picture.url).expect(404);

    const pdf = await upload(citizen, id, PDF, 'scan.pdf');
    expect(pdf.status).toBe(415);
    expect(pdf.body.error.code).toBe('CONSULTATION_PICTURE_TYPE');
    const renamed = await upload(citizen, id, Buffer.from('just some text, not an image'), 'photo.jpg');
    expect(renamed.status).toBe(415);
    expect(renamed.body.error.code).toBe('CASE_FILE_TYPE_NOT_ALLOWED');

    await upload(citizen, id, JPEG, 'b.jpg').expect(201);
    await upload(citizen, id, PNG, 'c.png').expect(201);
    const fourth = await upload(citizen, id, PNG, 'd.png');
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe('CONSULTATION_TOO_MANY_PICTURES');
    expect((await as(citizen).get(`/api/consultations/${id}`)).body.pictures).toHaveLength(3);
    expect((await upload(stranger, id, PNG, 'x.png')).status).toBe(404);
  });
});

describe('bad input on every route: the envelope, a Chinese message, nothing changed', () => {
  it('ask', async () => {
    const count = await consultationsOf(env.deps).repo.count({});
    const cases: Array<[object, string, number, string?]> = [
      [{ title: '标题', question: '' }, 'body.question', 400],
      [{ title: '标题', question: '问'.repeat(1001) }, 'body.question', 400],
      [
        { title: '标题', question: QUESTION, itemCode: 'JX-NOPE-0000' },
        'body.itemCode',
        400,
        'CONSULTATION_ITEM_NOT_FOUND',
      ],
      [{ title: '标题', question: QUESTION, itemCode: '不是编码' }, 'body.itemCode', 400],
      [
        { title: '标题', question: QUESTION, department: 'no-such-dept' },
        'body.department',
        400,
        'CONSULTATION_DEPARTMENT_NOT_FOUND',
      ],
      [{ title: '', question: QUESTION }, 'body.title', 400],
      [{ title: '标题', question: QUESTION, extra: 1 }, 'body', 400],
    ];
    for (const [body, path, status, code] of cases) {
      const res = await ask(citizen, body);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code ?? 'VALIDATION_FAILED');
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
      if (!code) expect(JSON.stringify(res.body.error.details)).toContain(path);
    }
    const noKey = await as(citizen).post('/api/consultations', { title: '标题', question: QUESTION });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.details.fields[0].path).toBe('headers.idempotency-key');
    expect(await consultationsOf(env.deps).repo.count({})).toBe(count);
  });

  it('the person’s and staff’s actions', async () => {
    const id = await asked();
    const checks: Array<[Who, string, object]> = [
      [citizen, `/api/consultations/${id}/follow-up`, { question: '短' }],
      [citizen, `/api/consultations/${id}/info`, { text: '' }],
      [citizen, `/api/consultations/${id}/resolve`, { x: 1 }],
      [staffA, `/api/staff/consultations/${id}/claim`, { version: 'one' }],
      [staffA, `/api/staff/consultations/${id}/answer`, { text: '' }],
      [staffA, `/api/staff/consultations/${id}/answer`, { text: '好的答复', links: ['坏编码'] }],
      [staffA, `/api/staff/consultations/${id}/transfer`, { department: 'dept-b' }],
      [staffA, `/api/staff/consultations/${id}/request-info`, { text: '' }],
      [staffA, `/api/staff/consultations/${id}/close-duplicate`, { duplicateOf: '123' }],
      [citizen, '/api/consultations/not-an-id', {}],
    ];
    for (const [who, path, body] of checks) {
      const res = path.endsWith('not-an-id') ? await as(who).get(path) : await as(who).post(path, body);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const badQuery = await as(staffA).get('/api/staff/consultations?overdue=maybe&status=nope');
    expect(badQuery.status).toBe(400);
    expect((await as(citizen).get('/api/consultations/mine?page=0')).status).toBe(400);
    expect((await consultationsOf(env.deps).repo.findById(id))!.version).toBe(0);
    // An answer linking an unknown item changes nothing.
    await as(staffA).post(`/api/staff/consultations/${id}/claim`, {}).expect(200);
    const unknown = await as(staffA).post(`/api/staff/consultations/${id}/answer`, {
      text: '好的答复',
      links: ['JX-NONE-0001'],
    });
    expect(unknown.status).toBe(400);
    expect((await consultationsOf(env.deps).repo.findById(id))!.status).toBe('claimed');
  });

  it('a fourth follow-up round is refused', async () => {
    const id = await asked();
    for (let round = 0; round <= 3; round++) {
      await as(staffA).post(`/api/staff/consultations/${id}/claim`, {}).expect(200);
      await as(staffA)
        .post(`/api/staff/consultations/${id}/answer`, { text: `第 ${round} 次答复` })
        .expect(200);
      const res = await as(citizen).post(`/api/consultations/${id}/follow-up`, {
        question: `第 ${round + 1} 次追问，还有一个问题想了解`,
      });
      if (round < 3) expect(res.status).toBe(200);
      else {
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('CONSULTATION_FOLLOW_UP_LIMIT');
      }
    }
    const detail = await as(citizen).get(`/api/consultations/${id}`);
    expect(detail.body).toMatchObject({
      round: 3,
      followUpsLeft: 0,
      status: 'answered',
      allowedActions: ['resolve'],
    });
  });

  it('department settings: admin only, bounds', async () => {
    const admin = await person(env.deps, 'admin');
    expect((await as(admin).put('/api/staff/consultations/settings/dept-b', { limitDays: 0 })).status).toBe(
      400,
    );
    expect((await as(admin).put('/api/staff/consultations/settings/dept-b', { limitDays: 5 })).body).toEqual({
      department: 'dept-b',
      limitDays: 5,
    });
    const res = await ask(citizen, { title: '乙局事项', question: QUESTION, itemCode: otherItem });
    expect(res.body.clock.limitDays).toBe(5);
  });
});

describe('documentation', () => {
  it('every consultations and FAQ route is in /openapi.json', async () => {
    const res = await api().get('/openapi.json').expect(200);
    const paths = Object.keys(res.body.paths as Record<string, unknown>);
    for (const p of [
      '/api/consultations',
      '/api/consultations/mine',
      '/api/staff/consultations',
      '/api/faq',
      '/api/faq/answered-before-asking',
      '/api/staff/faq',
    ])
      expect(paths).toContain(p);
    expect(
      paths.filter((p) => p.includes('consultations') || p.includes('faq')).length,
    ).toBeGreaterThanOrEqual(18);
  });
});
