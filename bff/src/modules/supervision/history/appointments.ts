import { Types } from 'mongoose';
import {
  BOOKING_CODE_ALPHABET,
  BOOKING_CODE_LENGTH,
  QUEUE_LETTERS,
  type BookingStatus,
  type WindowType,
} from '@app/shared';
import type { BookingRecord } from '../../appointments/models/booking.model';
import type { PlannedSlot } from '../../appointments/services/slot-plan';
import { chinaDateTime, toChinaTime } from '../../calendar';
import type { HistoryContext, HistoryItem } from './context';
import type { Rateable, VisitBooking } from './cases';
import { drawCumulative } from './random';
import type { SeatBook } from './seats';

const WINDOW_TYPES: WindowType[] = ['综合受理', '部门窗口', '综合咨询'];
const WINDOW_WEIGHTS = [55, 30, 15];
const ALPHABET = [...BOOKING_CODE_ALPHABET];
const CANCEL_REASONS = ['行程有变', '材料未准备齐全', '已在网上办理'];

/** Minutes from check-in to being called: longer in the morning rush and on Mondays' crowds. */
function waitMinutes(ctx: HistoryContext, at: Date): number {
  const hour = Number(toChinaTime(at).slice(0, 2));
  const base = hour <= 9 ? 14 : hour <= 10 ? 11 : hour >= 15 ? 6 : 8;
  // A log-normal spread: median ≈ base, a long tail (p90 ≈ 2.5 × base).
  const u1 = Math.max(1e-9, ctx.rng.next());
  const u2 = ctx.rng.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(0, Math.round(base * Math.exp(0.7 * z)));
}

export function bookingCode(ctx: HistoryContext, taken: Set<string>): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < BOOKING_CODE_LENGTH; i++) code += ctx.rng.pick(ALPHABET);
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

interface DayBooking {
  doc: BookingRecord;
  served: boolean;
}

/**
 * One day of bookings as the appointments module leaves them: the cases' visits (checked in at the
 * trip's instant, called, served) and `freeCount` others booked a few days ahead — served, 爽约
 * (no-show, counted), or cancelled (the seat given back) — with the queue numbers of each hall's
 * window types in check-in order. Answers the documents and what may be rated.
 */
export function generateBookingDay(
  ctx: HistoryContext,
  seats: SeatBook,
  input: {
    date: string;
    visits: VisitBooking[];
    freeCount: number;
    codes: Set<string>;
    bookingHalls: string[];
  },
): { docs: BookingRecord[]; rateables: Rateable[]; missed: number } {
  const { rng } = ctx;
  const out: DayBooking[] = [];
  const base = (
    _id: Types.ObjectId,
    personId: string,
    itemCode: string,
    slot: PlannedSlot,
    createdAt: Date,
    status: BookingStatus,
  ): BookingRecord => ({
    _id,
    code: bookingCode(ctx, input.codes),
    personId,
    itemCode,
    hallCode: slot.hallCode,
    windowType: slot.windowType,
    date: slot.date,
    start: slot.start,
    end: slot.end,
    slotId: slot._id,
    slotStartsAt: slot.startsAt,
    slotEndsAt: slot.endsAt,
    status,
    idemKey: `${personId}|hist-${String(_id)}`,
    notices: [],
    createdAt,
    updatedAt: createdAt,
  });
  for (const v of input.visits) {
    out.push({
      doc: {
        ...base(v._id, v.personId, v.itemCode, v.slot, v.bookedAt, 'served'),
        checkedInAt: v.checkedInAt,
      },
      served: true,
    });
  }
  let missed = 0;
  for (let n = 0; n < input.freeCount; n++) {
    const item: HistoryItem = ctx.items[drawCumulative(rng, ctx.itemWeights)]!;
    const person = rng.pick(ctx.people);
    const own = item.halls.filter((h) => input.bookingHalls.includes(h));
    const first = rng.weighted(WINDOW_WEIGHTS);
    const types = [WINDOW_TYPES[first]!, ...WINDOW_TYPES.filter((_, i) => i !== first)];
    const roll = rng.weighted([77, 7, 14, 2]);
    const status: BookingStatus =
      roll === 0 ? 'served' : roll === 1 ? 'no_show' : roll === 2 ? 'cancelled' : 'served';
    const _id = new Types.ObjectId(rng.objectIdHex(chinaDateTime(input.date, '08:00')));
    // Booked one to seven days ahead, in the daytime.
    const createdAt = new Date(
      chinaDateTime(input.date, '08:00').getTime() -
        rng.int(1, 7) * 86_400_000 +
        rng.int(0, 10 * 3600) * 1000,
    );
    let slot: PlannedSlot | undefined;
    for (const hall of [...(own.length ? [rng.pick(own)] : []), ...input.bookingHalls]) {
      slot = seats.take(hall, input.date, types, String(_id), { k: 'b', at: createdAt });
      if (slot) break;
    }
    if (!slot) {
      missed++;
      continue;
    }
    const doc = base(_id, person.id, item.code, slot, createdAt, status);
    if (status === 'cancelled') {
      seats.release(input.date, slot._id, String(_id));
      const cancelledAt = new Date(
        Math.min(slot.startsAt.getTime() - 3600_000, createdAt.getTime() + rng.int(1, 48) * 3600_000),
      );
      Object.assign(doc, { cancelledAt, cancelReason: rng.pick(CANCEL_REASONS), updatedAt: cancelledAt });
    } else if (status === 'no_show') {
      const noShowAt = new Date(slot.endsAt.getTime() + rng.int(30, 45) * 60_000);
      Object.assign(doc, { noShowAt, noShowCounted: true, updatedAt: noShowAt });
    } else {
      doc.checkedInAt = new Date(slot.startsAt.getTime() + rng.int(-15, 20) * 60_000);
    }
    out.push({ doc, served: status === 'served' });
  }
  // Queue numbers per hall, day and window type in check-in order; then called and served.
  const queues = new Map<string, DayBooking[]>();
  for (const b of out) {
    if (!b.served) continue;
    const key = `${b.doc.hallCode}|${b.doc.windowType}`;
    queues.set(key, [...(queues.get(key) ?? []), b]);
  }
  const rateables: Rateable[] = [];
  for (const list of queues.values()) {
    list.sort((a, b) => a.doc.checkedInAt!.getTime() - b.doc.checkedInAt!.getTime());
    list.forEach((b, i) => {
      const doc = b.doc;
      const letter = QUEUE_LETTERS[doc.windowType];
      const window = rng.int(1, doc.windowType === '综合受理' ? 6 : doc.windowType === '综合咨询' ? 2 : 10);
      const staff = ctx.hallStaff(doc.hallCode);
      const calledAt = new Date(
        doc.checkedInAt!.getTime() + waitMinutes(ctx, doc.checkedInAt!) * 60_000 + rng.int(0, 59) * 1000,
      );
      const servedAt = new Date(calledAt.getTime() + rng.int(4, 25) * 60_000);
      Object.assign(doc, {
        queueNo: `${letter}${String(i + 1).padStart(3, '0')}`,
        queueSeq: i + 1,
        checkedInBy: staff.userId,
        calledAt,
        calledBy: staff.userId,
        windowName: `${doc.windowType}${window}号窗口`,
        servedAt,
        updatedAt: servedAt,
      });
      const item = ctx.itemByCode.get(doc.itemCode);
      rateables.push({
        kind: 'appointment',
        serviceId: String(doc._id),
        personId: doc.personId,
        title: `${item?.name ?? doc.itemCode}（预约 ${doc.date} ${doc.start}）`,
        endedAt: doc.checkedInAt!,
        served: {
          itemCode: doc.itemCode,
          ...(item ? { itemName: item.name } : {}),
          department: item?.departmentCode ?? 'unknown',
          hallCode: doc.hallCode,
          windowName: doc.windowName!,
          staffId: staff.userId,
        },
      });
    });
  }
  return { docs: out.map((b) => b.doc), rateables, missed };
}
