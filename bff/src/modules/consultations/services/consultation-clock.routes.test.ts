import { Queue } from 'bullmq';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { eventually } from '../../../../test/support/eventually';
import {
  addCalendarDays,
  addWorkingDays,
  chinaDateTime,
  describeDay,
  isWorkingDay,
  nextWorkingDay,
} from '../../calendar';
import { person } from '../../cases/testing/case-fixtures';
import { bullPrefix } from '../../notifications';
import { consultationsOf } from '../consultations.module';
import { consultationItem, newKey, QUESTION, seedDepartments } from '../testing/consultation-fixtures';
import { dueAtOf, overdueJobId } from './consultation-clock';
import { CONSULTATION_QUEUE } from './consultation-context';

/**
 * The answer clock through the HTTP routes with a controllable clock (the services' `now`): the
 * dates are picked through the calendar (the last working day before a statutory holiday), so the
 * test does not depend on the day it runs.
 */
let env: TestEnv;
let queue: Queue;
let clock = new Date();
let itemCode: string;

/** The last working day before the first statutory holiday of 2026 that starts after September. */
function dayBeforeHoliday(): string {
  for (let d = '2026-09-15'; d < '2026-12-31'; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d) && describeDay(addCalendarDays(d, 1)).kind === 'holiday') return d;
  }
  throw new Error('no holiday found');
}

beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITE_PER_MINUTE_IP: '100000',
    RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '100000',
  });
  consultationsOf(env.deps, { now: () => clock });
  await seedDepartments(env.deps);
  itemCode = await consultationItem(env.deps, 'dept-a');
  queue = new Queue(CONSULTATION_QUEUE, {
    connection: env.deps.redis.client,
    prefix: bullPrefix(env.deps.redis),
  });
});
afterAll(async () => {
  await queue.close();
  await env.close();
});

const api = () => request(env.callback);

it('asking for information stops the clock across a holiday; the overdue job moves with the due date', async () => {
  const citizen = await person(env.deps, 'citizen');
  const staff = await person(env.deps, 'staff', { department: 'dept-a' });
  const start = dayBeforeHoliday();
  clock = chinaDateTime(start, '09:30');
  const asked = await api()
    .post('/api/consultations')
    .set('Authorization', citizen.header)
    .set('Idempotency-Key', newKey())
    .send({ title: '节前咨询', question: QUESTION, itemCode });
  expect(asked.status).toBe(201);
  const id = asked.body.id as string;
  const due0 = addWorkingDays(start, 3);
  expect(asked.body.clock).toMatchObject({ startDate: start, dueDate: due0, paused: false });
  const job0 = overdueJobId(id, dueAtOf(due0));
  expect(await queue.getJob(job0)).toBeDefined();

  clock = chinaDateTime(start, '10:00');
  await api()
    .post(`/api/staff/consultations/${id}/claim`)
    .set('Authorization', staff.header)
    .send({})
    .expect(200);
  const paused = await api()
    .post(`/api/staff/consultations/${id}/request-info`)
    .set('Authorization', staff.header)
    .send({ text: '请补充营业执照注册号' });
  expect(paused.status).toBe(200);
  expect(paused.body).toMatchObject({ status: 'info_requested', clock: { paused: true, dueDate: null } });
  expect(paused.body.allowedActions).toEqual(['close_duplicate']);
  expect(await queue.getJob(job0)).toBeUndefined();

  // The person replies on the first working day after the holiday.
  const reply = nextWorkingDay(start);
  expect(reply > addCalendarDays(start, 2)).toBe(true);
  clock = chinaDateTime(reply, '15:00');
  const resumed = await api()
    .post(`/api/consultations/${id}/info`)
    .set('Authorization', citizen.header)
    .send({ text: '注册号为 91330100MA0000000X' });
  expect(resumed.status).toBe(200);
  // Start day to reply day are outside the clock: 3 working days counted after the reply.
  const due1 = addWorkingDays(reply, 3);
  expect(resumed.body).toMatchObject({ status: 'claimed', clock: { paused: false, dueDate: due1 } });
  const job1 = overdueJobId(id, dueAtOf(due1));
  const moved = await queue.getJob(job1);
  expect(moved).toBeDefined();
  expect(moved!.data).toEqual({ consultationId: id, dueAt: dueAtOf(due1).getTime() });

  // Run early, the job does nothing; at the due instant it marks the round overdue, once.
  const { staff: staffService } = consultationsOf(env.deps);
  clock = chinaDateTime(due1, '23:00');
  expect(await staffService.markOverdue(id, dueAtOf(due1).getTime())).toBe(false);
  clock = new Date(dueAtOf(due1).getTime() + 60_000);
  // The job waits for the real due instant, which may lie weeks after the day this test runs as:
  // promote it (the service's clock says the due time has passed).
  const delayed = await queue.getJob(job1);
  if ((await delayed!.getState()) === 'delayed') await delayed!.promote();
  const worker = consultationsOf(env.deps).startWorker();
  try {
    const marked = await eventually(async () => {
      const r = await consultationsOf(env.deps).repo.findById(id);
      return r?.overdue ? r : undefined;
    });
    expect(marked.events.at(-1)).toMatchObject({ kind: 'overdue' });
    expect(await staffService.markOverdue(id, dueAtOf(due1).getTime())).toBe(false);
    const flagged = await api()
      .get('/api/staff/consultations?overdue=true')
      .set('Authorization', staff.header);
    expect(flagged.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(flagged.body.items.find((c: { id: string }) => c.id === id).clock).toMatchObject({
      overdue: true,
    });
    const notFlagged = await api()
      .get('/api/staff/consultations?overdue=false')
      .set('Authorization', staff.header);
    expect(notFlagged.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
  } finally {
    await worker.close();
  }

  // An answer withdraws the clock; a follow-up starts a new one (and a new job).
  clock = chinaDateTime(addCalendarDays(due1, 1), '09:00');
  await api()
    .post(`/api/staff/consultations/${id}/answer`)
    .set('Authorization', staff.header)
    .send({ text: '已收到，可以补办。' })
    .expect(200);
  const follow = await api()
    .post(`/api/consultations/${id}/follow-up`)
    .set('Authorization', citizen.header)
    .send({ question: '补办后原执照还能用吗？想确认一下' });
  expect(follow.status).toBe(200);
  const today = addCalendarDays(due1, 1);
  const due2 = addWorkingDays(today, 3);
  expect(follow.body.clock).toMatchObject({ startDate: today, dueDate: due2, overdue: false });
  expect(await queue.getJob(overdueJobId(id, dueAtOf(due2)))).toBeDefined();
});
