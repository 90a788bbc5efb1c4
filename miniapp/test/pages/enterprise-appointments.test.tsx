import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import ConfirmPage from '../../src/packages/appointments/confirm/index';
import EnterpriseDetailPage from '../../src/packages/enterprises/detail/index';
import { resetSessionHooks } from '../../src/services/auth';
import { appointmentTicketRoute } from '../../src/utils/routes';
import { navigateTo, redirectTo, setRouterParams } from '../stubs/taro';
import { detail } from '../fixtures/catalog';
import {
  ENTERPRISE_ID,
  USER_ID,
  ok,
  routeApi,
  storeSession,
  verifiedMe,
  type SentRequest,
} from '../fixtures/identity';
import { BOOKING_ID, ITEM, hallsResponse, ticket } from '../fixtures/appointments';

/** Issue 19 item 6: booking on behalf of an enterprise (预约主体) and the enterprise's appointments. */
const FLOW = { itemCode: ITEM.code, hallCode: 'HALL-SZ', date: '2026-10-12', start: '09:00' };
const ENTERPRISE_NAME = '鸡西市示例商贸有限公司';
const membership = {
  enterpriseId: ENTERPRISE_ID,
  creditCode: '91230300MA1B2C3D4E',
  enterpriseName: ENTERPRISE_NAME,
  role: 'member' as const,
  status: 'active' as const,
};

beforeEach(() => {
  resetSessionHooks();
  storeSession(1, 'enterprise');
});

function confirmRoutes(itemName: string, sent: SentRequest[] = []) {
  return routeApi({
    'GET /api/appointments/halls': () => ok(hallsResponse()),
    [`GET /api/items/${ITEM.code}`]: () => ok(detail({ code: ITEM.code, name: itemName })),
    // Binding an enterprise needs 实名 (and so does booking): members have the profile.
    'GET /api/me': () => ok(verifiedMe({ role: 'enterprise', enterprises: [membership] })),
    'POST /api/appointments': (req) => {
      sent.push(req);
      return ok({ outcome: 'booked', booking: ticket() });
    },
  });
}

describe('确认预约：预约主体', () => {
  it('defaults to 本人 for a personal item; choosing the enterprise books for it', async () => {
    setRouterParams(FLOW);
    const posts: SentRequest[] = [];
    confirmRoutes(ITEM.name, posts);
    render(<ConfirmPage />);
    const subject = await screen.findByTestId('subject');
    expect(within(subject).getByRole('radio', { name: '本人' })).toHaveAttribute('aria-checked', 'true');
    fireEvent.click(within(subject).getByRole('radio', { name: ENTERPRISE_NAME }));
    expect(within(subject).getByRole('radio', { name: ENTERPRISE_NAME })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    fireEvent.click(screen.getByText('确认预约'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: appointmentTicketRoute(BOOKING_ID) }));
    expect(posts[0].data).toMatchObject({ ...FLOW, enterpriseId: ENTERPRISE_ID });
  });

  it('an organisation-only item defaults to the enterprise; 本人 sends no enterpriseId', async () => {
    setRouterParams(FLOW);
    const posts: SentRequest[] = [];
    confirmRoutes('分公司设立登记', posts);
    render(<ConfirmPage />);
    const subject = await screen.findByTestId('subject');
    expect(within(subject).getByRole('radio', { name: ENTERPRISE_NAME })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    expect(subject).toHaveTextContent('已默认以企业名义预约');
    fireEvent.click(within(subject).getByRole('radio', { name: '本人' }));
    fireEvent.click(screen.getByText('确认预约'));
    await waitFor(() => expect(redirectTo).toHaveBeenCalled());
    expect(posts[0].data).toEqual(FLOW);
  });

  it('no active enterprise: no choice shown, a personal booking', async () => {
    setRouterParams(FLOW);
    routeApi({
      'GET /api/appointments/halls': () => ok(hallsResponse()),
      [`GET /api/items/${ITEM.code}`]: () => ok(detail({ code: ITEM.code, name: ITEM.name })),
      'GET /api/me': () => ok(verifiedMe()),
    });
    render(<ConfirmPage />);
    await screen.findByTestId('summary');
    expect(screen.queryByTestId('subject')).not.toBeInTheDocument();
  });
});

describe('企业详情：企业预约', () => {
  it('lists the appointments booked for the enterprise, with who booked them', async () => {
    setRouterParams({ id: ENTERPRISE_ID });
    routeApi({
      [`GET /api/enterprises/${ENTERPRISE_ID}`]: () =>
        ok({
          id: ENTERPRISE_ID,
          name: ENTERPRISE_NAME,
          creditCode: membership.creditCode,
          verified: true,
          members: [
            {
              userId: USER_ID,
              nameMasked: '张*丰',
              role: 'member',
              status: 'active',
              requestedAt: '2026-01-02T01:00:00Z',
            },
          ],
        }),
      'GET /api/enterprises/mine': () => ok({ items: [membership] }),
      [`GET /api/enterprises/${ENTERPRISE_ID}/cases`]: () =>
        ok({ items: [], page: 1, pageSize: 20, total: 0 }),
      [`GET /api/enterprises/${ENTERPRISE_ID}/appointments`]: () =>
        ok({
          upcoming: [
            ticket({ enterprise: { id: ENTERPRISE_ID, name: ENTERPRISE_NAME }, bookedByName: '李*' }),
          ],
          past: [],
        }),
    });
    render(<EnterpriseDetailPage />);
    const rows = await screen.findAllByTestId('enterprise-appointment');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('预约人 李*');
    fireEvent.click(rows[0]);
    expect(navigateTo).toHaveBeenCalledWith({ url: appointmentTicketRoute(BOOKING_ID) });
  });

  it('empty state', async () => {
    setRouterParams({ id: ENTERPRISE_ID });
    routeApi({
      [`GET /api/enterprises/${ENTERPRISE_ID}`]: () =>
        ok({
          id: ENTERPRISE_ID,
          name: ENTERPRISE_NAME,
          creditCode: membership.creditCode,
          verified: true,
          members: [],
        }),
      'GET /api/enterprises/mine': () => ok({ items: [membership] }),
      [`GET /api/enterprises/${ENTERPRISE_ID}/cases`]: () =>
        ok({ items: [], page: 1, pageSize: 20, total: 0 }),
      [`GET /api/enterprises/${ENTERPRISE_ID}/appointments`]: () => ok({ upcoming: [], past: [] }),
    });
    render(<EnterpriseDetailPage />);
    expect(await screen.findByText('暂无以企业名义的预约')).toBeInTheDocument();
  });
});
