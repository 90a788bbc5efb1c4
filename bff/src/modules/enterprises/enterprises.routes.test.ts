import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { identityOf } from '../auth/identity';
import { makeCreditCode, makeIdNumber, signedIn } from '../auth/testing/identity-fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const bind = (header: string, creditCode: string, name = '杭州某某科技有限公司') =>
  request(env.callback).post('/api/enterprises/bind').set('Authorization', header).send({ creditCode, name });
const refreshed = async (refreshToken: string) =>
  (await request(env.callback).post('/api/auth/refresh').send({ refreshToken }).expect(200)).body;

describe('binding an enterprise', () => {
  it('the first binder is its admin; later binders wait for the admin’s approval', async () => {
    const code = makeCreditCode();
    const first = await signedIn(env.deps, 'citizen');
    const second = await signedIn(env.deps, 'citizen');
    const a = await bind(first.header, code.toLowerCase()).expect(200);
    expect(a.body).toMatchObject({ creditCode: code, role: 'admin', status: 'active' });
    const b = await bind(second.header, code).expect(200);
    expect(b.body).toMatchObject({ role: 'member', status: 'pending', enterpriseId: a.body.enterpriseId });

    // The admin's role changed: the old access token stops; a refresh carries the new role.
    await request(env.callback).get('/api/me').set('Authorization', first.header).expect(401);
    const admin = await refreshed(first.refreshToken);
    expect(admin.user.role).toBe('enterprise');
    const adminHeader = `Bearer ${admin.accessToken}`;

    const detail = await request(env.callback)
      .get(`/api/enterprises/${a.body.enterpriseId}`)
      .set('Authorization', adminHeader)
      .expect(200);
    expect(detail.body.members.map((m: { status: string }) => m.status)).toEqual(['active', 'pending']);

    const approved = await request(env.callback)
      .post(`/api/enterprises/${a.body.enterpriseId}/members/${second.user.id}/approve`)
      .set('Authorization', adminHeader)
      .expect(200);
    expect(approved.body).toMatchObject({ userId: second.user.id, status: 'active', role: 'member' });
    const again = await request(env.callback)
      .post(`/api/enterprises/${a.body.enterpriseId}/members/${second.user.id}/approve`)
      .set('Authorization', adminHeader)
      .expect(409);
    expect(again.body.error.code).toBe('MEMBERSHIP_NOT_PENDING');

    const member = await refreshed(second.refreshToken);
    expect(member.user.role).toBe('enterprise');
    expect(member.user.enterprises).toEqual([expect.objectContaining({ status: 'active', role: 'member' })]);
    const memberHeader = `Bearer ${member.accessToken}`;
    await request(env.callback)
      .get(`/api/enterprises/${a.body.enterpriseId}`)
      .set('Authorization', memberHeader)
      .expect(200);

    // A member who is not the admin cannot approve others.
    const third = await signedIn(env.deps, 'citizen');
    await bind(third.header, code).expect(200);
    const denied = await request(env.callback)
      .post(`/api/enterprises/${a.body.enterpriseId}/members/${third.user.id}/approve`)
      .set('Authorization', memberHeader)
      .expect(403);
    expect(denied.body.error.code).toBe('ENTERPRISE_ADMIN_REQUIRED');
    const rejected = await request(env.callback)
      .post(`/api/enterprises/${a.body.enterpriseId}/members/${third.user.id}/reject`)
      .set('Authorization', adminHeader)
      .expect(200);
    expect(rejected.body.status).toBe('rejected');
  });

  it('binding again answers the existing membership', async () => {
    const person = await signedIn(env.deps, 'citizen');
    const code = makeCreditCode();
    const a = await bind(person.header, code).expect(200);
    const me = await refreshed(person.refreshToken);
    const b = await bind(`Bearer ${me.accessToken}`, code).expect(200);
    expect(b.body).toEqual(a.body);
  });

  it('two people binding a new company at once: exactly one becomes admin', async () => {
    const code = makeCreditCode();
    const people = await Promise.all([1, 2, 3, 4].map(() => signedIn(env.deps, 'citizen')));
    const results = await Promise.all(people.map((p) => bind(p.header, code)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.filter((r) => r.body.role === 'admin')).toHaveLength(1);
  });

  it('members see each other masked', async () => {
    const code = makeCreditCode();
    const first = await signedIn(env.deps, 'citizen');
    await identityOf(env.deps).userService.setRealNameProfile(first.user.id, {
      name: '王小明',
      idNumber: makeIdNumber(),
      phone: '13998765432',
    });
    const { body } = await bind(first.header, code).expect(200);
    const admin = await refreshed(first.refreshToken);
    const detail = await request(env.callback)
      .get(`/api/enterprises/${body.enterpriseId}`)
      .set('Authorization', `Bearer ${admin.accessToken}`)
      .expect(200);
    expect(detail.body.members[0]).toMatchObject({ nameMasked: '王*明', phoneMasked: '139****5432' });
    expect(detail.text).not.toContain('13998765432');
    expect(detail.text).not.toContain('王小明');
  });

  it.each([
    [{ creditCode: '91350100M000100Y44', name: '某公司' }, ['body.creditCode']],
    [{ creditCode: '91350100M00010OY43', name: '某公司' }, ['body.creditCode']],
    [{ creditCode: '', name: '' }, ['body.creditCode', 'body.name']],
  ])('rejects a bad credit code or name %#', async (body, fields) => {
    const person = await signedIn(env.deps, 'citizen');
    const res = await request(env.callback)
      .post('/api/enterprises/bind')
      .set('Authorization', person.header)
      .send(body)
      .expect(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(fields);
  });

  it('malformed ids are 400; somebody else’s enterprise is 404', async () => {
    const person = await signedIn(env.deps, 'enterprise');
    const res = await request(env.callback)
      .get('/api/enterprises/xyz')
      .set('Authorization', person.header)
      .expect(400);
    expect(res.body.error.details.fields[0].path).toBe('params.id');
    const bad = await request(env.callback)
      .post('/api/enterprises/000000000000000000000000/members/nope/approve')
      .set('Authorization', person.header)
      .expect(400);
    expect(bad.body.error.details.fields[0].path).toBe('params.userId');
    const stranger = await signedIn(env.deps, 'enterprise');
    const [theirs] = await identityOf(env.deps).enterpriseService.activeEnterpriseIds(stranger.user.id);
    const notFound = await request(env.callback)
      .get(`/api/enterprises/${theirs}`)
      .set('Authorization', person.header)
      .expect(404);
    expect(notFound.body.error.code).toBe('NOT_FOUND');
  });
});
