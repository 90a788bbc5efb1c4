import type { Connection } from 'mongoose';
import type { WindowType } from '@app/shared';
import { tickBatcher } from '../../../infra/tick-batch';
import { slotModel, type SeatHolder, type SlotRecord } from '../models/slot.model';
import type { PlannedSlot } from '../services/slot-plan';
import { duplicateKeyIndex } from './mongo-errors';
import { bumpingStats } from '../../supervision/stats-changes';

export type Slot = SlotRecord & { seats: Record<string, SeatHolder> };

export interface SlotSelector {
  hallCode: string;
  date: string;
  windowType?: WindowType;
  start?: string;
}

function normalize(slot: SlotRecord): Slot {
  return { ...slot, seats: slot.seats ?? {} };
}

function seatPath(holderId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(holderId)) throw new Error(`invalid seat holder id ${holderId}`);
  return `seats.${holderId}`;
}

function selectorFilter(s: SlotSelector): Record<string, unknown> {
  const filter: Record<string, unknown> = { hallCode: s.hallCode, date: s.date };
  if (s.windowType) filter.windowType = s.windowType;
  if (s.start) filter.start = s.start;
  return filter;
}

/**
 * Slots and their seat ledger. Every ledger operation is ONE single-document update whose filter
 * states the precondition, so MongoDB applies it atomically or not at all: no read-modify-write.
 */
export function createSlotRepository(connection: Connection) {
  const Slot = slotModel(connection);
  /**
   * Reads by id of one event-loop turn as one `{_id: {$in}}` query: in a burst every attempt reads
   * the one slot it wants (see infra/tick-batch; never a read sent before the caller asked).
   */
  const byId = tickBatcher(async (ids: string[]): Promise<Array<Slot | null>> => {
    const unique = Array.from(new Set(ids));
    const found = await Slot.find({ _id: unique.length === 1 ? unique[0] : { $in: unique } })
      .lean<SlotRecord[]>()
      .exec();
    const byKey = new Map(found.map((s) => [s._id, s]));
    // normalize() copies: each caller gets its own object.
    return ids.map((id) => {
      const slot = byKey.get(id);
      return slot ? normalize(slot) : null;
    });
  });
  const repo = {
    /** Creates the slots that do not exist yet; existing slots (and their bookings) are left alone. */
    async insertMissing(planned: PlannedSlot[]): Promise<number> {
      if (planned.length === 0) return 0;
      const ops = planned.map((p) => ({
        updateOne: {
          filter: { _id: p._id },
          update: { $setOnInsert: { ...p, booked: 0, seats: {}, closed: false } },
          upsert: true,
        },
      }));
      try {
        const result = await Slot.bulkWrite(ops, { ordered: false });
        return result.upsertedCount;
      } catch (err) {
        // Two generators racing on the same new slot: the loser's upsert hits the unique index. The slot exists.
        if (duplicateKeyIndex(err)) return 0;
        throw err;
      }
    },

    findById(id: string): Promise<Slot | null> {
      // Like mongoose's findById(undefined): nothing (a `{_id: undefined}` filter would match all).
      if (typeof id !== 'string') return Promise.resolve(null);
      return byId(id);
    },

    /**
     * Past slots with the seats their bookings held (the history seed, `npm run seed:history`): a slot
     * that does not exist is created from its plan; the holders are added to the ledger with `booked`
     * counted up by as many, in the same single-document update (an existing slot keeps its own).
     */
    async addHistory(entries: Array<{ planned: PlannedSlot; holders: Record<string, SeatHolder> }>) {
      if (entries.length === 0) return;
      // Straight through the driver: tens of thousands of slots, already in stored form. New slots
      // are inserted whole (the common case: past days nobody generated); existing ones get an update.
      const ids = entries.map((e) => e.planned._id);
      const existing = new Set(
        (
          await Slot.collection.find({ _id: { $in: ids } } as never, { projection: { _id: 1 } }).toArray()
        ).map((d) => String(d._id)),
      );
      const fresh = entries.filter((e) => !existing.has(e.planned._id));
      if (fresh.length)
        await Slot.collection.insertMany(
          fresh.map(({ planned, holders }) => ({
            ...planned,
            booked: Object.keys(holders).length,
            seats: holders,
            closed: false,
          })) as never[],
          { ordered: false },
        );
      const known = entries.filter((e) => existing.has(e.planned._id));
      if (known.length === 0) return;
      await Slot.collection.bulkWrite(
        known.map(({ planned, holders }) => {
          const ids = Object.keys(holders);
          const set = Object.fromEntries(ids.map((id) => [seatPath(id), holders[id]]));
          return {
            updateOne: {
              filter: { _id: planned._id },
              update: { $inc: { booked: ids.length }, ...(ids.length ? { $set: set } : {}) },
            },
          };
        }) as never,
        { ordered: false },
      );
    },

    /** A changed booking rule: the hall's slots of these days open and close at the new times. */
    async setBookingWindows(
      hallCode: string,
      windows: Array<{ date: string; opensAt: Date; closesAt: Date }>,
    ): Promise<void> {
      if (windows.length === 0) return;
      await Slot.bulkWrite(
        windows.map((w) => ({
          updateMany: {
            filter: { hallCode, date: w.date },
            update: { $set: { opensAt: w.opensAt, closesAt: w.closesAt } },
          },
        })),
        { ordered: false },
      );
    },

    async findByIds(ids: string[]): Promise<Slot[]> {
      const slots = await Slot.find({ _id: { $in: ids } })
        .lean<SlotRecord[]>()
        .exec();
      return slots.map(normalize);
    },

    async list(selector: SlotSelector): Promise<Slot[]> {
      const slots = await Slot.find(selectorFilter(selector))
        .sort({ windowType: 1, start: 1 })
        .lean<SlotRecord[]>()
        .exec();
      return slots.map(normalize);
    },

    /** One hall's slots of one window type over a date range (availability calendar). */
    async listRange(q: {
      hallCode: string;
      windowType: WindowType;
      from: string;
      to: string;
    }): Promise<Slot[]> {
      const slots = await Slot.find(
        { hallCode: q.hallCode, windowType: q.windowType, date: { $gte: q.from, $lte: q.to } },
        { seats: 0 },
      )
        .lean<SlotRecord[]>()
        .exec();
      return slots.map(normalize);
    },

    /** Slots from `fromDate` on whose ledger is not empty (for the seat audit). */
    async listHeldFrom(fromDate: string): Promise<Slot[]> {
      const slots = await Slot.find({ date: { $gte: fromDate }, booked: { $gt: 0 } })
        .lean<SlotRecord[]>()
        .exec();
      return slots.map(normalize);
    },

    /**
     * Takes a seat for `holderId` if the slot is open, has room and the holder has no seat yet:
     * `{_id, closed: false, seats.<id> absent, booked < capacity}` → `$inc booked, $set seats.<id>`.
     */
    async takeSeat(slotId: string, holderId: string, kind: SeatHolder['k'], at: Date): Promise<boolean> {
      const path = seatPath(holderId);
      const result = await Slot.updateOne(
        { _id: slotId, closed: false, [path]: { $exists: false }, $expr: { $lt: ['$booked', '$capacity'] } },
        { $inc: { booked: 1 }, $set: { [path]: { k: kind, at } } },
      ).exec();
      return result.modifiedCount === 1;
    },

    /** Gives the seat back: `$unset seats.<id>` and `$inc booked -1`, only if the holder has it. */
    async releaseSeat(slotId: string, holderId: string): Promise<boolean> {
      const path = seatPath(holderId);
      const result = await Slot.updateOne(
        { _id: slotId, [path]: { $exists: true } },
        { $inc: { booked: -1 }, $unset: { [path]: '' } },
      ).exec();
      return result.modifiedCount === 1;
    },

    /** Hands a seat from one holder to another in one update; `booked` does not change. */
    async transferSeat(
      slotId: string,
      fromId: string,
      toId: string,
      kind: SeatHolder['k'],
      at: Date,
    ): Promise<boolean> {
      const from = seatPath(fromId);
      const to = seatPath(toId);
      const result = await Slot.updateOne(
        { _id: slotId, [from]: { $exists: true }, [to]: { $exists: false } },
        { $unset: { [from]: '' }, $set: { [to]: { k: kind, at } } },
      ).exec();
      return result.modifiedCount === 1;
    },

    /** Staff change: new capacity and/or open/closed for the selected slots. Returns the changed slots (after). */
    async change(
      selector: SlotSelector,
      change: { capacity?: number; closed?: boolean; reason: string; by: string; at: Date },
    ): Promise<Slot[]> {
      const $set: Record<string, unknown> = { changedBy: change.by, changedAt: change.at };
      if (change.capacity !== undefined) $set.capacity = change.capacity;
      if (change.closed !== undefined) {
        $set.closed = change.closed;
        if (change.closed) $set.closedReason = change.reason;
      }
      const update: Record<string, unknown> = { $set };
      if (change.closed === false) update.$unset = { closedReason: '' };
      const filter = selectorFilter(selector);
      await Slot.updateMany(filter, update).exec();
      return (await Slot.find(filter).lean<SlotRecord[]>().exec()).map(normalize);
    },
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'appointments', repo, [
    'insertMissing',
    'takeSeat',
    'releaseSeat',
    'transferSeat',
    'change',
  ]);
}
export type SlotRepository = ReturnType<typeof createSlotRepository>;
