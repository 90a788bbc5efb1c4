import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { FaqEntry } from '@app/shared';
import StaffConsultationsPage from '../../src/packages/consultations/staff/index';
import StaffFaqPage from '../../src/packages/consultations/staff-faq/index';
import { resetSessionHooks } from '../../src/services/auth';
import { STAFF_FAQ_ROUTE } from '../../src/utils/routes';
import { navigateTo, showModal } from '../stubs/taro';
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
    const sent = routeApi({
      'GET /api/staff/faq': () => page([current]),
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
