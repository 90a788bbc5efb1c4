import { mulberry32 } from '../../../infra/seeded-random';

/**
 * A small seeded generator (mulberry32): the same `--seed` makes the same year, document for
 * document, and ObjectIds drawn from it (with the instant they stand for) are the same too.
 */
export interface Rng {
  /** [0, 1) */
  next(): number;
  int(min: number, maxInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** An index drawn by weight. */
  weighted(weights: readonly number[]): number;
  /** 24 hex digits: 4 bytes of seconds from `at` (as an ObjectId has), 8 random bytes. */
  objectIdHex(at: Date): string;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const hex8 = () =>
    Math.floor(next() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)]!,
    weighted(weights) {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
      return weights.length - 1;
    },
    objectIdHex: (at) =>
      Math.floor(at.getTime() / 1000)
        .toString(16)
        .padStart(8, '0') +
      hex8() +
      hex8(),
  };
}

/** Cumulative weights for fast repeated draws from a long list (items by popularity). */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

export function drawCumulative(rng: Rng, cum: Float64Array): number {
  const r = rng.next() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
