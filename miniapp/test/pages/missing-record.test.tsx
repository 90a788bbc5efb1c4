// Record pages opened without the record's id (a cut or hand-made link, an old share): each says so in
// Chinese with a way back to its list, and asks the BFF nothing (before, some asked for `/…/` with an
// empty id, others showed 加载失败 with a 重试 that could not help).
import type { ComponentType } from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MISSING_RECORD_TEXT } from '../../src/components/missing-record';
import AppointmentTicketPage from '../../src/packages/appointments/ticket/index';
import CaseDetailPage from '../../src/packages/cases/detail/index';
import StaffCasePage from '../../src/packages/cases/staff-case/index';
import StaffTaskPage from '../../src/packages/cases/staff-task/index';
import ComplaintDetailPage from '../../src/packages/complaints/detail/index';
import StaffComplaintPage from '../../src/packages/complaints/staff-complaint/index';
import FaqPage from '../../src/packages/consultations/faq/index';
import StaffConsultationPage from '../../src/packages/consultations/staff-thread/index';
import ThreadPage from '../../src/packages/consultations/thread/index';
import EnterpriseDetailPage from '../../src/packages/enterprises/detail/index';
import RatePage from '../../src/packages/ratings/rate/index';
import RectificationPage from '../../src/packages/ratings/rectification/index';
import { resetSessionHooks } from '../../src/services/auth';
import {
  MY_APPOINTMENTS_ROUTE,
  MY_CASES_ROUTE,
  MY_COMPLAINTS_ROUTE,
  MY_CONSULTATIONS_ROUTE,
  MY_ENTERPRISES_ROUTE,
  PENDING_RATINGS_ROUTE,
  RECTIFICATIONS_ROUTE,
  STAFF_COMPLAINTS_ROUTE,
  STAFF_CONSULTATIONS_ROUTE,
  STAFF_CASES_ROUTE,
  faqSearchRoute,
} from '../../src/utils/routes';
import { ok, routeApi, storeSession } from '../fixtures/identity';
import { redirectTo, request, setRouterParams } from '../stubs/taro';

interface Case {
  name: string;
  Page: ComponentType;
  staff: boolean;
  list: string;
  back: string;
  params?: Record<string, string>;
}

const PAGES: Case[] = [
  {
    name: '企业详情',
    Page: EnterpriseDetailPage,
    staff: false,
    list: MY_ENTERPRISES_ROUTE,
    back: '返回我的企业',
  },
  {
    name: '投诉详情',
    Page: ComplaintDetailPage,
    staff: false,
    list: MY_COMPLAINTS_ROUTE,
    back: '返回我的投诉',
  },
  { name: '评价', Page: RatePage, staff: false, list: PENDING_RATINGS_ROUTE, back: '返回待评价' },
  {
    name: '评价 (kind only)',
    Page: RatePage,
    staff: false,
    list: PENDING_RATINGS_ROUTE,
    back: '返回待评价',
    params: { kind: 'case' },
  },
  {
    name: '评价 (an unknown kind)',
    Page: RatePage,
    staff: false,
    list: PENDING_RATINGS_ROUTE,
    back: '返回待评价',
    params: { kind: 'nothing', id: 'c1c1c1c1c1c1c1c1c1c1c1c1' },
  },
  { name: '办件详情', Page: CaseDetailPage, staff: false, list: MY_CASES_ROUTE, back: '返回我的办件' },
  { name: '咨询', Page: ThreadPage, staff: false, list: MY_CONSULTATIONS_ROUTE, back: '返回我的咨询' },
  { name: '常见问题', Page: FaqPage, staff: false, list: faqSearchRoute(), back: '返回常见问题' },
  {
    name: '预约凭证',
    Page: AppointmentTicketPage,
    staff: false,
    list: MY_APPOINTMENTS_ROUTE,
    back: '返回我的预约',
  },
  {
    name: '投诉（工作台）',
    Page: StaffComplaintPage,
    staff: true,
    list: STAFF_COMPLAINTS_ROUTE,
    back: '返回投诉工作台',
  },
  {
    name: '差评整改',
    Page: RectificationPage,
    staff: true,
    list: RECTIFICATIONS_ROUTE,
    back: '返回差评整改',
  },
  { name: '办件（工作台）', Page: StaffCasePage, staff: true, list: STAFF_CASES_ROUTE, back: '返回办件列表' },
  { name: '并联任务', Page: StaffTaskPage, staff: true, list: STAFF_CASES_ROUTE, back: '返回办件列表' },
  {
    name: '咨询（工作台）',
    Page: StaffConsultationPage,
    staff: true,
    list: STAFF_CONSULTATIONS_ROUTE,
    back: '返回咨询答复',
  },
];

beforeEach(() => {
  resetSessionHooks();
});

describe('a record page opened without its id', () => {
  it.each(PAGES)(
    '$name: says so, asks nothing, and leads back to its list',
    async ({ Page, staff, list, back, params }) => {
      // Signed in, so the page would have asked if it were going to.
      storeSession(3, staff ? 'staff' : 'citizen');
      setRouterParams(params ?? {});
      routeApi({});
      render(<Page />);

      expect(await screen.findByRole('alert')).toHaveTextContent(MISSING_RECORD_TEXT);
      expect(screen.getByText('未找到该记录，请从列表进入')).toBeInTheDocument();
      expect(screen.queryByText('重试')).not.toBeInTheDocument();
      // Give any effect that would ask a chance to run.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(request).not.toHaveBeenCalled();

      fireEvent.click(screen.getByText(back));
      expect(redirectTo).toHaveBeenCalledWith({ url: list });
    },
  );

  it('an empty id counts as none', async () => {
    storeSession(3);
    setRouterParams({ id: '' });
    routeApi({});
    render(<ComplaintDetailPage />);
    expect(await screen.findByText(MISSING_RECORD_TEXT)).toBeInTheDocument();
    expect(request).not.toHaveBeenCalled();
  });

  it('with its id the page asks for that record as before', async () => {
    storeSession(3);
    setRouterParams({ id: 'e1e1e1e1e1e1e1e1e1e1e1e1' });
    const sent = routeApi({ 'GET /api/me/enterprises': () => ok({ items: [] }) });
    render(<EnterpriseDetailPage />);
    await waitFor(() =>
      expect(sent.map((r) => r.path)).toContain('/api/enterprises/e1e1e1e1e1e1e1e1e1e1e1e1'),
    );
    expect(screen.queryByText(MISSING_RECORD_TEXT)).not.toBeInTheDocument();
  });
});
