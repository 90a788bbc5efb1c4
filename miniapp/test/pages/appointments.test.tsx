import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import GuidePage from '../../src/packages/catalog/guide/index';
import HallsPage from '../../src/packages/appointments/halls/index';
import DatePage from '../../src/packages/appointments/date/index';
import SlotPage from '../../src/packages/appointments/slot/index';
import ConfirmPage from '../../src/packages/appointments/confirm/index';
import TicketPage, { POSITION_POLL_MS } from '../../src/packages/appointments/ticket/index';
import MyAppointmentsPage from '../../src/packages/appointments/mine/index';
import StaffAppointmentsPage from '../../src/packages/appointments/staff/index';
import { resetSessionHooks } from '../../src/services/auth';
import {
  MY_APPOINTMENTS_ROUTE,
  REAL_NAME_ROUTE,
  appointmentConfirmRoute,
  appointmentDateRoute,
  appointmentHallsRoute,
  appointmentSlotRoute,
  appointmentTicketRoute,
} from '../../src/utils/routes';
import {
  navigateTo,
  redirectTo,
  request,
  requestSubscribeMessage,
  scanCode,
  setCurrentRoute,
  setRouterParams,
  showModal,
  triggerHide,
  triggerShow,
  triggerUnload,
} from '../stubs/taro';
import { detail } from '../fixtures/catalog';
import { apiError, me, ok, routeApi, storeSession, verifiedMe, type SentRequest } from '../fixtures/identity';
import { expectVisibleError } from '../fixtures/visible-error';
import {
  BOOKING_ID,
  ITEM,
  NOW,
  apptHall,
  availability,
  hallsResponse,
  slot,
  slotsResponse,
  staffRow,
  ticket,
  waitlistEntry,
} from '../fixtures/appointments';

const item = () => detail({ code: ITEM.code, name: ITEM.name });
const mineEmpty = () => ok({ upcoming: [], past: [], waitlist: [] });
const FLOW = { itemCode: ITEM.code, hallCode: 'HALL-SZ', date: '2026-10-12', start: '09:00' };

beforeEach(() => {
  resetSessionHooks();
  storeSession(1);
  jest.useFakeTimers({
    now: NOW,
    doNotFake: ['setTimeout', 'setInterval', 'queueMicrotask', 'nextTick', 'setImmediate'],
  });
});
afterEach(() => {
  jest.useRealTimers();
  delete process.env.TARO_ENV;
});

describe('办事指南 → 预约办理', () => {
  it('shows 预约办理 for an item bookable at some hall and opens the hall list', async () => {
    setRouterParams({ code: ITEM.code });
    routeApi({
      [`GET /api/items/${ITEM.code}`]: () => ok(item()),
      'GET /api/halls': () => ok({ items: [] }),
      'GET /api/appointments/halls': () => ok(hallsResponse()),
    });
    render(<GuidePage />);
    fireEvent.click(await screen.findByText('预约办理'));
    expect(navigateTo).toHaveBeenCalledWith({ url: appointmentHallsRoute({ itemCode: ITEM.code }) });
  });

  it.each([
    ['no bookable hall', () => ok(hallsResponse([]))],
    ['the halls request fails', () => apiError('SERVICE_UNAVAILABLE')],
  ])('hides the button when %s (never a dead button)', async (_name, answer) => {
    setRouterParams({ code: ITEM.code });
    const sent = routeApi({
      [`GET /api/items/${ITEM.code}`]: () => ok(item()),
      'GET /api/halls': () => ok({ items: [] }),
      'GET /api/appointments/halls': answer,
    });
    render(<GuidePage />);
    await screen.findByText('申请材料');
    await waitFor(() => expect(sent.some((r) => r.path === '/api/appointments/halls')).toBe(true));
    await act(async () => undefined);
    expect(screen.queryByText('预约办理')).not.toBeInTheDocument();
  });
});

describe('预约流程', () => {
  it('hall: address and booking rules, tap → the calendar', async () => {
    setRouterParams({ itemCode: ITEM.code });
    routeApi({
      'GET /api/appointments/halls': () => ok(hallsResponse()),
      'GET /api/appointments/mine': mineEmpty,
    });
    render(<HallsPage />);
    const card = await screen.findByTestId('appt-hall');
    expect(card).toHaveTextContent('地址：鸡西市鸡冠区文化路 1 号');
    expect(card).toHaveTextContent('提前 7 天 08:00 开放预约，前一天 17:00 截止');
    expect(card).toHaveTextContent('09:00–12:00，13:30–17:00');
    fireEvent.click(card);
    expect(navigateTo).toHaveBeenCalledWith({
      url: appointmentDateRoute({ itemCode: ITEM.code, hallCode: 'HALL-SZ' }),
    });
  });

  it('hall: a restricted person sees the reason and end date and cannot go on', async () => {
    setRouterParams({ itemCode: ITEM.code });
    routeApi({
      'GET /api/appointments/halls': () => ok(hallsResponse()),
      'GET /api/appointments/mine': () =>
        ok({
          upcoming: [],
          past: [],
          waitlist: [],
          restriction: { reason: '30 天内爽约 3 次', endsOn: '2026-11-08' },
        }),
    });
    render(<HallsPage />);
    const banner = await screen.findByTestId('restriction-banner');
    expect(banner).toHaveTextContent('原因：30 天内爽约 3 次');
    expect(banner).toHaveTextContent('限制至 2026-11-08（含）');
    const card = screen.getByTestId('appt-hall');
    expect(card).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(card);
    expect(navigateTo).not.toHaveBeenCalled();
  });

  it('hall: empty and error (重试) states', async () => {
    setRouterParams({ itemCode: ITEM.code });
    let n = 0;
    routeApi({
      'GET /api/appointments/halls': () =>
        ++n === 1 ? apiError('SERVICE_UNAVAILABLE') : ok(hallsResponse([])),
      'GET /api/appointments/mine': mineEmpty,
    });
    render(<HallsPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('服务暂时不可用，请稍后再试');
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('该事项暂无可预约的大厅')).toBeInTheDocument();
  });

  it('date: working days, holidays, 调休, closures, seats left / 已满 / 未开放; only bookable days go on', async () => {
    setRouterParams({ itemCode: ITEM.code, hallCode: 'HALL-SZ' });
    const sent = routeApi({ 'GET /api/appointments/availability': () => ok(availability()) });
    render(<DatePage />);
    const open = await screen.findByTestId('day-2026-10-12');
    expect(sent[0].url).toContain('from=2026-10-01&to=2026-10-31');
    expect(screen.getByTestId('calendar-month')).toHaveTextContent('2026年10月');
    expect(open).toHaveTextContent('余5');
    expect(open).toHaveAttribute('data-state', 'open');
    expect(screen.getByTestId('day-2026-10-13')).toHaveTextContent('已满·候补');
    expect(screen.getByTestId('day-2026-10-01')).toHaveTextContent('国庆节');
    expect(screen.getByTestId('day-2026-10-10')).toHaveTextContent('班');
    expect(screen.getByTestId('day-2026-10-14')).toHaveTextContent('闭馆');
    expect(screen.getByTestId('day-2026-10-11')).toHaveTextContent('休息');
    expect(screen.getByTestId('day-2026-10-20')).toHaveTextContent('未开放');
    expect(screen.getByTestId('day-2026-10-09')).toHaveTextContent('已截止');

    for (const off of ['2026-10-01', '2026-10-11', '2026-10-14', '2026-10-20', '2026-10-09']) {
      expect(screen.getByTestId(`day-${off}`)).toHaveAttribute('aria-disabled', 'true');
      fireEvent.click(screen.getByTestId(`day-${off}`));
    }
    expect(navigateTo).not.toHaveBeenCalled();
    fireEvent.click(open);
    expect(navigateTo).toHaveBeenCalledWith({
      url: appointmentSlotRoute({ itemCode: ITEM.code, hallCode: 'HALL-SZ', date: '2026-10-12' }),
    });
    // a full day still leads on (to the waiting list)
    fireEvent.click(screen.getByTestId('day-2026-10-13'));
    expect(navigateTo).toHaveBeenCalledTimes(2);
  });

  it('slot: seats left; a full slot offers 排队候补; a closed one is disabled', async () => {
    setRouterParams({ itemCode: ITEM.code, hallCode: 'HALL-SZ', date: '2026-10-12' });
    routeApi({
      'GET /api/appointments/slots': () =>
        ok(
          slotsResponse([
            slot('09:00', '09:30', { seatsLeft: 2 }),
            slot('09:30', '10:00', { seatsLeft: 0, waiting: 3 }),
            slot('10:00', '10:30', {
              closed: true,
              closedReason: '窗口临时调整',
              seatsLeft: 0,
              bookable: false,
            }),
          ]),
        ),
    });
    render(<SlotPage />);
    const open = await screen.findByTestId('slot-09:00');
    expect(open).toHaveTextContent('余 2 个号');
    const full = screen.getByTestId('slot-09:30');
    expect(full).toHaveTextContent('已满 · 3 人候补中');
    const closed = screen.getByTestId('slot-10:00');
    expect(closed).toHaveTextContent('窗口临时调整');
    expect(closed).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(closed);
    expect(navigateTo).not.toHaveBeenCalled();

    fireEvent.click(open);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: appointmentConfirmRoute(FLOW) });
    fireEvent.click(within(full).getByText('排队候补'));
    expect(navigateTo).toHaveBeenLastCalledWith({
      url: appointmentConfirmRoute({ ...FLOW, start: '09:30', waitlist: '1' }),
    });
  });

  it('slot: back from a booking, the seats left are loaded again (no stale 余 N 个号)', async () => {
    setRouterParams({ itemCode: ITEM.code, hallCode: 'HALL-SZ', date: '2026-10-12' });
    let left = 10;
    routeApi({
      'GET /api/appointments/slots': () => ok(slotsResponse([slot('09:00', '09:30', { seatsLeft: left })])),
    });
    render(<SlotPage />);
    expect(await screen.findByTestId('slot-09:00')).toHaveTextContent('余 10 个号');
    left = 9; // this person booked one on the confirm page
    act(() => triggerShow());
    await waitFor(() => expect(screen.getByTestId('slot-09:00')).toHaveTextContent('余 9 个号'));
  });
});

function confirmRoutes(post: (req: SentRequest) => Promise<unknown>) {
  return routeApi({
    'GET /api/appointments/halls': () => ok(hallsResponse()),
    [`GET /api/items/${ITEM.code}`]: () => ok(item()),
    'POST /api/appointments': post,
  });
}

describe('确认预约', () => {
  it('weapp: the subscription prompt runs synchronously in the tap, before the request; then the ticket', async () => {
    process.env.TARO_ENV = 'weapp';
    setRouterParams(FLOW);
    const order: string[] = [];
    requestSubscribeMessage.mockImplementation((opts: { tmplIds: string[] }) => {
      order.push('subscribe');
      return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', [opts.tmplIds[0]]: 'accept' });
    });
    const sent = confirmRoutes(() => {
      order.push('post');
      return ok({ outcome: 'booked', booking: ticket() });
    });
    render(<ConfirmPage />);
    const summary = await screen.findByTestId('summary');
    expect(summary).toHaveTextContent('市政务服务中心');
    expect(summary).toHaveTextContent('10月12日 周一');
    expect(summary).toHaveTextContent('09:00–09:30');
    expect(screen.getByTestId('materials')).toHaveTextContent('不动产登记申请书');
    expect(screen.getByTestId('materials')).not.toHaveTextContent('户口簿'); // shared: nothing to bring

    const before = request.mock.calls.length;
    fireEvent.click(screen.getByText('确认预约'));
    // synchronously, inside the tap: prompt asked, nothing sent yet
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(requestSubscribeMessage.mock.calls[0][0].tmplIds.length).toBeGreaterThan(0);
    expect(request.mock.calls.length).toBe(before);
    expect(screen.getByText('确认预约').closest('button')).toBeDisabled();

    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: appointmentTicketRoute(BOOKING_ID) }));
    expect(order).toEqual(['subscribe', 'post']);
    const post = sent.find((r) => r.method === 'POST')!;
    expect(post.data).toEqual({
      itemCode: ITEM.code,
      hallCode: 'HALL-SZ',
      date: '2026-10-12',
      start: '09:00',
    });
    expect(post.header['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('H5: no subscription prompt; a failed attempt retried sends the same Idempotency-Key', async () => {
    setRouterParams(FLOW);
    let n = 0;
    const sent = confirmRoutes(() =>
      ++n === 1 ? Promise.reject(new Error('timeout')) : ok({ outcome: 'booked', booking: ticket() }),
    );
    render(<ConfirmPage />);
    fireEvent.click(await screen.findByText('确认预约'));
    await expectVisibleError('网络异常，请检查网络后重试');
    fireEvent.click(screen.getByText('确认预约'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: appointmentTicketRoute(BOOKING_ID) }));
    expect(requestSubscribeMessage).not.toHaveBeenCalled();
    const keys = sent.filter((r) => r.method === 'POST').map((r) => r.header['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('a double tap sends one request', async () => {
    setRouterParams(FLOW);
    const sent = confirmRoutes(() => ok({ outcome: 'booked', booking: ticket() }));
    render(<ConfirmPage />);
    const button = await screen.findByText('确认预约');
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(redirectTo).toHaveBeenCalled());
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('SLOT_FULL: the message and 加入候补 (same key, joinWaitlist) → waitlisted', async () => {
    setRouterParams(FLOW);
    const sent = confirmRoutes((req) =>
      (req.data as { joinWaitlist?: boolean }).joinWaitlist
        ? ok({
            outcome: 'waitlisted',
            entry: waitlistEntry({ date: '2026-10-12', start: '09:00', position: 1 }),
          })
        : apiError('SLOT_FULL'),
    );
    render(<ConfirmPage />);
    fireEvent.click(await screen.findByText('确认预约'));
    const error = await expectVisibleError('该时段已约满，请选择其他时段或加入候补');
    fireEvent.click(within(error).getByText('加入候补'));
    const done = await screen.findByTestId('waitlisted');
    expect(done).toHaveTextContent('已加入候补');
    expect(done).toHaveTextContent('当前排第 1 位');
    const posts = sent.filter((r) => r.method === 'POST');
    expect(posts[1].data).toMatchObject({ joinWaitlist: true });
    expect(posts[1].header['Idempotency-Key']).toBe(posts[0].header['Idempotency-Key']);
    fireEvent.click(screen.getByText('查看我的预约'));
    expect(redirectTo).toHaveBeenCalledWith({ url: MY_APPOINTMENTS_ROUTE });
  });

  it('a full slot chosen on purpose: 确认候补 sends joinWaitlist', async () => {
    setRouterParams({ ...FLOW, waitlist: '1' });
    const sent = confirmRoutes(() => ok({ outcome: 'waitlisted', entry: waitlistEntry() }));
    render(<ConfirmPage />);
    expect(await screen.findByText(/提交后将加入候补名单/)).toBeInTheDocument();
    fireEvent.click(screen.getByText('确认候补'));
    await screen.findByTestId('waitlisted');
    expect(sent.find((r) => r.method === 'POST')!.data).toMatchObject({ joinWaitlist: true });
  });

  it('BOOKING_RESTRICTED: reason and end date, and the button stays off', async () => {
    setRouterParams(FLOW);
    confirmRoutes(() =>
      apiError('BOOKING_RESTRICTED', {
        message: '30 天内爽约 3 次，2026-11-08（含）前暂停预约',
        details: {
          reason: '30 天内爽约 3 次',
          until: '2026-11-08T16:00:00.000Z',
          lastRestrictedDay: '2026-11-08',
        },
      }),
    );
    render(<ConfirmPage />);
    fireEvent.click(await screen.findByText('确认预约'));
    const banner = await screen.findByTestId('restriction-banner');
    expect(banner).toHaveTextContent('原因：30 天内爽约 3 次');
    expect(banner).toHaveTextContent('限制至 2026-11-08（含）');
    expect(screen.getByText('确认预约').closest('button')).toBeDisabled();
  });

  it('实名: without the profile the page says so and 去实名认证 opens the form; back, the SAME slot books', async () => {
    setRouterParams(FLOW);
    let profile = me();
    const sent = routeApi({
      'GET /api/appointments/halls': () => ok(hallsResponse()),
      [`GET /api/items/${ITEM.code}`]: () => ok(item()),
      'GET /api/me': () => ok(profile),
      'POST /api/appointments': () => ok({ outcome: 'booked', booking: ticket() }),
    });
    render(<ConfirmPage />);
    const banner = await screen.findByTestId('real-name-needed');
    expect(banner).toHaveTextContent('预约前请先完成实名认证');
    expect(screen.queryByText('确认预约')).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('去实名认证'));
    // navigateTo (not redirect): this page and its slot stay under the form, which goes back here.
    expect(navigateTo).toHaveBeenCalledWith({ url: REAL_NAME_ROUTE });
    expect(sent.some((r) => r.method === 'POST')).toBe(false);

    profile = verifiedMe();
    act(() => triggerShow());
    fireEvent.click(await screen.findByText('确认预约'));
    expect(screen.queryByTestId('real-name-needed')).not.toBeInTheDocument();
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: appointmentTicketRoute(BOOKING_ID) }));
    expect(sent.find((r) => r.method === 'POST')!.data).toEqual({
      itemCode: ITEM.code,
      hallCode: 'HALL-SZ',
      date: '2026-10-12',
      start: '09:00',
    });
  });

  it('实名: a hall that waived it books without the profile', async () => {
    setRouterParams(FLOW);
    routeApi({
      'GET /api/appointments/halls': () => ok(hallsResponse([apptHall({ realNameRequired: false })])),
      [`GET /api/items/${ITEM.code}`]: () => ok(item()),
      'GET /api/me': () => ok(me()),
      'POST /api/appointments': () => ok({ outcome: 'booked', booking: ticket() }),
    });
    render(<ConfirmPage />);
    fireEvent.click(await screen.findByText('确认预约'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: appointmentTicketRoute(BOOKING_ID) }));
    expect(screen.queryByTestId('real-name-needed')).not.toBeInTheDocument();
  });

  it('BOOKING_REAL_NAME_REQUIRED from the BFF: the message seen near the button, and 去实名认证', async () => {
    setRouterParams(FLOW);
    confirmRoutes(() => apiError('BOOKING_REAL_NAME_REQUIRED'));
    render(<ConfirmPage />);
    fireEvent.click(await screen.findByText('确认预约'));
    const error = await expectVisibleError('预约前请先完成实名认证（我的 → 实名信息）');
    fireEvent.click(within(error).getByText('去实名认证'));
    expect(navigateTo).toHaveBeenCalledWith({ url: REAL_NAME_ROUTE });
  });

  it('BOOKING_DUPLICATE: the Chinese message and a way to 我的预约', async () => {
    setRouterParams(FLOW);
    confirmRoutes(() => apiError('BOOKING_DUPLICATE'));
    render(<ConfirmPage />);
    fireEvent.click(await screen.findByText('确认预约'));
    // drawn inside the fixed 确认预约 bar, plus a toast: never under the bar where nobody sees it
    const error = await expectVisibleError('您当天已预约过该事项，无需重复预约');
    fireEvent.click(within(error).getByText('查看我的预约'));
    expect(redirectTo).toHaveBeenCalledWith({ url: MY_APPOINTMENTS_ROUTE });
  });

  it('改约: shows the old booking, posts reschedule with a key, opens the new ticket', async () => {
    setRouterParams({ ...FLOW, date: '2026-10-15', start: '10:00', reschedule: BOOKING_ID });
    const sent = routeApi({
      'GET /api/appointments/halls': () => ok(hallsResponse()),
      [`GET /api/items/${ITEM.code}`]: () => ok(item()),
      [`GET /api/appointments/${BOOKING_ID}`]: () => ok(ticket()),
      [`POST /api/appointments/${BOOKING_ID}/reschedule`]: () =>
        ok(ticket({ id: 'b0000000000000000000000b', date: '2026-10-15', start: '10:00', end: '10:30' })),
    });
    render(<ConfirmPage />);
    expect(await screen.findByTestId('reschedule-from')).toHaveTextContent(
      '原预约：10月12日 周一 09:00–09:30',
    );
    fireEvent.click(screen.getByText('确认改约'));
    await waitFor(() =>
      expect(redirectTo).toHaveBeenCalledWith({ url: appointmentTicketRoute('b0000000000000000000000b') }),
    );
    const post = sent.find((r) => r.method === 'POST')!;
    expect(post.data).toEqual({ date: '2026-10-15', start: '10:00' });
    expect(post.header['Idempotency-Key']).toBeTruthy();
  });
});

describe('预约凭证', () => {
  it('code, QR code, hall, time, materials; 取消预约 asks first with the deadline', async () => {
    setRouterParams({ id: BOOKING_ID });
    const sent = routeApi({
      [`GET /api/appointments/${BOOKING_ID}`]: () => ok(ticket()),
      [`POST /api/appointments/${BOOKING_ID}/cancel`]: () =>
        ok(ticket({ status: 'cancelled', statusLabel: '已取消', cancellable: false })),
    });
    render(<TicketPage />);
    expect(await screen.findByTestId('booking-code')).toHaveTextContent('K7M2PQ9X');
    const qr = screen.getByTestId('qr-code').querySelector('img')!;
    expect(qr.getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
    expect(qr).toHaveAttribute('data-payload', 'ZWFW-APPT:K7M2PQ9X');
    const page = screen.getByTestId('ticket').parentElement!;
    expect(page).toHaveTextContent('鸡西市鸡冠区文化路 1 号');
    expect(page).toHaveTextContent('10月12日 周一');
    expect(page).toHaveTextContent('09:00–09:30');
    expect(screen.getByTestId('materials')).toHaveTextContent('身份证明');
    expect(screen.getByTestId('status-chip')).toHaveTextContent('已预约');

    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(screen.getByText('取消预约'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    expect((showModal.mock.calls[0] as unknown as [{ content: string }])[0].content).toContain(
      '取消截止：10月12日 08:00',
    );
    // the two buttons say what they do: not 取消 / 取消预约
    expect(showModal.mock.calls[0]).toEqual([
      expect.objectContaining({ confirmText: '确认取消', cancelText: '再想想' }),
    ]);
    expect(sent.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.click(screen.getByText('取消预约'));
    await waitFor(() => expect(screen.getByTestId('status-chip')).toHaveTextContent('已取消'));
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(screen.queryByText('取消预约')).not.toBeInTheDocument();
  });

  it('改约 goes back to the calendar for this booking', async () => {
    setRouterParams({ id: BOOKING_ID });
    routeApi({ [`GET /api/appointments/${BOOKING_ID}`]: () => ok(ticket()) });
    render(<TicketPage />);
    fireEvent.click(await screen.findByText('改约'));
    expect(navigateTo).toHaveBeenCalledWith({
      url: appointmentDateRoute({ itemCode: ITEM.code, hallCode: 'HALL-SZ', reschedule: BOOKING_ID }),
    });
  });

  it('checked in: queue number and people ahead, polled every 5 s while shown, stopped on hide and unload', async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    setRouterParams({ id: BOOKING_ID });
    let ahead = 3;
    const sent = routeApi({
      [`GET /api/appointments/${BOOKING_ID}`]: () =>
        ok(
          ticket({
            date: '2026-10-09',
            status: 'checked_in',
            statusLabel: '已签到',
            queueNo: 'A012',
            ahead,
            cancellable: false,
          }),
        ),
      [`GET /api/appointments/${BOOKING_ID}/position`]: () =>
        ok({ status: 'checked_in', statusLabel: '已签到', queueNo: 'A012', ahead: --ahead }),
    });
    const polls = () => sent.filter((r) => r.path.endsWith('/position')).length;
    const view = render(<TicketPage />);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('queue-no')).toHaveTextContent('A012');
    expect(screen.getByTestId('ahead')).toHaveTextContent('前面还有 3 人');
    expect(polls()).toBe(0);

    await act(async () => {
      await jest.advanceTimersByTimeAsync(POSITION_POLL_MS);
    });
    expect(polls()).toBe(1);
    expect(screen.getByTestId('ahead')).toHaveTextContent('前面还有 2 人');

    act(() => triggerHide());
    await act(async () => {
      await jest.advanceTimersByTimeAsync(POSITION_POLL_MS * 4);
    });
    expect(polls()).toBe(1);

    act(() => triggerShow()); // back: asks at once, then every 5 s again
    await act(async () => {
      await jest.advanceTimersByTimeAsync(POSITION_POLL_MS);
    });
    expect(polls()).toBe(3);
    expect(screen.getByTestId('ahead')).toHaveTextContent('下一位就是您');

    act(() => triggerUnload());
    await act(async () => {
      await jest.advanceTimersByTimeAsync(POSITION_POLL_MS * 4);
    });
    expect(polls()).toBe(3);
    view.unmount();
  });

  it('booked for a later day: no polling', async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    setRouterParams({ id: BOOKING_ID });
    const sent = routeApi({ [`GET /api/appointments/${BOOKING_ID}`]: () => ok(ticket()) });
    render(<TicketPage />);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(POSITION_POLL_MS * 3);
    });
    expect(screen.getByTestId('booking-code')).toBeInTheDocument();
    expect(sent.filter((r) => r.path.endsWith('/position'))).toHaveLength(0);
  });

  it('an unknown booking: the Chinese message and 重试', async () => {
    setRouterParams({ id: BOOKING_ID });
    routeApi({ [`GET /api/appointments/${BOOKING_ID}`]: () => apiError('BOOKING_NOT_FOUND') });
    render(<TicketPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('未找到该预约');
    expect(screen.getByText('重试')).toBeInTheDocument();
  });
});

describe('我的预约', () => {
  it('upcoming and past tabs, waitlist (offered → 确认候补), restriction banner', async () => {
    const sent = routeApi({
      'GET /api/appointments/mine': () =>
        ok({
          upcoming: [ticket()],
          past: [
            ticket({
              id: 'b0000000000000000000000c',
              status: 'no_show',
              statusLabel: '爽约',
              date: '2026-09-01',
            }),
          ],
          waitlist: [
            waitlistEntry(),
            waitlistEntry({
              id: 'w0000000000000000000000b',
              status: 'offered',
              statusLabel: '有名额待确认',
              position: undefined,
              offerExpiresAt: '2026-10-09T02:30:00.000Z',
            }),
            waitlistEntry({ id: 'w0000000000000000000000c', status: 'expired', statusLabel: '已失效' }),
          ],
          restriction: { reason: '30 天内爽约 3 次', endsOn: '2026-11-08' },
        }),
      'POST /api/appointments/waitlist/w0000000000000000000000b/claim': () =>
        ok(ticket({ id: 'b0000000000000000000000d' })),
    });
    render(<MyAppointmentsPage />);
    expect(await screen.findByTestId('restriction-banner')).toHaveTextContent('2026-11-08');
    expect(screen.getAllByTestId('booking-row')).toHaveLength(1);
    const rows = screen.getAllByTestId('waitlist-row');
    expect(rows[0]).toHaveTextContent('候补第 2 位');
    expect(rows[1]).toHaveTextContent('请在 10月9日 10:30 前确认');
    expect(rows[2]).toHaveTextContent('已失效');
    expect(within(rows[2]).queryByText('确认候补')).not.toBeInTheDocument();

    fireEvent.click(within(rows[1]).getByText('确认候补'));
    await waitFor(() =>
      expect(navigateTo).toHaveBeenCalledWith({ url: appointmentTicketRoute('b0000000000000000000000d') }),
    );
    expect(sent.some((r) => r.path.endsWith('/claim'))).toBe(true);

    fireEvent.click(screen.getByTestId('tab-past'));
    const past = screen.getAllByTestId('booking-row');
    expect(past).toHaveLength(1);
    expect(past[0]).toHaveTextContent('爽约');
    fireEvent.click(past[0]);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: appointmentTicketRoute('b0000000000000000000000c') });
  });

  it('empty and error states', async () => {
    let n = 0;
    routeApi({
      'GET /api/appointments/mine': () => (++n === 1 ? apiError('SERVICE_UNAVAILABLE') : mineEmpty()),
    });
    render(<MyAppointmentsPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('服务暂时不可用');
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('暂无待办理的预约')).toBeInTheDocument();
  });
});

describe('工作台 · 预约签到', () => {
  const staffRoutes = (extra: Record<string, (req: SentRequest) => Promise<unknown>> = {}) =>
    routeApi({
      'GET /api/me': () => ok(me({ role: 'staff', username: 'demo.window', halls: ['HALL-SZ'] })),
      'GET /api/halls': () => ok({ items: [] }),
      'GET /api/staff/appointments': () =>
        ok({ hallCode: 'HALL-SZ', date: '2026-10-09', items: [staffRow()] }),
      ...extra,
    });

  it("today's bookings; check-in by code shows the queue number", async () => {
    storeSession(3, 'staff');
    setCurrentRoute('packages/appointments/staff/index');
    const sent = staffRoutes({
      'POST /api/staff/appointments/check-in': () =>
        ok({
          ticket: staffRow({ status: 'checked_in', statusLabel: '已签到', queueNo: 'A012' }),
          queueNo: 'A012',
          ahead: 2,
        }),
    });
    render(<StaffAppointmentsPage />);
    const row = await screen.findByTestId('staff-row');
    expect(row).toHaveTextContent('K7M2PQ9X');
    expect(row).toHaveTextContent('张*丰');
    expect(sent.find((r) => r.path === '/api/staff/appointments')!.url).toContain(
      'hallCode=HALL-SZ&date=2026-10-09',
    );

    // H5: no camera scan here, the code box is the way in (WeChat gets 扫码签到, below)
    expect(screen.queryByText('扫码签到')).not.toBeInTheDocument();
    expect(screen.getByLabelText('预约码')).toBeInTheDocument();
    fireEvent.click(screen.getByText('签到'));
    expect(await screen.findByTestId('error-code')).toHaveTextContent('请输入或扫描预约码');

    fireEvent.change(screen.getByLabelText('预约码'), { target: { value: 'k7m2pq9x' } });
    fireEvent.click(screen.getByText('签到'));
    const result = await screen.findByTestId('check-in-result');
    expect(result).toHaveTextContent('已签到');
    expect(screen.getByTestId('check-in-queue-no')).toHaveTextContent('A012');
    expect(result).toHaveTextContent('前面 2 人');
    expect(sent.find((r) => r.method === 'POST')!.data).toEqual({ code: 'k7m2pq9x' });
  });

  it('核对身份: after check-in the full name and ID last 4 only behind a tap (the list stays masked); 隐藏', async () => {
    storeSession(3, 'staff');
    setCurrentRoute('packages/appointments/staff/index');
    const sent = staffRoutes({
      'POST /api/staff/appointments/check-in': () =>
        ok({
          ticket: staffRow({ status: 'checked_in', statusLabel: '已签到', queueNo: 'A012' }),
          queueNo: 'A012',
          ahead: 0,
        }),
      [`POST /api/staff/appointments/${BOOKING_ID}/person-identity`]: () =>
        ok({ name: '张三丰', idNumberLast4: '161X' }),
    });
    render(<StaffAppointmentsPage />);
    await screen.findByTestId('staff-row');
    fireEvent.change(screen.getByLabelText('预约码'), { target: { value: 'K7M2PQ9X' } });
    fireEvent.click(screen.getByText('签到'));
    const result = await screen.findByTestId('check-in-result');
    expect(result).toHaveTextContent('张*丰');
    expect(screen.queryByText(/张三丰/)).not.toBeInTheDocument();
    expect(sent.some((r) => r.path.endsWith('/person-identity'))).toBe(false);

    fireEvent.click(within(result).getByText('查看全名和身份证后 4 位'));
    const shown = await screen.findByTestId('check-in-identity');
    expect(shown).toHaveTextContent('姓名：张三丰');
    expect(shown).toHaveTextContent('身份证号后 4 位：161X');
    expect(shown).toHaveTextContent('已记入审计日志');
    expect(sent.filter((r) => r.path.endsWith('/person-identity'))).toHaveLength(1);
    // the list row stays masked
    expect(screen.getByTestId('staff-row')).not.toHaveTextContent('张三丰');
    fireEvent.click(within(shown).getByText('隐藏'));
    expect(screen.queryByTestId('check-in-identity')).not.toBeInTheDocument();
    expect(screen.queryByText(/张三丰/)).not.toBeInTheDocument();
  });

  it('the bookings list switches day: 后一天 loads the next date, 今天 comes back', async () => {
    storeSession(3, 'staff');
    setCurrentRoute('packages/appointments/staff/index');
    const sent = staffRoutes({});
    render(<StaffAppointmentsPage />);
    await screen.findByTestId('staff-row');
    const switcher = screen.getByTestId('day-switcher');
    expect(switcher).toHaveTextContent('今日预约');
    fireEvent.click(within(switcher).getByText('后一天'));
    await waitFor(() =>
      expect(sent.filter((r) => r.path === '/api/staff/appointments').at(-1)!.url).toContain(
        'date=2026-10-10',
      ),
    );
    expect(switcher).not.toHaveTextContent('今日预约');
    fireEvent.click(within(switcher).getByText('今天'));
    await waitFor(() =>
      expect(sent.filter((r) => r.path === '/api/staff/appointments').at(-1)!.url).toContain(
        'date=2026-10-09',
      ),
    );
  });

  it('check-in errors in Chinese; weapp scans the QR code', async () => {
    storeSession(3, 'staff');
    setCurrentRoute('packages/appointments/staff/index');
    process.env.TARO_ENV = 'weapp';
    scanCode.mockResolvedValueOnce({ result: 'ZWFW-APPT:K7M2PQ9X', errMsg: 'scanCode:ok' });
    const sent = staffRoutes({
      'POST /api/staff/appointments/check-in': () =>
        apiError('CHECK_IN_OUT_OF_TIME', { message: '请在预约当天（2026-10-12）签到' }),
    });
    render(<StaffAppointmentsPage />);
    await screen.findByTestId('staff-row');
    fireEvent.click(screen.getByText('扫码签到'));
    expect(scanCode).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['qrCode'] }));
    expect(await screen.findByTestId('error-code')).toHaveTextContent('请在预约当天（2026-10-12）签到');
    expect(sent.find((r) => r.method === 'POST')!.data).toEqual({ code: 'ZWFW-APPT:K7M2PQ9X' });
  });

  it('叫号 needs a window name, calls the next number; QUEUE_EMPTY says so; 办结 marks served', async () => {
    storeSession(3, 'staff');
    setCurrentRoute('packages/appointments/staff/index');
    let calls = 0;
    const sent = staffRoutes({
      'GET /api/staff/appointments': () =>
        ok({
          hallCode: 'HALL-SZ',
          date: '2026-10-09',
          items: [
            staffRow({ status: 'called', statusLabel: '已叫号', queueNo: 'A012', calledWindow: '3号窗口' }),
          ],
        }),
      'POST /api/staff/appointments/call-next': () =>
        ++calls === 1
          ? ok({
              ticket: staffRow({
                status: 'called',
                statusLabel: '已叫号',
                queueNo: 'A012',
                calledWindow: '3号窗口',
              }),
            })
          : apiError('QUEUE_EMPTY'),
      [`POST /api/staff/appointments/${BOOKING_ID}/served`]: () =>
        ok(staffRow({ status: 'served', statusLabel: '已办理', queueNo: 'A012' })),
    });
    render(<StaffAppointmentsPage />);
    await screen.findByTestId('staff-row');
    // primary (white on blue), not white on yellow
    expect(screen.getByText('叫下一位').closest('button')).toHaveAttribute('data-type', 'primary');
    fireEvent.click(screen.getByText('叫下一位'));
    expect(await screen.findByTestId('error-windowName')).toHaveTextContent('请填写窗口名称');

    fireEvent.click(screen.getByText('综合咨询'));
    fireEvent.click(screen.getByText('综合受理'));
    fireEvent.change(screen.getByLabelText('窗口名称'), { target: { value: '3号窗口' } });
    fireEvent.click(screen.getByText('叫下一位'));
    expect(await screen.findByTestId('called')).toHaveTextContent('请 A012 号到 3号窗口 办理');
    expect(sent.find((r) => r.path.endsWith('/call-next'))!.data).toEqual({
      hallCode: 'HALL-SZ',
      windowType: '综合受理',
      windowName: '3号窗口',
    });

    fireEvent.click(screen.getByText('叫下一位'));
    expect(await screen.findByTestId('error-windowName')).toHaveTextContent('当前没有等候的群众');

    fireEvent.click(within(screen.getByTestId('staff-row')).getByText('办结'));
    await waitFor(() => expect(screen.getByTestId('staff-row')).toHaveTextContent('已办理'));
  });

  it('without a staff session: off to the staff login page', () => {
    storeSession(1, 'citizen');
    routeApi({});
    render(<StaffAppointmentsPage />);
    expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/auth/staff-login/index' });
  });
});
