import {
  bookingCodeSchema,
  bookRequestSchema,
  callNextRequestSchema,
  cancelRequestSchema,
  capacityChangeSchema,
  checkInRequestSchema,
  hallBookingConfigSchema,
  rescheduleRequestSchema,
  staffSlotsQuerySchema,
} from '.';

const chinese = /[\u4e00-\u9fa5]/;
const messages = (r: {
  success: boolean;
  error?: { issues: Array<{ message: string; path: PropertyKey[] }> };
}) => (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));

describe('appointment request schemas', () => {
  const book = {
    itemCode: 'JX-GA-0001',
    hallCode: 'JX-ZWFW',
    windowType: '综合受理',
    date: '2026-10-13',
    start: '09:00',
    idempotencyKey: 'abcd1234',
  };

  it('book: accepts a good request, refuses every bad field with a Chinese message', () => {
    expect(bookRequestSchema.safeParse(book).success).toBe(true);
    const bad = bookRequestSchema.safeParse({
      itemCode: 1,
      hallCode: '',
      windowType: 'x',
      date: '2026-13-01',
      start: '25:00',
    });
    const issues = messages(bad);
    expect(issues.map((i) => i.path).sort()).toEqual([
      'date',
      'hallCode',
      'idempotencyKey',
      'itemCode',
      'start',
      'windowType',
    ]);
    for (const i of issues) expect(i.message).toMatch(chinese);
  });

  it('cancel, reschedule, check-in, call-next', () => {
    expect(cancelRequestSchema.safeParse({}).success).toBe(true);
    expect(messages(cancelRequestSchema.safeParse({ reason: 'x'.repeat(201) }))[0].message).toBe(
      '取消原因最多 200 个字',
    );
    expect(
      rescheduleRequestSchema.safeParse({ date: '2026-10-14', start: '10:00', idempotencyKey: 'abcd1234' })
        .success,
    ).toBe(true);
    expect(
      messages(rescheduleRequestSchema.safeParse({ date: '2026-10-14' })).every((i) =>
        chinese.test(i.message),
      ),
    ).toBe(true);
    expect(messages(checkInRequestSchema.safeParse({ code: '' }))[0].message).toBe('请输入或扫描预约码');
    expect(callNextRequestSchema.safeParse({ hallCode: 'JX-ZWFW', windowType: '部门窗口' }).success).toBe(
      true,
    );
  });

  it('booking codes: 8 characters without 0/O/1/I/L, case and dashes forgiven', () => {
    expect(bookingCodeSchema.parse('abcd-2345')).toBe('ABCD2345');
    expect(bookingCodeSchema.safeParse('ABCD0123').success).toBe(false);
    expect(bookingCodeSchema.safeParse('ABCDE').success).toBe(false);
  });

  it('capacity change: needs capacity or closed, and a reason', () => {
    const base = { hallCode: 'JX-ZWFW', date: '2026-10-13', reason: '窗口人员抽调' };
    expect(capacityChangeSchema.safeParse({ ...base, capacity: 4 }).success).toBe(true);
    expect(capacityChangeSchema.safeParse({ ...base, closed: true, start: '09:00' }).success).toBe(true);
    expect(messages(capacityChangeSchema.safeParse(base))[0].message).toBe('请填写新的名额或是否停约');
    expect(
      messages(capacityChangeSchema.safeParse({ ...base, capacity: -1, reason: '' })).map((i) => i.message),
    ).toEqual(expect.arrayContaining(['名额不能小于 0', '请填写调整原因']));
  });

  it('staff slots query: hall required, date and window type optional, Chinese messages', () => {
    expect(staffSlotsQuerySchema.safeParse({ hallCode: 'JX-ZWFW' }).success).toBe(true);
    expect(
      staffSlotsQuerySchema.safeParse({ hallCode: 'JX-ZWFW', date: '2026-10-13', windowType: '综合受理' })
        .success,
    ).toBe(true);
    const bad = messages(staffSlotsQuerySchema.safeParse({ date: '2026-02-30', windowType: '窗口' }));
    expect(bad.map((i) => i.path).sort()).toEqual(['date', 'hallCode', 'windowType']);
    for (const i of bad) expect(i.message).toMatch(chinese);
  });

  it('hall configuration: sessions must not overlap, a window type once, limits in Chinese', () => {
    const config = {
      hallCode: 'JX-ZWFW',
      windows: [{ type: '综合受理', openWindows: 6, quotaPerWindow: 2 }],
      sessions: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:00' },
      ],
      slotMinutes: 30,
      openDaysAhead: 7,
      openAt: '08:00',
      closeDaysBefore: 1,
      closeAt: '17:00',
      cancelCutoffMinutes: 60,
    };
    expect(hallBookingConfigSchema.safeParse(config).success).toBe(true);
    const overlapping = {
      ...config,
      sessions: [
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '13:00' },
      ],
    };
    expect(messages(hallBookingConfigSchema.safeParse(overlapping))[0].message).toBe('办公时段不能重叠');
    const twice = {
      ...config,
      windows: [...config.windows, ...config.windows],
      slotMinutes: 1,
      openDaysAhead: 'x',
    };
    const issues = messages(hallBookingConfigSchema.safeParse(twice));
    for (const i of issues) expect(i.message).toMatch(chinese);
    expect(
      messages(
        hallBookingConfigSchema.safeParse({ ...config, sessions: [{ start: '12:00', end: '09:00' }] }),
      )[0].message,
    ).toBe('结束时间须晚于开始时间');
  });
});
