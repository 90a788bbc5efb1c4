import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import StaffCasesPage from '../../src/packages/cases/staff/index';
import StaffTaskPage from '../../src/packages/cases/staff-task/index';
import { resetSessionHooks } from '../../src/services/auth';
import { staffCaseRoute, staffTaskRoute } from '../../src/utils/routes';
import { navigateTo, setRouterParams, showModal } from '../stubs/taro';
import { apiError, ok, routeApi, storeSession } from '../fixtures/identity';
import type { CaseTaskView } from '@app/shared';
import { CASE_ID, TASK_ID, caseDetail, caseSummary } from './cases-fixtures';

const departments = () =>
  ok({
    items: [
      { code: 'ZRZY', name: '市自然资源局', itemCount: 3 },
      { code: 'XF', name: '市消防救援支队', itemCount: 1 },
    ],
  });

const task: CaseTaskView = {
  id: TASK_ID,
  department: 'XF',
  departmentName: '市消防救援支队',
  status: 'pending',
  statusLabel: '待办理',
  limitDays: 3,
  dueDate: '2026-03-13',
  overdue: false,
  dueSoon: true,
};
const taskCase = (t: Partial<CaseTaskView> = {}) =>
  caseDetail({
    status: 'in_progress',
    statusLabel: '办理中',
    dueDate: '2026-03-17',
    allowedActions: [],
    openTasks: ['XF'],
    stillWorking: ['ZRZY', 'XF'],
    tasks: [{ ...task, ...t }],
  });

beforeEach(() => {
  resetSessionHooks();
  storeSession(3, 'staff');
});

describe('部门任务 queue', () => {
  it('a case with my task opens the task view; one without opens the case', async () => {
    routeApi({
      'GET /api/departments': departments,
      'GET /api/staff/cases': () =>
        ok({
          items: [
            caseSummary({ openTasks: ['XF'], myTaskIds: [TASK_ID] }),
            caseSummary({ id: 'c2c2c2c2c2c2c2c2c2c2c2c2', number: 'JX-20260310-000002' }),
          ],
          total: 2,
          page: 1,
          pageSize: 20,
        }),
    });
    render(<StaffCasesPage />);
    await screen.findAllByTestId('case-card');
    fireEvent.click(screen.getByTestId('queue-tasks'));
    await waitFor(() => expect(screen.getAllByTestId('case-card')).toHaveLength(2));
    const cards = screen.getAllByTestId('case-card');
    fireEvent.click(cards[0]);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: staffTaskRoute(TASK_ID) });
    fireEvent.click(cards[1]);
    expect(navigateTo).toHaveBeenLastCalledWith({ url: staffCaseRoute('c2c2c2c2c2c2c2c2c2c2c2c2') });
  });

  it('in the other queues a card opens the case even with task ids', async () => {
    routeApi({
      'GET /api/departments': departments,
      'GET /api/staff/cases': () =>
        ok({ items: [caseSummary({ myTaskIds: [TASK_ID] })], total: 1, page: 1, pageSize: 20 }),
    });
    render(<StaffCasesPage />);
    fireEvent.click(await screen.findByTestId('case-card'));
    expect(navigateTo).toHaveBeenLastCalledWith({ url: staffCaseRoute(CASE_ID) });
  });
});

describe('task view', () => {
  beforeEach(() => setRouterParams({ taskId: TASK_ID }));

  it('shows the case header and my task; 开始办理 then 办结（不同意） with a note', async () => {
    const sent = routeApi({
      'GET /api/departments': departments,
      [`GET /api/staff/case-tasks/${TASK_ID}`]: () => ok(taskCase()),
      [`POST /api/staff/case-tasks/${TASK_ID}`]: (req) => {
        const body = req.data as { status: string; outcome?: 'approved' | 'refused' };
        return ok(
          body.status === 'done'
            ? taskCase({ status: 'done', statusLabel: '已办结', outcome: body.outcome })
            : taskCase({ status: 'in_progress', statusLabel: '办理中' }),
        );
      },
    });
    render(<StaffTaskPage />);
    const card = await screen.findByTestId('my-task');
    expect(screen.getByText('办件编号 JX-20260310-000001', { exact: false })).toBeInTheDocument();
    expect(within(card).getByTestId('task-status')).toHaveTextContent('待办理');
    expect(within(card).getByTestId('task-deadline')).toHaveTextContent(
      '时限 3 个工作日 · 期限 2026年3月13日 · 即将到期',
    );
    await waitFor(() => expect(card).toHaveTextContent('本部门任务：市消防救援支队'));

    fireEvent.click(within(card).getByText('开始办理'));
    await waitFor(() => expect(within(card).getByTestId('task-status')).toHaveTextContent('办理中'));
    expect(within(card).queryByText('开始办理')).not.toBeInTheDocument();
    expect(sent.filter((r) => r.method === 'POST')[0]?.data).toEqual({ status: 'in_progress' });

    fireEvent.click(within(card).getByText('不同意'));
    fireEvent.change(screen.getByLabelText('办理意见（选填）'), { target: { value: '消防通道不达标' } });
    fireEvent.click(within(card).getByText('办结'));
    await waitFor(() => expect(screen.queryByTestId('task-actions')).not.toBeInTheDocument());
    expect(within(card).getByTestId('task-status')).toHaveTextContent('已办结（不予许可）');
    expect(sent.filter((r) => r.method === 'POST')[1]?.data).toEqual({
      status: 'done',
      outcome: 'refused',
      note: '消防通道不达标',
    });
    expect(showModal).toHaveBeenCalledTimes(2);
  });

  it("another department's task (404): says it cannot be found, no actions", async () => {
    routeApi({
      'GET /api/departments': departments,
      [`GET /api/staff/case-tasks/${TASK_ID}`]: () => apiError('NOT_FOUND'),
    });
    render(<StaffTaskPage />);
    expect(await screen.findByText('请求的内容不存在')).toBeInTheDocument();
    expect(screen.queryByTestId('task-actions')).not.toBeInTheDocument();
  });
});
