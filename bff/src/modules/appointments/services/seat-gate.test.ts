import { createSeatGate, type SeatPass } from './seat-gate';

/** The seat gate only orders attempts; these pin down that it never stalls nor lets a crowd through. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

function gateWith(full: Set<string>) {
  return createSeatGate((slotId) => full.has(slotId));
}

describe('seat gate', () => {
  it('lets through as many attempts as seats are left, the next one when a take answers', async () => {
    const gate = gateWith(new Set());
    const order: number[] = [];
    const passes: Array<SeatPass | undefined> = [];
    const entering = Array.from({ length: 5 }, (_, i) =>
      gate.enter('S', 2).then((pass) => {
        order.push(i);
        passes[i] = pass;
      }),
    );
    await tick();
    expect(order).toEqual([0, 1]);
    passes[0]!.leave('taken'); // one seat fewer: still one left, one in flight → nobody new
    await tick();
    expect(order).toEqual([0, 1]);
    passes[1]!.leave('taken'); // none left, none in flight → one goes ahead (the ledger decides)
    await tick();
    expect(order).toEqual([0, 1, 2]);
    passes[2]!.leave(); // an error or a conflict: the next one goes ahead
    await tick();
    expect(order).toEqual([0, 1, 2, 3]);
    passes[3]!.leave();
    passes[3]!.leave(); // idempotent
    await Promise.all(entering);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    passes[4]!.leave();
  });

  it('refuses everyone waiting once a take found the slot full (and marked it)', async () => {
    const full = new Set<string>();
    const gate = gateWith(full);
    const first = await gate.enter('S', 1);
    const waiting = Promise.all(Array.from({ length: 3 }, () => gate.enter('S', 1)));
    await tick();
    full.add('S'); // settle() marks the full flag before leaving
    first!.leave('full');
    expect(await waiting).toEqual([undefined, undefined, undefined]);
    // Other slots are not concerned.
    const other = await gate.enter('T', 1);
    expect(other).toBeDefined();
    other!.leave('taken');
  });

  it('without a full mark, waiters go on one by one after a "full" answer (no stall, no crowd)', async () => {
    const gate = gateWith(new Set());
    const first = await gate.enter('S', 1);
    const admitted: Array<SeatPass | undefined> = [];
    const waiting = Array.from({ length: 3 }, () => gate.enter('S', 1).then((p) => admitted.push(p)));
    await tick();
    first!.leave('full');
    await tick();
    expect(admitted).toHaveLength(1);
    admitted[0]!.leave('full');
    await tick();
    admitted[1]!.leave('full');
    await Promise.all(waiting);
    expect(admitted.every(Boolean)).toBe(true);
    admitted[2]!.leave('full');
  });
});
