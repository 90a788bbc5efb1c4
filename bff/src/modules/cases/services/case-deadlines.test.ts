import { chinaDateTime, closuresFrom, createHallClosureRepository } from '../../calendar';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { createCases } from '../cases.module';
import { person, publishItem } from '../testing/case-fixtures';
import { clearHolidayNotices, setHolidayNotices } from '../../calendar';
import { computeDueDate, deadlineView, isDueDateProvisional } from './case-deadlines';

describe('due dates across a year without its holiday notice (预计)', () => {
  afterEach(() => clearHolidayNotices());
  const view = (acceptedDate: string, promisedLimitDays: number) =>
    deadlineView({ status: 'in_progress', promisedLimitDays, acceptedDate, pauses: [] }, '2026-12-06');

  it('a limit that runs into 2027 skips New Year’s Day and is provisional', () => {
    // Accepted Mon 2026-12-28: 12-29, 12-30, 12-31, (01-01 元旦), 01-04, 01-05.
    expect(view('2026-12-28', 5)).toMatchObject({ dueDate: '2027-01-05', dueDateProvisional: true });
    expect(isDueDateProvisional('2027-01-05', '2026-12-28')).toBe(true);
  });

  it('a limit inside 2026 is not', () => {
    const inside = view('2026-12-01', 5);
    expect(inside.dueDate).toBe('2026-12-08');
    expect(inside.dueDateProvisional).toBeUndefined();
    expect(isDueDateProvisional('2026-12-31', '2026-12-30')).toBe(false);
    expect(isDueDateProvisional(null)).toBe(false);
  });

  it('once the 2027 notice is loaded it is firm', () => {
    setHolidayNotices([{ year: 2027, days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] }]);
    expect(view('2026-12-28', 5).dueDateProvisional).toBeUndefined();
  });
});

describe('due dates in working days (pure)', () => {
  it('counts from the day after 受理, skipping the National Day week and counting the 调休 Saturday', () => {
    // Accepted Wed 2026-09-30; 10-01..10-07 holiday; 10-10 (Sat) is a make-up working day.
    expect(computeDueDate({ promisedLimitDays: 3, acceptedDate: '2026-09-30', pauses: [] }).dueDate).toBe(
      '2026-10-10',
    );
    expect(computeDueDate({ promisedLimitDays: 5, acceptedDate: '2026-09-30', pauses: [] }).dueDate).toBe(
      '2026-10-13',
    );
  });

  it('a 补正 pause stops the clock: its working days do not count, and an open pause has no due date', () => {
    const base = { promisedLimitDays: 5, acceptedDate: '2026-09-28' };
    expect(computeDueDate({ ...base, pauses: [] }).dueDate).toBe('2026-10-10');
    const paused = computeDueDate({ ...base, pauses: [{ from: '2026-10-08', to: '2026-10-09' }] });
    expect(paused).toMatchObject({ dueDate: '2026-10-13', pausedWorkingDays: 2 });
    const open = computeDueDate({ ...base, pauses: [], openPauseFrom: '2026-10-08' });
    expect(open).toMatchObject({ dueDate: null, remaining: 3 });
  });

  it('即办件 (0 working days): due the day of 受理, never 即将到期, overdue from the next day', () => {
    const input = {
      status: 'accepted' as const,
      promisedLimitDays: 0,
      acceptedDate: '2026-09-28',
      pauses: [],
      dueDate: '2026-09-28',
    };
    expect(deadlineView(input, '2026-09-28')).toMatchObject({
      limitDays: 0,
      dueDate: '2026-09-28',
      remainingWorkingDays: 0,
      dueSoon: false,
      overdue: false,
    });
    expect(deadlineView(input, '2026-09-29')).toMatchObject({ dueSoon: false, overdue: true });
  });

  it('flags due soon (≤ 2 working days left) and overdue only while the clock runs', () => {
    const input = {
      status: 'in_progress' as const,
      promisedLimitDays: 3,
      acceptedDate: '2026-09-30',
      pauses: [],
    };
    expect(deadlineView(input, '2026-09-30')).toMatchObject({
      dueSoon: false,
      overdue: false,
      remainingWorkingDays: 3,
    });
    expect(deadlineView(input, '2026-10-08')).toMatchObject({
      dueSoon: true,
      overdue: false,
      remainingWorkingDays: 2,
    });
    expect(deadlineView(input, '2026-10-12')).toMatchObject({ dueSoon: false, overdue: true });
    expect(deadlineView({ ...input, status: 'completed' }, '2026-10-12')).toMatchObject({ overdue: false });
    const paused = deadlineView(
      { ...input, openPauseFrom: '2026-10-08', status: 'correction_paused' },
      '2026-10-20',
    );
    expect(paused).toMatchObject({
      paused: true,
      dueDate: null,
      overdue: false,
      pauses: [{ from: '2026-10-08' }],
    });
  });
});

describe('hall closures (pure)', () => {
  it("a closure day of the case's hall does not count; in a pause it is not counted twice", () => {
    const base = { promisedLimitDays: 5, acceptedDate: '2026-09-28' };
    const closures = closuresFrom([{ date: '2026-09-29', reason: '系统升级停止对外办公' }]);
    expect(computeDueDate({ ...base, pauses: [] }).dueDate).toBe('2026-10-10');
    expect(computeDueDate({ ...base, pauses: [], closures }).dueDate).toBe('2026-10-12');
    const inPause = closuresFrom([{ date: '2026-10-09', reason: '闭厅' }]);
    expect(
      computeDueDate({ ...base, pauses: [{ from: '2026-10-08', to: '2026-10-09' }], closures: inPause }),
    ).toMatchObject({ dueDate: '2026-10-13', pausedWorkingDays: 1 });
    // 即办件 accepted on a closure day: the next day the hall works.
    expect(
      computeDueDate({ promisedLimitDays: 0, acceptedDate: '2026-09-29', pauses: [], closures }).dueDate,
    ).toBe('2026-09-30');
  });

  it('on read the stored due date (closures counted) wins; paused shows none', () => {
    const input = {
      status: 'in_progress' as const,
      promisedLimitDays: 5,
      acceptedDate: '2026-09-28',
      pauses: [],
      dueDate: '2026-10-12',
    };
    expect(deadlineView(input, '2026-10-12')).toMatchObject({ dueDate: '2026-10-12', overdue: false });
    expect(deadlineView(input, '2026-10-13')).toMatchObject({ overdue: true });
    expect(
      deadlineView({ ...input, status: 'correction_paused', openPauseFrom: '2026-10-08' }, '2026-10-09'),
    ).toMatchObject({ dueDate: null, paused: true });
  });
});

describe('deadlines of a real case with a clock', () => {
  let env: TestEnv;
  let clock = chinaDateTime('2026-09-28', '10:00');
  beforeAll(async () => {
    env = await createTestEnv({ LOG_LEVEL: 'warn' });
  });
  afterAll(() => env.close());

  it('受理 starts the clock, 办理中补正 pauses it, resubmission resumes it; overdue per department', async () => {
    const cases = createCases(env.deps, { now: () => clock });
    const s = cases.service;
    const code = await publishItem(env.deps, {
      departmentCode: 'dept-clock',
      guide: { promisedLimitDays: 5 },
    });
    const lead = (await person(env.deps, 'staff', { department: 'dept-clock' })).principal;
    const applicant = (await person(env.deps, 'citizen')).principal;
    const filed = await s.apply(applicant, { itemCode: code });
    expect(filed.deadline).toMatchObject({ dueDate: null, limitDays: 5 });
    await s.prereview(lead, filed.id, { result: 'pass' });
    const accepted = await s.accept(lead, filed.id, {
      coDepartments: [{ department: 'dept-co', limitDays: 2 }],
    });
    expect(accepted.after).toMatchObject({ acceptedDate: '2026-09-28', dueDate: '2026-10-10' });
    expect(accepted.after.tasks[0]).toMatchObject({ department: 'dept-co', dueDate: '2026-09-30' });
    await s.start(lead, filed.id);

    clock = chinaDateTime('2026-10-08', '09:00');
    const paused = await s.requestCorrection(lead, filed.id, [
      { name: '补充说明', reason: '情况说明缺少签章' },
    ]);
    expect(paused.after).toMatchObject({ status: 'correction_paused', openPauseFrom: '2026-10-08' });
    expect(paused.after.dueDate).toBeUndefined();
    const view = await s.detail(applicant, filed.id);
    expect(view.deadline).toMatchObject({ paused: true, dueDate: null, remainingWorkingDays: 3 });

    clock = chinaDateTime('2026-10-09', '16:00');
    const resumed = await s.resubmit(applicant, filed.id);
    expect(resumed.after).toMatchObject({
      status: 'in_progress',
      dueDate: '2026-10-13',
      pauses: [{ from: '2026-10-08', to: '2026-10-09' }],
    });
    expect((await s.detail(lead, filed.id)).deadline).toMatchObject({ pausedWorkingDays: 2, dueSoon: false });

    clock = chinaDateTime('2026-10-12', '09:00');
    expect((await s.detail(lead, filed.id)).deadline).toMatchObject({ dueSoon: true, overdue: false });
    clock = chinaDateTime('2026-10-14', '09:00');
    const late = await s.detail(lead, filed.id);
    expect(late).toMatchObject({ overdue: true, dueSoon: false });
    expect(late.tasks[0]).toMatchObject({ overdue: true });
    const stats = await s.overdueStats();
    expect(stats.departments.find((d) => d.department === 'dept-clock')).toMatchObject({
      overdue: 1,
      active: 1,
    });
    expect(stats.departments.find((d) => d.department === 'dept-co')).toMatchObject({ overdueTasks: 1 });
    const mine = await s.listMine(applicant, { page: 1, pageSize: 20 });
    expect(mine.items[0]).toMatchObject({ overdue: true, dueDate: '2026-10-13' });
  });

  it("counts the closures of the case's hall (the item's first hall) at 受理 and at resumption", async () => {
    clock = chinaDateTime('2026-09-28', '10:00');
    const closures = createHallClosureRepository(env.deps.mongo.connection);
    await closures.upsert({
      hallCode: 'HALL-CLOSED',
      date: '2026-09-29',
      reason: '系统升级',
      createdBy: 't',
    });
    await closures.upsert({ hallCode: 'HALL-CLOSED', date: '2026-10-13', reason: '停电', createdBy: 't' });
    // Another hall's closure is not this case's.
    await closures.upsert({ hallCode: 'HALL-OTHER', date: '2026-09-30', reason: '装修', createdBy: 't' });
    const cases = createCases(env.deps, { now: () => clock });
    const s = cases.service;
    const code = await publishItem(env.deps, {
      departmentCode: 'dept-closed',
      guide: {
        promisedLimitDays: 5,
        halls: [
          { hallCode: 'HALL-CLOSED', windows: [] },
          { hallCode: 'HALL-OTHER', windows: [] },
        ],
      },
    });
    const lead = (await person(env.deps, 'staff', { department: 'dept-closed' })).principal;
    const applicant = (await person(env.deps, 'citizen')).principal;
    const filed = await s.apply(applicant, { itemCode: code });
    await s.prereview(lead, filed.id, { result: 'pass' });
    const accepted = await s.accept(lead, filed.id, {});
    // 09-29 closed: 09-30, 10-08, 10-09, 10-10 (调休), 10-12.
    expect(accepted.after).toMatchObject({ acceptedDate: '2026-09-28', dueDate: '2026-10-12' });
    expect((await s.detail(lead, filed.id)).deadline).toMatchObject({ dueDate: '2026-10-12' });
    await s.start(lead, filed.id);

    clock = chinaDateTime('2026-10-08', '09:00');
    await s.requestCorrection(lead, filed.id, [{ name: '补充说明', reason: '缺少签章' }]);
    clock = chinaDateTime('2026-10-09', '16:00');
    const resumed = await s.resubmit(applicant, filed.id);
    // 09-30, paused 10-08..10-09, then 10-10 (调休), 10-12, (10-13 closed), 10-14, 10-15.
    expect(resumed.after).toMatchObject({ status: 'in_progress', dueDate: '2026-10-15' });
    expect((await s.detail(lead, filed.id)).deadline).toMatchObject({ dueDate: '2026-10-15', paused: false });
  });
});
