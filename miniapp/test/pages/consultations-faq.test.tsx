import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ConsultationDetail, FaqEntry } from '@app/shared';
import AskPage from '../../src/packages/consultations/ask/index';
import FaqSearchPage from '../../src/packages/consultations/faq-search/index';
import StaffConsultationPage from '../../src/packages/consultations/staff-thread/index';
import ThreadPage from '../../src/packages/consultations/thread/index';
import StaffConsultationsPage from '../../src/packages/consultations/staff/index';
import StaffFaqPage from '../../src/packages/consultations/staff-faq/index';
import { resetSessionHooks } from '../../src/services/auth';
import { STAFF_FAQ_ROUTE, faqRoute, faqSearchRoute, staffConsultationRoute } from '../../src/utils/routes';
import { downloadFile, navigateTo, previewImage, setRouterParams, showModal } from '../stubs/taro';
import { apiError, ok, routeApi, storeSession } from '../fixtures/identity';

const FAQ_ID = 'f0f0f0f0f0f0f0f0f0f0f0f0';

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
const page = (items: FaqEntry[]) => ok({ items, total: items.length, page: 1, pageSize: 20 });

beforeEach(() => {
  resetSessionHooks();
  jest.useRealTimers();
});

describe('workbench: 常见问题管理', () => {
  it('is reachable from the consultation queue', async () => {
    storeSession(3, 'staff');
    routeApi({ 'GET /api/staff/consultations': () => page([]) });
    render(<StaffConsultationsPage />);
    fireEvent.click(await screen.findByTestId('open-staff-faq'));
    expect(navigateTo).toHaveBeenCalledWith({ url: STAFF_FAQ_ROUTE });
  });

  it('lists the entries by status; 撤下 asks first, 发布 and the edit need the no-personal-data check', async () => {
    storeSession(3, 'staff');
    let current = faqEntry();
    const SOURCE = 'c0c0c0c0c0c0c0c0c0c0c0c0';
    const sent = routeApi({
      'GET /api/staff/faq': () => page([{ ...current, sourceConsultationId: SOURCE } as FaqEntry]),
      [`POST /api/faq/${FAQ_ID}/unpublish`]: () => {
        current = faqEntry({ status: 'unpublished' });
        return ok(current);
      },
      [`POST /api/faq/${FAQ_ID}/publish`]: () => apiError('CONFLICT', { message: '状态已变化，请刷新' }),
      [`PUT /api/faq/${FAQ_ID}`]: () => {
        current = faqEntry({ status: 'unpublished', question: '营业执照遗失怎么补办？' });
        return ok(current);
      },
    });
    render(<StaffFaqPage />);
    let row = await screen.findByTestId(`faq-${FAQ_ID}`);
    expect(within(row).getByTestId('faq-status')).toHaveTextContent('已发布');
    fireEvent.click(within(row).getByTestId('faq-source'));
    expect(navigateTo).toHaveBeenCalledWith({ url: staffConsultationRoute(SOURCE) });

    // 撤下: declined → nothing sent; confirmed → sent, the list reloads
    showModal.mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true }));
    fireEvent.click(within(row).getByTestId('faq-unpublish'));
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    expect(sent.some((r) => r.path.endsWith('/unpublish'))).toBe(false);
    fireEvent.click(within(row).getByTestId('faq-unpublish'));
    await waitFor(() => expect(sent.some((r) => r.path.endsWith('/unpublish'))).toBe(true));
    await waitFor(() =>
      expect(within(screen.getByTestId(`faq-${FAQ_ID}`)).getByTestId('faq-status')).toHaveTextContent(
        '已下线',
      ),
    );

    // 发布 refused: the message stays next to the entry
    row = screen.getByTestId(`faq-${FAQ_ID}`);
    fireEvent.click(within(row).getByTestId('faq-publish'));
    expect(await within(row).findByTestId('faq-error')).toHaveTextContent('状态已变化');

    // edit: without the check nothing is sent; with it, PUT with confirmNoPersonalData
    fireEvent.click(within(row).getByTestId('faq-edit-open'));
    fireEvent.change(within(row).getByLabelText('通用问题'), { target: { value: '营业执照遗失怎么补办？' } });
    fireEvent.click(within(row).getByTestId('faq-save'));
    expect(await within(row).findByTestId('faq-error')).toHaveTextContent('请先确认已去除');
    expect(sent.some((r) => r.method === 'PUT')).toBe(false);
    fireEvent.click(within(row).getByTestId('faq-confirm'));
    fireEvent.click(within(row).getByTestId('faq-save'));
    await waitFor(() => expect(sent.some((r) => r.method === 'PUT')).toBe(true));
    expect(sent.find((r) => r.method === 'PUT')!.data).toEqual({
      question: '营业执照遗失怎么补办？',
      answer: '可在线申请补办，无需到场。',
      items: ['JX-SCJG-0001'],
      departments: ['SCJG'],
      confirmNoPersonalData: true,
    });
    await waitFor(() => expect(screen.getByText('营业执照遗失怎么补办？')).toBeInTheDocument());

    // a status tab filters on the server
    fireEvent.click(screen.getByTestId('tab-draft'));
    await waitFor(() => expect(sent.at(-1)!.url).toContain('status=draft'));
    expect(await screen.findByTestId(`faq-${FAQ_ID}`)).toBeInTheDocument();
  });

  it('empty and error states', async () => {
    storeSession(3, 'staff');
    let fail = true;
    routeApi({ 'GET /api/staff/faq': () => (fail ? apiError('INTERNAL') : page([])) });
    render(<StaffFaqPage />);
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    fail = false;
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('empty')).toHaveTextContent('本部门暂无常见问题');
  });
});

describe('常见问题 search', () => {
  it('without login: popular entries, then words and a department; a result opens the entry', async () => {
    setRouterParams({});
    const sent = routeApi({
      'GET /api/departments': () => ok({ items: [{ code: 'SCJG', name: '市市场监督管理局', itemCount: 3 }] }),
      'GET /api/faq': () => ok({ items: [faqEntry()], total: 1 }),
    });
    render(<FaqSearchPage />);
    await screen.findByTestId(`faq-${FAQ_ID}`);
    expect(screen.getByText('热门问题')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('搜索常见问题'), { target: { value: 'yyzz' } });
    fireEvent.click(screen.getByTestId('faq-search'));
    await waitFor(() => expect(sent.at(-1)!.url).toContain('q=yyzz'));
    fireEvent.click(await screen.findByTestId('dept-SCJG'));
    await waitFor(() => expect(sent.at(-1)!.url).toMatch(/department=SCJG/));
    expect(sent.at(-1)!.url).toContain('q=yyzz');
    const faqCalls = sent.filter((r) => r.path === '/api/faq');
    expect(faqCalls.every((r) => !r.header.Authorization && !r.header.authorization)).toBe(true);
    expect(await screen.findByText('找到 1 条')).toBeInTheDocument();
    fireEvent.click(within(await screen.findByTestId(`faq-${FAQ_ID}`)).getByText(/营业执照丢失了如何补办/));
    expect(navigateTo).toHaveBeenCalledWith({ url: faqRoute(FAQ_ID) });
  });

  it('empty results point to 我要咨询; an error offers 重试', async () => {
    setRouterParams({ q: '不存在的问题' });
    let fail = true;
    routeApi({
      'GET /api/departments': () => ok({ items: [] }),
      'GET /api/faq': () => (fail ? apiError('INTERNAL') : ok({ items: [], total: 0 })),
    });
    render(<FaqSearchPage />);
    expect(await screen.findByText('重试')).toBeInTheDocument();
    fail = false;
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('empty')).toHaveTextContent('没有找到相关的常见问题');
    fireEvent.click(screen.getByTestId('empty-ask'));
    expect(navigateTo).toHaveBeenCalledWith({
      url: expect.stringContaining('/packages/consultations/ask/index'),
    });
  });

  it('the ask page links to it (先查常见问题)', async () => {
    storeSession(3);
    setRouterParams({});
    routeApi({ 'GET /api/departments': () => ok({ items: [] }) });
    render(<AskPage />);
    fireEvent.click(await screen.findByText(/先查常见问题/));
    expect(navigateTo).toHaveBeenCalledWith({ url: faqSearchRoute() });
  });
});

describe('consultation pictures', () => {
  const ID = 'c0c0c0c0c0c0c0c0c0c0c0c0';
  const pic = (n: number) => ({
    id: `p${n}`,
    url: `/api/consultations/${ID}/pictures/p${n}`,
    contentType: 'image/jpeg',
    size: 1000,
  });
  const detail = (): ConsultationDetail => ({
    id: ID,
    number: 'ZX-20260310-000001',
    title: '营业执照补办',
    status: 'submitted',
    statusLabel: '待受理',
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
    question: '我的营业执照丢了，补办需要带哪些材料？',
    callBack: false,
    pictures: [pic(1), pic(2)],
    events: [],
    followUpsLeft: 3,
    allowedActions: [],
    readOnly: false,
  });

  it.each([
    ['the thread (person)', 'citizen' as const, ThreadPage],
    ['the staff consultation page', 'staff' as const, StaffConsultationPage],
  ])(
    '%s: thumbnails fetched with the bearer token, tap opens the viewer over all',
    async (_n, role, Page) => {
      storeSession(3, role);
      setRouterParams({ id: ID });
      routeApi({ [`GET /api/consultations/${ID}`]: () => ok(detail()) });
      render(<Page />);
      const second = await screen.findByTestId('picture-p2');
      await waitFor(() =>
        expect(within(second).getByLabelText('附图 2')).toHaveAttribute('src', 'temp://p2'),
      );
      expect(downloadFile).toHaveBeenCalledTimes(2);
      const call = downloadFile.mock.calls[0]![0] as unknown as {
        url: string;
        header: Record<string, string>;
      };
      expect(call.url).toContain(`/api/consultations/${ID}/pictures/p1`);
      expect(call.header.Authorization).toMatch(/^Bearer /);
      fireEvent.click(second);
      await waitFor(() =>
        expect(previewImage).toHaveBeenCalledWith({ urls: ['temp://p1', 'temp://p2'], current: 'temp://p2' }),
      );
    },
  );

  it('a failed picture says so and is fetched again on tap', async () => {
    storeSession(3);
    setRouterParams({ id: ID });
    routeApi({ [`GET /api/consultations/${ID}`]: () => ok({ ...detail(), pictures: [pic(1)] }) });
    downloadFile.mockImplementationOnce(() => Promise.resolve({ statusCode: 500, tempFilePath: '' }));
    render(<ThreadPage />);
    const thumb = await screen.findByTestId('picture-p1');
    await waitFor(() => expect(thumb).toHaveTextContent('加载失败，点击重试'));
    fireEvent.click(thumb);
    await waitFor(() =>
      expect(previewImage).toHaveBeenCalledWith({ urls: ['temp://p1'], current: 'temp://p1' }),
    );
    expect(downloadFile).toHaveBeenCalledTimes(2);
  });
});
