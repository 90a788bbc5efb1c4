import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { identityOf } from '../auth/identity';
import { makeCreditCode, makeIdNumber, signedIn } from '../auth/testing/identity-fixtures';

/** A 1×1 PNG: uploads are checked by their magic bytes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const bind = (header: string, creditCode: string, name = '杭州某某科技有限公司') =>
  request(env.callback).post('/api/enterprises/bind').set('Authorization', header).send({ creditCode, name });
/** A citizen who gave their real name (binding needs it). */
const realPerson = async (name = '王小明') => {
  const p = await signedIn(env.deps, 'citizen');
  await identityOf(env.deps).userService.setRealNameProfile(p.user.id, {
    name,
    idNumber: makeIdNumber(),
    phone: '13998765432',
  });
  return p;
};
/** Hall staff verify the claim from the uploaded licence; answers the claimant's fresh header. */
const verified = async (claimant: { header: string; refreshToken: string }, enterpriseId: string) => {
  await request(env.callback)
    .post(`/api/enterprises/${enterpriseId}/licence`)
    .set('Authorization', claimant.header)
    .attach('file', PNG, { filename: '营业执照.png', contentType: 'image/png' })
    .expect(201);
  const staff = await signedIn(env.deps, 'staff', { halls: ['HALL-SZ'] });
  await request(env.callback)
    .post(`/api/enterprises/${enterpriseId}/verify`)
    .set('Authorization', staff.header)
    .send({ decision: 'approve' })
    .expect(200);
  return `Bearer ${(await refreshed(claimant.refreshToken)).accessToken}`;
};
const refreshed = async (refreshToken: string) =>
  (await request(env.callback).post('/api/auth/refresh').send({ refreshToken }).expect(200)).body;

describe('binding an enterprise', () => {
  it('binding needs the real-name profile', async () => {
    const anonymous = await signedIn(env.deps, 'citizen');
    const res = await bind(anonymous.header, makeCreditCode()).expect(403);
    expect(res.body.error.code).toBe('ENTERPRISE_REAL_NAME_REQUIRED');
  });

  it('the first binder is pending (grants nothing) until hall staff approve from the licence; audited', async () => {
    const code = makeCreditCode();
    const first = await realPerson();
    const a = await bind(first.header, code).expect(200);
    expect(a.body).toMatchObject({
      role: 'admin',
      status: 'pending',
      enterpriseVerified: false,
      licenceUploaded: false,
    });
    const id = a.body.enterpriseId;
    // Pending grants nothing: still a citizen, the enterprise is out of reach.
    await request(env.callback).get(`/api/enterprises/${id}`).set('Authorization', first.header).expect(403);

    // Staff cannot approve before the licence is there; a hall-less staff member cannot see it at all.
    const staff = await signedIn(env.deps, 'staff', { halls: ['HALL-SZ'] });
    const early = await request(env.callback)
      .post(`/api/enterprises/${id}/verify`)
      .set('Authorization', staff.header)
      .send({ decision: 'approve' })
      .expect(409);
    expect(early.body.error.code).toBe('ENTERPRISE_LICENCE_REQUIRED');
    const noHall = await signedIn(env.deps, 'staff', { halls: [] });
    await request(env.callback)
      .post(`/api/enterprises/${id}/verify`)
      .set('Authorization', noHall.header)
      .send({ decision: 'approve' })
      .expect(404);

    // The licence: upload rules of case materials (magic bytes), Chinese file name kept.
    await request(env.callback)
      .post(`/api/enterprises/${id}/licence`)
      .set('Authorization', first.header)
      .attach('file', Buffer.from('not an image'), { filename: 'x.png', contentType: 'image/png' })
      .expect(415);
    const up = await request(env.callback)
      .post(`/api/enterprises/${id}/licence`)
      .set('Authorization', first.header)
      .attach('file', PNG, { filename: 'licence.png', contentType: 'image/png' })
      .expect(201);
    expect(up.body.licence).toMatchObject({
      contentType: 'image/png',
      url: `/api/enterprises/${id}/licence`,
    });
    const queue = await request(env.callback)
      .get('/api/staff/enterprise-claims')
      .set('Authorization', staff.header)
      .expect(200);
    expect(queue.body.items.find((c: { enterpriseId: string }) => c.enterpriseId === id)).toMatchObject({
      creditCode: code,
      claimantNameMasked: '王*明',
    });
    const picture = await request(env.callback)
      .get(`/api/enterprises/${id}/licence`)
      .set('Authorization', staff.header)
      .expect(200);
    expect(picture.headers['content-type']).toBe('image/png');
    // Another applicant cannot see it.
    const stranger = await realPerson();
    await request(env.callback)
      .get(`/api/enterprises/${id}/licence`)
      .set('Authorization', stranger.header)
      .expect(404);

    await request(env.callback)
      .post(`/api/enterprises/${id}/verify`)
      .set('Authorization', staff.header)
      .send({ decision: 'approve', note: '执照与信用代码一致' })
      .expect(200);
    const again = await request(env.callback)
      .post(`/api/enterprises/${id}/verify`)
      .set('Authorization', staff.header)
      .send({ decision: 'approve' })
      .expect(404); // verified claims are out of staff's reach
    expect(again.body.error.code).toBe('NOT_FOUND');
    const supervisor = await signedIn(env.deps, 'supervisor');
    const log = await request(env.callback)
      .get('/api/audit')
      .query({ action: 'enterprises.verify.approve' })
      .set('Authorization', supervisor.header)
      .expect(200);
    expect(log.body.items.find((e: { target?: string }) => e.target === id)).toMatchObject({
      actorId: staff.user.id,
    });
    const admin = await refreshed(first.refreshToken);
    expect(admin.user.role).toBe('enterprise');
    expect(admin.user.enterprises[0]).toMatchObject({
      status: 'active',
      role: 'admin',
      enterpriseVerified: true,
    });
  });

  it('staff may refuse a claim: it is deleted and the code can be bound again', async () => {
    const code = makeCreditCode();
    const first = await realPerson();
    const { body } = await bind(first.header, code).expect(200);
    const staff = await signedIn(env.deps, 'staff', { halls: ['HALL-SZ'] });
    await request(env.callback)
      .post(`/api/enterprises/${body.enterpriseId}/verify`)
      .set('Authorization', staff.header)
      .send({ decision: 'reject', note: '执照模糊' })
      .expect(200);
    const other = await realPerson();
    const again = await bind(other.header, code).expect(200);
    expect(again.body).toMatchObject({ role: 'admin', status: 'pending' });
    expect(again.body.enterpriseId).not.toBe(body.enterpriseId);
  });

  it('an admin (role) may verify without a licence', async () => {
    const first = await realPerson();
    const { body } = await bind(first.header, makeCreditCode()).expect(200);
    const admin = await signedIn(env.deps, 'admin');
    await request(env.callback)
      .post(`/api/enterprises/${body.enterpriseId}/verify`)
      .set('Authorization', admin.header)
      .send({ decision: 'approve' })
      .expect(200);
  });

  it('later binders wait for the admin’s approval', async () => {
    const code = makeCreditCode();
    const first = await realPerson();
    const second = await realPerson();
    const a = await bind(first.header, code.toLowerCase()).expect(200);
    expect(a.body).toMatchObject({ creditCode: code, role: 'admin', status: 'pending' });
    const adminHeader = await verified(first, a.body.enterpriseId);
    const b = await bind(second.header, code).expect(200);
    expect(b.body).toMatchObject({ role: 'member', status: 'pending', enterpriseId: a.body.enterpriseId });
    const mine = await request(env.callback)
      .get('/api/enterprises/mine')
      .set('Authorization', adminHeader)
      .expect(200);
    expect(mine.body.items[0]).toMatchObject({ pendingRequests: 1 });

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
    const third = await realPerson();
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
    const person = await realPerson();
    const code = makeCreditCode();
    const a = await bind(person.header, code).expect(200);
    const me = await refreshed(person.refreshToken);
    const b = await bind(`Bearer ${me.accessToken}`, code).expect(200);
    expect(b.body).toEqual(a.body);
  });

  it('two people binding a new company at once: exactly one becomes admin', async () => {
    const code = makeCreditCode();
    const people = await Promise.all([1, 2, 3, 4].map(() => realPerson()));
    const results = await Promise.all(people.map((p) => bind(p.header, code)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.filter((r) => r.body.role === 'admin')).toHaveLength(1);
  });

  it('members see each other masked', async () => {
    const code = makeCreditCode();
    const first = await realPerson();
    const { body } = await bind(first.header, code).expect(200);
    const adminHeader = await verified(first, body.enterpriseId);
    const detail = await request(env.callback)
      .get(`/api/enterprises/${body.enterpriseId}`)
      .set('Authorization', adminHeader)
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
    const person = await realPerson();
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
