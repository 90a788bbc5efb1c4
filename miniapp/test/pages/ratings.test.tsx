import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { RatingView, RectificationView, ServiceRatingState } from '@app/shared';
import { RatingCard } from '../../src/components/rating-card';
import PendingRatingsPage from '../../src/packages/ratings/pending/index';
import RatePage from '../../src/packages/ratings/rate/index';
import RectificationPage from '../../src/packages/ratings/rectification/index';
import RectificationsPage from '../../src/packages/ratings/staff/index';
import { resetSessionHooks } from '../../src/services/auth';
import { rateRoute, rectificationRoute } from '../../src/utils/routes';
import { navigateTo, setRouterParams, showModal } from '../stubs/taro';
import { apiError, ok, routeApi, storeSession } from '../fixtures/identity';

const CASE_ID = 'c1c1c1c1c1c1c1c1c1c1c1c1';
const RECT_ID = 'f1f1f1f1f1f1f1f1f1f1f1f1';

const rating = (o: Partial<RatingView> = {}): RatingView => ({
  id: 'a1a1a1a1a1a1a1a1a1a1a1a1',
  kind: 'case',
  serviceId: CASE_ID,
  serviceTitle: '食品经营许可（JX-20261201-000001）',
  round: 1,
  level: 'dissatisfied',
  levelLabel: '不满意',
  reasons: [{ code: 'many_trips', label: '多次跑腿' }],
  showComment: false,
  served: { department: 'SCJG' },
  createdAt: '2026-12-01T02:00:00.000Z',
  rectification: { id: RECT_ID, status: 'awaiting_callback', statusLabel: '待回访' },
  ...o,
});

const state = (o: Partial<ServiceRatingState> = {}): ServiceRatingState => ({
  kind: 'case',
  serviceId: CASE_ID,
  title: '食品经营许可（JX-20261201-000001）',
  canRate: true,
  round: 1,
  rateUntil: '2026-12-31T02:00:00.000Z',
  ratings: [],
  ...o,
});

const rect = (o: Partial<RectificationView> = {}): RectificationView => ({
  id: RECT_ID,
  ratingId: 'a1a1a1a1a1a1a1a1a1a1a1a1',
  kind: 'case',
  serviceId: CASE_ID,
  serviceTitle: '食品经营许可（JX-20261201-000001）',
  department: 'SCJG',
  served: { department: 'SCJG' },
  level: 'dissatisfied',
  levelLabel: '不满意',
  reasons: [{ code: 'many_trips', label: '多次跑腿' }],
  status: 'awaiting_callback',
  statusLabel: '待回访',
  callbackDueDate: '2026-12-02',
  rectifyDueDate: '2026-12-22',
  callbackOverdue: false,
  rectifyOverdue: false,
  assignedToMe: false,
  pendingEvidence: [],
  createdAt: '2026-12-01T02:00:00.000Z',
  ...o,
});

const servicePath = `GET /api/ratings/services/case/${CASE_ID}`;

beforeEach(() => {
  resetSessionHooks();
  showModal.mockClear();
});

describe('评价', () => {
  it('picks a level, only that level’s reasons, a comment and the show choice; confirms, then shows the rating', async () => {
    storeSession(3);
    let rated = false;
    const sent = routeApi({
      [servicePath]: () =>
        ok(rated ? state({ canRate: false, blocked: 'rated', ratings: [rating()] }) : state()),
      'POST /api/ratings': () => {
        rated = true;
        return ok(rating());
      },
    });
    setRouterParams({ kind: 'case', id: CASE_ID });
    render(<RatePage />);
    expect(await screen.findByTestId('service-title')).toHaveTextContent('食品经营许可');
    fireEvent.click(screen.getByText('提交评价'));
    expect(await screen.findByTestId('rate-error')).toHaveTextContent('请选择评价等级');

    fireEvent.click(screen.getByTestId('level-satisfied'));
    expect(screen.getByTestId('reason-one_visit')).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('reason-one_visit'));
    fireEvent.click(screen.getByTestId('level-dissatisfied'));
    expect(screen.queryByTestId('reason-one_visit')).not.toBeInTheDocument();
    fireEvent.click(screen.getByTestId('reason-many_trips'));
    fireEvent.change(screen.getByLabelText('评价内容'), { target: { value: '跑了三次' } });
    fireEvent.click(screen.getByTestId('show-comment'));
    fireEvent.click(screen.getByText('提交评价'));
    await waitFor(() => expect(screen.getByTestId('given-level')).toHaveTextContent('不满意'));
    expect(showModal).toHaveBeenCalled();
    expect(sent.find((r) => r.method === 'POST')?.data).toEqual({
      kind: 'case',
      id: CASE_ID,
      level: 'dissatisfied',
      reasons: ['many_trips'],
      comment: '跑了三次',
      showComment: true,
    });
    expect(screen.getByTestId('rectification-status')).toHaveTextContent('待回访');
    expect(screen.queryByTestId('rate-form')).not.toBeInTheDocument();
  });

  it('shows the server’s Chinese error near the button, and 已过评价期（未评价）', async () => {
    storeSession(3);
    routeApi({
      [servicePath]: () => ok(state()),
      'POST /api/ratings': () => apiError('RATING_WINDOW_CLOSED'),
    });
    setRouterParams({ kind: 'case', id: CASE_ID });
    const { unmount } = render(<RatePage />);
    fireEvent.click(await screen.findByTestId('level-satisfied'));
    fireEvent.click(screen.getByText('提交评价'));
    expect(await screen.findByTestId('rate-error')).toHaveTextContent('已超过评价期限');
    unmount();
    routeApi({
      [servicePath]: () =>
        ok(state({ canRate: false, blocked: 'expired', blockedLabel: '已过评价期（未评价）' })),
    });
    render(<RatePage />);
    expect(await screen.findByTestId('blocked')).toHaveTextContent('已过评价期（未评价）');
  });

  it('the card on a case page offers 去评价, or 整改后再评价', async () => {
    storeSession(3);
    routeApi({ [servicePath]: () => ok(state({ round: 2, ratings: [rating()] })) });
    render(<RatingCard kind="case" id={CASE_ID} />);
    expect(await screen.findByText('整改后再评价')).toBeInTheDocument();
    expect(screen.getByTestId('rating-card-level')).toHaveTextContent('您的评价：不满意');
    fireEvent.click(screen.getByText('整改后再评价'));
    expect(navigateTo).toHaveBeenCalledWith({ url: rateRoute('case', CASE_ID) });
  });

  it('我的 → 待评价 lists pending services and my ratings; empty state', async () => {
    storeSession(3);
    routeApi({
      'GET /api/ratings/pending': () =>
        ok({
          items: [
            {
              kind: 'case',
              serviceId: CASE_ID,
              title: '食品经营许可（JX-20261201-000001）',
              endedAt: '2026-12-01T02:00:00.000Z',
              rateUntil: '2026-12-31T02:00:00.000Z',
              round: 1,
            },
            {
              kind: 'consultation',
              serviceId: 'd1d1d1d1d1d1d1d1d1d1d1d1',
              title: '咨询：营业执照补办（ZX-20261201-000001）',
              endedAt: '2026-11-30T02:00:00.000Z',
              rateUntil: '2026-12-30T02:00:00.000Z',
              round: 1,
            },
            {
              kind: 'complaint',
              serviceId: 'e1e1e1e1e1e1e1e1e1e1e1e1',
              title: '投诉：窗口服务态度（TS202611290001）',
              endedAt: '2026-11-29T02:00:00.000Z',
              rateUntil: '2026-12-29T02:00:00.000Z',
              round: 1,
            },
          ],
        }),
      'GET /api/ratings/mine': () => ok({ items: [] }),
    });
    render(<PendingRatingsPage />);
    const rows = await screen.findAllByTestId('pending-row');
    expect(rows[1]).toHaveTextContent('咨询 · 待评价');
    expect(rows[2]).toHaveTextContent('投诉建议 · 待评价');
    fireEvent.click(rows[2]!);
    expect(navigateTo).toHaveBeenCalledWith({ url: rateRoute('complaint', 'e1e1e1e1e1e1e1e1e1e1e1e1') });
    fireEvent.click(rows[0]!);
    expect(navigateTo).toHaveBeenCalledWith({ url: rateRoute('case', CASE_ID) });
    fireEvent.click(screen.getByTestId('tab-mine'));
    expect(await screen.findByText('您还没有评价过')).toBeInTheDocument();
  });
});

describe('整改 (workbench)', () => {
  it('the queue shows deadlines and overdue flags and opens a rectification', async () => {
    storeSession(3, 'staff');
    routeApi({ 'GET /api/staff/rectifications': () => ok({ items: [rect({ callbackOverdue: true })] }) });
    render(<RectificationsPage />);
    expect(await screen.findByTestId('overdue-flag')).toHaveTextContent('回访已超期');
    fireEvent.click(screen.getByTestId('rectification-row'));
    expect(navigateTo).toHaveBeenCalledWith({ url: rectificationRoute(RECT_ID) });
  });

  it('claim → contact → 回访 → 整改, each confirmed; errors inline', async () => {
    storeSession(3, 'staff');
    let current = rect();
    const sent = routeApi({
      [`GET /api/staff/rectifications/${RECT_ID}`]: () => ok(current),
      [`POST /api/staff/rectifications/${RECT_ID}/claim`]: () =>
        ok((current = rect({ assignedToMe: true, assignee: { id: 'me' } }))),
      [`POST /api/staff/rectifications/${RECT_ID}/contact`]: () =>
        ok({ name: '张三丰', phone: '13812345678' }),
      [`POST /api/staff/rectifications/${RECT_ID}/callback`]: () =>
        ok(
          (current = rect({
            status: 'awaiting_rectification',
            statusLabel: '待整改',
            assignedToMe: true,
            callback: { reached: true, note: '已联系', at: '2026-12-01T03:00:00.000Z', onTime: true },
          })),
        ),
      [`POST /api/staff/rectifications/${RECT_ID}/rectify`]: () => apiError('RECTIFICATION_STATE_CONFLICT'),
    });
    setRouterParams({ id: RECT_ID });
    render(<RectificationPage />);
    fireEvent.click(await screen.findByText('承接回访'));
    fireEvent.click(await screen.findByText('查看评价人联系方式（留痕）'));
    expect(await screen.findByTestId('contact')).toHaveTextContent('张三丰 13812345678');
    fireEvent.click(screen.getByText('登记回访'));
    expect(await screen.findByTestId('action-error')).toHaveTextContent('请选择是否联系上评价人');
    fireEvent.click(screen.getByTestId('reached-true'));
    fireEvent.change(screen.getByLabelText('回访情况（评价人反映的问题）'), {
      target: { value: '已联系，材料问题' },
    });
    fireEvent.click(screen.getByText('登记回访'));
    expect(await screen.findByTestId('rectify-card')).toBeInTheDocument();
    expect(sent.find((r) => r.path.endsWith('/callback'))?.data).toEqual({
      reached: true,
      note: '已联系，材料问题',
    });
    fireEvent.change(screen.getByLabelText('存在问题'), { target: { value: '口径不一' } });
    fireEvent.change(screen.getByLabelText('整改措施'), { target: { value: '统一清单' } });
    fireEvent.click(screen.getByText('登记整改'));
    expect(await screen.findByTestId('action-error')).toHaveTextContent('整改当前的状态不允许此操作');
    expect(showModal).toHaveBeenCalledTimes(2);
  });
});
