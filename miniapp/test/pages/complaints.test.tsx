import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ComplaintDetail, ComplaintListItem } from '@app/shared';
import ComplaintDetailPage from '../../src/packages/complaints/detail/index';
import MyComplaintsPage from '../../src/packages/complaints/mine/index';
import NewComplaintPage from '../../src/packages/complaints/new/index';
import StaffComplaintPage from '../../src/packages/complaints/staff-complaint/index';
import StaffComplaintsPage from '../../src/packages/complaints/staff/index';
import { resetSessionHooks } from '../../src/services/auth';
import { complaintRoute, rateRoute, staffComplaintRoute } from '../../src/utils/routes';
import { navigateTo, redirectTo, setRouterParams, showModal } from '../stubs/taro';
import { apiError, me, ok, routeApi, storeSession } from '../fixtures/identity';

const ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const CASE = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const flags = {
  overdue: false,
  dueSoon: false,
  warned: false,
  acceptLate: false,
  repeat: false,
  escalated: false,
  supervised: false,
  extensionPending: false,
  returned: false,
};
function item(over: Partial<ComplaintListItem> = {}): ComplaintListItem {
  return {
    id: ID,
    number: 'TS202612070001',
    kind: 'complaint',
    status: 'handling',
    statusLabel: '办理中',
    subjectLabel: '办件 JX-1 食品经营许可',
    anonymous: false,
    leadDepartment: 'SCJG',
    leadDepartmentName: '市市场监督管理局',
    filedAt: '2026-12-07T02:00:00.000Z',
    dueDate: '2026-12-24',
    redoCount: 0,
    flags,
    ...over,
  };
}
function detail(over: Partial<ComplaintDetail> = {}): ComplaintDetail {
  return {
    ...item(),
    kindLabel: '投诉',
    subject: { kind: 'case', label: '办件 JX-1 食品经营许可', id: CASE },
    description: '窗口要求重复提交材料，跑了三次。',
    attachments: [],
    contact: { name: '李**', phone: '138****5678' },
    coDepartments: [],
    followups: [],
    supervisions: [],
    rating: { open: false, rated: false },
    timeline: [
      { at: '2026-12-07T02:00:00.000Z', kind: 'filed', label: '提交', actor: '群众' },
      { at: '2026-12-07T03:00:00.000Z', kind: 'accepted', label: '受理', actor: '派单' },
    ],
    version: 3,
    actions: [],
    ...over,
  } as ComplaintDetail;
}

beforeEach(() => resetSessionHooks());

describe('我要投诉', () => {
  it('prefilled from a case: checks the description inline, then files with an Idempotency-Key', async () => {
    storeSession(3);
    setRouterParams({ subject: 'case', id: CASE, label: '办件 JX-1 食品经营许可' });
    const sent = routeApi({
      'GET /api/complaints/subjects': () => ok({ cases: [], appointments: [] }),
      'POST /api/complaints': () => ok(detail({ status: 'submitted' })),
    });
    render(<NewComplaintPage />);
    expect(screen.getByTestId('subject-prefilled')).toHaveTextContent('JX-1');
    fireEvent.change(screen.getByLabelText('问题描述'), { target: { value: '太短' } });
    fireEvent.click(screen.getByRole('button', { name: /^提交(投诉|举报)$/ }));
    expect(await screen.findByTestId('error-description')).toHaveTextContent('至少 10 个字');
    expect(sent.some((r) => r.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByLabelText('问题描述'), {
      target: { value: '窗口要求重复提交材料，跑了三次。' },
    });
    fireEvent.click(screen.getByRole('button', { name: /^提交(投诉|举报)$/ }));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: complaintRoute(ID) }));
    const post = sent.find((r) => r.method === 'POST')!;
    expect(post.header['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(post.data).toMatchObject({
      kind: 'complaint',
      subject: { kind: 'case', id: CASE },
      anonymous: false,
    });
  });

  it('an anonymous 举报 says before sending that nobody can call back; a missing real name leads to 实名认证', async () => {
    storeSession(3);
    setRouterParams({});
    routeApi({
      'GET /api/complaints/subjects': () => ok({ cases: [], appointments: [] }),
      'POST /api/complaints': () => apiError('COMPLAINT_REAL_NAME_REQUIRED'),
    });
    render(<NewComplaintPage />);
    fireEvent.click(screen.getByTestId('kind-report'));
    fireEvent.click(screen.getByTestId('anonymous-yes'));
    expect(screen.getByTestId('anonymous-notice')).toHaveTextContent('无法回访');
    fireEvent.click(screen.getByTestId('anonymous-no'));
    fireEvent.change(screen.getByLabelText('投诉对象'), { target: { value: '某窗口' } });
    fireEvent.change(screen.getByLabelText('问题描述'), {
      target: { value: '窗口工作人员索要好处费后才办理。' },
    });
    fireEvent.click(screen.getByRole('button', { name: /^提交(投诉|举报)$/ }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('实名认证');
    expect(showModal).toHaveBeenCalled();
  });
});

describe('我的投诉', () => {
  it('lists with status and flags, opens one; empty state', async () => {
    storeSession(3);
    routeApi({
      'GET /api/complaints/mine': (req) =>
        req.url.includes('status=closed')
          ? ok({ items: [], total: 0, page: 1, pageSize: 20 })
          : ok({ items: [item({ flags: { ...flags, overdue: true } })], total: 1, page: 1, pageSize: 20 }),
    });
    render(<MyComplaintsPage />);
    const [card] = await screen.findAllByTestId('complaint-card');
    expect(within(card!).getByTestId('status-chip')).toHaveTextContent('办理中');
    expect(within(card!).getByTestId('flag-overdue')).toHaveTextContent('已超期');
    fireEvent.click(card!);
    expect(navigateTo).toHaveBeenCalledWith({ url: complaintRoute(ID) });
    fireEvent.click(screen.getByTestId('tab-closed'));
    expect(await screen.findByText('没有该状态的记录')).toBeInTheDocument();
  });

  it('the complaint page: reply, 是否解决, timeline', async () => {
    storeSession(3);
    setRouterParams({ id: ID });
    const sent = routeApi({
      'GET /api/complaints/aaaaaaaaaaaaaaaaaaaaaaaa': () =>
        ok(
          detail({
            status: 'replied',
            statusLabel: '已答复（待回访）',
            reply: '已整改',
            repliedAt: '2026-12-08T02:00:00.000Z',
            actions: ['feedback'],
          }),
        ),
      'POST /api/complaints/aaaaaaaaaaaaaaaaaaaaaaaa/feedback': () =>
        ok(
          detail({
            status: 'replied',
            reply: '已整改',
            feedback: { solved: false, at: '2026-12-08T03:00:00.000Z' },
          }),
        ),
    });
    render(<ComplaintDetailPage />);
    expect(await screen.findByTestId('reply-text')).toHaveTextContent('已整改');
    expect(screen.getAllByTestId('timeline-event')).toHaveLength(2);
    fireEvent.click(within(screen.getByTestId('feedback')).getByText('未解决'));
    expect(await screen.findByTestId('feedback-done')).toHaveTextContent('问题未解决');
    expect(sent.at(-1)?.data).toEqual({ solved: false });
  });
});

describe('评价已办结的投诉', () => {
  it('a closed complaint shows the rating card; an open one none', async () => {
    storeSession(3);
    setRouterParams({ id: ID });
    routeApi({
      [`GET /api/complaints/${ID}`]: () =>
        ok(detail({ status: 'closed', statusLabel: '已办结', rating: { open: true, rated: false } })),
      [`GET /api/ratings/services/complaint/${ID}`]: () =>
        ok({
          kind: 'complaint',
          serviceId: ID,
          title: '投诉：办件 JX-1 食品经营许可（TS202612070001）',
          canRate: true,
          round: 1,
          rateUntil: '2026-12-31T02:00:00.000Z',
          ratings: [],
        }),
    });
    const { unmount } = render(<ComplaintDetailPage />);
    fireEvent.click(await screen.findByTestId('rating-card-rate'));
    expect(navigateTo).toHaveBeenCalledWith({ url: rateRoute('complaint', ID) });
    unmount();

    routeApi({ [`GET /api/complaints/${ID}`]: () => ok(detail()) });
    render(<ComplaintDetailPage />);
    await screen.findAllByTestId('timeline-event');
    expect(screen.queryByTestId('rating-card')).not.toBeInTheDocument();
  });
});

describe('投诉工作台', () => {
  const staffMe = (duties: string[]) =>
    me({ role: 'staff', name: '赵派单', department: 'CENTER', halls: [], duties: duties as never });

  it('shows the queues the duties give, ordered by due time, and opens a complaint', async () => {
    storeSession(3, 'staff');
    const sent = routeApi({
      'GET /api/me': () => ok(staffMe(['complaint_dispatch', 'complaint_followup'])),
      'GET /api/staff/complaints': () =>
        ok({
          items: [item({ status: 'submitted', statusLabel: '待受理' })],
          total: 1,
          page: 1,
          pageSize: 20,
        }),
    });
    render(<StaffComplaintsPage />);
    expect(await screen.findByTestId('queue-dispatch')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('queue-handling')).toBeInTheDocument();
    expect(screen.getByTestId('queue-followup')).toBeInTheDocument();
    expect(screen.queryByTestId('queue-supervision')).not.toBeInTheDocument();
    fireEvent.click(await screen.findByTestId('complaint-card'));
    expect(navigateTo).toHaveBeenCalledWith({ url: staffComplaintRoute(ID) });
    expect(sent.some((r) => r.url.includes('duty=dispatch'))).toBe(true);
  });

  it('supervisors start on 督办 and see the repeat rate', async () => {
    storeSession(3, 'supervisor');
    routeApi({
      'GET /api/me': () => ok(me({ role: 'supervisor', halls: [], duties: [] })),
      'GET /api/staff/complaints': () => ok({ items: [], total: 0, page: 1, pageSize: 20 }),
      'GET /api/stats/complaints': () =>
        ok({ total: 50, open: 20, overdue: 4, repeat: 2, repeatRate: 0.04, byStatus: {} }),
    });
    render(<StaffComplaintsPage />);
    expect(await screen.findByTestId('queue-supervision')).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByTestId('stats')).toHaveTextContent('重复投诉率 4.0%');
    expect(await screen.findByTestId('empty')).toBeInTheDocument();
  });

  it('masked contact, full only after a confirmed (audited) tap; 受理 sends the version; a 409 reloads', async () => {
    storeSession(3, 'staff');
    setRouterParams({ id: ID });
    let version = 3;
    const sent = routeApi({
      'GET /api/complaints/aaaaaaaaaaaaaaaaaaaaaaaa': () =>
        ok(
          detail({
            status: 'submitted',
            statusLabel: '待受理',
            version,
            actions: ['accept', 'reject', 'reveal_contact'],
          }),
        ),
      'GET /api/departments': () => ok({ items: [{ code: 'SCJG', name: '市市场监督管理局', itemCount: 3 }] }),
      'POST /api/staff/complaints/aaaaaaaaaaaaaaaaaaaaaaaa/contact': () =>
        ok({ name: '李四光', phone: '13812345678' }),
      'POST /api/staff/complaints/aaaaaaaaaaaaaaaaaaaaaaaa/accept': () => {
        version = 4;
        return apiError('CONFLICT');
      },
    });
    render(<StaffComplaintPage />);
    expect(await screen.findByTestId('contact-masked')).toHaveTextContent('李** 138****5678');
    fireEvent.click(screen.getByTestId('reveal'));
    expect(await screen.findByTestId('contact-full')).toHaveTextContent('李四光 13812345678');
    fireEvent.click(within(screen.getByTestId('actions')).getByText('受理'));
    fireEvent.click(screen.getByRole('button', { name: '提交受理' }));
    await waitFor(() => expect(sent.some((r) => r.path.endsWith('/accept'))).toBe(true));
    expect(sent.find((r) => r.path.endsWith('/accept'))!.data).toEqual({ version: 3 });
    await waitFor(() =>
      expect(sent.filter((r) => r.method === 'GET' && r.path.endsWith(ID)).length).toBeGreaterThan(1),
    );
  });
});
