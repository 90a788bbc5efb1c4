/**
 * The "other days" every test must pass on (issue 10: no test depends on the day it runs). Each is
 * a China local date given to TEST_NOW (scripts/test-clock.cjs: 10:00 China time on that date).
 *
 * - `npm test` without TEST_NOW runs as one of them, chosen from the run's date and hour (UTC) so
 *   that it changes from run to run; it prints the day and the command to replay it.
 *   `TEST_NOW=real` (or any TEST_NOW) disables the rotation; TEST_OTHER_DAY=off too.
 * - `npm run test:days -- <paths>` runs the given tests once per day of the list.
 */
'use strict';

const TEST_DAYS = [
  { date: '2026-12-06', label: '周日' },
  { date: '2026-10-01', label: '法定节假日（国庆节）' },
  { date: '2026-09-30', label: '节前最后一个工作日' },
  { date: '2026-10-10', label: '调休上班的周六' },
  { date: '2026-12-31', label: '12 月 31 日' },
  { date: '2027-01-04', label: '尚无放假通知的年份（2027）' },
];

/** The day of this run: the same for every run within one UTC hour, another the next hour. */
function rotatingDay(realNow = Date.now()) {
  const hour = Math.floor(realNow / 3_600_000);
  return TEST_DAYS[hour % TEST_DAYS.length];
}

/** Whether `npm test` should shift the clock to a rotating day (no TEST_NOW given, not switched off). */
function rotationEnabled(env = process.env) {
  if (env.TEST_NOW) return false;
  const flag = (env.TEST_OTHER_DAY ?? '').toLowerCase();
  if (flag === 'off' || flag === '0' || flag === 'false') return false;
  return ROTATION_DEFAULT_ON || flag === 'on' || flag === '1' || flag === 'true';
}

/** Rotation is on by default (see the report of issue 10 for the days the suites were run on). */
const ROTATION_DEFAULT_ON = true;

module.exports = { TEST_DAYS, rotatingDay, rotationEnabled, ROTATION_DEFAULT_ON };
