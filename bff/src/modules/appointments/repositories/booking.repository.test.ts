import { Types } from 'mongoose';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { registerAppointmentModels } from '../models';
import { createBookingRepository, type NewBooking } from './booking.repository';

/** 我的预约: a live booking is never hidden behind many finished ones. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'error' });
  registerAppointmentModels(env.mongo.connection);
});
afterAll(() => env.close());

function booking(personId: string, n: number, status: NewBooking['status']): NewBooking {
  const startsAt = new Date(Date.UTC(2026, 9, 1) + n * 3600_000);
  return {
    _id: new Types.ObjectId(),
    code: `C${personId}${n}`,
    personId,
    itemCode: 'ITEM',
    hallCode: 'HALL',
    windowType: '综合受理',
    date: startsAt.toISOString().slice(0, 10),
    start: '09:00',
    end: '09:30',
    slotId: `HALL:${n}`,
    slotStartsAt: startsAt,
    slotEndsAt: new Date(startsAt.getTime() + 1800_000),
    status,
    idemKey: `${personId}|${n}`,
    createdAt: new Date(),
  };
}

it('lists every live booking first, then the latest 50 finished ones', async () => {
  const repo = createBookingRepository(env.mongo.connection);
  const person = `p-${Date.now()}`;
  // The live one is the OLDEST slot: sorted by slot alone it would fall behind 60 cancelled ones.
  await repo.insert(booking(person, 0, 'booked'));
  for (let n = 1; n <= 60; n++) await repo.insert(booking(person, n, 'cancelled'));
  await repo.insert(booking(person, 61, 'checked_in'));
  await repo.insert(booking(person, 62, 'rejected'));
  const listed = await repo.listByPerson(person);
  expect(listed.slice(0, 2).map((b) => b.status)).toEqual(['booked', 'checked_in']);
  expect(listed).toHaveLength(52);
  expect(listed.slice(2).every((b) => b.status === 'cancelled')).toBe(true);
  expect(listed[2].idemKey).toBe(`${person}|60`); // latest finished first
});
