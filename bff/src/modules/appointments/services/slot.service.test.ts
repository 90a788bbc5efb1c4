import { createHallClosureRepository } from '../../calendar';
import {
  bookInput,
  codeOf,
  createAppointmentsFixture,
  smallHall,
  type AppointmentsFixture,
} from '../testing/appointments-fixture';
import { bookingWindowOf, defaultHallBookingConfig, planDay } from './slot-plan';

let fx: AppointmentsFixture;

beforeAll(async () => {
  fx = await createAppointmentsFixture();
  await fx.appt.slots.configureHall(defaultHallBookingConfig('JX-ZWFW'));
  await fx.appt.slots.configureHall(smallHall('MS-ZWFW', 2));
});
afterAll(() => fx.close());

describe('slot plan (pure)', () => {
  it('cuts 9:00–12:00 and 13:30–17:00 into 30-minute slots per window type, capacity = windows × quota', () => {
    const slots = planDay(defaultHallBookingConfig('JX-ZWFW'), '2026-10-13');
    const accept = slots.filter((s) => s.windowType === '综合受理');
    expect(accept.map((s) => s.start)).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
    ]);
    expect(accept[0]).toMatchObject({ _id: 'JX-ZWFW:2026-10-13:A:0900', end: '09:30', capacity: 12 });
    expect(slots.filter((s) => s.windowType === '部门窗口')[0].capacity).toBe(10);
    expect(slots).toHaveLength(39);
    // 09:00 China time is 01:00 UTC.
    expect(accept[0].startsAt.toISOString()).toBe('2026-10-13T01:00:00.000Z');
  });

  it('booking opens 7 days ahead at 08:00 and closes the day before at 17:00', () => {
    const w = bookingWindowOf(defaultHallBookingConfig('JX-ZWFW'), '2026-10-13');
    expect(w.opensAt.toISOString()).toBe('2026-10-06T00:00:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-10-12T09:00:00.000Z');
  });

  it('a window type with no open windows has no slots', () => {
    const config = {
      ...smallHall('X', 3),
      windows: [{ type: '综合受理' as const, openWindows: 0, quotaPerWindow: 3 }],
    };
    expect(planDay(config, '2026-10-13')).toEqual([]);
  });
});

describe('slot generation over the working-day calendar', () => {
  it('National Day week 2026: holidays have no slots, the 调休 Saturday has, a hall closure has none', async () => {
    await createHallClosureRepository(fx.env.mongo.connection).upsert({
      hallCode: 'JX-ZWFW',
      date: '2026-10-09',
      reason: '系统升级，暂停对外办公',
      createdBy: 'admin-1',
    });
    const days = await fx.appt.slots.generateSlots({
      hallCode: 'JX-ZWFW',
      from: '2026-09-28',
      to: '2026-10-11',
    });
    expect(days.filter((d) => d.working).map((d) => d.date)).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-10', // Saturday, 调休上班
    ]);
    expect(days.find((d) => d.date === '2026-10-01')).toMatchObject({ working: false, slots: 0 });
    expect(days.find((d) => d.date === '2026-10-09')?.reason).toContain('系统升级');
    expect(days.find((d) => d.date === '2026-10-10')?.slots).toBe(39);

    const saturday = await fx.appt.slots.listSlots({
      hallCode: 'JX-ZWFW',
      date: '2026-10-10',
      windowType: '综合受理',
    });
    expect(saturday).toHaveLength(13);
    expect(saturday[0]).toMatchObject({ capacity: 12, booked: 0, available: 12, closed: false });
    expect(await fx.appt.slots.listSlots({ hallCode: 'JX-ZWFW', date: '2026-10-03' })).toEqual([]);
    expect(await fx.appt.slots.listSlots({ hallCode: 'JX-ZWFW', date: '2026-10-09' })).toEqual([]);
    expect(await fx.appt.slots.listSlots({ hallCode: 'JX-ZWFW', date: '2026-10-11' })).toEqual([]);

    // Again, concurrently: the same slots, no duplicates.
    await Promise.all([
      fx.appt.slots.generateSlots({ hallCode: 'JX-ZWFW', from: '2026-09-28', to: '2026-10-11' }),
      fx.appt.slots.generateSlots({ hallCode: 'JX-ZWFW', from: '2026-09-28', to: '2026-10-11' }),
    ]);
    expect(await fx.appt.slots.listSlots({ hallCode: 'JX-ZWFW', date: '2026-10-10' })).toHaveLength(39);
  });

  it('a holiday cannot be booked (no slot is made on demand)', async () => {
    fx.clock.set('2026-09-28', '10:00');
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-h1', { date: '2026-10-02' })))).toBe(
      'SLOT_NOT_FOUND',
    );
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-h1', { date: '2026-10-09' })))).toBe(
      'SLOT_NOT_FOUND',
    );
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-h1', { start: '09:00' })))).toBe(
      'BOOKING_NOT_OPEN',
    );
    fx.clock.set('2026-10-08', '10:00');
    // 12:00 is lunch break: no such slot.
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-h1', { start: '12:00' })))).toBe('SLOT_NOT_FOUND');
  });

  it('booking opens at 08:00 seven days ahead and closes at 17:00 the day before', async () => {
    fx.clock.set('2026-10-06', '07:59');
    const early = fx.appt.bookings.book(bookInput('p-w1'));
    await expect(early).rejects.toMatchObject({
      code: 'BOOKING_NOT_OPEN',
      message: expect.stringContaining('2026-10-06 08:00'),
    });
    fx.clock.set('2026-10-06', '08:00');
    expect((await fx.appt.bookings.book(bookInput('p-w1'))).outcome).toBe('booked');
    fx.clock.set('2026-10-12', '17:00');
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-w2')))).toBe('BOOKING_CLOSED');
    fx.clock.set('2026-10-08', '10:00');
  });

  it('a closure declared after generation closes the day: bookings stay, with a notice', async () => {
    const input = bookInput('p-c1', { hallCode: 'MS-ZWFW', date: '2026-10-12' });
    const booked = await fx.appt.bookings.book(input);
    if (booked.outcome !== 'booked') throw new Error('expected a booking');
    await createHallClosureRepository(fx.env.mongo.connection).upsert({
      hallCode: 'MS-ZWFW',
      date: '2026-10-12',
      reason: '停电检修',
      createdBy: 'admin-1',
    });
    await fx.appt.slots.generateSlots({ hallCode: 'MS-ZWFW', from: '2026-10-12', to: '2026-10-12' });
    const after = await fx.appt.bookings.get(booked.booking.id, 'p-c1');
    expect(after.status).toBe('booked');
    expect(after.notices).toEqual([
      expect.objectContaining({ kind: 'slot_closed', message: expect.stringContaining('停电检修') }),
    ]);
    expect(
      await codeOf(fx.appt.bookings.book(bookInput('p-c2', { hallCode: 'MS-ZWFW', date: '2026-10-12' }))),
    ).toBe('SLOT_CLOSED');
  });
});

describe('staff capacity changes', () => {
  const slot = { hallCode: 'MS-ZWFW', windowType: '综合咨询', date: '2026-10-14', start: '10:00' };

  it('reducing below the booked count keeps everyone booked, tells them, and lets nobody new in', async () => {
    const a = await fx.appt.bookings.book(bookInput('p-r1', slot));
    const b = await fx.appt.bookings.book(bookInput('p-r2', slot));
    expect([a.outcome, b.outcome]).toEqual(['booked', 'booked']);
    const views = await fx.appt.slots.changeCapacity(
      { ...slot, capacity: 1, reason: '窗口人员抽调' },
      'staff-1',
    );
    expect(views[0]).toMatchObject({ capacity: 1, booked: 2, available: 0 });
    for (const [r, personId] of [
      [a, 'p-r1'],
      [b, 'p-r2'],
    ] as const) {
      if (r.outcome !== 'booked') throw new Error('expected booked');
      const view = await fx.appt.bookings.get(r.booking.id, personId);
      expect(view.status).toBe('booked');
      expect(view.notices.map((n) => n.kind)).toEqual(['capacity_reduced']);
    }
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-r3', slot)))).toBe('SLOT_FULL');
    // One cancels: 1 booked of 1, still no room.
    if (a.outcome === 'booked') await fx.appt.bookings.cancel({ bookingId: a.booking.id, personId: 'p-r1' });
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-r3', slot)))).toBe('SLOT_FULL');
    await fx.appt.slots.changeCapacity({ ...slot, capacity: 3, reason: '增开窗口' }, 'staff-1');
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-r3', slot)))).toBe('OK');
  });

  it('closing a whole day closes every slot; reopening restores booking', async () => {
    const day = { hallCode: 'MS-ZWFW', date: '2026-10-15' };
    await fx.appt.slots.generateSlots({ hallCode: 'MS-ZWFW', from: day.date, to: day.date });
    const closed = await fx.appt.slots.changeCapacity(
      { ...day, closed: true, reason: '临时停电' },
      'staff-1',
    );
    expect(closed.length).toBe(26);
    expect(closed.every((s) => s.closed && s.closedReason === '临时停电')).toBe(true);
    const err = await fx.appt.bookings.book(bookInput('p-d1', { ...day })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SLOT_CLOSED', message: expect.stringContaining('临时停电') });
    await fx.appt.slots.changeCapacity({ ...day, closed: false, reason: '恢复供电' }, 'staff-1');
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-d1', { ...day })))).toBe('OK');
  });

  it('rejects a change without capacity or closed, in Chinese', async () => {
    const err = await fx.appt.slots
      .changeCapacity({ hallCode: 'MS-ZWFW', date: '2026-10-15', reason: 'x' }, 'staff-1')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify((err as { details: unknown }).details)).toContain('请填写新的名额或是否停约');
  });
});

describe('changing a hall’s booking rule', () => {
  it('applies to the slots already generated (the calendar and booking read the same window)', async () => {
    const hall = 'WINDOW-CHANGE';
    await fx.appt.slots.configureHall(smallHall(hall, 2));
    await fx.appt.slots.generateSlots({ hallCode: hall, from: '2026-10-19', to: '2026-10-19' });
    const before = await fx.appt.ctx.repos.slots.listRange({
      hallCode: hall,
      windowType: '综合受理',
      from: '2026-10-19',
      to: '2026-10-19',
    });
    // Default rule: 7 days ahead at 08:00 → opens 2026-10-12 08:00 (00:00 UTC).
    expect(before[0].opensAt.toISOString()).toBe('2026-10-12T00:00:00.000Z');

    const config = await fx.appt.slots.getHallConfig(hall);
    await fx.appt.slots.configureHall({ ...config, openDaysAhead: 14 });
    const after = await fx.appt.ctx.repos.slots.listRange({
      hallCode: hall,
      windowType: '综合受理',
      from: '2026-10-19',
      to: '2026-10-19',
    });
    expect(after.length).toBe(before.length);
    for (const slot of after) expect(slot.opensAt.toISOString()).toBe('2026-10-05T00:00:00.000Z');
  });
});
