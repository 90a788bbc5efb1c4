/**
 * The tests' clock: `npm test` can run every test as if it were another day (a Sunday, a holiday,
 * New Year's Eve, a year with no official holiday notice yet), so that no test depends on the day it
 * runs. Honoured only by test processes: the test runner loads test-clock-hook.cjs (Jest `setupFiles`
 * in every test realm, `NODE_OPTIONS=--require` for the processes tests spawn) and the browser suite
 * an init script; the product's own code never reads these variables.
 *
 * - `TEST_CLOCK_OFFSET_MS`: milliseconds added to the real time (set by scripts/run-tests.ts, so that
 *   every process of one run shares exactly the same clock).
 * - `TEST_NOW`: `YYYY-MM-DD` (that day in China at 10:00, office hours: the same instant at every
 *   replay, whatever the real hour) or an ISO instant for another hour; used when no offset is given.
 *   `real` or unset: the real clock.
 *
 * Time keeps running (timers, timeouts and Redis TTLs are untouched): only `Date` is shifted.
 */
'use strict';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Milliseconds to add to the real clock for a TEST_NOW value, or 0. */
function offsetFor(testNow, realNow = Date.now()) {
  if (!testNow || testNow === 'real') return 0;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(testNow);
  if (day) {
    // At the real hour a run at 04:00 China time on a day before a holiday had no bookable day at all
    // (booking for a day opens at 08:00 a week ahead): a replay must reproduce the hour as well.
    const tenInChina = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 10) - CHINA_OFFSET_MS;
    return tenInChina - realNow;
  }
  const instant = Date.parse(testNow);
  if (Number.isNaN(instant)) throw new Error(`TEST_NOW=${testNow}: expected YYYY-MM-DD or an ISO date-time`);
  return instant - realNow;
}

function configuredOffset(env = process.env) {
  if (env.TEST_CLOCK_OFFSET_MS) return Number(env.TEST_CLOCK_OFFSET_MS) || 0;
  return offsetFor(env.TEST_NOW);
}

/** Replaces `target.Date` by a Date whose "now" is shifted; everything else about Date is unchanged. */
function installClockShift(target, offsetMs) {
  if (!offsetMs || target.Date.__testClockOffset !== undefined) return;
  const RealDate = target.Date;
  const now = () => RealDate.now() + offsetMs;
  function ShiftedDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
  }
  // Same prototype: `instanceof Date` holds for dates made before and after the shift.
  ShiftedDate.prototype = RealDate.prototype;
  ShiftedDate.now = now;
  ShiftedDate.parse = RealDate.parse;
  ShiftedDate.UTC = RealDate.UTC;
  Object.defineProperty(ShiftedDate, '__testClockOffset', { value: offsetMs });
  Object.defineProperty(ShiftedDate, 'name', { value: 'Date' });
  target.Date = ShiftedDate;
}

/** The same shift as a browser init script (Playwright `addInitScript`). */
function browserInitScript(offsetMs) {
  return offsetMs ? `(${installClockShift.toString()})(globalThis, ${Number(offsetMs)});` : '';
}

module.exports = { offsetFor, configuredOffset, installClockShift, browserInitScript, DAY_MS };
