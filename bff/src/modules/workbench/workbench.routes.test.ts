import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { appointmentsOf } from '../appointments/appointments.runtime';
import { insertBooking } from '../appointments/testing/http-fixtures';
import { toChinaDate } from '../calendar';
import { fileCase, person, publishItem } from '../cases/testing/case-fixtures';

/** 工作台角标: one route, counts scoped like the queues the tiles open (real engine and Redis). */

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  await appointmentsOf(env.deps).appt.ensureIndexes();
});
afterAll(async () => {
  await appointmentsOf(env.deps).reminders.queue().close();
  await env.close();
});

const counts = (header: string) =>
  request(env.callback).get('/api/staff/workbench/counts').set('Authorization', header);

describe('GET /api/staff/workbench/counts', () => {
  it("a window clerk: their department's cases to pre-review, their hall's bookings to check in today; a supervisor: everything but the hall's", async () => {
    const clerk = await person(env.deps, 'staff', { department: 'dept-wb', halls: ['HALL-WB'] });
    const other = await person(env.deps, 'staff', { department: 'dept-other', halls: [] });
    const desk = await person(env.deps, 'staff', {
      department: 'dept-other',
      halls: [],
      duties: ['complaint_dispatch'],
    });
    const supervisor = await person(env.deps, 'supervisor');

    const before = (await counts(clerk.header).expect(200)).body;
    expect(before).toMatchObject({ prereview: 0, checkInToday: 0, overdueCases: 0 });
    // Not a desk duty: no 待派单 count at all (the tile's queue would refuse them).
    expect(before.complaintsToDispatch).toBeUndefined();

    const itemCode = await publishItem(env.deps, { departmentCode: 'dept-wb' });
    const applicant = await person(env.deps, 'citizen');
    await fileCase(env.deps, applicant.principal, itemCode);
    await fileCase(env.deps, applicant.principal, itemCode);
    const today = toChinaDate(new Date());
    await insertBooking(env.deps, { personId: applicant.user.id, hallCode: 'HALL-WB', date: today });
    await insertBooking(env.deps, { personId: applicant.user.id, hallCode: 'HALL-ELSE', date: today });

    const after = (await counts(clerk.header).expect(200)).body;
    expect(after).toMatchObject({ prereview: 2, checkInToday: 1 });

    const elsewhere = (await counts(other.header).expect(200)).body;
    expect(elsewhere.prereview).toBe(0);
    expect(elsewhere.checkInToday).toBeUndefined(); // no hall: no 预约签到 tile, no count

    expect((await counts(desk.header).expect(200)).body.complaintsToDispatch).toBe(0);

    const sup = (await counts(supervisor.header).expect(200)).body;
    expect(sup.prereview).toBeGreaterThanOrEqual(2);
    expect(sup.checkInToday).toBeUndefined();
    expect(sup.complaintsToDispatch).toBeGreaterThanOrEqual(0);
  });

  it('staff only: a citizen is refused, anonymous 401', async () => {
    const citizen = await person(env.deps, 'citizen');
    expect((await counts(citizen.header)).status).toBe(403);
    expect((await request(env.callback).get('/api/staff/workbench/counts')).status).toBe(401);
  });
});
