import { CASE_FILE_MAX_BYTES } from '@app/shared';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { makeIdNumber } from '../auth/testing/identity-fixtures';
import { casesOf } from './cases.module';
import { APPLICANT_NAME, person, publishItem } from './testing/case-fixtures';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 1),
]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 2)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 3)]);

let env: TestEnv;
let itemCode: string;
let applicant: Awaited<ReturnType<typeof person>>;
let lead: Awaited<ReturnType<typeof person>>;
let lead2: Awaited<ReturnType<typeof person>>;
let hallStaff: Awaited<ReturnType<typeof person>>;
let coStaff: Awaited<ReturnType<typeof person>>;
let supervisor: Awaited<ReturnType<typeof person>>;
const ID_NUMBER = makeIdNumber('19850611', '456');

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  itemCode = await publishItem(env.deps, {
    name: '建设工程规划许可',
    departmentCode: 'dept-lead',
    maxTrips: 1,
    guide: { halls: [{ hallCode: 'HALL-R', windows: [] }], promisedLimitDays: 5 },
  });
  applicant = await person(env.deps, 'citizen', { idNumber: ID_NUMBER });
  lead = await person(env.deps, 'staff', { department: 'dept-lead', halls: [] });
  lead2 = await person(env.deps, 'staff', { department: 'dept-lead', halls: [] });
  hallStaff = await person(env.deps, 'staff', { department: 'dept-window', halls: ['HALL-R'] });
  coStaff = await person(env.deps, 'staff', { department: 'dept-fire', halls: [] });
  supervisor = await person(env.deps, 'supervisor');
});
afterAll(() => env.close());

const api = () => request(env.callback);
const as = (who: { header: string }) => ({
  get: (path: string) => api().get(path).set('Authorization', who.header),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', who.header).send(body),
  put: (path: string, body: object = {}) => api().put(path).set('Authorization', who.header).send(body),
});

async function newCase(): Promise<string> {
  const res = await as(applicant).post('/api/cases', { itemCode, formFields: { 项目名称: '测试厂房' } });
  expect(res.status).toBe(201);
  return res.body.id;
}

function upload(
  who: { header: string },
  id: string,
  index: string | undefined,
  data: Buffer | undefined,
  filename = 'a.png',
) {
  let req = api().post(`/api/cases/${id}/materials`).set('Authorization', who.header);
  if (index !== undefined) req = req.field('index', index);
  if (data) req = req.attach('file', data, filename);
  else req = req.field('note', 'none');
  return req;
}

describe('the whole journey', () => {
  it('apply → 补正 → upload → resubmit → pass → accept with parallel tasks → complete → trip → post', async () => {
    const id = await newCase();
    const created = await as(applicant).get(`/api/cases/${id}`);
    expect(created.body).toMatchObject({
      status: 'submitted',
      itemName: '建设工程规划许可',
      department: 'dept-lead',
      applicantName: '张*丰',
      trips: { taken: 0, allowed: 1, met: true },
      allowedActions: ['withdraw'],
    });
    expect(created.body.number).toMatch(/^JX-\d{8}-\d{6}$/);
    // required 申请表 and waivable 授权委托书 are missing; shared and cancelled ones are not.
    expect(created.body.missing.map((m: { name: string }) => m.name)).toEqual(['申请表', '授权委托书']);

    const queue = await as(lead).get('/api/staff/cases?queue=prereview');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(id);

    const correction = await as(lead).post(`/api/cases/${id}/prereview`, {
      result: 'needs_correction',
      items: [{ index: 0, name: '申请表', reason: '缺少申请人签字' }],
    });
    expect(correction.status).toBe(200);
    expect(correction.body).toMatchObject({
      status: 'needs_correction',
      corrections: [{ name: '申请表', reason: '缺少申请人签字' }],
    });

    const up = await upload(applicant, id, '0', PNG, 'scan.PNG');
    expect(up.status).toBe(201);
    expect(up.body.material).toMatchObject({ index: 0, state: 'uploaded' });
    expect(up.body.file).toMatchObject({ contentType: 'image/png', size: PNG.length });
    const waived = await as(applicant).post(`/api/cases/${id}/materials/waive`, { index: 2 });
    expect(waived.status).toBe(200);
    expect(waived.body.missing).toEqual([]);

    // Staff of the department see the file for pre-review; it is a download behind the policy.
    const file = await as(lead).get(up.body.file.url);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);

    expect((await as(applicant).post(`/api/cases/${id}/resubmit`)).body.status).toBe('submitted');
    expect((await as(lead).post(`/api/cases/${id}/prereview`, { result: 'pass' })).body.status).toBe(
      'prereviewed',
    );
    const accepted = await as(lead).post(`/api/cases/${id}/accept`, {
      coDepartments: [{ department: 'dept-fire', limitDays: 3 }],
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', stillWorking: ['dept-lead', 'dept-fire'] });
    expect(accepted.body.deadline.dueDate).toEqual(expect.any(String));
    const taskId = accepted.body.tasks[0].id;
    await as(lead).post(`/api/cases/${id}/start`).expect(200);

    // The parallel department sees its task, not the lead's actions.
    const tasks = await as(coStaff).get('/api/staff/cases?queue=tasks');
    expect(tasks.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await as(coStaff).get(`/api/staff/case-tasks/${taskId}`)).body.allowedActions).toEqual([]);
    expect((await as(coStaff).get(`/api/cases/${id}`)).status).toBe(404);
    expect((await as(lead).post(`/api/staff/case-tasks/${taskId}`, { status: 'in_progress' })).status).toBe(
      404,
    );

    const blocked = await as(lead).post(`/api/cases/${id}/complete`, { outcome: 'approved' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatchObject({
      code: 'CASE_TASKS_OPEN',
      details: { stillWorking: ['dept-fire'] },
    });
    await as(coStaff).post(`/api/staff/case-tasks/${taskId}`, { status: 'in_progress' }).expect(200);
    const done = await as(coStaff).post(`/api/staff/case-tasks/${taskId}`, {
      status: 'done',
      outcome: 'approved',
      note: '消防审查合格',
    });
    expect(done.status).toBe(200);
    expect(done.body.stillWorking).toEqual(['dept-lead']);
    expect(
      (await as(coStaff).post(`/api/staff/case-tasks/${taskId}`, { status: 'in_progress' })).status,
    ).toBe(409);

    expect((await as(lead).post(`/api/cases/${id}/complete`, { outcome: 'approved' })).body.status).toBe(
      'completed',
    );
    const trip = await as(hallStaff).post(`/api/cases/${id}/trips`, { note: '现场核验原件' });
    expect(trip.status).toBe(201);
    expect(trip.body.trips).toMatchObject({ taken: 1, allowed: 1, met: true });
    await as(applicant)
      .put(`/api/cases/${id}/delivery`, {
        method: 'post',
        address: { recipient: '张三丰', phone: '13812345678', address: '黑龙江省鸡西市鸡冠区中心大街 1 号' },
      })
      .expect(200);
    const delivered = await as(hallStaff).post(`/api/cases/${id}/deliver`, {
      method: 'post',
      trackingNumber: 'SF1234567890',
      carrier: '顺丰',
    });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({
      status: 'delivered',
      outcome: 'approved',
      delivery: { method: 'post', trackingNumber: 'SF1234567890' },
    });

    const final = await as(applicant).get(`/api/cases/${id}`);
    const kinds = final.body.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual([
      'apply',
      'request_correction',
      'material_uploaded',
      'material_waived',
      'resubmit',
      'prereview_pass',
      'accept',
      'start',
      'task_updated',
      'task_updated',
      'complete',
      'trip',
      'delivery_chosen',
      'deliver',
    ]);
    // Staff names masked for the applicant, in full for staff.
    const acceptEvent = final.body.timeline.find((e: { kind: string }) => e.kind === 'accept');
    expect(acceptEvent.actor).toMatchObject({ role: 'staff', department: 'dept-lead', name: '测*****f' });
    const staffView = await as(lead).get(`/api/cases/${id}`);
    expect(staffView.body.timeline.find((e: { kind: string }) => e.kind === 'accept').actor.name).toBe(
      '测试staff',
    );

    // Every staff action is audited, without personal data.
    const audit = await env.mongo.connection.collection('audit_log').find({ target: id }).toArray();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'cases.prereview.needs_correction',
        'cases.prereview.pass',
        'cases.accept',
        'cases.start',
        'cases.complete',
        'cases.trip',
        'cases.deliver',
        'cases.task.done',
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain(APPLICANT_NAME);
  });

  it('lists my cases with status filter and flags; the supervisor gets overdue statistics', async () => {
    const id = await newCase();
    const mine = await as(applicant).get('/api/cases?status=submitted&page=1');
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({
      status: 'submitted',
      dueSoon: false,
      overdue: false,
    });
    expect(mine.body.items.every((c: { status: string }) => c.status === 'submitted')).toBe(true);
    const other = await person(env.deps, 'citizen');
    expect((await as(other).get('/api/cases')).body.total).toBe(0);
    const stats = await as(supervisor).get('/api/stats/overdue-cases');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ asOf: expect.any(String), total: expect.any(Object) });
    expect((await as(lead).get('/api/stats/overdue-cases')).status).toBe(403);
  });

  it('an enterprise member applies for the enterprise; a stranger to it may not', async () => {
    const member = await person(env.deps, 'enterprise');
    const ok = await as(member).post('/api/cases', { itemCode, onBehalfOf: member.principal.enterprises[0] });
    expect(ok.status).toBe(201);
    expect(ok.body.enterpriseId).toBe(member.principal.enterprises[0]);
    const outsider = await person(env.deps, 'enterprise');
    const refused = await as(outsider).post('/api/cases', {
      itemCode,
      onBehalfOf: member.principal.enterprises[0],
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CASE_NOT_ENTERPRISE_MEMBER');
    const unverified = await person(env.deps, 'staff');
    expect((await as(unverified).post('/api/cases', { itemCode })).status).toBe(403);
    expect((await as(applicant).post('/api/cases', { itemCode: 'JX-NONE-0000' })).body.error.code).toBe(
      'CASE_ITEM_NOT_AVAILABLE',
    );
  });
});

describe('parallel tasks in the staff queue', () => {
  it("task-department staff find their task's id in the queue and complete it; another department's task is 404", async () => {
    const envStaff = await person(env.deps, 'staff', { department: 'dept-env', halls: [] });
    const id = await newCase();
    await as(lead).post(`/api/cases/${id}/prereview`, { result: 'pass' }).expect(200);
    const accepted = await as(lead).post(`/api/cases/${id}/accept`, {
      coDepartments: [{ department: 'dept-fire' }, { department: 'dept-env', limitDays: 2 }],
    });
    expect(accepted.status).toBe(200);
    const byDept = (d: string) =>
      (accepted.body.tasks as Array<{ id: string; department: string }>).find((t) => t.department === d)!.id;
    const fireTask = byDept('dept-fire');
    const envTask = byDept('dept-env');

    const queue = await as(coStaff).get('/api/staff/cases?queue=tasks&pageSize=100');
    expect(queue.status).toBe(200);
    const row = queue.body.items.find((c: { id: string }) => c.id === id);
    expect(row).toMatchObject({ myTaskIds: [fireTask] });
    // Other queues, and the lead (no task of its own here), carry no task ids.
    const leadRow = (await as(lead).get('/api/staff/cases?queue=working&pageSize=100')).body.items.find(
      (c: { id: string }) => c.id === id,
    );
    expect(leadRow).toBeDefined();
    expect(leadRow.myTaskIds).toBeUndefined();

    // The task view opens from that id; another department's task does not exist for this caller.
    const view = await as(coStaff).get(`/api/staff/case-tasks/${row.myTaskIds[0]}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id, number: row.number });
    expect((await as(coStaff).get(`/api/staff/case-tasks/${envTask}`)).status).toBe(404);
    expect(
      (await as(coStaff).post(`/api/staff/case-tasks/${envTask}`, { status: 'done', outcome: 'approved' }))
        .status,
    ).toBe(404);

    const done = await as(coStaff).post(`/api/staff/case-tasks/${fireTask}`, {
      status: 'done',
      outcome: 'approved',
      note: '消防审查合格',
    });
    expect(done.status).toBe(200);
    expect(done.body.tasks.find((t: { id: string }) => t.id === fireTask)).toMatchObject({
      status: 'done',
      outcome: 'approved',
    });
    expect(done.body.stillWorking).toEqual(['dept-lead', 'dept-env']);

    // Done: gone from the fire queue; still in the environment department's, with its own id.
    const after = await as(coStaff).get('/api/staff/cases?queue=tasks&pageSize=100');
    expect(after.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    const envRow = (await as(envStaff).get('/api/staff/cases?queue=tasks&pageSize=100')).body.items.find(
      (c: { id: string }) => c.id === id,
    );
    expect(envRow).toMatchObject({ myTaskIds: [envTask] });
  });
});

describe('concurrency', () => {
  it('two staff accept at once: one 200, one 409, one timeline event', async () => {
    const id = await newCase();
    await as(lead).post(`/api/cases/${id}/prereview`, { result: 'pass' }).expect(200);
    const results = await Promise.all([
      as(lead).post(`/api/cases/${id}/accept`),
      as(lead2).post(`/api/cases/${id}/accept`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('CONFLICT');
    const c = (await casesOf(env.deps).repo.findById(id))!;
    expect(c.timeline.filter((e) => e.kind === 'accept')).toHaveLength(1);
  });

  it('case numbers stay unique under parallel applications', async () => {
    const res = await Promise.all(
      Array.from({ length: 8 }, () => as(applicant).post('/api/cases', { itemCode })),
    );
    const numbers = res.map((r) => r.body.number);
    expect(new Set(numbers).size).toBe(8);
  });
});

describe('trips', () => {
  it('counts window visits and appointment check-ins (idempotent per appointment) against maxTrips', async () => {
    const id = await newCase();
    const s = casesOf(env.deps).service;
    await s.recordTrip(id, { source: 'appointment', appointmentId: 'appt-1', hallCode: 'HALL-R' });
    await s.recordTrip(id, { source: 'appointment', appointmentId: 'appt-1', hallCode: 'HALL-R' });
    await as(hallStaff).post(`/api/cases/${id}/trips`, {}).expect(201);
    const view = await as(applicant).get(`/api/cases/${id}`);
    expect(view.body.trips).toMatchObject({ taken: 2, allowed: 1, met: false });
    expect(view.body.trips.trips.map((t: { source: string }) => t.source)).toEqual(['appointment', 'window']);
    const stranger = await person(env.deps, 'staff', { department: 'dept-x', halls: ['HALL-X'] });
    expect((await as(stranger).post(`/api/cases/${id}/trips`, {})).status).toBe(404);
  });
});

describe('uploads', () => {
  let id: string;
  beforeAll(async () => {
    id = await newCase();
  });

  it('accepts JPEG, PNG and PDF by their first bytes, whatever the name says', async () => {
    expect((await upload(applicant, id, '0', PDF, 'form.png')).body.file).toMatchObject({
      contentType: 'application/pdf',
      filename: 'form.pdf',
    });
    expect((await upload(applicant, id, '2', JPEG, 'auth.pdf')).body.file.contentType).toBe('image/jpeg');
  });

  it('refuses other types (415), too big (413), no file or no index (400 with fields)', async () => {
    const exe = await upload(applicant, id, '0', Buffer.from('MZ\x90\x00 not really a png'), 'evil.png');
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('CASE_FILE_TYPE_NOT_ALLOWED');
    const big = Buffer.concat([PNG, Buffer.alloc(CASE_FILE_MAX_BYTES)]);
    const tooBig = await upload(applicant, id, '0', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('CASE_FILE_TOO_LARGE');
    const noFile = await upload(applicant, id, '0', undefined);
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['body.file']);
    const noIndex = await upload(applicant, id, undefined, PNG);
    expect(noIndex.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['body.index']);
    const json = await as(applicant).post(`/api/cases/${id}/materials`, { index: 0 });
    expect(json.status).toBe(415);
    expect((await upload(applicant, id, '1', PNG)).status).toBe(409); // 免提交 (shared)
    expect((await upload(applicant, id, '42', PNG)).status).toBe(400);
  });

  it("someone else's case answers 404 for upload and download; a file of another case is not found", async () => {
    const other = await person(env.deps, 'citizen');
    expect((await upload(other, id, '0', PNG)).status).toBe(404);
    const mine = await upload(applicant, id, '0', PNG);
    expect((await as(other).get(mine.body.file.url)).status).toBe(404);
    const otherCase = await as(other).post('/api/cases', { itemCode });
    const cross = await as(other).get(`/api/cases/${otherCase.body.id}/materials/${mine.body.file.id}`);
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe('CASE_FILE_NOT_FOUND');
    // Hall staff of another department do not read a citizen's documents (issue 15 item 3).
    expect((await as(hallStaff).get(mine.body.file.url)).status).toBe(404);
  });

  it('only waivable materials may be waived', async () => {
    const res = await as(applicant).post(`/api/cases/${id}/materials/waive`, { index: 0 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CASE_MATERIAL_NOT_WAIVABLE');
  });
});

describe('bad input on every route answers 400 with the fields', () => {
  let id: string;
  beforeAll(async () => {
    id = await newCase();
  });
  const nobodyTask = '0123456789abcdef01234567';
  const cases: Array<
    [
      string,
      'get' | 'post' | 'put',
      (id: string) => string,
      object | undefined,
      string[],
      'applicant' | 'lead' | 'supervisor' | 'anon',
    ]
  > = [
    [
      'apply',
      'post',
      () => '/api/cases',
      { itemCode: '坏', onBehalfOf: 'x', extra: 1 },
      ['body.itemCode', 'body.onBehalfOf', 'body'],
      'applicant',
    ],
    [
      'list mine',
      'get',
      () => '/api/cases?status=nope&page=0',
      undefined,
      ['query.page', 'query.status'],
      'applicant',
    ],
    ['detail', 'get', () => '/api/cases/not-an-id', undefined, ['params.id'], 'applicant'],
    [
      'withdraw',
      'post',
      (i) => `/api/cases/${i}/withdraw`,
      { reason: 'x'.repeat(600) },
      ['body.reason'],
      'applicant',
    ],
    ['resubmit', 'post', (i) => `/api/cases/${i}/resubmit`, { note: 5 }, ['body.note'], 'applicant'],
    ['waive', 'post', (i) => `/api/cases/${i}/materials/waive`, { index: -1 }, ['body.index'], 'applicant'],
    ['download', 'get', (i) => `/api/cases/${i}/materials/zzz`, undefined, ['params.fileId'], 'applicant'],
    [
      'delivery',
      'put',
      (i) => `/api/cases/${i}/delivery`,
      { method: 'post', address: { recipient: '', phone: '1', address: 'x' } },
      ['body.address.recipient', 'body.address.phone', 'body.address.address'],
      'applicant',
    ],
    [
      'queue',
      'get',
      () => '/api/staff/cases?queue=all&sort=name',
      undefined,
      ['query.queue', 'query.sort'],
      'lead',
    ],
    [
      'prereview',
      'post',
      (i) => `/api/cases/${i}/prereview`,
      { result: 'needs_correction', items: [] },
      ['body.items'],
      'lead',
    ],
    [
      'correction',
      'post',
      (i) => `/api/cases/${i}/correction`,
      { items: [{ name: '', reason: '' }] },
      ['body.items.0.name', 'body.items.0.reason'],
      'lead',
    ],
    [
      'accept',
      'post',
      (i) => `/api/cases/${i}/accept`,
      { coDepartments: [{ department: '!!', limitDays: 0 }] },
      ['body.coDepartments.0.department', 'body.coDepartments.0.limitDays'],
      'lead',
    ],
    ['reject', 'post', (i) => `/api/cases/${i}/reject`, {}, ['body.legalReason'], 'lead'],
    ['start', 'post', (i) => `/api/cases/${i}/start`, { note: [] }, ['body.note'], 'lead'],
    ['complete', 'post', (i) => `/api/cases/${i}/complete`, { outcome: 'maybe' }, ['body.outcome'], 'lead'],
    [
      'deliver',
      'post',
      (i) => `/api/cases/${i}/deliver`,
      { method: 'post', trackingNumber: '顺丰' },
      ['body.trackingNumber'],
      'lead',
    ],
    ['trip', 'post', (i) => `/api/cases/${i}/trips`, { hallCode: '' }, ['body.hallCode'], 'lead'],
    ['task view', 'get', () => '/api/staff/case-tasks/bad', undefined, ['params.taskId'], 'lead'],
    [
      'task update',
      'post',
      () => `/api/staff/case-tasks/${nobodyTask}`,
      { status: 'done' },
      ['body.outcome'],
      'lead',
    ],
    [
      'progress',
      'post',
      () => '/api/cases/progress',
      { caseNumber: '123' },
      ['body.caseNumber', 'body.applicantName'],
      'anon',
    ],
  ];

  it.each(cases)('%s', async (_name, method, path, body, fields, who) => {
    const caller =
      who === 'applicant' ? applicant : who === 'lead' ? lead : who === 'supervisor' ? supervisor : undefined;
    let req = api()[method](path(id));
    if (caller) req = req.set('Authorization', caller.header);
    const res = body === undefined ? await req : await req.send(body);
    if (_name === 'task update') {
      // A task that does not exist is not found before the body is looked at.
      expect(res.status).toBe(404);
      return;
    }
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(fields),
    );
  });
});

describe('登记到场 offered only to whom the BFF accepts it', () => {
  it("the lead's view lists 'trip' and the trip is recorded; a supervisor's view does not, and the route refuses them", async () => {
    const id = await newCase();
    const leadView = await as(lead).get(`/api/cases/${id}`);
    expect(leadView.body.allowedActions).toContain('trip');
    const supView = await as(supervisor).get(`/api/cases/${id}`);
    expect(supView.status).toBe(200);
    expect(supView.body.allowedActions).not.toContain('trip');
    expect((await as(supervisor).post(`/api/cases/${id}/trips`).send({})).status).toBe(403);
    expect((await as(lead).post(`/api/cases/${id}/trips`).send({})).status).toBe(201);
  });
});

describe('identifying the applicant at the window', () => {
  it('staff of the case see the full name and ID last 4 behind an explicit request, audited; lists stay masked; others 404', async () => {
    const id = await newCase();
    const queue = await as(lead).get('/api/staff/cases?queue=prereview');
    expect(JSON.stringify(queue.body)).not.toContain(APPLICANT_NAME);
    expect((await as(lead).get(`/api/cases/${id}`)).body.applicantName).toBe('张*丰');

    const shown = await as(lead).post(`/api/cases/${id}/applicant-identity`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ name: APPLICANT_NAME, idNumberLast4: ID_NUMBER.slice(-4) });
    expect((await as(coStaff).post(`/api/cases/${id}/applicant-identity`)).status).toBe(404);
    expect((await as(applicant).post(`/api/cases/${id}/applicant-identity`)).status).toBe(403);

    const audit = await as(supervisor).get('/api/audit?action=cases.view-applicant&pageSize=50');
    const entry = (audit.body.items as Array<Record<string, unknown>>).find(
      (e) => e.action === 'cases.view-applicant' && e.target === id,
    );
    expect(entry).toBeDefined();
  });
});

describe('public progress query', () => {
  let number: string;
  beforeAll(async () => {
    const id = await newCase();
    number = (await as(applicant).get(`/api/cases/${id}`)).body.number;
    await as(lead).post(`/api/cases/${id}/prereview`, { result: 'pass' }).expect(200);
  });
  const query = (body: object, ip = '10.0.0.1') =>
    api().post('/api/cases/progress').set('X-Forwarded-For', ip).send(body);

  it('with the name or the last 4 of the ID number: status and a masked public timeline', async () => {
    const byName = await query({ caseNumber: number, applicantName: ` ${APPLICANT_NAME} ` });
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({
      number,
      status: 'prereviewed',
      applicantName: '张*丰',
      itemName: '建设工程规划许可',
    });
    expect(byName.body.timeline.map((e: { label: string }) => e.label)).toEqual(['提交申请', '预审通过']);
    expect(byName.body.timeline[1].actor).toBe('工作人员 测*****f');
    expect(JSON.stringify(byName.body)).not.toContain(APPLICANT_NAME);
    const byId = await query({ caseNumber: number.toLowerCase(), idLast4: ID_NUMBER.slice(-4) });
    expect(byId.status).toBe(200);
  });

  it('a wrong answer and an unknown number answer exactly the same', async () => {
    const wrong = await query({ caseNumber: number, applicantName: '李四' });
    const wrongId = await query({ caseNumber: number, idLast4: '0000' });
    const missing = await query({ caseNumber: 'JX-20000101-999999', applicantName: APPLICANT_NAME });
    for (const res of [wrong, wrongId, missing]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CASE_PROGRESS_NOT_FOUND');
      expect(res.body.error.message).toBe(missing.body.error.message);
      expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message', 'requestId']);
    }
  });

  it('is rate limited per IP (429 with Retry-After)', async () => {
    // The app runs behind no proxy in tests: every request comes from the same address.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await query({ caseNumber: number, idLast4: '1234' })).status);
    expect(statuses).toContain(429);
    const limited = await query({ caseNumber: number, applicantName: APPLICANT_NAME });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
