import { addCalendarDays } from '../../calendar';
import type { FiguresRepository } from '../repositories/figures.repository';
import type { RollupRepository, RollupSource } from '../repositories/rollup.repository';
import {
  PARTS,
  partsOf,
  ROLLUP_FORMAT,
  type ItemCount,
  type RollupContext,
  type RollupPart,
  type RollupRows,
  type RollupView,
} from './rollup-parts';
import { sharedInFlight } from './shared-in-flight';

/** One day of a part and its rows (read-only: they may be shared by the page's routes). */
export interface RollupDay<Row> {
  day: string;
  rows: readonly Row[];
}

/** How many stamped documents one look reads; more are read in further looks. */
const STAMP_BATCH = 5000;

/** Every China day of [from, to]. */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addCalendarDays(day, 1)) out.push(day);
  return out;
}

/** At most this many days (a quarter) are computed by one pipeline: its rows stay some ten megabytes. */
const SPAN_DAYS = 92;

/**
 * Runs of consecutive days ([first, last] each, at most SPAN_DAYS long), so missing days are
 * computed a span at a time.
 */
function spans(days: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let length = 0;
  for (const day of days) {
    const last = out[out.length - 1];
    if (last && length < SPAN_DAYS && addCalendarDays(last[1], 1) === day) {
      last[1] = day;
      length++;
    } else {
      out.push([day, day]);
      length = 1;
    }
  }
  return out;
}
/**
 * The 督查 roll-ups (small rows per part and China day) kept up to date by the writes: every write
 * to a source stamps its document (`statsMark`, in the same update). Before answering, the stamped
 * documents of the source are looked up, the days they count on are marked changed (`gen` + 1) and
 * then their stamps are cleared; a changed or missing day is computed from the documents (a span of
 * days in one pipeline) and kept, unless it changed again meanwhile. So a figure never misses a write
 * that finished before it was asked, even when the writing process died right after — with no
 * multi-document transaction.
 */
export function createRollups(deps: {
  store: RollupRepository;
  figures: FiguresRepository;
  /** The catalogue the views look items up in (loaded when a day is computed). */
  context: () => Promise<RollupContext>;
}) {
  const { store, figures } = deps;

  async function foldStamps(source: RollupSource): Promise<void> {
    const parts = partsOf(source);
    const fields = [...new Set(parts.flatMap((p) => PARTS[p].fields))];
    for (;;) {
      const stamped = await store.stamped(source, fields, STAMP_BATCH);
      if (stamped.length === 0) return;
      for (const part of parts) {
        const days = new Set<string>();
        for (const doc of stamped) {
          const day = PARTS[part].dayOf(doc);
          if (day) days.add(day);
        }
        await store.invalidate(part, [...days]);
      }
      // Only now: a crash before this line leaves the stamps, and the days are marked again.
      await store.clearStamps(source, stamped);
      if (stamped.length < STAMP_BATCH) return;
    }
  }
  // A read never joins a fold that started before it asked (it may have missed the reader's write).
  const { fold } = sharedInFlight({ fold: foldStamps });

  /** Every view of the computed rows of these days (a day without rows keeps empty views). */
  async function viewsOf<P extends RollupPart>(part: P, first: string, last: string) {
    const spec = PARTS[part];
    const [computed, ctx] = await Promise.all([spec.compute(figures, first, last), deps.context()]);
    return daysOf(first, last).map((day) => {
      const rows = computed.get(day) ?? [];
      const views: Record<string, unknown[]> = { rows };
      for (const [name, view] of Object.entries(spec.views)) if (view) views[name] = view(rows as never, ctx);
      return { day, views };
    });
  }

  /** Computes these days of a part from the documents and keeps them (as of `genOf`); answers one view. */
  async function computeAndKeep<P extends RollupPart>(
    part: P,
    days: readonly string[],
    view: RollupView,
    genOf: ReadonlyMap<string, number>,
  ): Promise<Map<string, readonly RollupRows[P][]>> {
    const rowsOf = new Map<string, readonly RollupRows[P][]>();
    for (const [first, last] of spans(days)) {
      const computed = await viewsOf(part, first, last);
      for (const c of computed) rowsOf.set(c.day, (c.views[view] ?? []) as RollupRows[P][]);
      await store.store(
        part,
        computed.map((c) => ({ ...c, gen: genOf.get(c.day) ?? 0 })),
        ROLLUP_FORMAT,
      );
    }
    return rowsOf;
  }

  /** The days of [from, to] of a part in one view, and the `gen` of each day they are as of (0: no document). */
  async function load<P extends RollupPart>(part: P, from: string, to: string, view: RollupView) {
    const stored = await store.read(part, from, to, view);
    const rowsOf = new Map<string, readonly RollupRows[P][]>();
    const genOf = new Map<string, number>();
    for (const doc of stored) {
      genOf.set(doc.day, doc.gen);
      const current = doc.rolled === doc.gen && doc.format === ROLLUP_FORMAT;
      if (current && Array.isArray(doc.rows)) rowsOf.set(doc.day, doc.rows as RollupRows[P][]);
    }
    const all = daysOf(from, to);
    const computed = await computeAndKeep(
      part,
      all.filter((d) => !rowsOf.has(d)),
      view,
      genOf,
    );
    for (const [day, rows] of computed) rowsOf.set(day, rows);
    return {
      days: all.map((day): RollupDay<RollupRows[P]> => ({ day, rows: rowsOf.get(day) ?? [] })),
      gens: genOf,
    };
  }

  // Loads running now, shared by every caller of the same part, period and view; numbered as started.
  let loadsStarted = 0;
  const loads = new Map<string, { seq: number; result: ReturnType<typeof load> }>();
  function sharedLoad<P extends RollupPart>(part: P, from: string, to: string, view: RollupView) {
    const key = `${part}|${from}|${to}|${view}`;
    let entry = loads.get(key);
    if (!entry) {
      const created = { seq: ++loadsStarted, result: load(part, from, to, view) };
      const forget = () => loads.get(key) === created && loads.delete(key);
      void created.result.then(forget, forget);
      loads.set(key, (entry = created));
    }
    return entry as { seq: number; result: Promise<Awaited<ReturnType<typeof load<P>>>> };
  }

  /**
   * The days of [from, to] of a part, each with the rows of one view (`rows`: all of them; `top`:
   * by department, bookings also by hall; `items`: received cases by item); changed and missing
   * days are computed now.
   *
   * Callers asking at once share one load, even one that started before this caller's stamps were
   * folded in. Such a load may have read a day before the fold marked it changed: so the days' `gen`s
   * are then read again (a small read) and a day whose `gen` moved since is computed now. A write
   * that finished before the call always counts: its day's `gen` moved before this caller's fold
   * ended, so either before the load read it (the load computed it afresh) or after (seen here).
   */
  async function days<P extends RollupPart>(
    part: P,
    from: string,
    to: string,
    view: RollupView = 'rows',
  ): Promise<RollupDay<RollupRows[P]>[]> {
    await fold(PARTS[part].source);
    const foldedBefore = loadsStarted;
    const { seq, result } = sharedLoad(part, from, to, view);
    const loaded = await result;
    if (seq > foldedBefore) return loaded.days;
    const gens = await store.gens(part, from, to);
    const moved = [...gens].filter(([day, gen]) => (loaded.gens.get(day) ?? 0) !== gen).map(([day]) => day);
    if (moved.length === 0) return loaded.days;
    const fresh = await computeAndKeep(part, moved.sort(), view, gens);
    return loaded.days.map((d) => (fresh.has(d.day) ? { day: d.day, rows: fresh.get(d.day)! } : d));
  }

  /**
   * Computes every part's days of [from, to] again from the documents and keeps them (seed:history,
   * which writes its year without stamps).
   */
  async function rebuild(from: string, to: string): Promise<void> {
    for (const part of Object.keys(PARTS) as RollupPart[]) {
      await store.invalidate(part, daysOf(from, to));
      await days(part, from, to);
    }
  }

  /** The received cases by item of the days of [from, to] (the `items` view). */
  async function itemDays(from: string, to: string): Promise<RollupDay<ItemCount>[]> {
    return (await days('received', from, to, 'items')) as unknown as RollupDay<ItemCount>[];
  }

  return { days, itemDays, rebuild };
}
export type Rollups = ReturnType<typeof createRollups>;
