import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ConsultationDetail, ConsultationSummary, FaqEntry } from '@app/shared';
import { GuideFaq } from '../../src/components/faq-list';
import AskPage from '../../src/packages/consultations/ask/index';
import FaqPage from '../../src/packages/consultations/faq/index';
import MyConsultationsPage from '../../src/packages/consultations/mine/index';
import StaffConsultationsPage from '../../src/packages/consultations/staff/index';
import StaffConsultationPage from '../../src/packages/consultations/staff-thread/index';
import ThreadPage from '../../src/packages/consultations/thread/index';
import { resetSessionHooks } from '../../src/services/auth';
import { rateRoute } from '../../src/utils/routes';
import {
  consultationAskRoute,
  consultationRoute,
  faqRoute,
  staffConsultationRoute,
} from '../../src/utils/routes';
import { navigateBack, navigateTo, redirectTo, setRouterParams, showModal } from '../stubs/taro';
import { apiError, ok, routeApi, storeSession } from '../fixtures/identity';

const ID = 'c0c0c0c0c0c0c0c0c0c0c0c0';
const FAQ_ID = 'f0f0f0f0f0f0f0f0f0f0f0f0';

function summary(over: Partial<ConsultationSummary> = {}): ConsultationSummary {
  return {
    id: ID,
    number: 'ZX-20260310-000001',
    title: '营业执照补办',
    status: 'submitted',
    statusLabel: '待受理',
    itemCode: 'JX-SCJG-0001',
    itemName: '营业执照补办',
    department: 'SCJG',
    departmentName: '市市场监督管理局',
    askedAt: '2026-03-10T02:00:00.000Z',
    clock: {
      limitDays: 3,
      startDate: '2026-03-10',
      dueDate: '2026-03-13',
      paused: false,
      dueSoon: false,
      overdue: false,
    },
    round: 0,
    version: 0,
    ...over,
  };
}

function detail(over: Partial<ConsultationDetail> = {}): ConsultationDetail {
  return {
    ...summary(),
    question: '我的营业执照丢了，补办需要带哪些材料？',
    callBack: false,
    pictures: [],
    events: [
      {
        kind: 'asked',
        at: '2026-03-10T02:00:00.000Z',
        actorRole: 'citizen',
        text: '我的营业执照丢了，补办需要带哪些材料？',
        round: 0,
      },
    ],
    followUpsLeft: 3,
    allowedActions: [],
    readOnly: false,
    ...over,
  };
}

const faqEntry = (over: Partial<FaqEntry> = {}): FaqEntry => ({
  id: FAQ_ID,
  question: '营业执照丢失了如何补办？',
  answer: '可在线申请补办，无需到场。',
  items: [{ code: 'JX-SCJG-0001', name: '营业执照补办' }],
  departments: [{ code: 'SCJG', name: '市市场监督管理局' }],
  status: 'published',
  views: 3,
  helpful: 2,
  notHelpful: 0,
  ...over,
});

beforeEach(() => {
  resetSessionHooks();
  jest.useRealTimers();
});

describe('我要咨询', () => {
  it('from a guide: item filled in, FAQ suggestions while typing, "answered before asking" is counted', async () => {
    storeSession(3);
    setRouterParams({ itemCode: 'JX-SCJG-0001', department: 'SCJG', itemName: '营业执照补办' });
    const sent = routeApi({
      'GET /api/faq': () => ok({ items: [faqEntry()], total: 1 }),
      'GET /api/items': () => ok({ items: [], total: 0, page: 1, pageSize: 2 }),
      'POST /api/faq/answered-before-asking': () => ok({ answeredBeforeAsking: 7 }),
    });
    render(<AskPage />);
    expect(screen.getByTestId('ask-item')).toHaveTextContent('营业执照补办');
    expect(screen.queryByTestId('department-picker')).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('问题'), { target: { value: '营业执照丢了怎么补办' } });
    const suggestion = await screen.findByTestId(`suggestion-${FAQ_ID}`, {}, { timeout: 3000 });
    expect(
      sent.some((r) => r.path === '/api/faq' && decodeURIComponent(r.url).includes('营业执照丢了怎么补办')),
    ).toBe(true);
    fireEvent.click(within(suggestion).getByText(/营业执照丢失了如何补办/));
    fireEvent.click(screen.getByTestId('answered-before-asking'));
    await waitFor(() => expect(sent.some((r) => r.path === '/api/faq/answered-before-asking')).toBe(true));
    expect(sent.find((r) => r.path === '/api/faq/answered-before-asking')!.data).toEqual({
      faqId: FAQ_ID,
      itemCode: 'JX-SCJG-0001',
    });
    await waitFor(() => expect(navigateBack).toHaveBeenCalled(), { timeout: 2000 });
  });

  it('from 首页: department picker with 不清楚; inline errors; sends with an Idempotency-Key and opens the thread', async () => {
    storeSession(3);
    setRouterParams({});
    const sent = routeApi({
      'GET /api/departments': () => ok({ items: [{ code: 'SCJG', name: '市市场监督管理局', itemCount: 3 }] }),
      'GET /api/faq': () => ok({ items: [], total: 0 }),
      'GET /api/items': () => ok({ items: [], total: 0, page: 1, pageSize: 2 }),
      'POST /api/consultations': () => ok(detail()),
    });
    render(<AskPage />);
    expect(await screen.findByTestId('dept-SCJG')).toBeInTheDocument();
    expect(screen.getByTestId('dept-unsure')).toHaveClass('zx-pick--on');
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '咨询' } });
    fireEvent.change(screen.getByLabelText('问题'), { target: { value: '太短' } });
    fireEvent.click(screen.getByTestId('submit'));
    expect(await screen.findByTestId('error-question')).toHaveTextContent('问题至少 10 个字');
    expect(sent.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.click(screen.getByTestId('dept-SCJG'));
    fireEvent.change(screen.getByLabelText('问题'), {
      target: { value: '个体户变更经营范围需要先办食品经营许可吗？' },
    });
    fireEvent.click(screen.getByTestId('call-back'));
    fireEvent.click(screen.getByTestId('submit'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: consultationRoute(ID) }));
    const post = sent.find((r) => r.method === 'POST')!;
    expect(post.data).toEqual({
      title: '咨询',
      question: '个体户变更经营范围需要先办食品经营许可吗？',
      callBack: true,
      department: 'SCJG',
    });
    expect(post.header['Idempotency-Key']).toMatch(/^mp-/);
  });

  it('shows the server error near the button and keeps the form', async () => {
    storeSession(3);
    setRouterParams({ itemCode: 'JX-SCJG-0001' });
    routeApi({
      'GET /api/faq': () => ok({ items: [], total: 0 }),
      'GET /api/items': () => ok({ items: [], total: 0, page: 1, pageSize: 2 }),
      'POST /api/consultations': () => apiError('CONSULTATION_ITEM_NOT_FOUND'),
    });
    render(<AskPage />);
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '咨询一下' } });
    fireEvent.change(screen.getByLabelText('问题'), {
      target: { value: '这个事项现在还能办理吗？想了解一下' },
    });
    fireEvent.click(screen.getByTestId('submit'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('所选事项不存在或未公布');
    expect(screen.getByLabelText('问题')).toHaveValue('这个事项现在还能办理吗？想了解一下');
  });
});

describe('我的咨询 and the thread', () => {
  it('lists with status and due flags; empty and error states', async () => {
    storeSession(3);
    let mode: 'list' | 'fail' | 'empty' = 'fail';
    routeApi({
      'GET /api/consultations/mine': () =>
        mode === 'fail'
          ? apiError('SERVICE_UNAVAILABLE')
          : ok({
              items: mode === 'list' ? [summary({ clock: { ...summary().clock, overdue: true } })] : [],
              total: mode === 'list' ? 1 : 0,
              page: 1,
              pageSize: 20,
            }),
    });
    render(<MyConsultationsPage />);
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    mode = 'list';
    fireEvent.click(screen.getByText('重试'));
    const card = await screen.findByTestId(`consultation-${ID}`);
    expect(card).toHaveTextContent('已超期');
    expect(card).toHaveTextContent('答复期限 2026-03-13');
    fireEvent.click(card);
    expect(navigateTo).toHaveBeenCalledWith({ url: consultationRoute(ID) });
    mode = 'empty';
    fireEvent.click(screen.getByTestId('tab-resolved'));
    expect(await screen.findByText('没有该状态的咨询')).toBeInTheDocument();
  });

  it('shows the answer (masked staff), sends a follow-up, and resolves after confirmation', async () => {
    storeSession(3);
    setRouterParams({ id: ID });
    let current = detail({
      status: 'answered',
      statusLabel: '已答复',
      allowedActions: ['follow_up', 'resolve'],
      events: [
        ...detail().events,
        {
          kind: 'answered',
          at: '2026-03-11T02:00:00.000Z',
          actorRole: 'staff',
          actorName: '王*复',
          text: '可在线补办。',
          links: [{ code: 'JX-SCJG-0001', name: '营业执照补办' }],
        },
      ],
    });
    const sent = routeApi({
      [`GET /api/consultations/${ID}`]: () => ok(current),
      [`POST /api/consultations/${ID}/follow-up`]: () => {
        current = detail({ status: 'follow_up', statusLabel: '追问待答复', round: 1, followUpsLeft: 2 });
        return ok(current);
      },
      [`POST /api/consultations/${ID}/resolve`]: () =>
        ok(detail({ status: 'resolved', statusLabel: '已解决' })),
    });
    render(<ThreadPage />);
    const answer = await screen.findByTestId('event-answered');
    expect(answer).toHaveTextContent('工作人员 王*复');
    expect(answer).toHaveTextContent('相关事项：营业执照补办');
    fireEvent.change(screen.getByLabelText('追问（还可追问 3 次）'), { target: { value: '邮寄需要多久？' } });
    fireEvent.click(screen.getByTestId('send-reply'));
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('追问待答复'));
    expect(sent.find((r) => r.path.endsWith('/follow-up'))!.data).toEqual({ question: '邮寄需要多久？' });

    current = detail({ status: 'answered', statusLabel: '已答复', allowedActions: ['resolve'] });
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    await act(async () => {
      render(<ThreadPage />);
    });
    const resolveButtons = await screen.findAllByTestId('resolve');
    fireEvent.click(resolveButtons.at(-1)!);
    await waitFor(() => expect(showModal).toHaveBeenCalled());
    expect(sent.some((r) => r.path.endsWith('/resolve'))).toBe(false);
    fireEvent.click(resolveButtons.at(-1)!);
    await waitFor(() => expect(sent.some((r) => r.path.endsWith('/resolve'))).toBe(true));
  });
});

describe('rating an answered consultation', () => {
  it('the thread offers the rating card once answered, and opens the rate page', async () => {
    storeSession(3);
    setRouterParams({ id: ID });
    routeApi({
      [`GET /api/consultations/${ID}`]: () =>
        ok(detail({ status: 'answered', statusLabel: '已答复', allowedActions: ['resolve'] })),
      [`GET /api/ratings/services/consultation/${ID}`]: () =>
        ok({
          kind: 'consultation',
          serviceId: ID,
          title: '咨询：营业执照补办',
          canRate: true,
          round: 1,
          rateUntil: '2026-12-31T02:00:00.000Z',
          ratings: [],
        }),
    });
    render(<ThreadPage />);
    fireEvent.click(await screen.findByTestId('rating-card-rate'));
    expect(navigateTo).toHaveBeenCalledWith({ url: rateRoute('consultation', ID) });
  });

  it('no rating card while it waits for an answer', async () => {
    storeSession(3);
    setRouterParams({ id: ID });
    const sent = routeApi({ [`GET /api/consultations/${ID}`]: () => ok(detail()) });
    render(<ThreadPage />);
    await screen.findByTestId('status');
    expect(screen.queryByTestId('rating-card')).not.toBeInTheDocument();
    expect(sent.some((r) => r.path.includes('/api/ratings/'))).toBe(false);
  });
});

describe('workbench', () => {
  it('the queue filters by tab and opens a consultation', async () => {
    storeSession(3, 'staff');
    const sent = routeApi({
      'GET /api/staff/consultations': () =>
        ok({
          items: [summary({ clock: { ...summary().clock, dueSoon: true } })],
          total: 1,
          page: 1,
          pageSize: 20,
        }),
    });
    render(<StaffConsultationsPage />);
    const card = await screen.findByTestId(`consultation-${ID}`);
    expect(card).toHaveTextContent('即将到期');
    fireEvent.click(screen.getByTestId('tab-overdue'));
    await waitFor(() => expect(sent.at(-1)!.url).toContain('overdue=true'));
    fireEvent.click(await screen.findByTestId(`consultation-${ID}`));
    expect(navigateTo).toHaveBeenCalledWith({ url: staffConsultationRoute(ID) });
  });

  it('claim lost to a colleague shows the 409 and the current state; answer; FAQ form needs the confirmation', async () => {
    storeSession(3, 'staff');
    setRouterParams({ id: ID });
    let current = detail({ allowedActions: ['claim', 'transfer', 'close_duplicate'], askerName: '陈*众' });
    const sent = routeApi({
      [`GET /api/consultations/${ID}`]: () => ok(current),
      [`POST /api/staff/consultations/${ID}/claim`]: () => {
        current = detail({ status: 'claimed', statusLabel: '处理中', allowedActions: [] });
        return apiError('CONFLICT', {
          message: '该咨询已被他人处理或状态已变化，请刷新后查看',
          details: { status: 'claimed' },
        });
      },
      [`POST /api/staff/consultations/${ID}/answer`]: () => ok(current),
      'POST /api/faq': () => ok(faqEntry()),
    });
    render(<StaffConsultationPage />);
    fireEvent.click(await screen.findByTestId('claim'));
    expect(await screen.findByTestId('action-error')).toHaveTextContent('已被他人处理');
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('处理中'));

    current = detail({
      status: 'answered',
      statusLabel: '已答复',
      allowedActions: [],
      events: [
        ...detail().events,
        {
          kind: 'answered',
          at: '2026-03-11T02:00:00.000Z',
          actorRole: 'staff',
          actorName: '王答复',
          text: '可在线补办，无需到场。',
        },
      ],
    });
    await act(async () => {
      render(<StaffConsultationPage />);
    });
    const openFaq = await screen.findAllByTestId('open-faq');
    fireEvent.click(openFaq.at(-1)!);
    const form = await screen.findByTestId('faq-form');
    expect(within(form).getByTestId('faq-original')).toHaveTextContent('可在线补办，无需到场。');
    fireEvent.click(within(form).getByTestId('faq-publish'));
    expect(await within(form).findByTestId('faq-error')).toHaveTextContent('请先确认已去除');
    expect(sent.some((r) => r.path === '/api/faq')).toBe(false);
    fireEvent.click(within(form).getByTestId('faq-confirm'));
    fireEvent.click(within(form).getByTestId('faq-publish'));
    await waitFor(() => expect(sent.some((r) => r.path === '/api/faq' && r.method === 'POST')).toBe(true));
    expect(sent.find((r) => r.path === '/api/faq')!.data).toMatchObject({
      consultationId: ID,
      confirmNoPersonalData: true,
      publish: true,
      answer: '可在线补办，无需到场。',
    });
  });
});

describe('FAQ', () => {
  it('guide page block: entries and 咨询此事项', async () => {
    routeApi({ 'GET /api/faq': () => ok({ items: [faqEntry()], total: 1 }) });
    render(<GuideFaq itemCode="JX-SCJG-0001" itemName="营业执照补办" department="SCJG" />);
    fireEvent.click(await screen.findByText(/营业执照丢失了如何补办/));
    expect(screen.getByText(/可在线申请补办/)).toBeInTheDocument();
    fireEvent.click(screen.getByText(/查看详情/));
    expect(navigateTo).toHaveBeenCalledWith({ url: faqRoute(FAQ_ID) });
    fireEvent.click(screen.getByTestId('ask-about-item'));
    expect(navigateTo).toHaveBeenCalledWith({
      url: consultationAskRoute({ itemCode: 'JX-SCJG-0001', department: 'SCJG', itemName: '营业执照补办' }),
    });
  });

  it('an entry: one vote, a second refused with the message', async () => {
    storeSession(3);
    setRouterParams({ id: FAQ_ID });
    let voted = false;
    routeApi({
      [`GET /api/faq/${FAQ_ID}`]: () => ok(faqEntry()),
      [`POST /api/faq/${FAQ_ID}/vote`]: () => {
        if (voted) return apiError('FAQ_ALREADY_VOTED');
        voted = true;
        return ok(faqEntry({ helpful: 3, myVote: 'helpful' }));
      },
    });
    render(<FaqPage />);
    fireEvent.click(await screen.findByTestId('vote-helpful'));
    await waitFor(() => expect(screen.getByTestId('vote-helpful')).toHaveTextContent('有帮助 3'));
    expect(screen.getByTestId('vote-helpful')).toBeDisabled();
  });
});
