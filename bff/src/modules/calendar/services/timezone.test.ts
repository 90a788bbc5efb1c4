import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Node reads TZ once per process (a change of process.env.TZ inside Jest does not reach the Date
 * implementation), so the calendar is run in child processes with different TZs and must answer
 * the same everywhere — including west of UTC, where chinese-days' own functions go wrong.
 */
const probe = path.join(__dirname, '__fixtures__', 'tz-probe.ts');

function runIn(tz: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', probe], {
    cwd: __dirname,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(out);
}

describe('calendar: the same answers in every server time zone', () => {
  it('UTC, Asia/Shanghai, America/Los_Angeles and Pacific/Kiritimati (UTC+14) agree', () => {
    const zones = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'];
    const results = zones.map(runIn);
    expect(results.map((r) => r.tzOffsetMinutes)).toEqual([0, -480, 420, -840]);
    const [reference, ...others] = results.map(({ tzOffsetMinutes: _offset, ...rest }) => rest);
    for (const other of others) expect(other).toEqual(reference);
    expect(reference).toMatchObject({
      add: '2026-10-10',
      between: 18,
      due: { dueDate: '2026-10-12', pausedWorkingDays: 5 },
      chinaDate: '2026-10-09',
      slot: '2026-10-09T01:00:00.000Z',
      qingming: ['2027-04-05', '2028-04-04', '2029-04-04', '2030-04-05'],
    });
    expect(reference.days).toContain('2026-10-10 makeup_workday 国庆节');
    expect(reference.days).toContain('2026-10-01 holiday 国庆节');
    expect(reference.days).toContain('2026-09-30 workday ');
  });
});
