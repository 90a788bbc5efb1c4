import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import StaffCasePage from '../../src/packages/cases/staff-case/index';
import StaffCasesPage from '../../src/packages/cases/staff/index';
import WorkbenchPage from '../../src/packages/workbench/home/index';
import { resetSessionHooks } from '../../src/services/auth';
import { STAFF_CASES_ROUTE, STAFF_LOGIN_ROUTE, staffCaseRoute } from '../../src/utils/routes';
import { navigateTo, redirectTo, setRouterParams, showModal, showToast } from '../stubs/taro';
import { apiError, me, ok, routeApi, storeSession } from '../fixtures/identity';
import { CASE_ID, TASK_ID, caseDetail, caseSummary } from './cases-fixtures';

const staffMe = () =>
  me({ role: 'staff', name: '王小明', username: 'demo.window', department: 'ZRZY', halls: ['HALL-SZ'] });
const departments = () =>
  ok({
    items: [
      { code: 'ZRZY', name: '市自然资源局', itemCount: 3 },
      { code: 'ZJJ', name: '市住建局', itemCount: 2 },
    ],
  });

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

beforeEach(() => resetSessionHooks());

describe('工作台 → 办件', () => {
  it('the 办件 tile opens the queue', async () => {
    storeSession(3, 'staff');
    routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      'GET /api/halls': () => ok({ items: [] }),
    });
    render(<WorkbenchPage />);
    const tile = await screen.findByTestId('section-cases');
    expect(tile).not.toHaveAttribute('aria-disabled');
    fireEvent.click(tile);
    expect(navigateTo).toHaveBeenCalledWith({ url: STAFF_CASES_ROUTE });
  });

  it('queues by deadline, overdue highlighted; tabs switch the queue', async () => {
    storeSession(3, 'staff');
    const sent = routeApi({
      'GET /api/departments': departments,
      'GET /api/staff/cases': (req) =>
        req.url.includes('queue=tasks')
          ? ok({ items: [], total: 0, page: 1, pageSize: 20 })
          : ok({
              items: [
                caseSummary({ overdue: true, dueDate: '2026-03-01' }),
                caseSummary({ id: 'c2c2c2c2c2c2c2c2c2c2c2c2', number: 'JX-20260310-000002', dueSoon: true }),
              ],
              total: 2,
              page: 1,
              pageSize: 20,
            }),
    });
    render(<StaffCasesPage />);
    const cards = await screen.findAllByTestId('case-card');
    expect(sent[sent.length - 1].url).toContain('queue=prereview');
    expect(sent[sent.length - 1].url).toContain('sort=deadline');
    expect(cards[0]).toHaveClass('case-card--overdue');
    expect(cards[0]).toHaveTextContent('申请人 张*丰');
    expect(cards[1]).toHaveClass('case-card--soon');
    expect(screen.getByText('共 2 件，按办结期限排序，其中 1 件已超期')).toBeInTheDocument();
    fireEvent.click(cards[0]);
    expect(navigateTo).toHaveBeenCalledWith({ url: staffCaseRoute(CASE_ID) });

    fireEvent.click(screen.getByTestId('queue-tasks'));
    expect(await screen.findByText('本部门没有待办的并联任务')).toBeInTheDocument();
    expect(sent[sent.length - 1].url).toContain('queue=tasks');
  });

  it('not signed in as staff: to the staff login', async () => {
    storeSession(3, 'citizen');
    routeApi({});
    render(<StaffCasesPage />);
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: STAFF_LOGIN_ROUTE }));
  });
});

describe('staff case page', () => {
  beforeEach(() => {
    storeSession(3, 'staff');
    setRouterParams({ id: CASE_ID });
  });

  it('预审通过 confirms first, then posts; cancelling sends nothing', async () => {
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(caseDetail({ allowedActions: ['prereview_pass', 'request_correction'] })),
      [`POST /api/cases/${CASE_ID}/prereview`]: () =>
        ok(
          caseDetail({
            status: 'prereviewed',
            statusLabel: '预审通过（待受理）',
            allowedActions: ['accept', 'reject'],
          }),
        ),
    });
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<StaffCasePage />);
    fireEvent.click(await screen.findByText('预审通过'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(0);

    fireEvent.click(screen.getByText('预审通过'));
    expect(await screen.findByText('预审通过（待受理）')).toBeInTheDocument();
    expect(sent.find((r) => r.method === 'POST')?.data).toEqual({ result: 'pass' });
    expect(screen.getByText('受理')).toBeInTheDocument();
    expect(screen.getByText('不予受理')).toBeInTheDocument();
  });

  it('核对申请人: masked until staff tap, then the full name and ID last 4 (nothing fetched before)', async () => {
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () => ok(caseDetail({ applicantName: '张*丰' })),
      [`POST /api/cases/${CASE_ID}/applicant-identity`]: () => ok({ name: '张三丰', idNumberLast4: '161X' }),
    });
    render(<StaffCasePage />);
    const check = await screen.findByTestId('applicant-check');
    expect(screen.getByTestId('case-header')).toHaveTextContent('张*丰');
    expect(screen.queryByText(/张三丰/)).not.toBeInTheDocument();
    expect(sent.some((r) => r.path.endsWith('/applicant-identity'))).toBe(false);

    fireEvent.click(within(check).getByText('查看全名和身份证后 4 位'));
    const shown = await screen.findByTestId('applicant-identity');
    expect(shown).toHaveTextContent('姓名：张三丰');
    expect(shown).toHaveTextContent('身份证号后 4 位：161X');
    expect(shown).toHaveTextContent('已记入审计日志');
    fireEvent.click(within(shown).getByText('隐藏'));
    expect(screen.queryByTestId('applicant-identity')).not.toBeInTheDocument();
  });

  it('409 CONFLICT: says the case changed and reloads it', async () => {
    let status: 'submitted' | 'withdrawn' = 'submitted';
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(
          status === 'submitted'
            ? caseDetail({ allowedActions: ['prereview_pass', 'request_correction'] })
            : caseDetail({ status: 'withdrawn', statusLabel: '已撤回', allowedActions: [] }),
        ),
      [`POST /api/cases/${CASE_ID}/prereview`]: () => {
        status = 'withdrawn';
        return apiError('CONFLICT', { message: '办件当前状态为已撤回，不能预审' });
      },
    });
    render(<StaffCasePage />);
    fireEvent.click(await screen.findByText('预审通过'));
    expect(await screen.findByText('该办件状态已变化，请刷新')).toBeInTheDocument();
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该办件状态已变化，请刷新' }));
    expect(await screen.findByText('已撤回')).toBeInTheDocument();
    expect(sent.filter((r) => r.method === 'GET' && r.path === `/api/cases/${CASE_ID}`)).toHaveLength(2);
    expect(screen.queryByText('预审通过')).not.toBeInTheDocument();
  });

  it('需补正: pick the missing materials with reasons, confirm, then POST prereview needs_correction', async () => {
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(caseDetail({ allowedActions: ['prereview_pass', 'request_correction'] })),
      [`POST /api/cases/${CASE_ID}/prereview`]: () =>
        ok(
          caseDetail({
            status: 'needs_correction',
            statusLabel: '需补正',
            corrections: [{ index: 1, name: '身份证明', reason: '照片不清晰' }],
          }),
        ),
    });
    render(<StaffCasePage />);
    fireEvent.click(await screen.findByText('需补正'));
    const form = screen.getByTestId('correction-form');
    // the missing material is pre-selected; a reason is required
    fireEvent.click(within(form).getByText('发送补正通知'));
    expect(within(form).getByTestId('form-error')).toHaveTextContent('请写明“身份证明”的补正原因');
    fill('“身份证明”补正原因', '照片不清晰');
    fireEvent.click(within(form).getByText('发送补正通知'));
    expect(await screen.findByTestId('correction')).toHaveTextContent('身份证明：照片不清晰');
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '需补正' }));
    expect(sent.find((r) => r.method === 'POST')?.data).toEqual({
      result: 'needs_correction',
      items: [{ index: 1, name: '身份证明', reason: '照片不清晰' }],
    });
  });

  it('不予受理 needs the legal reason; 受理 with a parallel department', async () => {
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(
          caseDetail({
            status: 'prereviewed',
            statusLabel: '预审通过（待受理）',
            allowedActions: ['accept', 'reject'],
          }),
        ),
      [`POST /api/cases/${CASE_ID}/accept`]: () =>
        ok(caseDetail({ status: 'accepted', statusLabel: '已受理', allowedActions: ['start'] })),
    });
    render(<StaffCasePage />);
    fireEvent.click(await screen.findByText('不予受理'));
    fireEvent.click(screen.getByText('确认不予受理'));
    expect(screen.getByTestId('error-legalReason')).toHaveTextContent('请写明不予受理的法律依据和理由');
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(0);

    fireEvent.click(screen.getByText('受理'));
    // 并联部门 are picked from the list (searched by name or pinyin initials), not typed as codes
    const picker = await screen.findByTestId('department-picker');
    fireEvent.change(within(picker).getByLabelText('搜索并联部门'), { target: { value: '住建' } });
    fireEvent.click(await within(screen.getByTestId('department-options')).findByText('市住建局'));
    expect(screen.getByTestId('department-chosen')).toHaveTextContent('市住建局');
    fireEvent.click(screen.getByText('确认受理'));
    expect(await screen.findByText('已受理')).toBeInTheDocument();
    expect(sent.find((r) => r.method === 'POST')?.data).toEqual({ coDepartments: [{ department: 'ZJJ' }] });
    expect(screen.getByText('开始办理')).toBeInTheDocument();
  });

  it('a supervisor is offered neither 登记到场 nor 核对申请人 (the BFF would refuse both)', async () => {
    routeApi({
      'GET /api/me': () => ok(me({ role: 'supervisor', name: '督查员', username: 'demo.supervisor' })),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(caseDetail({ status: 'in_progress', statusLabel: '办理中', allowedActions: [] })),
    });
    render(<StaffCasePage />);
    await screen.findByTestId('staff-actions');
    await waitFor(() => expect(screen.getByTestId('staff-actions')).toHaveTextContent('没有可办理的操作'));
    expect(screen.queryByText('登记到场')).not.toBeInTheDocument();
    expect(screen.queryByTestId('applicant-check')).not.toBeInTheDocument();
  });

  it('登记到场, 办结 with outcome, and the open task of my department', async () => {
    const base = caseDetail({
      status: 'in_progress',
      statusLabel: '办理中',
      allowedActions: ['complete', 'request_correction', 'trip'],
      tasks: [
        {
          id: TASK_ID,
          department: 'ZRZY',
          departmentName: '市自然资源局',
          status: 'pending',
          statusLabel: '待办理',
          limitDays: 3,
          dueDate: '2026-03-13',
          overdue: false,
          dueSoon: false,
        },
      ],
    });
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () => ok(base),
      [`POST /api/cases/${CASE_ID}/trips`]: () =>
        ok({
          ...base,
          trips: {
            taken: 1,
            allowed: 1,
            met: true,
            trips: [{ at: '2026-03-11T02:00:00.000Z', source: 'window' }],
          },
        }),
      [`POST /api/staff/case-tasks/${TASK_ID}`]: () =>
        ok({
          ...base,
          tasks: [{ ...base.tasks[0], status: 'done', statusLabel: '已办结', outcome: 'approved' }],
        }),
      [`POST /api/cases/${CASE_ID}/complete`]: () =>
        ok(
          caseDetail({
            status: 'completed',
            statusLabel: '已办结',
            outcome: 'approved',
            allowedActions: ['deliver'],
          }),
        ),
    });
    render(<StaffCasePage />);
    // A real button (primary outline), not the grey default one that read as plain text.
    const trip = (await screen.findByText('登记到场')).closest('button')!;
    expect(trip).toHaveAttribute('data-type', 'primary');
    expect(trip).toHaveAttribute('data-fill', 'outline');
    fireEvent.click(await screen.findByText('登记到场'));
    await waitFor(() => expect(screen.getByTestId('trips-count')).toHaveTextContent('1 / 1'));

    const actions = screen.getByTestId('task-actions');
    fireEvent.click(within(actions).getByText('办结（同意）'));
    await waitFor(() => expect(screen.queryByTestId('task-actions')).not.toBeInTheDocument());
    expect(sent.find((r) => r.path === `/api/staff/case-tasks/${TASK_ID}`)?.data).toEqual({
      status: 'done',
      outcome: 'approved',
    });

    fireEvent.click(screen.getByText('办结'));
    fireEvent.click(screen.getByText('确认办结'));
    expect(await screen.findByText('已办结')).toBeInTheDocument();
    expect(sent.find((r) => r.path === `/api/cases/${CASE_ID}/complete`)?.data).toEqual({
      outcome: 'approved',
    });
    expect(showModal).toHaveBeenCalledTimes(3);
    expect(screen.getByText('出件')).toBeInTheDocument();
  });

  it('确认办结 is disabled with the departments still working named', async () => {
    const base = caseDetail({
      status: 'in_progress',
      statusLabel: '办理中',
      allowedActions: ['complete'],
      tasks: [
        {
          id: TASK_ID,
          department: 'SW',
          departmentName: '市税务局',
          status: 'in_progress',
          statusLabel: '办理中',
          limitDays: 3,
          dueDate: '2026-03-13',
          overdue: false,
          dueSoon: false,
        },
      ],
    });
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () => ok(base),
    });
    render(<StaffCasePage />);
    fireEvent.click(await screen.findByText('办结'));
    expect(screen.getByTestId('complete-blocked')).toHaveTextContent('并联部门尚未办结：市税务局');
    fireEvent.click(screen.getByText('确认办结'));
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(showModal).not.toHaveBeenCalled();
  });

  it('出件 by post needs a tracking number', async () => {
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe()),
      'GET /api/departments': departments,
      [`GET /api/cases/${CASE_ID}`]: () =>
        ok(
          caseDetail({
            status: 'completed',
            statusLabel: '已办结',
            allowedActions: ['deliver'],
            delivery: {
              method: 'post',
              address: { recipient: '张三丰', phone: '13812345678', address: '鸡西市中心大街 1 号' },
            },
          }),
        ),
      [`POST /api/cases/${CASE_ID}/deliver`]: () =>
        ok(caseDetail({ status: 'delivered', statusLabel: '已出件' })),
    });
    render(<StaffCasePage />);
    fireEvent.click(await screen.findByText('出件'));
    expect(screen.getByTestId('deliver-form')).toHaveTextContent('申请人选择邮寄：张三丰');
    fireEvent.click(screen.getByText('确认出件'));
    expect(screen.getByTestId('error-trackingNumber')).toHaveTextContent('快递单号格式不正确');
    fill('快递单号', 'SF1234567890');
    fireEvent.click(screen.getByText('确认出件'));
    expect(await screen.findByText('已出件')).toBeInTheDocument();
    expect(sent.find((r) => r.method === 'POST')?.data).toEqual({
      method: 'post',
      trackingNumber: 'SF1234567890',
    });
  });
});
