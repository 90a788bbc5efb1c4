import type { WindowType } from '@app/shared';
import type { SeatHolder } from '../../appointments/models/slot.model';
import type { PlannedSlot } from '../../appointments/services/slot-plan';
import type { HistoryContext } from './context';

export interface SlotLedger {
  planned: PlannedSlot;
  holders: Record<string, SeatHolder>;
  /** Seats taken, holders and cancelled ones that gave theirs back included while they held it. */
  taken: number;
}

/**
 * The seat ledger of the year's slots, in memory while the history is generated: the bookings the
 * cases' visits need are placed first (their trips name them), then the other bookings fill what is
 * left; each day's slots are written once that day is complete. A slot never holds more than its capacity.
 */
export function createSeatBook(ctx: HistoryContext) {
  const byDay = new Map<string, Map<string, SlotLedger>>();

  function ledgersOf(hallCode: string, date: string): SlotLedger[] {
    let day = byDay.get(date);
    if (!day) byDay.set(date, (day = new Map()));
    const out: SlotLedger[] = [];
    for (const planned of ctx.slotsOf(hallCode, date)) {
      let ledger = day.get(planned._id);
      if (!ledger) day.set(planned._id, (ledger = { planned, holders: {}, taken: 0 }));
      out.push(ledger);
    }
    return out;
  }

  return {
    ledgersOf,
    /**
     * A seat at `hallCode` on `date` in a slot starting at or after `notBefore` (and before its
     * end), of the wanted window types in order; undefined when every such slot is full.
     */
    take(
      hallCode: string,
      date: string,
      types: readonly WindowType[],
      holderId: string,
      holder: SeatHolder,
      notBefore?: Date,
    ): PlannedSlot | undefined {
      const ledgers = ledgersOf(hallCode, date);
      for (const type of types) {
        const open = ledgers.filter(
          (l) =>
            l.planned.windowType === type &&
            l.taken < l.planned.capacity &&
            (!notBefore || l.planned.endsAt > notBefore),
        );
        if (open.length === 0) continue;
        // The earliest open slots are the likeliest; a little spread keeps mornings from filling first.
        const ledger =
          open[Math.min(open.length - 1, Math.floor(ctx.rng.next() * ctx.rng.next() * open.length))]!;
        ledger.holders[holderId] = holder;
        ledger.taken++;
        return ledger.planned;
      }
      return undefined;
    },
    /** A cancelled booking's seat goes back to the slot. */
    release(date: string, slotId: string, holderId: string) {
      const ledger = byDay.get(date)?.get(slotId);
      if (!ledger || !ledger.holders[holderId]) return;
      delete ledger.holders[holderId];
      ledger.taken--;
    },
    capacityLeft(date: string, hallCodes: readonly string[]): number {
      let left = 0;
      for (const hall of hallCodes)
        for (const l of ledgersOf(hall, date)) left += l.planned.capacity - l.taken;
      return left;
    },
    /** The day's ledgers (written once the day is complete), then forgotten. */
    drain(date: string): SlotLedger[] {
      const day = byDay.get(date);
      byDay.delete(date);
      return day ? [...day.values()] : [];
    },
  };
}
export type SeatBook = ReturnType<typeof createSeatBook>;
