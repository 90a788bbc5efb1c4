import type { Slot } from '../repositories/slot.repository';
import type { WaitlistEntry } from '../repositories/waitlist.repository';
import type { AppointmentsContext } from './context';
import { offerNoticeEntry } from './notice-entries';

/**
 * Where a seat goes when its holder lets go (cancellation, reschedule, expired offer, settled
 * attempt): to the first person waiting for the slot — moved from holder to holder in ONE update,
 * so it counts against capacity throughout and nobody can take it in between — or, when nobody
 * waits (or the slot is closed, over capacity after a reduction, or already started), back to the pool.
 */
export async function passSeat(
  ctx: AppointmentsContext,
  slotId: string,
  holderId: string,
): Promise<{ released: boolean; offeredTo?: WaitlistEntry }> {
  const { slots, waitlist } = ctx.repos;
  let from = holderId;
  for (let attempt = 0; attempt < 50; attempt++) {
    const slot = await slots.findById(slotId);
    if (!slot || !slot.seats[from]) return { released: false };
    const now = ctx.now();
    const offerable = !slot.closed && slot.booked <= slot.capacity && now < slot.startsAt;
    const next = offerable ? await waitlist.firstWaiting(slotId) : null;
    if (!next) {
      const released = await slots.releaseSeat(slotId, from);
      if (released) await ctx.repos.fullFlags.clear([slotId]);
      return { released };
    }
    const nextId = next._id.toHexString();
    const moved = await slots.transferSeat(slotId, from, nextId, 'w', now);
    if (!moved) {
      // The entry already holds a seat (an offer interrupted by a crash): finish that offer first.
      if (slot.seats[nextId]) await offerEntry(ctx, next, slot);
      continue;
    }
    const offered = await offerEntry(ctx, next, slot);
    if (offered) return { released: false, offeredTo: offered };
    from = nextId; // the person left the list meanwhile: pass the seat on from their entry
  }
  throw new Error(`passSeat(${slotId}, ${holderId}) did not settle`);
}

/**
 * waiting → offered, with the hold's end. Null when the entry was no longer waiting. The "候补有位"
 * message is an outbox entry of the same update (never lost between the write and the queue), relayed
 * right after it.
 */
export async function offerEntry(
  ctx: AppointmentsContext,
  entry: WaitlistEntry,
  slot: Slot,
): Promise<WaitlistEntry | null> {
  const now = ctx.now();
  const holdEnd = new Date(now.getTime() + ctx.options.waitlistHoldMinutes * 60_000);
  const offerExpiresAt = holdEnd < slot.startsAt ? holdEnd : slot.startsAt;
  const offered = await ctx.repos.waitlist.transition(
    entry._id,
    ['waiting'],
    { status: 'offered', offeredAt: now, offerExpiresAt, offerNotice: { status: 'queued', at: now } },
    { outbox: [offerNoticeEntry(entry._id.toHexString())] },
  );
  if (offered) await ctx.relay.entry(offered._id);
  return offered;
}

/** Seats free while people wait (capacity raised, or freed as someone joined): offer them in order. */
export async function offerFreeSeats(ctx: AppointmentsContext, slotId: string): Promise<number> {
  const { slots, waitlist } = ctx.repos;
  let offered = 0;
  for (;;) {
    const slot = await slots.findById(slotId);
    if (!slot || slot.closed || slot.booked >= slot.capacity || ctx.now() >= slot.startsAt) return offered;
    const next = await waitlist.firstWaiting(slotId);
    if (!next) return offered;
    const nextId = next._id.toHexString();
    const took = slot.seats[nextId] ? true : await slots.takeSeat(slotId, nextId, 'w', ctx.now());
    if (!took) continue;
    if (await offerEntry(ctx, next, slot)) offered++;
    else await passSeat(ctx, slotId, nextId);
  }
}
