import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { identityOf } from '../auth/identity';
import { createVerifiedEnterprise } from '../auth/testing/identity-fixtures';
import { person } from '../cases/testing/case-fixtures';
import { appointmentsOf, type AppointmentsRuntime } from './appointments.runtime';
import { TestClock, smallHall } from './testing/appointments-fixture';
import { loadDemoHalls, publishBookableItem } from './testing/http-fixtures';

/**
 * Issue 19 item 6: a booking made on behalf of an enterprise (申报主体) — only by an active member,
 * seen by its other members (by id and in the enterprise's list), cancelled only by who booked it.
 */

const DAY = '2026-10-13';
let env: TestEnv;
let clock: TestClock;
let rt: AppointmentsRuntime;
let itemCode: string;
let enterpriseId: string;
let admin: { header: string };
let member: { header: string };
let outsider: { header: string };
let n = 0;
const key = () => `ent-${Date.now().toString(36)}-${(n += 1)}-${Math.random().toString(36).slice(2, 8)}`;
const http = () => request(env.callback);

async function relogin(userId: string) {
  const identity = identityOf(env.deps);
  const user = (await identity.users.findById(userId))!;
  const session = await identity.auth.startSession(user);
  return { header: `Bearer ${session.accessToken}` };
}

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  clock = new TestClock('2026-10-08', '10:00');
  rt = appointmentsOf(env.deps, { now: clock.now, cacheMs: 0 });
  await rt.appt.ensureIndexes();
  await loadDemoHalls(env.deps);
  itemCode = await publishBookableItem(env.deps);
  await rt.appt.slots.configureHall(smallHall('HALL-SZ', 5));
  const a = await person(env.deps, 'citizen', { name: '甲管理' });
  const m = await person(env.deps, 'citizen', { name: '乙成员' });
  const o = await person(env.deps, 'citizen', { name: '丙路人' });
  enterpriseId = await createVerifiedEnterprise(env.deps, a.user.id, '鸡西某某预约科技有限公司');
  const identity = identityOf(env.deps);
  await identity.enterprises.addMembership({
    enterpriseId,
    userId: m.user.id,
    role: 'member',
    status: 'active',
  });
  await identity.userService.becomeEnterpriseUser(m.user.id);
  admin = await relogin(a.user.id);
  member = await relogin(m.user.id);
  outsider = { header: o.header };
});
afterAll(async () => {
  await rt.reminders.queue().close();
  await env.close();
});

function book(header: string, over: Record<string, unknown> = {}) {
  return http()
    .post('/api/appointments')
    .set('Authorization', header)
    .set('Idempotency-Key', key())
    .send({ itemCode, hallCode: 'HALL-SZ', date: DAY, start: '09:00', ...over });
}

describe('booking on behalf of an enterprise', () => {
  let bookingId: string;

  it('a member books for the enterprise: its name is on the ticket', async () => {
    const res = await book(member.header, { enterpriseId });
    expect(res.status).toBe(201);
    expect(res.body.outcome).toBe('booked');
    expect(res.body.booking.enterprise).toEqual({ id: enterpriseId, name: '鸡西某某预约科技有限公司' });
    bookingId = res.body.booking.id;
  });

  it('another member sees it in the enterprise list and by id, with who booked it, not cancellable', async () => {
    const list = await http()
      .get(`/api/enterprises/${enterpriseId}/appointments`)
      .set('Authorization', admin.header);
    expect(list.status).toBe(200);
    expect(list.body.upcoming.map((t: { id: string }) => t.id)).toEqual([bookingId]);
    expect(list.body.upcoming[0].bookedByName).toBe('乙*员');
    expect(list.body.upcoming[0].cancellable).toBe(false);
    const one = await http().get(`/api/appointments/${bookingId}`).set('Authorization', admin.header);
    expect(one.status).toBe(200);
    expect(one.body.enterprise.name).toBe('鸡西某某预约科技有限公司');
    expect(one.body.cancellable).toBe(false);
    const pos = await http()
      .get(`/api/appointments/${bookingId}/position`)
      .set('Authorization', admin.header);
    expect(pos.status).toBe(200);
  });

  it('a non-member gets 404 for the booking and the list', async () => {
    const one = await http().get(`/api/appointments/${bookingId}`).set('Authorization', outsider.header);
    expect(one.status).toBe(404);
    const list = await http()
      .get(`/api/enterprises/${enterpriseId}/appointments`)
      .set('Authorization', outsider.header);
    expect([403, 404]).toContain(list.status);
  });

  it('a non-member cannot book for the enterprise', async () => {
    const res = await book(outsider.header, { enterpriseId, start: '10:00' });
    expect([403, 404]).toContain(res.status);
  });

  it('another member cannot cancel or reschedule it; the one who booked can cancel', async () => {
    const cancel = await http()
      .post(`/api/appointments/${bookingId}/cancel`)
      .set('Authorization', admin.header)
      .send({});
    expect(cancel.status).toBe(404);
    const moved = await http()
      .post(`/api/appointments/${bookingId}/reschedule`)
      .set('Authorization', admin.header)
      .set('Idempotency-Key', key())
      .send({ date: DAY, start: '10:00' });
    expect(moved.status).toBe(404);
    const own = await http()
      .post(`/api/appointments/${bookingId}/cancel`)
      .set('Authorization', member.header)
      .send({});
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('cancelled');
  });

  it('a personal booking stays out of the enterprise list', async () => {
    const res = await book(member.header, { start: '11:00' });
    expect(res.status).toBe(201);
    expect(res.body.booking.enterprise).toBeUndefined();
    const list = await http()
      .get(`/api/enterprises/${enterpriseId}/appointments`)
      .set('Authorization', admin.header);
    expect(list.body.upcoming).toEqual([]);
    expect(list.body.past.map((t: { id: string }) => t.id)).toEqual([bookingId]);
  });
});
