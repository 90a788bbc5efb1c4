import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { identityOf } from '../auth/identity';
import { createVerifiedEnterprise } from '../auth/testing/identity-fixtures';
import { createDepartmentRepository } from '../catalog/repositories/department.repository';
import { person, publishItem } from './testing/case-fixtures';

/**
 * Issue 19: the enterprise as 申报主体 (default and refusal), its name on every view of the case,
 * the enterprise's case list, 容缺后补 after 受理, department names instead of codes.
 */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 1),
]);

let env: TestEnv;
let orgItem: string;
let personItem: string;
let enterpriseId: string;
let admin: Awaited<ReturnType<typeof person>>;
let member: Awaited<ReturnType<typeof person>>;
let outsider: Awaited<ReturnType<typeof person>>;
let lead: Awaited<ReturnType<typeof person>>;
let tax: Awaited<ReturnType<typeof person>>;

const api = () => request(env.callback);
const as = (who: { header: string }) => ({
  get: (path: string) => api().get(path).set('Authorization', who.header),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', who.header).send(body),
});

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  await createDepartmentRepository(env.deps.mongo.connection).upsertMany([
    { code: 'dept-scjg', name: '测试市场监督管理局' },
    { code: 'dept-sw', name: '测试税务局' },
  ]);
  orgItem = await publishItem(env.deps, {
    name: '分公司设立登记',
    departmentCode: 'dept-scjg',
    guide: { halls: [{ hallCode: 'HALL-E', windows: [] }], promisedLimitDays: 5 },
  });
  personItem = await publishItem(env.deps, { name: '居民身份证换领', departmentCode: 'dept-scjg' });
  admin = await person(env.deps, 'citizen', { name: '甲管理' });
  member = await person(env.deps, 'citizen', { name: '乙成员' });
  outsider = await person(env.deps, 'citizen', { name: '丙路人' });
  enterpriseId = await createVerifiedEnterprise(env.deps, admin.user.id, '鸡西某某科技有限公司');
  const identity = identityOf(env.deps);
  await identity.enterprises.addMembership({
    enterpriseId,
    userId: member.user.id,
    role: 'member',
    status: 'active',
  });
  await identity.userService.becomeEnterpriseUser(member.user.id);
  admin = await relogin(admin.user.id);
  member = await relogin(member.user.id);
  lead = await person(env.deps, 'staff', { department: 'dept-scjg', halls: ['HALL-E'] });
  tax = await person(env.deps, 'staff', { department: 'dept-sw', halls: [] });
});
afterAll(() => env.close());

async function relogin(userId: string) {
  const identity = identityOf(env.deps);
  const user = (await identity.users.findById(userId))!;
  const session = await identity.auth.startSession(user);
  return { user, header: `Bearer ${session.accessToken}`, principal: undefined as never };
}

describe('申报主体', () => {
  it('an organisation-only item refuses a personal application; for the enterprise it is filed', async () => {
    const refused = await as(member).post('/api/cases', { itemCode: orgItem }).expect(409);
    expect(refused.body.error.code).toBe('CASE_ORGANISATION_ONLY');
    const filed = await as(member)
      .post('/api/cases', { itemCode: orgItem, onBehalfOf: enterpriseId })
      .expect(201);
    expect(filed.body.enterprise).toMatchObject({ id: enterpriseId, name: '鸡西某某科技有限公司' });
    expect(filed.body.enterprise.creditCodeMasked).toMatch(/^9133\*+/);
    expect(filed.body.enterpriseCreditCode).toHaveLength(18);
    expect(filed.body.departmentName).toBe('测试市场监督管理局');
    // A personal item stays personal.
    await as(member).post('/api/cases', { itemCode: personItem }).expect(201);
  });
});

describe('the enterprise’s cases', () => {
  it('lists every member’s cases with the submitter; 我的办件 filters 本人 / enterprise; outsiders 404', async () => {
    const filed = await as(member)
      .post('/api/cases', { itemCode: orgItem, onBehalfOf: enterpriseId })
      .expect(201);
    const list = await as(admin).get(`/api/enterprises/${enterpriseId}/cases`).expect(200);
    const row = list.body.items.find((c: { id: string }) => c.id === filed.body.id);
    expect(row).toMatchObject({ applicantName: '乙*员', enterprise: { name: '鸡西某某科技有限公司' } });
    const byStatus = await as(admin)
      .get(`/api/enterprises/${enterpriseId}/cases?status=completed`)
      .expect(200);
    expect(byStatus.body.items).toEqual([]);

    const mineAll = await as(admin).get('/api/cases').expect(200);
    expect(mineAll.body.items.map((c: { id: string }) => c.id)).toContain(filed.body.id);
    const mineSelf = await as(admin).get('/api/cases?party=self').expect(200);
    expect(mineSelf.body.items.map((c: { id: string }) => c.id)).not.toContain(filed.body.id);
    const mineCompany = await as(member).get(`/api/cases?party=${enterpriseId}`).expect(200);
    expect(
      mineCompany.body.items.every((c: { enterprise?: { id: string } }) => c.enterprise?.id === enterpriseId),
    ).toBe(true);

    // Visibility: the outsider gets 404 on the case and 403 (a citizen) on the enterprise's list.
    await as(outsider).get(`/api/cases/${filed.body.id}`).expect(404);
    await as(outsider).get(`/api/enterprises/${enterpriseId}/cases`).expect(403);
    const stranger = await person(env.deps, 'enterprise');
    await as(stranger).get(`/api/enterprises/${enterpriseId}/cases`).expect(404);
  });
});

describe('容缺后补 and parallel departments by name', () => {
  it('a waived material is owed after 受理 and can be uploaded until 办结; staff see it on the timeline', async () => {
    const filed = await as(member)
      .post('/api/cases', { itemCode: orgItem, onBehalfOf: enterpriseId })
      .expect(201);
    const id = filed.body.id as string;
    const waivable = filed.body.materials.findIndex(
      (m: { requirement: string }) => m.requirement === 'waivable',
    );
    const required = filed.body.materials.findIndex(
      (m: { requirement: string }) => m.requirement === 'required',
    );
    await api()
      .post(`/api/cases/${id}/materials`)
      .set('Authorization', member.header)
      .field('index', String(required))
      .attach('file', PNG, 'form.png')
      .expect(201);
    const waived = await as(member).post(`/api/cases/${id}/materials/waive`, { index: waivable }).expect(200);
    expect(waived.body.owed).toEqual([{ index: waivable, name: '授权委托书' }]);
    await as(lead).post(`/api/cases/${id}/prereview`, { result: 'pass' }).expect(200);
    const accepted = await as(lead)
      .post(`/api/cases/${id}/accept`, { coDepartments: [{ department: 'dept-sw' }] })
      .expect(200);
    expect(accepted.body.owed).toHaveLength(1);
    expect(accepted.body.owedBy).toBe(accepted.body.dueDate);
    expect(accepted.body.openTaskNames).toEqual(['测试税务局']);
    expect(accepted.body.tasks[0].departmentName).toBe('测试税务局');
    expect(accepted.body.timeline.at(-1).note).toContain('并联部门：测试税务局');

    // The public query names the company (credit code masked) and the departments still working.
    const progress = await api()
      .post('/api/cases/progress')
      .send({ caseNumber: filed.body.number, applicantName: '鸡西某某科技有限公司' })
      .expect(200);
    expect(progress.body).toMatchObject({
      enterpriseName: '鸡西某某科技有限公司',
      stillWorking: ['测试市场监督管理局', '测试税务局'],
    });
    expect(progress.body.enterpriseCreditCodeMasked).toContain('*');
    expect(JSON.stringify(progress.body)).not.toContain('dept-sw');

    // 容缺后补 after 受理 (any active member may, the admin here).
    const late = await api()
      .post(`/api/cases/${id}/materials`)
      .set('Authorization', admin.header)
      .field('index', String(waivable))
      .attach('file', PNG, '授权委托书.png')
      .expect(201);
    expect(late.body.material.state).toBe('uploaded');
    const staffView = await as(lead).get(`/api/cases/${id}`).expect(200);
    expect(staffView.body.owed).toEqual([]);
    expect(staffView.body.timeline.map((e: { note?: string }) => e.note)).toContain('容缺后补：授权委托书');
    expect(staffView.body.enterprise.name).toBe('鸡西某某科技有限公司');

    // 确认办结 while the tax office works: refused with the department's name.
    await as(lead).post(`/api/cases/${id}/start`).expect(200);
    const early = await as(lead).post(`/api/cases/${id}/complete`, { outcome: 'approved' }).expect(409);
    expect(early.body.error).toMatchObject({ code: 'CASE_TASKS_OPEN' });
    expect(early.body.error.message).toContain('测试税务局');
    const taskId = accepted.body.tasks[0].id as string;
    await as(tax)
      .post(`/api/staff/case-tasks/${taskId}`, { status: 'done', outcome: 'approved' })
      .expect(200);
    const done = await as(lead).post(`/api/cases/${id}/complete`, { outcome: 'approved' }).expect(200);
    expect(done.body.timeline.find((e: { kind: string }) => e.kind === 'task_updated').label).toContain(
      '测试税务局',
    );
  });

  it('after 办结 nothing more is owed and uploads are refused', async () => {
    const filed = await as(member)
      .post('/api/cases', { itemCode: orgItem, onBehalfOf: enterpriseId })
      .expect(201);
    const id = filed.body.id as string;
    const waivable = filed.body.materials.findIndex(
      (m: { requirement: string }) => m.requirement === 'waivable',
    );
    await as(member).post(`/api/cases/${id}/materials/waive`, { index: waivable }).expect(200);
    await as(lead).post(`/api/cases/${id}/prereview`, { result: 'pass' }).expect(200);
    await as(lead).post(`/api/cases/${id}/accept`, {}).expect(200);
    await as(lead).post(`/api/cases/${id}/start`).expect(200);
    const done = await as(lead).post(`/api/cases/${id}/complete`, { outcome: 'approved' }).expect(200);
    expect(done.body.owed).toEqual([]);
    await api()
      .post(`/api/cases/${id}/materials`)
      .set('Authorization', member.header)
      .field('index', String(waivable))
      .attach('file', PNG, 'late.png')
      .expect(409);
  });
});
