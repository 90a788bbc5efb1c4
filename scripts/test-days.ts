/**
 * `npm run test:days -- <test paths…>`: runs the given tests once per day of scripts/test-days.cjs
 * (a Sunday, a statutory holiday, the working day before a holiday, a 调休 Saturday, 12-31, a day in
 * a year without an official holiday notice), one after the other, then prints a table of the
 * results. `TEST_DAYS=2026-12-06,2027-01-04` picks days (any YYYY-MM-DD). Exit code 1 if any failed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const { TEST_DAYS } = require('./test-days.cjs') as { TEST_DAYS: Array<{ date: string; label: string }> };

async function main() {
  const wanted = process.env.TEST_DAYS?.split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const days = wanted?.length
    ? wanted.map((date) => TEST_DAYS.find((d) => d.date === date) ?? { date, label: '指定日期' })
    : TEST_DAYS;
  const args = process.argv.slice(2);
  const results: Array<{ date: string; label: string; code: number; seconds: number }> = [];
  for (const day of days) {
    console.log(`\n=== TEST_NOW=${day.date} (${day.label}) ===`);
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'run-tests.ts'), ...args],
      {
        stdio: 'inherit',
        env: { ...process.env, TEST_NOW: day.date },
      },
    );
    const code: number = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
    results.push({ ...day, code, seconds: Math.round((Date.now() - started) / 1000) });
  }
  console.log('\nTest days:');
  for (const r of results) {
    console.log(`  ${r.code === 0 ? 'PASS' : 'FAIL'}  ${r.date}  ${r.label}  (${r.seconds} s)`);
  }
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length) {
    console.log(`\nReplay a failed day: TEST_NOW=${failed[0]!.date} npm test -- ${args.join(' ')}`);
    process.exit(1);
  }
}

void main();
