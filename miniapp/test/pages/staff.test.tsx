import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import StaffLoginPage from '../../src/packages/auth/staff-login/index';
import AuditPage from '../../src/packages/workbench/audit/index';
import WorkbenchPage from '../../src/packages/workbench/home/index';
import { readSession, resetSessionHooks } from '../../src/services/auth';
import {
  AUDIT_ROUTE,
  STAFF_APPOINTMENTS_ROUTE,
  STAFF_COMPLAINTS_ROUTE,
  STAFF_LOGIN_ROUTE,
  TAB_ROUTES,
  WORKBENCH_ROUTE,
} from '../../src/utils/routes';
import { navigateTo, reLaunch, redirectTo, showModal } from '../stubs/taro';
import { apiError, me, ok, routeApi, sessionResponse, storeSession } from '../fixtures/identity';

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

const staffMe = (overrides = {}) =>
  me({ role: 'staff', name: '王小明', username: 'wangxm', department: 'SCJG', halls: ['SZX'], ...overrides });

describe('工作人员登录', () => {
  beforeEach(() => resetSessionHooks());

  it('checks the form first, then logs in and opens the workbench', async () => {
    const sent = routeApi({ 'POST /api/auth/staff-login': () => ok(sessionResponse(3, staffMe())) });
    render(<StaffLoginPage />);
    fireEvent.click(screen.getByText('登录'));
    expect(screen.getByTestId('error-username')).toHaveTextContent('请输入用户名');
    expect(screen.getByTestId('error-password')).toHaveTextContent('请输入密码');
    expect(sent).toHaveLength(0);

    fill('用户名', 'wangxm');
    fill('密码', 'Secret12345');
    fireEvent.click(screen.getByText('登录'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: WORKBENCH_ROUTE }));
    expect(sent[0].data).toEqual({ username: 'wangxm', password: 'Secret12345' });
    expect(readSession()?.user.role).toBe('staff');
  });

  it('a locked account: Chinese message with the time the lock ends (China time)', async () => {
    routeApi({
      'POST /api/auth/staff-login': () =>
        apiError('ACCOUNT_LOCKED', {
          message: '登录失败次数过多，账号已锁定至 2030-01-01 16:35，请稍后再试',
          details: { lockedUntil: '2030-01-01T08:35:00.000Z', retryAfterSeconds: 900 },
        }),
    });
    render(<StaffLoginPage />);
    fill('用户名', 'wangxm');
    fill('密码', 'wrong-password1');
    fireEvent.click(screen.getByText('登录'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent(
      '登录失败次数过多，账号已临时锁定，请于 2030年1月1日 16:35 后再试',
    );
    expect(screen.getByLabelText('密码')).toHaveValue('');
    expect(screen.getByText('登录')).not.toBeDisabled();
  });

  it('rate limited: says when to try again', async () => {
    jest.useFakeTimers({
      now: new Date('2030-01-01T08:00:00.000Z'),
      doNotFake: ['setTimeout', 'queueMicrotask', 'nextTick', 'setImmediate'],
    });
    routeApi({
      'POST /api/auth/staff-login': () => apiError('RATE_LIMITED', { details: { retryAfterSeconds: 45 } }),
    });
    render(<StaffLoginPage />);
    fill('用户名', 'wangxm');
    fill('密码', 'whatever1234');
    fireEvent.click(screen.getByText('登录'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent(
      '操作过于频繁，请于 16:00:45 后再试（约 45 秒）',
    );
    jest.useRealTimers();
  });

  it('wrong password: the BFF message', async () => {
    routeApi({ 'POST /api/auth/staff-login': () => apiError('INVALID_CREDENTIALS') });
    render(<StaffLoginPage />);
    fill('用户名', 'wangxm');
    fill('密码', 'nope');
    fireEvent.click(screen.getByText('登录'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('用户名或密码错误');
  });
});

describe('工作台', () => {
  beforeEach(() => resetSessionHooks());

  it('shows name, role, department and halls; 预约签到 and 投诉 open', async () => {
    storeSession(3, 'staff');
    routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': () => ok({ items: [{ code: 'SCJG', name: '市市场监督管理局', itemCount: 3 }] }),
      'GET /api/halls': () => ok({ items: [] }),
    });
    render(<WorkbenchPage />);
    const profile = await screen.findByTestId('staff-profile');
    expect(profile).toHaveTextContent('王小明');
    expect(profile).toHaveTextContent('工作人员');
    expect(profile).toHaveTextContent('所属部门：市市场监督管理局');
    expect(profile).toHaveTextContent('服务大厅：SZX');
    fireEvent.click(screen.getByTestId('section-complaints'));
    expect(navigateTo).toHaveBeenCalledWith({ url: STAFF_COMPLAINTS_ROUTE });
    // 预约签到 is open: it leads to the check-in page.
    const checkIn = screen.getByTestId('section-check-in');
    expect(checkIn).not.toHaveAttribute('aria-disabled');
    fireEvent.click(checkIn);
    expect(navigateTo).toHaveBeenCalledWith({ url: STAFF_APPOINTMENTS_ROUTE });
    expect(screen.queryByTestId('section-audit')).not.toBeInTheDocument();
  });

  it('tiles show what waits as badges from one counts route; 0 or unknown shows none', async () => {
    storeSession(3, 'staff');
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': () => ok({ items: [] }),
      'GET /api/halls': () => ok({ items: [] }),
      'GET /api/staff/workbench/counts': () =>
        ok({ prereview: 3, overdueCases: 1, checkInToday: 5, openConsultations: 0, rectifications: 120 }),
    });
    render(<WorkbenchPage />);
    const cases = await screen.findByTestId('section-cases');
    await waitFor(() => expect(cases).toHaveTextContent('待预审 3'));
    expect(cases).toHaveTextContent('超期 1');
    expect(screen.getByTestId('section-check-in')).toHaveTextContent('今日待签到 5');
    expect(screen.getByTestId('section-rectifications')).toHaveTextContent('待整改 99+');
    expect(screen.getByTestId('section-consultations')).not.toHaveTextContent('待答复');
    expect(screen.getByTestId('section-complaints')).not.toHaveTextContent('待派单');
    expect(sent.filter((r) => r.path === '/api/staff/workbench/counts')).toHaveLength(1);
  });

  it('the tiles still work when the counts cannot be read', async () => {
    storeSession(3, 'staff');
    routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': () => ok({ items: [] }),
      'GET /api/halls': () => ok({ items: [] }),
      'GET /api/staff/workbench/counts': () => apiError('SERVICE_UNAVAILABLE'),
    });
    render(<WorkbenchPage />);
    fireEvent.click(await screen.findByTestId('section-cases'));
    expect(navigateTo).toHaveBeenCalled();
    expect(screen.queryByText(/待预审/)).not.toBeInTheDocument();
  });

  it('supervisors also get 审计日志', async () => {
    storeSession(3, 'supervisor');
    routeApi({ 'GET /api/me': () => ok(staffMe({ role: 'supervisor', department: undefined, halls: [] })) });
    render(<WorkbenchPage />);
    fireEvent.click(await screen.findByTestId('section-audit'));
    expect(navigateTo).toHaveBeenCalledWith({ url: AUDIT_ROUTE });
    // no hall, no hall work: 预约签到 / 名额与停约 are not offered to be refused later
    expect(screen.queryByTestId('section-check-in')).not.toBeInTheDocument();
    expect(screen.queryByTestId('section-capacity')).not.toBeInTheDocument();
  });

  it('hall staff get 名额与停约 as its own tile', async () => {
    storeSession(3, 'staff');
    routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': () => ok({ items: [] }),
      'GET /api/halls': () => ok({ items: [] }),
    });
    render(<WorkbenchPage />);
    fireEvent.click(await screen.findByTestId('section-capacity'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/appointments/capacity/index' });
  });

  it('without a staff session: off to the staff login page', () => {
    storeSession(1, 'citizen');
    routeApi({});
    render(<WorkbenchPage />);
    expect(redirectTo).toHaveBeenCalledWith({ url: STAFF_LOGIN_ROUTE });
  });

  it('退出登录 asks first, then logs out and returns to 我的', async () => {
    storeSession(3, 'staff');
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe({ department: undefined, halls: [] })),
      'POST /api/auth/logout': () => ok({ ok: true }),
    });
    render(<WorkbenchPage />);
    await screen.findByTestId('staff-profile');
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(screen.getByText('退出登录'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    expect(sent.some((r) => r.path === '/api/auth/logout')).toBe(false);

    fireEvent.click(screen.getByText('退出登录'));
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: TAB_ROUTES.mine }));
    expect(sent.filter((r) => r.path === '/api/auth/logout')).toHaveLength(1);
    expect(readSession()).toBeUndefined();
  });

  it('shows the error with 重试', async () => {
    storeSession(3, 'staff');
    let n = 0;
    routeApi({
      'GET /api/me': () =>
        ++n === 1 ? apiError('SERVICE_UNAVAILABLE') : ok(staffMe({ department: undefined, halls: [] })),
    });
    render(<WorkbenchPage />);
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('staff-profile')).toBeInTheDocument();
  });
});

describe('审计日志', () => {
  beforeEach(() => {
    resetSessionHooks();
    storeSession(4, 'supervisor');
  });

  const entry = (i: number) => ({
    id: `id-${i}`,
    at: '2030-01-01T08:00:00.000Z',
    actorId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    actorRole: 'staff',
    action: 'appointments.check-in',
    method: 'POST',
    path: '/api/staff/appointments/check-in',
    status: i === 2 ? 404 : 200,
    actionLabel: '预约签到',
    outcome: i === 2 ? '未成功：对象不存在或无权查看' : '成功',
    actorName: '王窗口',
    actorDepartment: '市公安局',
    ref: `K7M2PQ9${i}`,
  });

  it('lists entries, pages on, filters with checked dates', async () => {
    const sent = routeApi({
      'GET /api/audit': (req) => {
        const page = Number(new URL(req.url).searchParams.get('page'));
        return ok({ items: page === 1 ? [entry(1), entry(2)] : [entry(3)], total: 3, page, pageSize: 20 });
      },
    });
    render(<AuditPage />);
    const shown = await screen.findAllByTestId('audit-entry');
    expect(shown).toHaveLength(2);
    expect(screen.getByText('共 3 条')).toBeInTheDocument();
    // Chinese action, who (name and department), the booking code; no codes, paths, ids or raw statuses
    expect(shown[0]).toHaveTextContent('预约签到');
    expect(shown[0]).toHaveTextContent('王窗口（市公安局）');
    expect(shown[0]).toHaveTextContent('对象：K7M2PQ91');
    expect(shown[1]).toHaveTextContent('未成功：对象不存在或无权查看');
    for (const e of shown) {
      expect(e).not.toHaveTextContent(/\/api\/|POST|appointments\.|aaaaaaaa|失败 404/);
    }
    fireEvent.click(screen.getByText('加载更多'));
    await waitFor(() => expect(screen.getAllByTestId('audit-entry')).toHaveLength(3));
    expect(screen.getByText('没有更多了')).toBeInTheDocument();

    fill('开始日期', 'yesterday');
    fireEvent.click(screen.getByText('筛选'));
    expect(screen.getByTestId('error-from')).toHaveTextContent('请使用 ISO 8601 日期或时间');
    const before = sent.length;

    fill('开始日期', '2030-01-02');
    fill('结束日期', '2030-01-01');
    fireEvent.click(screen.getByText('筛选'));
    expect(screen.getByTestId('error-to')).toHaveTextContent('结束时间不能早于开始时间');
    expect(sent.length).toBe(before);

    fill('开始日期', '2029-12-01');
    fill('操作人', '王窗口');
    fireEvent.click(within(screen.getByTestId('action-groups')).getByText('预约'));
    fireEvent.click(screen.getByText('筛选'));
    await waitFor(() => expect(sent.length).toBe(before + 1));
    const query = new URL(sent[sent.length - 1].url).searchParams;
    expect(query.get('action')).toBe('appointments.*');
    expect(query.get('who')).toBe('王窗口');
    // whole China days: from the first day's start to the last day's end
    expect(query.get('from')).toBe('2029-12-01T00:00:00+08:00');
    expect(query.get('to')).toBe('2030-01-01T23:59:59.999+08:00');
  });

  it('empty and error states', async () => {
    let n = 0;
    routeApi({
      'GET /api/audit': () =>
        ++n === 1 ? apiError('FORBIDDEN') : ok({ items: [], total: 0, page: 1, pageSize: 20 }),
    });
    render(<AuditPage />);
    expect(await screen.findByText('没有权限进行此操作')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('没有符合条件的审计记录')).toBeInTheDocument();
  });
});

// ---------- failed logins since the last one (issue 15 item 5) ----------

describe('工作台：上次登录以来的失败尝试', () => {
  beforeEach(() => resetSessionHooks());

  it('a lock on this network only says so', async () => {
    routeApi({
      'POST /api/auth/staff-login': () =>
        apiError('ACCOUNT_LOCKED', {
          details: { lockedUntil: '2030-01-01T08:35:00.000Z', retryAfterSeconds: 900, scope: 'address' },
        }),
    });
    render(<StaffLoginPage />);
    fill('用户名', 'wangxm');
    fill('密码', 'wrong-password1');
    fireEvent.click(screen.getByText('登录'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent(
      '已暂停从当前网络登录该账号，请于 2030年1月1日 16:35 后再试',
    );
  });

  it('the staff login answer’s failedLogins is shown on the workbench until 知道了', async () => {
    routeApi({
      'POST /api/auth/staff-login': () =>
        ok({
          ...sessionResponse(5, staffMe()),
          failedLogins: { count: 7, lastAt: '2026-12-04T01:30:00.000Z', addresses: 3 },
        }),
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': () => ok({ items: [] }),
      'GET /api/halls': () => ok({ items: [] }),
    });
    const login = render(<StaffLoginPage />);
    fill('用户名', 'wangxm');
    fill('密码', 'Secret12345');
    fireEvent.click(screen.getByText('登录'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: WORKBENCH_ROUTE }));
    login.unmount();

    const page = render(<WorkbenchPage />);
    const notice = await screen.findByTestId('login-notice');
    expect(notice).toHaveTextContent('7 次密码错误的登录尝试');
    expect(notice).toHaveTextContent('12月4日 09:30');
    expect(notice).toHaveTextContent('来自 3 个不同网络');
    expect(notice).toHaveTextContent('如非本人操作，请尽快修改密码');
    fireEvent.click(screen.getByText('知道了'));
    expect(screen.queryByTestId('login-notice')).not.toBeInTheDocument();
    page.unmount();
    // Dismissed: not shown again.
    render(<WorkbenchPage />);
    await screen.findByTestId('staff-profile');
    expect(screen.queryByTestId('login-notice')).not.toBeInTheDocument();
  });

  it('no notice after a login without failures', async () => {
    routeApi({
      'POST /api/auth/staff-login': () => ok(sessionResponse(6, staffMe())),
      'GET /api/me': () => ok(staffMe()),
    });
    const login = render(<StaffLoginPage />);
    fill('用户名', 'wangxm');
    fill('密码', 'Secret12345');
    fireEvent.click(screen.getByText('登录'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: WORKBENCH_ROUTE }));
    login.unmount();
    render(<WorkbenchPage />);
    await screen.findByTestId('staff-profile');
    expect(screen.queryByTestId('login-notice')).not.toBeInTheDocument();
  });
});
