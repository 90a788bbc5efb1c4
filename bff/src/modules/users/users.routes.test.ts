import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { makeIdNumber, signedIn } from '../auth/testing/identity-fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const ID = makeIdNumber('19850214', '527');
const PHONE = '13812345678';

async function citizenWithProfile() {
  const person = await signedIn(env.deps, 'citizen');
  await request(env.callback)
    .put('/api/me/profile')
    .set('Authorization', person.header)
    .send({ name: '张三丰', idNumber: ID.toLowerCase(), phone: PHONE })
    .expect(200);
  return person;
}

describe('real-name profile', () => {
  it('the owner sees their ID number and phone in full, on their own profile only', async () => {
    const person = await citizenWithProfile();
    const me = await request(env.callback).get('/api/me').set('Authorization', person.header).expect(200);
    expect(me.body).toMatchObject({
      name: '张三丰',
      idNumber: ID,
      idNumberMasked: `${ID.slice(0, 4)}**********${ID.slice(-4)}`,
      phone: PHONE,
      phoneMasked: '138****5678',
      realNameVerified: true,
    });
  });

  it('stores them encrypted with a keyed hash for look-ups, never in clear', async () => {
    const person = await citizenWithProfile();
    const { Types } = await import('mongoose');
    const doc = await env.mongo.connection
      .collection('users')
      .findOne({ _id: new Types.ObjectId(person.user.id) });
    const raw = JSON.stringify(doc);
    expect(raw).not.toContain(ID);
    expect(raw).not.toContain(PHONE);
    expect(doc?.idNumberHash).toMatch(/^[a-f0-9]{64}$/);
  });

  it('others see them masked: admins, supervisors, lists', async () => {
    const person = await citizenWithProfile();
    for (const role of ['admin', 'supervisor'] as const) {
      const viewer = await signedIn(env.deps, role);
      const one = await request(env.callback)
        .get(`/api/admin/users/${person.user.id}`)
        .set('Authorization', viewer.header)
        .expect(200);
      expect(one.body).toMatchObject({
        name: '张*丰',
        phoneMasked: '138****5678',
        idNumberMasked: expect.stringContaining('**********'),
      });
      const list = await request(env.callback)
        .get('/api/admin/users?role=citizen')
        .set('Authorization', viewer.header)
        .expect(200);
      for (const text of [one.text, list.text]) {
        expect(text).not.toContain(ID);
        expect(text).not.toContain(PHONE);
        expect(text).not.toContain('张三丰');
      }
    }
  });

  it('no log line holds an ID number or phone', async () => {
    await citizenWithProfile();
    const logs = env.logs.text();
    expect(logs).not.toContain(ID);
    expect(logs).not.toContain(PHONE);
    expect(logs).not.toContain(ID.slice(6, 14) + ID.slice(14));
  });

  it.each([
    [{ name: '', idNumber: ID, phone: PHONE }, ['body.name']],
    [
      { name: '李四', idNumber: `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`, phone: PHONE },
      ['body.idNumber'],
    ],
    [{ name: '李四', idNumber: makeIdNumber('19900230'), phone: PHONE }, ['body.idNumber']],
    [{ name: '李四', idNumber: makeIdNumber('29900101'), phone: PHONE }, ['body.idNumber']],
    [{ name: '李四', idNumber: ID, phone: '12812345678' }, ['body.phone']],
    [{}, ['body.idNumber', 'body.name', 'body.phone']],
  ])('rejects bad input %#, naming the fields', async (body, fields) => {
    const person = await signedIn(env.deps, 'citizen');
    const res = await request(env.callback)
      .put('/api/me/profile')
      .set('Authorization', person.header)
      .send(body)
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(fields);
    expect(JSON.stringify(res.body)).not.toContain(ID);
  });
});

describe('accounts (admin)', () => {
  it('an admin creates a staff account that can log in', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const res = await request(env.callback)
      .post('/api/admin/users')
      .set('Authorization', admin.header)
      .send({
        role: 'staff',
        username: 'chen.qi',
        password: 'Window-Pass-2024',
        name: '陈七',
        department: 'tax',
        halls: ['city-hall'],
      })
      .expect(201);
    expect(res.body).toMatchObject({
      role: 'staff',
      username: 'chen.qi',
      name: '陈七',
      department: 'tax',
      halls: ['city-hall'],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    const login = await request(env.callback)
      .post('/api/auth/staff-login')
      .send({ username: 'chen.qi', password: 'Window-Pass-2024' })
      .expect(200);
    expect(login.body.user.role).toBe('staff');
    const dup = await request(env.callback)
      .post('/api/admin/users')
      .set('Authorization', admin.header)
      .send({
        role: 'staff',
        username: 'Chen.Qi',
        password: 'Window-Pass-2024',
        name: '陈七',
        department: 'tax',
      })
      .expect(409);
    expect(dup.body.error.code).toBe('USERNAME_TAKEN');
  });

  it('staff accounts carry duties: set on creation and by PATCH, in the token and in /api/me', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const created = await request(env.callback)
      .post('/api/admin/users')
      .set('Authorization', admin.header)
      .send({
        role: 'staff',
        username: 'desk.liu',
        password: 'Window-Pass-2024',
        name: '刘派单',
        department: 'ZWFW',
        duties: ['complaint_dispatch'],
      })
      .expect(201);
    expect(created.body.duties).toEqual(['complaint_dispatch']);
    const login = async () =>
      (
        await request(env.callback)
          .post('/api/auth/staff-login')
          .send({ username: 'desk.liu', password: 'Window-Pass-2024' })
          .expect(200)
      ).body;
    const first = await login();
    expect(first.user.duties).toEqual(['complaint_dispatch']);
    const me = await request(env.callback)
      .get('/api/me')
      .set('Authorization', `Bearer ${first.accessToken}`)
      .expect(200);
    expect(me.body.duties).toEqual(['complaint_dispatch']);
    await request(env.callback)
      .patch(`/api/admin/users/${created.body.id}`)
      .set('Authorization', admin.header)
      .send({ duties: ['complaint_dispatch', 'complaint_followup'] })
      .expect(200);
    // A change of duties ends the old sessions: the old token no longer works.
    await request(env.callback)
      .get('/api/me')
      .set('Authorization', `Bearer ${first.accessToken}`)
      .expect(401);
    expect((await login()).user.duties).toEqual(['complaint_dispatch', 'complaint_followup']);
    const bad = await request(env.callback)
      .post('/api/admin/users')
      .set('Authorization', admin.header)
      .send({
        role: 'supervisor',
        username: 'sup.duty',
        password: 'Window-Pass-2024',
        name: '某人',
        duties: ['complaint_dispatch', 'cleaning'],
      })
      .expect(400);
    expect(bad.body.error.details.fields.map((f: { message: string }) => f.message)).toContain(
      '未知的岗位职责',
    );
  });

  it('names every bad field of a new account', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const res = await request(env.callback)
      .post('/api/admin/users')
      .set('Authorization', admin.header)
      .send({ role: 'staff', username: '1x', password: 'short', name: '' })
      .expect(400);
    expect([...new Set(res.body.error.details.fields.map((f: { path: string }) => f.path))].sort()).toEqual([
      'body.department',
      'body.name',
      'body.password',
      'body.username',
    ]);
    const noDept = await request(env.callback)
      .post('/api/admin/users')
      .set('Authorization', admin.header)
      .send({ role: 'staff', username: 'no.dept', password: 'Window-Pass-2024', name: '某人' })
      .expect(400);
    expect(noDept.body.error.details.fields).toEqual([
      { path: 'body.department', message: '工作人员须指定所属部门' },
    ]);
    const citizenRole = await request(env.callback)
      .post('/api/admin/users')
      .set('Authorization', admin.header)
      .send({ role: 'citizen', username: 'some.one', password: 'Window-Pass-2024', name: '某人' })
      .expect(400);
    expect(citizenRole.body.error.details.fields[0].path).toBe('body.role');
  });

  it('PATCH: bad input, and an unknown or malformed id', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const staff = await signedIn(env.deps, 'staff');
    const empty = await request(env.callback)
      .patch(`/api/admin/users/${staff.user.id}`)
      .set('Authorization', admin.header)
      .send({})
      .expect(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
    const bad = await request(env.callback)
      .patch(`/api/admin/users/${staff.user.id}`)
      .set('Authorization', admin.header)
      .send({ role: 'king', halls: 'h1' })
      .expect(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.halls',
      'body.role',
    ]);
    await request(env.callback)
      .patch('/api/admin/users/000000000000000000000000')
      .set('Authorization', admin.header)
      .send({ status: 'disabled' })
      .expect(404);
    const malformed = await request(env.callback)
      .get('/api/admin/users/not-an-id')
      .set('Authorization', admin.header)
      .expect(400);
    expect(malformed.body.error.details.fields[0].path).toBe('params.id');
    const query = await request(env.callback)
      .get('/api/admin/users?role=king&page=0')
      .set('Authorization', admin.header)
      .expect(400);
    expect(query.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'query.page',
      'query.role',
    ]);
  });
});
