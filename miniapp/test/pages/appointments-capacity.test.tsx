import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { SlotView, StaffSlotsResponse } from '@app/shared';
import StaffCapacityPage from '../../src/packages/appointments/capacity/index';
import StaffAppointmentsPage from '../../src/packages/appointments/staff/index';
import { resetSessionHooks } from '../../src/services/auth';
import { navigateTo, redirectTo, setRouterParams, showModal, showToast } from '../stubs/taro';
import { apiError, me, ok, routeApi, storeSession, type SentRequest } from '../fixtures/identity';
import { NOW } from '../fixtures/appointments';

// 工作台 · 名额与停约: the day's slots of the staff member's hall, 调整名额 / 停约 / 恢复 per slot or day.

const TODAY = '2026-10-09'; // NOW is Friday 9 October 2026, 10:00 China time

function slotView(start: string, end: string, overrides: Partial<SlotView> = {}): SlotView {
  return {
    id: `HALL-SZ:${TODAY}:A:${start.replace(':', '')}`,
    hallCode: 'HALL-SZ',
    windowType: '综合受理',
    date: TODAY,
    start,
    end,
    capacity: 2,
    booked: 0,
    available: 2,
    closed: false,
    waiting: 0,
    ...overrides,
  };
}

function dayOf(overrides: Partial<StaffSlotsResponse> = {}): StaffSlotsResponse {
  return {
    hallCode: 'HALL-SZ',
    date: TODAY,
    kind: 'workday',
    isWorkingDay: true,
    hallClosed: false,
    nextWorkingDays: ['2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14'],
    slots: [
      slotView('09:00', '09:30', { booked: 2, available: 0, waiting: 1 }),
      slotView('09:30', '10:00', { booked: 1, available: 1 }),
      slotView('10:00', '10:30', { closed: true, closedReason: '系统维护', available: 0 }),
    ],
    ...overrides,
  };
}

/** A day answer as given, or (a plain response) echoing the date and window type asked for. */
type DayAnswer = StaffSlotsResponse | (() => Promise<unknown>);

/** The staff routes the page calls; the day answers come from `days` (the last one repeats). */
function capacityRoutes(days: DayAnswer[], extra: Record<string, () => Promise<unknown>> = {}) {
  let n = 0;
  return routeApi({
    'GET /api/me': () => ok(me({ role: 'staff', username: 'demo.window', halls: ['HALL-SZ'] })),
    'GET /api/halls': () => ok({ items: [] }),
    'GET /api/staff/slots': (req) => {
      const answer = days[Math.min(n++, days.length - 1)];
      if (typeof answer === 'function') return answer();
      const q = new URL(req.url).searchParams;
      const windowType = q.get('windowType');
      return ok({ ...answer, date: q.get('date') ?? answer.date, ...(windowType ? { windowType } : {}) });
    },
    'POST /api/staff/slots/capacity': () => ok({ slots: [] }),
    ...extra,
  });
}

const slotsRequests = (sent: SentRequest[]) => sent.filter((r) => r.path === '/api/staff/slots');
const posts = (sent: SentRequest[]) => sent.filter((r) => r.method === 'POST');
const card = (start: string, windowType = '综合受理') =>
  screen.getByTestId(`cap-slot-${windowType}-${start}`);
/** After a question was answered 取消, the form is ready again (one submit at a time). */
const formReady = (label: string) =>
  waitFor(() => expect(screen.getByText(label).closest('button')).not.toBeDisabled());

beforeEach(() => {
  resetSessionHooks();
  storeSession(3, 'staff');
  jest.useFakeTimers({
    now: NOW,
    doNotFake: ['setTimeout', 'setInterval', 'queueMicrotask', 'nextTick', 'setImmediate'],
  });
});
afterEach(async () => {
  // The refresh after a test's last change answers here, inside act, while the page is still mounted.
  await act(async () => undefined);
  jest.useRealTimers();
});

describe('工作台 · 名额与停约', () => {
  it("lists today's slots of the hall with 已约 / 名额, waiting and a 停约 chip", async () => {
    const sent = capacityRoutes([dayOf()]);
    render(<StaffCapacityPage />);
    const first = await screen.findByTestId('cap-slot-综合受理-09:00');
    expect(slotsRequests(sent)[0].url).toContain(`hallCode=HALL-SZ&date=${TODAY}`);
    expect(within(first).getByTestId('slot-count')).toHaveTextContent('已约 2 / 名额 2 · 候补 1 人');
    expect(within(card('09:30')).getByTestId('slot-count')).toHaveTextContent('已约 1 / 名额 2');
    const closed = card('10:00');
    expect(closed).toHaveAttribute('data-closed', 'true');
    expect(closed).toHaveTextContent('停约');
    expect(closed).toHaveTextContent('停约原因：系统维护');
    expect(within(closed).getByText('恢复')).toBeInTheDocument();
    expect(screen.getByTestId('day-card')).toHaveTextContent(
      '3 个时段 · 已约 3 人 · 开放名额 4 · 停约 1 个时段',
    );
    expect(screen.getByTestId('picked-day')).toHaveTextContent('10月9日 周五（今天）');
  });

  it('a reason is required: the shared schema message shows inline and nothing is sent', async () => {
    const sent = capacityRoutes([dayOf()]);
    render(<StaffCapacityPage />);
    fireEvent.click(within(await screen.findByTestId('cap-slot-综合受理-09:30')).getByText('停约'));
    fireEvent.click(screen.getByText('确认停约'));
    expect(await screen.findByTestId('error-reason')).toHaveTextContent('请填写调整原因');
    expect(showModal).not.toHaveBeenCalled();
    expect(posts(sent)).toHaveLength(0);
  });

  it('closing asks first (how many are booked, they keep it and are told), then sends and refreshes', async () => {
    const closedDay = dayOf();
    closedDay.slots[0] = { ...closedDay.slots[0], closed: true, closedReason: '窗口人员抽调', available: 0 };
    const sent = capacityRoutes([dayOf(), closedDay]);
    render(<StaffCapacityPage />);
    fireEvent.click(within(await screen.findByTestId('cap-slot-综合受理-09:00')).getByText('停约'));
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '窗口人员抽调' } });

    // Cancelled at the question: nothing sent, the form stays.
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(screen.getByText('确认停约'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    const question = (showModal.mock.calls[0] as unknown as [{ title: string; content: string }])[0];
    expect(question.title).toBe('确认停约');
    expect(question.content).toContain('已有 2 人预约');
    expect(question.content).toContain('预约仍然有效');
    expect(question.content).toContain('通知');
    expect(posts(sent)).toHaveLength(0);
    expect(screen.getByTestId('change-editor')).toBeInTheDocument();
    await formReady('确认停约');

    // Confirmed: the request, a toast, and the refreshed list shows the slot closed.
    fireEvent.click(screen.getByText('确认停约'));
    await waitFor(() => expect(posts(sent)).toHaveLength(1));
    expect(posts(sent)[0].data).toEqual({
      hallCode: 'HALL-SZ',
      date: TODAY,
      windowType: '综合受理',
      start: '09:00',
      closed: true,
      reason: '窗口人员抽调',
    });
    await waitFor(() => expect(card('09:00')).toHaveAttribute('data-closed', 'true'));
    expect(card('09:00')).toHaveTextContent('停约原因：窗口人员抽调');
    expect(slotsRequests(sent)).toHaveLength(2);
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已停约' }));
    expect(screen.queryByTestId('change-editor')).not.toBeInTheDocument();
  });

  it('reopening and raising capacity need no question; lowering below the booked count does', async () => {
    const sent = capacityRoutes([dayOf()]);
    render(<StaffCapacityPage />);
    fireEvent.click(within(await screen.findByTestId('cap-slot-综合受理-10:00')).getByText('恢复'));
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '维护结束' } });
    fireEvent.click(screen.getByText('确认恢复预约'));
    await waitFor(() => expect(posts(sent)).toHaveLength(1));
    expect(showModal).not.toHaveBeenCalled();
    expect(posts(sent)[0].data).toMatchObject({ start: '10:00', closed: false, reason: '维护结束' });
    await waitFor(() => expect(screen.queryByTestId('change-editor')).not.toBeInTheDocument());

    fireEvent.click(within(card('09:00')).getByText('调整名额'));
    expect(screen.getByLabelText('新名额')).toHaveValue('2'); // the slot's capacity to start from
    fireEvent.change(screen.getByLabelText('新名额'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '窗口人员抽调' } });
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(screen.getByText('确认调整名额'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    const question = (showModal.mock.calls[0] as unknown as [{ content: string }])[0];
    expect(question.content).toContain('已有 2 人预约，多于新名额 1');
    expect(question.content).toContain('预约仍然有效');
    expect(posts(sent)).toHaveLength(1);
    await formReady('确认调整名额');

    fireEvent.change(screen.getByLabelText('新名额'), { target: { value: '5' } });
    fireEvent.click(screen.getByText('确认调整名额'));
    await waitFor(() => expect(posts(sent)).toHaveLength(2));
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(posts(sent)[1].data).toMatchObject({ start: '09:00', capacity: 5, reason: '窗口人员抽调' });
  });

  it('whole day: capacity for every slot shown (window type filter), bad numbers refused inline', async () => {
    const sent = capacityRoutes([dayOf()]);
    render(<StaffCapacityPage />);
    await screen.findByTestId('day-card');
    fireEvent.click(screen.getByTestId('type-综合受理'));
    await waitFor(() => expect(slotsRequests(sent).at(-1)!.url).toContain('windowType='));
    fireEvent.click(await screen.findByText('整天调整名额'));
    expect(screen.getByTestId('change-editor')).toHaveTextContent('10月9日 周五 全天 · 综合受理');
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '窗口人员抽调' } });
    fireEvent.change(screen.getByLabelText('新名额'), { target: { value: '-1' } });
    fireEvent.click(screen.getByText('确认调整名额'));
    expect(await screen.findByTestId('error-capacity')).toHaveTextContent('名额不能小于 0');

    // 1 per slot: 09:00 holds 2 → the question names that slot's people.
    fireEvent.change(screen.getByLabelText('新名额'), { target: { value: '1' } });
    fireEvent.click(screen.getByText('确认调整名额'));
    await waitFor(() => expect(posts(sent)).toHaveLength(1));
    const question = (showModal.mock.calls[0] as unknown as [{ content: string }])[0];
    expect(question.content).toContain('1 个时段已有 2 人预约');
    expect(posts(sent)[0].data).toEqual({
      hallCode: 'HALL-SZ',
      date: TODAY,
      windowType: '综合受理',
      capacity: 1,
      reason: '窗口人员抽调',
    });
  });

  it('whole-day close asks with the day total; other dates are one tap away', async () => {
    const sent = capacityRoutes([dayOf()]);
    render(<StaffCapacityPage />);
    await screen.findByTestId('day-card');
    fireEvent.click(screen.getByText('整天停约'));
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '大厅停电' } });
    fireEvent.click(screen.getByText('确认停约'));
    await waitFor(() => expect(posts(sent)).toHaveLength(1));
    const question = (showModal.mock.calls[0] as unknown as [{ content: string }])[0];
    expect(question.content).toContain('已有 3 人预约'); // the closed 10:00 slot counts nobody
    expect(posts(sent)[0].data).toEqual({
      hallCode: 'HALL-SZ',
      date: TODAY,
      closed: true,
      reason: '大厅停电',
    });

    fireEvent.click(await screen.findByText('10月12日 周一'));
    await waitFor(() => expect(slotsRequests(sent).at(-1)!.url).toContain('date=2026-10-12'));
    fireEvent.click(screen.getByText('后一天 ›'));
    await waitFor(() => expect(slotsRequests(sent).at(-1)!.url).toContain('date=2026-10-13'));
  });

  it('empty day explained; error with 重试', async () => {
    const holiday = dayOf({ date: TODAY, kind: 'holiday', isWorkingDay: false, note: '国庆节', slots: [] });
    capacityRoutes([() => apiError('SERVICE_UNAVAILABLE'), holiday]);
    render(<StaffCapacityPage />);
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('当天没有可预约时段：法定节假日不办公（国庆节）')).toBeInTheDocument();
  });

  it('a hall closure after booking: its closed slots are shown without actions', async () => {
    const closure = dayOf({
      kind: 'closure',
      isWorkingDay: false,
      hallClosed: true,
      note: '线路检修',
      slots: [
        slotView('09:00', '09:30', { booked: 1, closed: true, closedReason: '线路检修', available: 0 }),
      ],
    });
    capacityRoutes([closure]);
    render(<StaffCapacityPage />);
    const only = await screen.findByTestId('cap-slot-综合受理-09:00');
    expect(only).toHaveTextContent('已约 1 / 名额 2');
    expect(within(only).queryByText('恢复')).not.toBeInTheDocument();
    expect(screen.getByTestId('day-card')).toHaveTextContent('当天不办公：已约群众保留预约');
    expect(screen.queryByText('整天恢复')).not.toBeInTheDocument();
  });

  it('a refused change keeps the form with the message', async () => {
    capacityRoutes([dayOf()], {
      'POST /api/staff/slots/capacity': () => apiError('FORBIDDEN', { message: '只能办理本大厅的预约' }),
    });
    render(<StaffCapacityPage />);
    fireEvent.click(within(await screen.findByTestId('cap-slot-综合受理-09:30')).getByText('调整名额'));
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '临时加号' } });
    fireEvent.change(screen.getByLabelText('新名额'), { target: { value: '3' } });
    fireEvent.click(screen.getByText('确认调整名额'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('只能办理本大厅的预约');
    expect(screen.getByTestId('change-editor')).toBeInTheDocument();
  });

  it('a staff member without a hall is told so', async () => {
    routeApi({ 'GET /api/me': () => ok(me({ role: 'staff', halls: [] })) });
    render(<StaffCapacityPage />);
    expect(await screen.findByText('您的账号未分配服务大厅，请联系管理员')).toBeInTheDocument();
  });

  it('without a staff session: off to the staff login page', async () => {
    storeSession(1, 'citizen');
    routeApi({});
    await act(async () => {
      render(<StaffCapacityPage />);
    });
    expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/auth/staff-login/index' });
  });

  it('the hall asked for by 预约签到 is used when it is theirs', async () => {
    setRouterParams({ hallCode: 'HALL-MS' });
    const sent = routeApi({
      'GET /api/me': () => ok(me({ role: 'staff', halls: ['HALL-SZ', 'HALL-MS'] })),
      'GET /api/halls': () => ok({ items: [] }),
      'GET /api/staff/slots': () => ok(dayOf({ hallCode: 'HALL-MS', slots: [] })),
    });
    render(<StaffCapacityPage />);
    expect(await screen.findByText('当天没有可预约时段')).toBeInTheDocument();
    expect(slotsRequests(sent)[0].url).toContain('hallCode=HALL-MS');
  });
});

describe('预约签到 → 名额与停约', () => {
  it('the staff page has a visible entry that opens the page for its hall', async () => {
    routeApi({
      'GET /api/me': () => ok(me({ role: 'staff', halls: ['HALL-SZ'] })),
      'GET /api/halls': () => ok({ items: [] }),
      'GET /api/staff/appointments': () => ok({ hallCode: 'HALL-SZ', date: TODAY, items: [] }),
    });
    render(<StaffAppointmentsPage />);
    const entry = await screen.findByTestId('capacity-entry');
    fireEvent.click(within(entry).getByRole('button', { name: '名额与停约' }));
    expect(navigateTo).toHaveBeenCalledWith({
      url: '/packages/appointments/capacity/index?hallCode=HALL-SZ',
    });
  });
});
