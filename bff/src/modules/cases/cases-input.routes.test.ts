import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { person, publishItem } from './testing/case-fixtures';

/**
 * Issue 15 items 6, 7, 9 and issue 19 item 2, over HTTP: what should not be stored is refused at
 * validation with the envelope, and file names arrive as people wrote them.
 */

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100, 1),
]);
const RLO = '\u202e';
const NUL = '\u0000';

let env: TestEnv;
let itemCode: string;
let applicant: Awaited<ReturnType<typeof person>>;
let lead: Awaited<ReturnType<typeof person>>;
let coStaff: Awaited<ReturnType<typeof person>>;
let admin: Awaited<ReturnType<typeof person>>;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  itemCode = await publishItem(env.deps, {
    name: '输入校验事项',
    departmentCode: 'dept-in',
    guide: { halls: [{ hallCode: 'HALL-IN', windows: [] }], promisedLimitDays: 5 },
  });
  applicant = await person(env.deps, 'citizen');
  lead = await person(env.deps, 'staff', { department: 'dept-in', halls: ['HALL-IN'] });
  coStaff = await person(env.deps, 'staff', { department: 'dept-co', halls: [] });
  admin = await person(env.deps, 'admin');
});
afterAll(() => env.close());

const api = () => request(env.callback);
const as = (who: { header: string }) => ({
  get: (path: string) => api().get(path).set('Authorization', who.header),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', who.header).send(body),
  put: (path: string, body: object = {}) => api().put(path).set('Authorization', who.header).send(body),
});

async function newCase(): Promise<string> {
  const res = await as(applicant).post('/api/cases', { itemCode });
  expect(res.status).toBe(201);
  return res.body.id;
}

function expectRefused(res: request.Response, path: string) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
}

describe('free-form objects (item 6)', () => {
  it.each([
    ['$where', { $where: 'sleep(1000)' }],
    ['a.b', { 'a.b': 'x' }],
    ['__proto__', JSON.parse('{"__proto__": {"admin": "1"}}') as object],
    ['a non-text value', { 项目: { $gt: '' } }],
  ])('formFields with %s are refused and nothing is stored', async (_label, formFields) => {
    const before = await as(applicant).get('/api/cases');
    const res = await as(applicant).post('/api/cases', { itemCode, formFields });
    expect(res.status).toBe(400);
    // (a `__proto__` key is already refused by the JSON body parser: BAD_JSON, without field details)
    expect(res.body.error.code).toBe(_label === '__proto__' ? 'BAD_JSON' : 'VALIDATION_FAILED');
    for (const field of res.body.error.details?.fields ?? []) expect(field.path).toMatch(/^body\.formFields/);
    expect((await as(applicant).get('/api/cases')).body.total).toBe(before.body.total);
  });

  it('ordinary Chinese form fields with line breaks are kept', async () => {
    const res = await as(applicant).post('/api/cases', {
      itemCode,
      formFields: { 项目名称: '测试厂房（一期）', 说明: '第一行\r\n第二行！' },
    });
    expect(res.status).toBe(201);
    expect(res.body.formFields).toEqual({ 项目名称: '测试厂房（一期）', 说明: '第一行\n第二行！' });
  });
});

describe('human text and codes (item 7)', () => {
  it('profile name refuses NUL and the right-to-left override', async () => {
    const citizen = await person(env.deps, 'citizen');
    for (const name of [`张${NUL}三`, `张三${RLO}gpj.exe`]) {
      const res = await as(citizen).put('/api/me/profile', {
        name,
        idNumber: '230103199003071236',
        phone: '13812345678',
      });
      expectRefused(res, 'body.name');
    }
  });

  it('staff name on account creation refuses bidi controls', async () => {
    const res = await as(admin).post('/api/admin/users', {
      role: 'staff',
      username: 'bidi.staff',
      password: 'Password2026x',
      name: `李四\u2066`,
      department: 'dept-in',
    });
    expectRefused(res, 'body.name');
  });

  it('withdraw reason, correction note and items refuse control characters; Chinese punctuation passes', async () => {
    const id = await newCase();
    expectRefused(
      await as(applicant).post(`/api/cases/${id}/withdraw`, { reason: `不办了${RLO}` }),
      'body.reason',
    );
    const correction = await as(lead).post(`/api/cases/${id}/correction`, {
      items: [{ name: `申请表${NUL}`, reason: '缺签字' }],
      note: `请补正${RLO}`,
    });
    expectRefused(correction, 'body.note');
    expect(correction.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(
      'body.items.0.name',
    );
    const ok = await as(applicant).post(`/api/cases/${id}/withdraw`, {
      reason: '材料不全，改日再办！\n谢谢',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('withdrawn');
  });

  it('trip note refuses controls and trip hallCode must be a code', async () => {
    const id = await newCase();
    expectRefused(await as(lead).post(`/api/cases/${id}/trips`, { note: `核验${RLO}` }), 'body.note');
    expectRefused(
      await as(lead).post(`/api/cases/${id}/trips`, { hallCode: '市政务服务中心 <script>' }),
      'body.hallCode',
    );
    expectRefused(
      await as(lead).post(`/api/cases/${id}/trips`, { hallCode: { $ne: null } }),
      'body.hallCode',
    );
  });

  it('parallel task note refuses controls', async () => {
    const id = await newCase();
    await as(lead).post(`/api/cases/${id}/prereview`, { result: 'pass' }).expect(200);
    const accepted = await as(lead).post(`/api/cases/${id}/accept`, {
      coDepartments: [{ department: 'dept-co', limitDays: 3 }],
    });
    expect(accepted.status).toBe(200);
    const taskId = accepted.body.tasks[0].id;
    expectRefused(
      await as(coStaff).post(`/api/staff/case-tasks/${taskId}`, {
        status: 'in_progress',
        note: `开始${NUL}`,
      }),
      'body.note',
    );
    const ok = await as(coStaff).post(`/api/staff/case-tasks/${taskId}`, {
      status: 'in_progress',
      note: '已开始审查（现场）。',
    });
    expect(ok.status).toBe(200);
  });
});

function rawUpload(who: { header: string }, id: string, disposition: string, index = '0') {
  const boundary = '----hardening-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="index"\r\n\r\n${index}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\n` +
        'Content-Type: image/png\r\n\r\n',
      'utf8',
    ),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return api()
    .post(`/api/cases/${id}/materials`)
    .set('Authorization', who.header)
    .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
    .send(body);
}

describe('upload index (item 9)', () => {
  it.each([
    ['empty', ''],
    ['non-numeric', 'abc'],
    ['negative', '-1'],
    ['fractional', '1.5'],
    ['hex', '0x1'],
  ])('%s index is refused', async (_label, index) => {
    const id = await newCase();
    const res = await rawUpload(applicant, id, 'filename="a.png"', index);
    expectRefused(res, 'body.index');
    expect((await as(applicant).get(`/api/cases/${id}`)).body.materials[0].files).toEqual([]);
  });

  it('a missing index is refused', async () => {
    const id = await newCase();
    const res = await api()
      .post(`/api/cases/${id}/materials`)
      .set('Authorization', applicant.header)
      .attach('file', PNG, 'a.png');
    expectRefused(res, 'body.index');
  });
});

describe('UTF-8 file names on upload (issue 19 item 2)', () => {
  it.each([
    ['Chinese, UTF-8 in filename=', 'filename="申请表.png"', '申请表.png'],
    ['emoji', 'filename="身份证👍正面.png"', '身份证👍正面.png'],
    [
      'RFC 5987 filename*',
      `filename="a.png"; filename*=UTF-8''${encodeURIComponent('营业执照副本.png')}`,
      '营业执照副本.png',
    ],
    [
      'filename* alone',
      `filename*=utf-8''${encodeURIComponent('授权委托书（盖章）.png')}`,
      '授权委托书（盖章）.png',
    ],
    ['a right-to-left override stripped', `filename="报告${RLO}gnp.exe.png"`, '报告gnp.exe.png'],
  ])('%s', async (_label, disposition, expected) => {
    const id = await newCase();
    const up = await rawUpload(applicant, id, disposition);
    expect(up.status).toBe(201);
    expect(up.body.file.filename).toBe(expected);
    // The applicant and staff both see the same name, and the download names it the same way.
    const staffView = await as(lead).get(`/api/cases/${id}`);
    expect(staffView.body.materials[0].files[0].filename).toBe(expected);
    const file = await as(lead).get(up.body.file.url);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent(expected)}`,
    );
  });

  it('supertest (form-data) sends Chinese names as browsers do and they arrive intact', async () => {
    const id = await newCase();
    const up = await api()
      .post(`/api/cases/${id}/materials`)
      .set('Authorization', applicant.header)
      .field('index', '0')
      .attach('file', PNG, '申请表.png');
    expect(up.status).toBe(201);
    expect(up.body.file.filename).toBe('申请表.png');
  });
});
