import {
  bookInput,
  codeOf,
  createAppointmentsFixture,
  DAY,
  smallHall,
  type AppointmentsFixture,
} from '../testing/appointments-fixture';
import type { BookResult } from './booking.service';
import { slotIdOf } from './slot-plan';

let fx: AppointmentsFixture;

beforeAll(async () => {
  fx = await createAppointmentsFixture({ waitlistHoldMinutes: 30 });
  await fx.appt.slots.configureHall(smallHall('JX-ZWFW', 2));
});
afterAll(() => fx.close());
beforeEach(() => fx.clock.set('2026-10-08', '10:00'));

const bookedId = (r: BookResult) => {
  if (r.outcome !== 'booked') throw new Error(`expected booked, got ${r.outcome}`);
  return r.booking.id;
};
const entryId = (r: BookResult) => {
  if (r.outcome !== 'waitlisted') throw new Error(`expected waitlisted, got ${r.outcome}`);
  return r.entry.id;
};
const slotAt = async (start: string) =>
  (await fx.appt.ctx.repos.slots.findById(slotIdOf('JX-ZWFW', DAY, '综合受理', start)))!;

describe('waiting list', () => {
  it('a cancellation offers the seat to the first waiting; the held seat counts; the claim books it', async () => {
    const slot = { start: '09:00' };
    const a = bookedId(await fx.appt.bookings.book(bookInput('a', slot)));
    bookedId(await fx.appt.bookings.book(bookInput('b', slot)));
    const w1 = await fx.appt.bookings.book(bookInput('w1', { ...slot, joinWaitlist: true }));
    const w2 = await fx.appt.bookings.book(bookInput('w2', { ...slot, joinWaitlist: true }));
    expect(w1).toMatchObject({ outcome: 'waitlisted', entry: { status: 'waiting', position: 1 } });
    expect(w2).toMatchObject({ outcome: 'waitlisted', entry: { status: 'waiting', position: 2 } });

    await fx.appt.bookings.cancel({ bookingId: a, personId: 'a' });
    const offered = await fx.appt.waitlist.view(entryId(w1));
    expect(offered).toMatchObject({ status: 'offered', offerExpiresAt: '2026-10-08T02:30:00.000Z' }); // 10:30 China
    expect(await fx.appt.waitlist.view(entryId(w2))).toMatchObject({ status: 'waiting', position: 1 });
    // The held seat counts against capacity: nobody else gets in.
    expect((await slotAt('09:00')).booked).toBe(2);
    expect(await codeOf(fx.appt.bookings.book(bookInput('c', slot)))).toBe('SLOT_FULL');

    const claimed = await fx.appt.waitlist.claimOffer({ entryId: entryId(w1), personId: 'w1' });
    expect(claimed).toMatchObject({ status: 'booked', start: '09:00' });
    expect(await fx.appt.waitlist.view(entryId(w1))).toMatchObject({ status: 'claimed' });
    // Claiming again answers the same booking.
    expect((await fx.appt.waitlist.claimOffer({ entryId: entryId(w1), personId: 'w1' })).id).toBe(claimed.id);
    const s = await slotAt('09:00');
    expect(s.booked).toBe(2);
    expect(Object.keys(s.seats)).toContain(claimed.id);
  });

  it('an unclaimed offer expires after the hold and the seat goes to the next; with nobody left it is freed', async () => {
    const slot = { start: '09:30' };
    const a = bookedId(await fx.appt.bookings.book(bookInput('t2-a', slot)));
    const b = bookedId(await fx.appt.bookings.book(bookInput('t2-b', slot)));
    const w1 = entryId(await fx.appt.bookings.book(bookInput('t2-w1', { ...slot, joinWaitlist: true })));
    const w2 = entryId(await fx.appt.bookings.book(bookInput('t2-w2', { ...slot, joinWaitlist: true })));
    await fx.appt.bookings.cancel({ bookingId: a, personId: 't2-a' });
    expect((await fx.appt.waitlist.view(w1)).status).toBe('offered');

    fx.clock.advance(29 * 60_000);
    expect(await fx.appt.waitlist.expireOffers()).toEqual({ expired: 0, passedOn: 0 });
    fx.clock.advance(2 * 60_000);
    expect(await fx.appt.waitlist.expireOffers()).toEqual({ expired: 1, passedOn: 1 });
    expect((await fx.appt.waitlist.view(w1)).status).toBe('expired');
    expect((await fx.appt.waitlist.view(w2)).status).toBe('offered');
    expect(await codeOf(fx.appt.waitlist.claimOffer({ entryId: w1, personId: 't2-w1' }))).toBe(
      'WAITLIST_OFFER_EXPIRED',
    );
    expect((await slotAt('09:30')).booked).toBe(2);

    // w2 turns it down: nobody waits any more, the seat is free for anyone.
    await fx.appt.waitlist.leave({ entryId: w2, personId: 't2-w2' });
    expect((await slotAt('09:30')).booked).toBe(1);
    expect(await codeOf(fx.appt.bookings.book(bookInput('t2-c', slot)))).toBe('OK');
    expect((await fx.appt.bookings.get(b, 't2-b')).status).toBe('booked');
  });

  it('raising capacity offers the new seats to the waiting list first', async () => {
    const slot = { start: '10:00' };
    bookedId(await fx.appt.bookings.book(bookInput('t3-a', slot)));
    bookedId(await fx.appt.bookings.book(bookInput('t3-b', slot)));
    const w1 = entryId(await fx.appt.bookings.book(bookInput('t3-w1', { ...slot, joinWaitlist: true })));
    await fx.appt.slots.changeCapacity(
      {
        hallCode: 'JX-ZWFW',
        windowType: '综合受理',
        date: DAY,
        start: '10:00',
        capacity: 3,
        reason: '增开窗口',
      },
      'staff-1',
    );
    expect((await fx.appt.waitlist.view(w1)).status).toBe('offered');
    expect(await codeOf(fx.appt.bookings.book(bookInput('t3-c', slot)))).toBe('SLOT_FULL');
  });

  it('joining twice for the same slot is refused; a retry of the same attempt returns the same entry', async () => {
    const slot = { start: '10:30' };
    bookedId(await fx.appt.bookings.book(bookInput('t4-a', slot)));
    bookedId(await fx.appt.bookings.book(bookInput('t4-b', slot)));
    const input = bookInput('t4-w1', { ...slot, joinWaitlist: true });
    const first = entryId(await fx.appt.bookings.book(input));
    expect(entryId(await fx.appt.bookings.book(input))).toBe(first);
    expect(await codeOf(fx.appt.bookings.book(bookInput('t4-w1', { ...slot, joinWaitlist: true })))).toBe(
      'WAITLIST_DUPLICATE',
    );
  });

  it('many cancellations at once hand over to distinct people, in order, never above capacity', async () => {
    await fx.appt.slots.configureHall(smallHall('WL-HALL', 10));
    const slot = { hallCode: 'WL-HALL', start: '11:00' };
    const booked = [];
    for (let i = 0; i < 10; i++) booked.push(bookedId(await fx.appt.bookings.book(bookInput(`m${i}`, slot))));
    const waiting = [];
    for (let i = 0; i < 15; i++)
      waiting.push(
        entryId(await fx.appt.bookings.book(bookInput(`mw${i}`, { ...slot, joinWaitlist: true }))),
      );
    await Promise.all(booked.map((id, i) => fx.appt.bookings.cancel({ bookingId: id, personId: `m${i}` })));
    const statuses = await Promise.all(waiting.map(async (id) => (await fx.appt.waitlist.view(id)).status));
    expect(statuses).toEqual([...Array(10).fill('offered'), ...Array(5).fill('waiting')]);
    const s = (await fx.appt.ctx.repos.slots.findById(slotIdOf('WL-HALL', DAY, '综合受理', '11:00')))!;
    expect(s.booked).toBe(10);
    expect(Object.keys(s.seats).sort()).toEqual(waiting.slice(0, 10).sort());
  });

  it('a waiting entry made for an enterprise claims a booking for that enterprise', async () => {
    const slot = { start: '14:00' };
    const a = bookedId(await fx.appt.bookings.book(bookInput('t6-a', slot)));
    bookedId(await fx.appt.bookings.book(bookInput('t6-b', slot)));
    const enterprise = { id: 'e0000000000000000000000e', name: '测试候补企业' };
    const w = entryId(
      await fx.appt.bookings.book({ ...bookInput('t6-w', { ...slot, joinWaitlist: true }), enterprise }),
    );
    await fx.appt.bookings.cancel({ bookingId: a, personId: 't6-a' });
    const claimed = await fx.appt.waitlist.claimOffer({ entryId: w, personId: 't6-w' });
    const stored = await fx.appt.ctx.repos.bookings.findById(claimed.id);
    expect(stored).toMatchObject({ enterpriseId: enterprise.id, enterpriseName: enterprise.name });
  });
});
