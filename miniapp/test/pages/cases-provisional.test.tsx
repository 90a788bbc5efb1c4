import { render, screen, within } from '@testing-library/react';
import MyCasesPage from '../../src/packages/cases/mine/index';
import { resetSessionHooks } from '../../src/services/auth';
import { ok, routeApi, storeSession } from '../fixtures/identity';
import { caseSummary } from './cases-fixtures';

/** A due date counting days of a year without its holiday notice reads 预计 (dueDateProvisional). */
beforeEach(() => resetSessionHooks());

it('我的办件: 预计 before a provisional due date, not before a firm one', async () => {
  storeSession(3);
  routeApi({
    'GET /api/cases': () =>
      ok({
        items: [
          caseSummary({ dueDate: '2027-01-05', dueDateProvisional: true }),
          caseSummary({
            id: 'c2c2c2c2c2c2c2c2c2c2c2c2',
            number: 'JX-20260310-000002',
            dueDate: '2026-12-08',
          }),
        ],
        total: 2,
        page: 1,
        pageSize: 20,
      }),
  });
  render(<MyCasesPage />);
  const cards = await screen.findAllByTestId('case-card');
  expect(within(cards[0]).getByTestId('due-date').textContent).toMatch(/^办结期限 预计 .*2027.*1.*5/);
  expect(within(cards[1]).getByTestId('due-date').textContent).toMatch(/^办结期限 2026/);
  expect(within(cards[1]).getByTestId('due-date').textContent).not.toMatch(/预计/);
});
