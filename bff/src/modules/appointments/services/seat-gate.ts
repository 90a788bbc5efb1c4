import type { SeatOutcome } from './booking-steps';

/** An admitted attempt's turn at a slot's seats; `leave` once its seat take has an answer. */
export interface SeatPass {
  /** Idempotent. `taken`: one seat fewer here; `full`/`closed`: everyone waiting looks again. */
  leave(outcome?: SeatOutcome): void;
}

interface GateState {
  /** Admitted attempts whose seat take has not answered yet. */
  inFlight: number;
  /** Seats believed free: the latest read of the slot, minus the seats taken here since. */
  left: number;
  /** Attempts waiting for a turn, in arrival order. */
  waiting: Array<() => void>;
  /** Woken but not yet resumed (the state must outlive them). */
  waking: number;
}

/**
 * Per-process admission to one slot's seat race — a hint, like the full flag: the conditional update
 * on the ledger stays the only authority on seats, and nothing here refuses what the ledger would
 * not have refused a moment ago.
 *
 * At 8:00 hundreds of attempts read the slot at once, all see free seats, and each would write a
 * pending booking, try the seat, fail, re-read the slot and write the rejection: five round trips
 * for a refusal known a moment later. Here at most as many attempts as there are seats left (at
 * least one) race at a time; the others wait for a take to answer. The one that finds the slot full
 * marks the full flag before leaving, so the waiters see it on waking (`isKnownFull`) and are refused
 * as the full-flag path refuses (after the idempotency look-up); otherwise they go on in order.
 *
 * Never stalls: an attempt waits only behind one in flight, and every pass is left (callers use
 * try/finally), the last one always waking someone. A stale "left" only admits more or fewer at
 * once; with two processes each admits up to "left" — a few dozen losers instead of hundreds.
 */
export function createSeatGate(isKnownFull: (slotId: string) => boolean) {
  const gates = new Map<string, GateState>();

  function wake(gate: GateState, count: number) {
    for (const resolve of gate.waiting.splice(0, Math.max(0, count))) {
      gate.waking++;
      resolve();
    }
  }

  function dropIfIdle(slotId: string, gate: GateState) {
    if (gate.inFlight === 0 && gate.waiting.length === 0 && gate.waking === 0 && gates.get(slotId) === gate) {
      gates.delete(slotId);
    }
  }

  return {
    /**
     * Waits for a turn at the slot's seats. `seatsLeft` is what the caller's own read of the slot
     * said. Answers undefined when, while it waited, this process found the slot full.
     */
    async enter(slotId: string, seatsLeft: number): Promise<SeatPass | undefined> {
      let gate = gates.get(slotId);
      if (!gate) {
        gate = { inFlight: 0, left: seatsLeft, waiting: [], waking: 0 };
        gates.set(slotId, gate);
      } else {
        gate.left = seatsLeft;
      }
      const state = gate;
      let first = true;
      while (state.inFlight >= Math.max(1, state.left)) {
        // Woken but beaten to the turn: back to the front, not the end.
        await new Promise<void>((resolve) =>
          first ? state.waiting.push(resolve) : state.waiting.unshift(resolve),
        );
        state.waking--;
        first = false;
        if (isKnownFull(slotId)) {
          // Whoever else waits learns the same now rather than one by one.
          wake(state, state.waiting.length);
          dropIfIdle(slotId, state);
          return undefined;
        }
      }
      state.inFlight++;
      let gone = false;
      return {
        leave(outcome?: SeatOutcome) {
          if (gone) return;
          gone = true;
          state.inFlight--;
          if (outcome === 'taken') state.left--;
          if (outcome === 'full' || outcome === 'closed') wake(state, state.waiting.length);
          else wake(state, Math.max(1, state.left) - state.inFlight);
          dropIfIdle(slotId, state);
        },
      };
    },
  };
}
export type SeatGate = ReturnType<typeof createSeatGate>;
