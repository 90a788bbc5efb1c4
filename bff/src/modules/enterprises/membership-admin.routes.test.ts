import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { createVerifiedEnterprise } from '../auth/testing/identity-fixtures';
import { fileCase, person, publishItem } from '../cases/testing/case-fixtures';
import { identityOf } from '../auth/identity';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const api = () => request(env.callback);
const refreshed = async (refreshToken: string) => {
  const { body } = await api().post('/api/auth/refresh').send({ refreshToken }).expect(200);
  return { header: `Bearer ${body.accessToken}`, refreshToken: body.refreshToken as string, me: body.user };
};

/** An enterprise with A as verified admin and B as an approved member; both with fresh sessions. */
async function company() {
  const a = await person(env.deps, 'citizen', { name: '甲管理' });
  const b = await person(env.deps, 'citizen', { name: '乙成员' });
  const id = await createVerifiedEnterprise(env.deps, a.user.id, '鸡西测试科技有限公司');
  const identity = identityOf(env.deps);
  await identity.enterprises.addMembership({
    enterpriseId: id,
    userId: b.user.id,
    role: 'member',
    status: 'active',
  });
  await identity.userService.becomeEnterpriseUser(b.user.id);
  const aSession = await identity.auth.startSession((await identity.users.findById(a.user.id))!);
  const bSession = await identity.auth.startSession((await identity.users.findById(b.user.id))!);
  return {
    id,
    a: { id: a.user.id, header: `Bearer ${aSession.accessToken}`, refreshToken: aSession.refreshToken },
    b: { id: b.user.id, header: `Bearer ${bSession.accessToken}`, refreshToken: bSession.refreshToken },
  };
}

describe('members leave, are removed, admins hand over', () => {
  it('a removed member loses the enterprise and its cases at once (session included); audited', async () => {
    const { id, a, b } = await company();
    const item = await publishItem(env.deps, { name: '分公司设立登记' });
    const principal = {
      userId: b.id,
      role: 'enterprise' as const,
      sessionId: 't',
      halls: [],
      duties: [],
      enterprises: [id],
    };
    const filed = await fileCase(env.deps, principal, item, id);
    await api().get(`/api/cases/${filed.id}`).set('Authorization', b.header).expect(200);
    const listed = await api().get(`/api/enterprises/${id}/cases`).set('Authorization', a.header).expect(200);
    expect(listed.body.items[0]).toMatchObject({ id: filed.id, applicantName: '乙*员' });
    expect(listed.body.items[0].enterprise).toMatchObject({ name: '鸡西测试科技有限公司' });

    const removed = await api()
      .delete(`/api/enterprises/${id}/members/${b.id}`)
      .set('Authorization', a.header)
      .expect(200);
    expect(removed.body).toMatchObject({ userId: b.id, status: 'removed' });
    // B's access token stops now; a refresh carries no enterprise.
    await api().get(`/api/cases/${filed.id}`).set('Authorization', b.header).expect(401);
    const fresh = await refreshed(b.refreshToken);
    expect(fresh.me.role).toBe('citizen');
    expect(fresh.me.enterprises).toEqual([]);
    const notFound = await api().get(`/api/cases/${filed.id}`).set('Authorization', fresh.header).expect(404);
    expect(notFound.body.error.code).toBe('NOT_FOUND');
    const mine = await api().get('/api/cases').set('Authorization', fresh.header).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).not.toContain(filed.id);
    await api().get(`/api/enterprises/${id}/cases`).set('Authorization', fresh.header).expect(403);
    // A still sees it, with B as the submitter.
    await api().get(`/api/cases/${filed.id}`).set('Authorization', a.header).expect(200);

    const supervisor = await person(env.deps, 'supervisor');
    const log = await api()
      .get('/api/audit')
      .query({ action: 'enterprises.member.remove' })
      .set('Authorization', supervisor.header)
      .expect(200);
    expect(log.body.items.find((e: { target?: string }) => e.target === `${id}/${b.id}`)).toMatchObject({
      actorId: a.id,
      actorRole: 'enterprise',
    });
    // Removing again: not a member any more.
    await api().delete(`/api/enterprises/${id}/members/${b.id}`).set('Authorization', a.header).expect(404);
  });

  it('a member cannot remove others; an admin cannot remove themself', async () => {
    const { id, a, b } = await company();
    const denied = await api()
      .delete(`/api/enterprises/${id}/members/${a.id}`)
      .set('Authorization', b.header)
      .expect(403);
    expect(denied.body.error.code).toBe('ENTERPRISE_ADMIN_REQUIRED');
    await api().delete(`/api/enterprises/${id}/members/${a.id}`).set('Authorization', a.header).expect(409);
  });

  it('a member leaves; the last admin cannot leave without handing over', async () => {
    const { id, a, b } = await company();
    const last = await api().post(`/api/enterprises/${id}/leave`).set('Authorization', a.header).expect(409);
    expect(last.body.error.code).toBe('ENTERPRISE_LAST_ADMIN');

    // Hand over to B: B is admin, A a member; then A may leave.
    const handed = await api()
      .post(`/api/enterprises/${id}/admins`)
      .set('Authorization', a.header)
      .send({ userId: b.id, mode: 'handover' })
      .expect(200);
    const roles = Object.fromEntries(
      handed.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]),
    );
    expect(roles).toEqual({ [a.id]: 'member', [b.id]: 'admin' });
    // A is no longer admin.
    await api().delete(`/api/enterprises/${id}/members/${b.id}`).set('Authorization', a.header).expect(403);
    await api().post(`/api/enterprises/${id}/leave`).set('Authorization', a.header).send({}).expect(200);
    await api().get(`/api/enterprises/${id}`).set('Authorization', a.header).expect(401);
    const fresh = await refreshed(a.refreshToken);
    expect(fresh.me.enterprises).toEqual([]);
    await api().get(`/api/enterprises/${id}`).set('Authorization', fresh.header).expect(403);
  });

  it('sharing the admin role makes two admins; then either may leave', async () => {
    const { id, a, b } = await company();
    const shared = await api()
      .post(`/api/enterprises/${id}/admins`)
      .set('Authorization', a.header)
      .send({ userId: b.id, mode: 'share' })
      .expect(200);
    expect(shared.body.members.every((m: { role: string }) => m.role === 'admin')).toBe(true);
    await api().post(`/api/enterprises/${id}/leave`).set('Authorization', a.header).expect(200);
    const again = await api().post(`/api/enterprises/${id}/leave`).set('Authorization', b.header).expect(409);
    expect(again.body.error.code).toBe('ENTERPRISE_LAST_ADMIN');
  });

  it('hand-over needs an active member', async () => {
    const { id, a } = await company();
    const c = await person(env.deps, 'citizen');
    await identityOf(env.deps).enterprises.addMembership({
      enterpriseId: id,
      userId: c.user.id,
      role: 'member',
      status: 'pending',
    });
    const res = await api()
      .post(`/api/enterprises/${id}/admins`)
      .set('Authorization', a.header)
      .send({ userId: c.user.id, mode: 'handover' })
      .expect(409);
    expect(res.body.error.code).toBe('MEMBER_NOT_ACTIVE');
  });
});
