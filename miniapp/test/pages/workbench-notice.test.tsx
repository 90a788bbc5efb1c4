import { render, screen } from '@testing-library/react';
import WorkbenchPage from '../../src/packages/workbench/home/index';
import { resetSessionHooks } from '../../src/services/auth';
import { me, ok, routeApi, storeSession } from '../fixtures/identity';

/**
 * From November 1 the BFF reports that next year's holiday notice is missing
 * (GET /api/admin/calendar/notices → warning); admins and supervisors see it on the workbench.
 */
const WARNING =
  '尚未导入 2027 年节假日安排通知：2027 年的调休和补班仅按法定节假日预计，节日前后的工作日暂不开放预约，请在国务院办公厅发布通知后及时导入';
const notices = (warning?: string) =>
  ok({
    items: [],
    packageCoverage: { firstYear: 2004, lastYear: 2026 },
    provisionalYears: [2027],
    ...(warning ? { warning: { year: 2027, message: warning } } : {}),
  });
const staffMe = (role: 'staff' | 'supervisor' | 'admin') =>
  me({ role, name: '王小明', username: 'wangxm', department: undefined, halls: [] });

beforeEach(() => resetSessionHooks());

it.each(['admin', 'supervisor'] as const)('%s: the missing-notice warning is shown', async (role) => {
  storeSession(3, role);
  routeApi({
    'GET /api/me': () => ok(staffMe(role)),
    'GET /api/admin/calendar/notices': () => notices(WARNING),
  });
  render(<WorkbenchPage />);
  expect(await screen.findByTestId('notice-warning')).toHaveTextContent('尚未导入 2027 年节假日安排通知');
});

it('no warning before November (the BFF sends none), and staff never ask', async () => {
  storeSession(3, 'supervisor');
  routeApi({
    'GET /api/me': () => ok(staffMe('supervisor')),
    'GET /api/admin/calendar/notices': () => notices(),
  });
  render(<WorkbenchPage />);
  await screen.findByTestId('staff-profile');
  expect(screen.queryByTestId('notice-warning')).not.toBeInTheDocument();

  storeSession(4, 'staff');
  const sent = routeApi({ 'GET /api/me': () => ok(staffMe('staff')) });
  render(<WorkbenchPage />);
  await screen.findAllByTestId('staff-profile');
  expect(sent.some((r) => r.path === '/api/admin/calendar/notices')).toBe(false);
});
