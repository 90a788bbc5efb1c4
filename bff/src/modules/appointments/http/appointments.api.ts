import {
  AVAILABILITY_MAX_DAYS,
  BOOKING_STATUS_LABELS,
  MATERIAL_REQUIREMENT_LABELS,
  maskName,
  WAITLIST_STATUS_LABELS,
  type AppointmentHall,
  type AppointmentHallsResponse,
  type AppointmentWaitlistEntry,
  type AvailabilityDay,
  type AvailabilityQuery,
  type AvailabilityResponse,
  type BookingView,
  type CapacityChangeResponse,
  type CreateAppointmentBody,
  type CreateAppointmentResponse,
  type EnterpriseAppointmentsResponse,
  type HallBookingConfig,
  type MyAppointmentsResponse,
  type QueuePosition,
  type SlotsQuery,
  type SlotsResponse,
  type StaffAppointmentRow,
  type StaffAppointmentsQuery,
  type StaffSlotsQuery,
  type StaffSlotsResponse,
  type Ticket,
  type WindowType,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import {
  calendarDaysBetween,
  closuresFrom,
  compareDates,
  describeDay,
  isProvisionalBridgeDay,
  listDays,
  PROVISIONAL_BRIDGE_NOTE,
  toChinaDate,
} from '../../calendar';
import type { HallRecord } from '../../catalog/models/hall.model';
import type { ServiceItemRecord } from '../../catalog/models/service-item.model';
import type { UserRepository } from '../../users/repositories/user.repository';
import type { Appointments } from '../appointments.module';
import type { Booking } from '../repositories/booking.repository';
import type { WaitlistEntry } from '../repositories/waitlist.repository';
import type { Reminders } from '../services/reminders';
import { bookingWindowOf } from '../services/slot-plan';
import { qrPayloadOf } from '../services/booking-code';

/** What the HTTP layer needs from the catalog (published items, halls) and users (names, openid). */
export interface AppointmentsApiDeps {
  appt: Appointments;
  items: { findPublishedByCode(code: string): Promise<ServiceItemRecord | null> };
  halls: { list(): Promise<HallRecord[]> };
  users: Pick<UserRepository, 'findById' | 'findByIds' | 'hasRealName'>;
  reminders: Reminders;
  /** 申报主体: an enterprise's name, for bookings made on its behalf. */
  enterprises?: { nameOf(enterpriseId: string): Promise<string | undefined> };
  /** The person's real name and ID number (decrypted), when they completed 实名信息. */
  people?: { realName(personId: string): Promise<{ name: string; idNumber?: string } | undefined> };
  /** In-process cache lifetime of catalog items, halls and hall configs (ms). */
  cacheMs?: number;
}

const ACTIVE = new Set(['booked', 'checked_in', 'called']);

function cached<T>(ttlMs: number, load: (key: string) => Promise<T>) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string): Promise<T> => {
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load(key);
    value.catch(() => entries.delete(key));
    entries.set(key, { at: Date.now(), value });
    if (entries.size > 5000) entries.delete(entries.keys().next().value as string);
    return value;
  };
}

function rulesText(c: HallBookingConfig): string {
  const close =
    c.closeDaysBefore === 0 ? '当天' : c.closeDaysBefore === 1 ? '前一天' : `提前 ${c.closeDaysBefore} 天`;
  return `提前 ${c.openDaysAhead} 天 ${c.openAt} 开放预约，${close} ${c.closeAt} 截止；开始前 ${c.cancelCutoffMinutes} 分钟内不能取消或改约`;
}

function rangeError(message: string): AppError {
  return new AppError('VALIDATION_FAILED', undefined, { fields: [{ path: 'query.to', message }] });
}

export function createAppointmentsApi(deps: AppointmentsApiDeps) {
  const { appt } = deps;
  const { ctx } = appt;
  const repos = ctx.repos;
  const ttl = deps.cacheMs ?? 30_000;
  const itemOf = cached(ttl, (code) => deps.items.findPublishedByCode(code));
  const hallMap = cached(ttl, async () => new Map((await deps.halls.list()).map((h) => [h.code, h])));
  const configOf = cached(ttl, (hallCode) => repos.configs.get(hallCode));
  const hallOf = async (code: string) => (await hallMap('all')).get(code);

  async function requireItem(code: string): Promise<ServiceItemRecord> {
    const item = await itemOf(code);
    if (!item) throw new AppError('ITEM_NOT_FOUND');
    return item;
  }

  /** The window type an item is booked at in a hall, or undefined when it cannot be booked there. */
  async function windowOf(
    item: ServiceItemRecord,
    hallCode: string,
    config: HallBookingConfig,
  ): Promise<{ windowType: WindowType; windowName?: string } | undefined> {
    const listed = item.guide.halls.find((h) => h.hallCode === hallCode);
    if (!listed) return undefined;
    const open = new Set(
      config.windows.filter((w) => w.openWindows * w.quotaPerWindow > 0).map((w) => w.type),
    );
    const hall = await hallOf(hallCode);
    const department = hall?.windows.find((w) => w.type === '部门窗口' && listed.windows.includes(w.code));
    if (department && open.has('部门窗口')) return { windowType: '部门窗口', windowName: department.name };
    if (open.has('综合受理')) return { windowType: '综合受理' };
    return undefined;
  }

  /** Item published, hall configured, item bookable there: the window type. */
  async function resolve(itemCode: string, hallCode: string) {
    const item = await requireItem(itemCode);
    const config = await configOf(hallCode);
    if (!config) throw new AppError('HALL_NOT_CONFIGURED');
    const window = await windowOf(item, hallCode, config);
    if (!window) throw new AppError('ITEM_NOT_BOOKABLE');
    return { item, config, ...window };
  }

  async function ticket(booking: Booking): Promise<Ticket> {
    const [item, hall, config] = await Promise.all([
      itemOf(booking.itemCode),
      hallOf(booking.hallCode),
      configOf(booking.hallCode),
    ]);
    const cutoffMinutes = config?.cancelCutoffMinutes ?? 60;
    const deadline = new Date(booking.slotStartsAt.getTime() - cutoffMinutes * 60_000);
    const t: Ticket = {
      id: booking._id.toHexString(),
      code: booking.code,
      qrPayload: qrPayloadOf(booking.code),
      status: booking.status,
      statusLabel: BOOKING_STATUS_LABELS[booking.status],
      item: { code: booking.itemCode, name: item?.name ?? booking.itemCode },
      hall: { code: booking.hallCode, name: hall?.name ?? booking.hallCode, address: hall?.address ?? '' },
      date: booking.date,
      start: booking.start,
      end: booking.end,
      windowType: booking.windowType,
      materials: (item?.guide.materials ?? [])
        .filter((m) => m.requirement === 'required' || m.requirement === 'waivable')
        .map((m) => ({
          name: m.name,
          form: m.form,
          count: m.count,
          requirement: m.requirement,
          requirementLabel: MATERIAL_REQUIREMENT_LABELS[m.requirement],
          ...(m.note ? { note: m.note } : {}),
        })),
      notices: (booking.notices ?? []).map((n) => ({
        kind: n.kind,
        message: n.message,
        at: new Date(n.at).toISOString(),
      })),
      cancellable: booking.status === 'booked' && ctx.now() <= deadline,
      cancelDeadline: deadline.toISOString(),
    };
    if (booking.queueNo) t.queueNo = booking.queueNo;
    if (booking.status === 'checked_in') t.ahead = await aheadOf(booking);
    if (booking.windowName && booking.status === 'called') t.calledWindow = booking.windowName;
    if (booking.enterpriseId) {
      t.enterprise = { id: booking.enterpriseId, name: booking.enterpriseName ?? '' };
    }
    if (booking.rescheduledTo) t.rescheduledTo = booking.rescheduledTo.toHexString();
    if (booking.reminders) {
      t.reminders = Object.entries(booking.reminders)
        .filter(([kind]) => kind === 'day_before' || kind === 'hour_before')
        .map(([kind, r]) => ({
          kind: kind as 'day_before' | 'hour_before',
          status: r.status,
          at: new Date(r.dueAt).toISOString(),
        }));
    }
    return t;
  }

  function aheadOf(booking: Booking): Promise<number> {
    if (booking.queueSeq === undefined) return Promise.resolve(0);
    return repos.bookings.countCheckedInBefore({
      hallCode: booking.hallCode,
      windowType: booking.windowType,
      date: booking.date,
      queueSeq: booking.queueSeq,
    });
  }

  async function bookingOf(view: BookingView | string): Promise<Booking> {
    const id = typeof view === 'string' ? view : view.id;
    const booking = await repos.bookings.findById(id);
    if (!booking) throw new AppError('BOOKING_NOT_FOUND');
    return booking;
  }

  async function waitlistEntry(entry: WaitlistEntry): Promise<AppointmentWaitlistEntry> {
    const item = await itemOf(entry.itemCode);
    const view: AppointmentWaitlistEntry = {
      id: entry._id.toHexString(),
      status: entry.status,
      statusLabel: WAITLIST_STATUS_LABELS[entry.status],
      item: { code: entry.itemCode, name: item?.name ?? entry.itemCode },
      hallCode: entry.hallCode,
      windowType: entry.windowType,
      date: entry.date,
      start: entry.start,
    };
    if (entry.status === 'waiting') view.position = (await repos.waitlist.countAhead(entry)) + 1;
    if (entry.status === 'offered' && entry.offerExpiresAt) {
      view.offerExpiresAt = new Date(entry.offerExpiresAt).toISOString();
    }
    return view;
  }

  async function waitlistEntryById(id: string): Promise<AppointmentWaitlistEntry> {
    const entry = await repos.waitlist.findById(id);
    if (!entry) throw new AppError('WAITLIST_NOT_FOUND');
    return waitlistEntry(entry);
  }

  async function staffRows(bookings: Booking[]): Promise<StaffAppointmentRow[]> {
    const people = await deps.users.findByIds([...new Set(bookings.map((b) => b.personId))]);
    const byId = new Map(people.map((p) => [p.id, p]));
    return Promise.all(
      bookings.map(async (b) => {
        const person = byId.get(b.personId);
        const item = await itemOf(b.itemCode);
        const row: StaffAppointmentRow = {
          id: b._id.toHexString(),
          code: b.code,
          status: b.status,
          statusLabel: BOOKING_STATUS_LABELS[b.status],
          item: { code: b.itemCode, name: item?.name ?? b.itemCode },
          hallCode: b.hallCode,
          windowType: b.windowType,
          date: b.date,
          start: b.start,
          end: b.end,
          personName: person?.name ? maskName(person.name) : '',
        };
        if (person?.phoneMasked) row.personPhone = person.phoneMasked;
        if (b.queueNo) row.queueNo = b.queueNo;
        if (b.windowName) row.calledWindow = b.windowName;
        return row;
      }),
    );
  }

  /** Staff act only in their halls; supervisors and admins everywhere. */
  function assertHall(auth: Principal, hallCode: string, message = '只能办理本大厅的预约') {
    if (auth.role === 'supervisor' || auth.role === 'admin') return;
    if (!auth.halls.includes(hallCode)) throw new AppError('FORBIDDEN', message);
  }

  function staffActor(auth: Principal) {
    return { staffId: auth.userId, staffHalls: auth.halls };
  }

  /** The person who booked, or an active member of the enterprise it was booked for. */
  function mayRead(auth: Principal, booking: Booking): boolean {
    if (booking.personId === auth.userId) return true;
    return (
      auth.role === 'enterprise' &&
      booking.enterpriseId !== undefined &&
      auth.enterprises.includes(booking.enterpriseId)
    );
  }

  /** 申报主体: only an active member books for an enterprise (anyone else: 403). */
  async function enterpriseOf(auth: Principal, enterpriseId: string): Promise<{ id: string; name: string }> {
    if (auth.role !== 'enterprise' || !auth.enterprises.includes(enterpriseId)) {
      throw new AppError('FORBIDDEN', '只能为您是有效成员的企业预约');
    }
    const name = (await deps.enterprises?.nameOf(enterpriseId)) ?? '';
    return { id: enterpriseId, name };
  }

  /**
   * 实名: booking a window needs the real-name profile, as an online application does, unless the
   * hall's config waived it. Checked before any seat is touched, so a refusal costs nothing.
   */
  const verified = new Set<string>();
  async function assertRealName(auth: Principal, config: HallBookingConfig): Promise<void> {
    if (config.realNameRequired === false || verified.has(auth.userId)) return;
    if (!(await deps.users.hasRealName(auth.userId))) throw new AppError('BOOKING_REAL_NAME_REQUIRED');
    // A profile once given stays (there is no way to remove it): remembered, the next booking skips the read.
    if (verified.size > 100_000) verified.clear();
    verified.add(auth.userId);
  }

  /** Someone else's record answers as a missing one. */
  async function notFoundAs<T>(code: 'WAITLIST_NOT_FOUND' | 'BOOKING_NOT_FOUND', run: () => Promise<T>) {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN')) {
        throw new AppError(code);
      }
      throw err;
    }
  }

  return {
    ticket,

    /** Who a booking (or a waiting-list entry: same id as its attempt) belongs to, for the access guard. */
    async ownership(id: string): Promise<{ userId: string } | undefined> {
      const booking = await repos.bookings.findById(id);
      if (booking) return { userId: booking.personId };
      const entry = await repos.waitlist.findById(id);
      return entry ? { userId: entry.personId } : undefined;
    },

    /**
     * For reading a booking: its owner and, when booked for an enterprise, the enterprise (its
     * active members see it). Cancel and reschedule keep `ownership` (the person who booked).
     */
    async readOwnership(id: string): Promise<{ userId: string; enterpriseId?: string } | undefined> {
      const booking = await repos.bookings.findById(id);
      if (booking) {
        return {
          userId: booking.personId,
          ...(booking.enterpriseId ? { enterpriseId: booking.enterpriseId } : {}),
        };
      }
      const entry = await repos.waitlist.findById(id);
      return entry ? { userId: entry.personId } : undefined;
    },

    /** For staff routes: the hall a booking belongs to. */
    async hallOwnership(id: string): Promise<{ halls: string[] } | undefined> {
      const booking = await repos.bookings.findById(id);
      return booking ? { halls: [booking.hallCode] } : undefined;
    },

    async halls(itemCode: string): Promise<AppointmentHallsResponse> {
      const item = await requireItem(itemCode);
      const halls: AppointmentHall[] = [];
      for (const listed of item.guide.halls) {
        const config = await configOf(listed.hallCode);
        if (!config) continue;
        const window = await windowOf(item, listed.hallCode, config);
        if (!window) continue;
        const hall = await hallOf(listed.hallCode);
        halls.push({
          code: listed.hallCode,
          name: hall?.name ?? listed.hallCode,
          address: hall?.address ?? '',
          phone: hall?.phone ?? '',
          openingHours: hall?.openingHours ?? '',
          sessions: config.sessions.map((s) => ({ start: s.start, end: s.end })),
          ...window,
          realNameRequired: config.realNameRequired !== false,
          rules: {
            openDaysAhead: config.openDaysAhead,
            openAt: config.openAt,
            closeDaysBefore: config.closeDaysBefore,
            closeAt: config.closeAt,
            cancelCutoffMinutes: config.cancelCutoffMinutes,
            slotMinutes: config.slotMinutes,
            text: rulesText(config),
          },
        });
      }
      return { item: { code: item.code, name: item.name }, halls };
    },

    async availability(q: AvailabilityQuery): Promise<AvailabilityResponse> {
      if (compareDates(q.from, q.to) > 0) throw rangeError('结束日期不能早于开始日期');
      if (calendarDaysBetween(q.from, q.to) + 1 > AVAILABILITY_MAX_DAYS) {
        throw rangeError(`查询范围最多 ${AVAILABILITY_MAX_DAYS} 天`);
      }
      const { config, windowType } = await resolve(q.itemCode, q.hallCode);
      const closures = closuresFrom(await repos.closures.listInRange(q.hallCode, q.from, q.to));
      const slots = await repos.slots.listRange({ hallCode: q.hallCode, windowType, from: q.from, to: q.to });
      const byDate = new Map<string, typeof slots>();
      for (const s of slots) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);
      const now = ctx.now();
      const listed = listDays(q.from, q.to, closures);
      // Days not generated yet: their plan, inside the hall's opening hours.
      const plans = new Map<string, Awaited<ReturnType<typeof appt.slots.plan>>>();
      for (const day of listed) {
        if (day.isWorkingDay && !byDate.get(day.date)?.length) {
          plans.set(day.date, await appt.slots.plan(config, day.date));
        }
      }
      const days: AvailabilityDay[] = listed.map((day) => {
        const { opensAt, closesAt } = bookingWindowOf(config, day.date);
        let capacity = 0;
        let seatsLeft = 0;
        if (day.isWorkingDay) {
          const generated = byDate.get(day.date);
          if (generated && generated.length > 0) {
            for (const s of generated) {
              if (s.closed) continue;
              capacity += s.capacity;
              seatsLeft += Math.max(0, s.capacity - s.booked);
            }
          } else {
            for (const p of plans.get(day.date) ?? []) {
              if (p.windowType !== windowType) continue;
              capacity += p.capacity;
              seatsLeft += p.capacity;
            }
          }
        }
        // A provisional bridge day (no holiday notice yet) is not opened: see the calendar module.
        const withheld = day.provisional === true && isProvisionalBridgeDay(day.date);
        const out: AvailabilityDay = {
          date: day.date,
          kind: day.kind,
          isWorkingDay: day.isWorkingDay,
          bookable: !withheld && day.isWorkingDay && capacity > 0 && now >= opensAt && now < closesAt,
          opensAt: opensAt.toISOString(),
          closesAt: closesAt.toISOString(),
          capacity,
          seatsLeft,
        };
        const note = withheld ? PROVISIONAL_BRIDGE_NOTE : (day.note ?? day.name);
        if (note) out.note = note;
        return out;
      });
      return { hallCode: q.hallCode, itemCode: q.itemCode, windowType, days };
    },

    async slots(q: SlotsQuery): Promise<SlotsResponse> {
      const { config, windowType } = await resolve(q.itemCode, q.hallCode);
      const day = describeDay(
        q.date,
        closuresFrom(await repos.closures.listInRange(q.hallCode, q.date, q.date)),
      );
      const { opensAt, closesAt } = bookingWindowOf(config, q.date);
      const now = ctx.now();
      const windowOpen = now >= opensAt && now < closesAt;
      const res: SlotsResponse = {
        hallCode: q.hallCode,
        itemCode: q.itemCode,
        windowType,
        date: q.date,
        isWorkingDay: day.isWorkingDay,
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
        slots: [],
      };
      const withheld = day.provisional === true && isProvisionalBridgeDay(q.date);
      const note = withheld ? PROVISIONAL_BRIDGE_NOTE : (day.note ?? day.name);
      if (note) res.note = note;
      if (!day.isWorkingDay || withheld) return res;
      const generated = await repos.slots.list({ hallCode: q.hallCode, date: q.date, windowType });
      if (generated.length > 0) {
        res.slots = await Promise.all(
          generated.map(async (s) => {
            const seatsLeft = s.closed ? 0 : Math.max(0, s.capacity - s.booked);
            return {
              start: s.start,
              end: s.end,
              capacity: s.capacity,
              seatsLeft,
              closed: s.closed,
              ...(s.closedReason ? { closedReason: s.closedReason } : {}),
              bookable: windowOpen && !s.closed,
              ...(seatsLeft === 0 && !s.closed ? { waiting: await repos.waitlist.countWaiting(s._id) } : {}),
            };
          }),
        );
      } else {
        res.slots = (await appt.slots.plan(config, q.date))
          .filter((p) => p.windowType === windowType)
          .map((p) => ({
            start: p.start,
            end: p.end,
            capacity: p.capacity,
            seatsLeft: p.capacity,
            closed: false,
            bookable: windowOpen,
          }));
      }
      return res;
    },

    async book(
      auth: Principal,
      body: CreateAppointmentBody,
      idempotencyKey: string,
    ): Promise<CreateAppointmentResponse> {
      const { windowType, config } = await resolve(body.itemCode, body.hallCode);
      await assertRealName(auth, config);
      const enterprise = body.enterpriseId ? await enterpriseOf(auth, body.enterpriseId) : undefined;
      const result = await appt.bookings.book({
        ...(enterprise ? { enterprise } : {}),
        personId: auth.userId,
        itemCode: body.itemCode,
        hallCode: body.hallCode,
        windowType,
        date: body.date,
        start: body.start,
        idempotencyKey,
        ...(body.joinWaitlist !== undefined ? { joinWaitlist: body.joinWaitlist } : {}),
      });
      if (result.outcome === 'waitlisted') {
        return { outcome: 'waitlisted', entry: await waitlistEntryById(result.entry.id) };
      }
      // Its reminders were scheduled by the confirmation itself (outbox entries of that update).
      return { outcome: 'booked', booking: await ticket(await bookingOf(result.booking)) };
    },

    async mine(auth: Principal): Promise<MyAppointmentsResponse> {
      const now = ctx.now();
      const [bookings, entries, restriction] = await Promise.all([
        repos.bookings.listByPerson(auth.userId),
        repos.waitlist.listOpenByPerson(auth.userId),
        repos.restrictions.findActive(auth.userId, now),
      ]);
      const upcoming = bookings
        .filter((b) => ACTIVE.has(b.status))
        .sort((a, b) => a.slotStartsAt.getTime() - b.slotStartsAt.getTime());
      const past = bookings.filter((b) => !ACTIVE.has(b.status));
      const res: MyAppointmentsResponse = {
        upcoming: await Promise.all(upcoming.map(ticket)),
        past: await Promise.all(past.map(ticket)),
        waitlist: await Promise.all(entries.map(waitlistEntry)),
      };
      if (restriction) {
        res.restriction = {
          reason: restriction.reason,
          endsOn: toChinaDate(restriction.until.getTime() - 1),
        };
      }
      return res;
    },

    async get(auth: Principal, id: string): Promise<Ticket> {
      const booking = await repos.bookings.findById(id);
      if (!booking || !mayRead(auth, booking)) throw new AppError('BOOKING_NOT_FOUND');
      const t = await ticket(booking);
      if (booking.personId !== auth.userId) {
        t.cancellable = false;
        const person = await deps.users.findById(booking.personId);
        if (person?.name) t.bookedByName = maskName(person.name);
      }
      return t;
    },

    /** `GET /api/enterprises/:id/appointments` (membership checked by the route's guard). */
    async listForEnterprise(auth: Principal, enterpriseId: string): Promise<EnterpriseAppointmentsResponse> {
      const bookings = await repos.bookings.listByEnterprise(enterpriseId);
      const people = await deps.users.findByIds([...new Set(bookings.map((b) => b.personId))]);
      const names = new Map(people.map((p) => [p.id, p.name]));
      const view = async (b: Booking): Promise<Ticket> => {
        const t = await ticket(b);
        if (b.personId !== auth.userId) t.cancellable = false;
        const name = names.get(b.personId);
        if (name) t.bookedByName = maskName(name);
        return t;
      };
      return {
        upcoming: await Promise.all(bookings.filter((b) => ACTIVE.has(b.status)).map(view)),
        past: await Promise.all(bookings.filter((b) => !ACTIVE.has(b.status)).map(view)),
      };
    },

    async position(auth: Principal, id: string): Promise<QueuePosition> {
      const booking = await repos.bookings.findById(id);
      if (!booking || !mayRead(auth, booking)) throw new AppError('BOOKING_NOT_FOUND');
      const pos: QueuePosition = {
        status: booking.status,
        statusLabel: BOOKING_STATUS_LABELS[booking.status],
      };
      if (booking.queueNo) pos.queueNo = booking.queueNo;
      if (booking.status === 'checked_in') pos.ahead = await aheadOf(booking);
      if (booking.status === 'called') {
        pos.ahead = 0;
        if (booking.windowName) pos.calledWindow = booking.windowName;
      }
      return pos;
    },

    async cancel(auth: Principal, id: string, reason?: string): Promise<Ticket> {
      const view = await appt.bookings.cancel({
        bookingId: id,
        personId: auth.userId,
        ...(reason ? { reason } : {}),
      });
      return ticket(await bookingOf(view));
    },

    async reschedule(
      auth: Principal,
      id: string,
      body: { date: string; start: string },
      idempotencyKey: string,
    ): Promise<Ticket> {
      const view = await appt.bookings.reschedule({
        bookingId: id,
        personId: auth.userId,
        date: body.date,
        start: body.start,
        idempotencyKey,
      });
      return ticket(await bookingOf(view));
    },

    async claim(auth: Principal, entryId: string): Promise<Ticket> {
      const view = await notFoundAs('WAITLIST_NOT_FOUND', () =>
        appt.waitlist.claimOffer({ entryId, personId: auth.userId }),
      );
      return ticket(await bookingOf(view));
    },

    async leave(auth: Principal, entryId: string): Promise<AppointmentWaitlistEntry> {
      const view = await notFoundAs('WAITLIST_NOT_FOUND', () =>
        appt.waitlist.leave({ entryId, personId: auth.userId }),
      );
      return waitlistEntryById(view.id);
    },

    // ------------------------------------------------------------ staff

    async staffList(auth: Principal, q: StaffAppointmentsQuery) {
      assertHall(auth, q.hallCode);
      const date = q.date ?? toChinaDate(ctx.now());
      const bookings = await repos.bookings.listByHallDay({
        hallCode: q.hallCode,
        date,
        ...(q.status ? { status: q.status } : {}),
      });
      return { hallCode: q.hallCode, date, items: await staffRows(bookings) };
    },

    /**
     * 签到. `onCheckedIn` runs once the booking is checked in (e.g. to count the visit as a trip on the
     * person's case); it must not throw — the check-in has happened whatever it does.
     */
    async checkIn(auth: Principal, code: string, onCheckedIn?: (booking: Booking) => Promise<void>) {
      const result = await notFoundAs('BOOKING_NOT_FOUND', () =>
        appt.checkIn.checkIn({ code, ...staffActor(auth) }),
      );
      const booking = await bookingOf(result.booking);
      if (onCheckedIn) await onCheckedIn(booking);
      const [row] = await staffRows([booking]);
      return { ticket: row, queueNo: result.queueNo, ahead: result.ahead };
    },

    /**
     * 核对身份: the booking's person's full name and ID last 4 for the staff checking them in (the
     * route's policy: staff of the booking's hall; the route audits each call).
     */
    async personIdentity(
      auth: Principal,
      id: string,
    ): Promise<{ code: string; name: string; idNumberLast4?: string }> {
      const booking = await bookingOf(id);
      assertHall(auth, booking.hallCode);
      const person = await deps.people?.realName(booking.personId);
      // Its own code (not NOT_FOUND, which means "not yours to see"): a hall that waived 实名.
      if (!person) throw new AppError('BOOKING_PERSON_NOT_VERIFIED');
      return {
        code: booking.code,
        name: person.name,
        ...(person.idNumber ? { idNumberLast4: person.idNumber.slice(-4) } : {}),
      };
    },

    async callNext(auth: Principal, body: { hallCode: string; windowType: WindowType; windowName: string }) {
      assertHall(auth, body.hallCode);
      const called = await appt.checkIn.callNext({ ...body, ...staffActor(auth) });
      if (!called) throw new AppError('QUEUE_EMPTY');
      const [row] = await staffRows([await bookingOf(called)]);
      return { ticket: row };
    },

    async served(auth: Principal, id: string): Promise<StaffAppointmentRow> {
      const view = await notFoundAs('BOOKING_NOT_FOUND', () =>
        appt.checkIn.markServed({ bookingId: id, ...staffActor(auth) }),
      );
      const [row] = await staffRows([await bookingOf(view)]);
      return row;
    },

    /** 名额与停约: the day's slots of a hall the caller works at (supervisors: any hall). */
    async staffSlots(auth: Principal, q: StaffSlotsQuery): Promise<StaffSlotsResponse> {
      assertHall(auth, q.hallCode, '只能查看本大厅的预约时段');
      const today = toChinaDate(ctx.now());
      return appt.slots.staffDay(
        {
          hallCode: q.hallCode,
          date: q.date ?? today,
          ...(q.windowType ? { windowType: q.windowType } : {}),
        },
        today,
      );
    },

    async changeCapacity(
      auth: Principal,
      body: { hallCode: string; date: string },
    ): Promise<CapacityChangeResponse> {
      assertHall(auth, body.hallCode);
      // A day inside the horizon may not be generated yet (the daily job runs later): make it first.
      await appt.slots.generateSlots({
        hallCode: body.hallCode,
        from: body.date,
        to: body.date,
        by: auth.userId,
      });
      return { slots: await appt.slots.changeCapacity(body, auth.userId) };
    },
  };
}
export type AppointmentsApi = ReturnType<typeof createAppointmentsApi>;
