import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { StatsRow } from '@app/shared';
import HomePage from '../../src/pages/home/index';
import SupervisionPage from '../../src/packages/supervision/dashboard/index';
import WorkbenchPage from '../../src/packages/workbench/home/index';
import { resetSessionHooks } from '../../src/services/auth';
import { SUPERVISION_ROUTE, isStaffPage } from '../../src/utils/routes';
import { apiError, me, ok, routeApi, storeSession, type SentRequest } from '../fixtures/identity';
import { fail, stats as reformStats, themes } from '../fixtures/catalog';
import { routeRequests } from '../fixtures/request';
import { downloadFile, navigateTo, openDocument, showToast } from '../stubs/taro';
import { drawnCharts, lastDrawn } from '../stubs/ucharts';

// The clock: 2026-03-15 noon in China. 本月 = 03-01…03-15, 上月 = 02-01…02-28.
const NOW = new Date('2026-03-15T04:00:00.000Z');

const DEPARTMENTS = [
  { code: 'SCJG', name: '市市场监督管理局', itemCount: 3 },
  { code: 'ZRZY', name: '市自然资源局', itemCount: 2 },
];
const HALLS = [{ code: 'SZX', name: '市民中心', address: '', departments: [] }];

const period = (from: string, to: string, days: number) => ({ from, to, days });
const fig = (value: number | null, previous: number | null) => ({ value, previous });

function frame(url: string, extra: Record<string, unknown>) {
  const q = new URL(url, 'http://x').searchParams;
  const department = q.get('department') ?? undefined;
  return {
    period: period(q.get('from') ?? '', q.get('to') ?? '', 15),
    previousPeriod: period('2026-02-14', '2026-02-28', 15),
    filters: department ? { department } : {},
    generatedAt: NOW.toISOString(),
    table: department ? 'item' : 'department',
    ...extra,
  };
}

const overview = (url: string) =>
  frame(url, {
    target: 0.7,
    headline: {
      oneTripCaseShare: fig(0.72, 0.65),
      itemShare: fig(0.81, 0.81),
      satisfaction: fig(0.95, 0.97),
      onTimeShare: fig(0.9, null),
      overdueOpen: fig(3, 5),
    },
    trend: [
      { weekStart: '2026-03-01', casesClosed: 12, onTimeShare: 0.75, satisfaction: 0.9, oneTripShare: 0.5 },
      { weekStart: '2026-03-02', casesClosed: 20, onTimeShare: 0.95, satisfaction: null, oneTripShare: 0.8 },
    ],
    byDepartment: [
      { key: 'ZRZY', name: '市自然资源局', closedCases: 8, oneTripCaseShare: 0.625 },
      { key: 'SCJG', name: '市市场监督管理局', closedCases: 24, oneTripCaseShare: 0.75 },
    ],
  });

const caseRow = (key: string, name: string, received: number, onTimeShare: number | null): StatsRow => ({
  key,
  name,
  received,
  accepted: received,
  closed: received - 1,
  onTimeShare,
  overdueOpen: 1,
  medianDays: 2.5,
  p90Days: 6,
  correctionRate: 0.1,
});

const cases = (url: string) => {
  const drilled = new URL(url, 'http://x').searchParams.get('department');
  return frame(url, {
    headline: {
      received: fig(30, 20),
      accepted: fig(28, 20),
      closed: fig(25, 18),
      onTimeShare: fig(0.9, 0.8),
      overdueOpen: fig(2, 2),
      medianDays: fig(2.5, 3),
      p90Days: fig(6, 7),
      correctionRate: fig(0.1, 0.2),
    },
    ...(drilled
      ? {
          byItem: [
            caseRow('JX-SCJG-0001', '食品经营许可', 12, 0.5),
            caseRow('JX-SCJG-0002', '个体工商户登记', 4, 1),
          ],
        }
      : {
          byDepartment: [
            caseRow('SCJG', '市市场监督管理局', 20, 0.85),
            caseRow('ZRZY', '市自然资源局', 10, 0.95),
            caseRow('GAJ', '市公安局', 5, null),
          ],
        }),
    overdueByDepartment: [{ key: 'SCJG', name: '市市场监督管理局', overdueOpen: 2 }],
    correctionByItem: [],
  });
};

const trips = (url: string) =>
  frame(url, {
    target: 0.7,
    headline: { itemShare: fig(0.81, 0.8), oneTripCaseShare: fig(0.72, 0.65), tripsPerCase: fig(1.1, 1.3) },
    byDepartment: [
      {
        key: 'SCJG',
        name: '市市场监督管理局',
        publishedItems: 3,
        itemShare: 1,
        closedCases: 24,
        tripsPerCase: 1,
        oneTripCaseShare: 0.75,
      },
    ],
    tripsDistribution: [
      { bucket: '0', label: '零跑腿', count: 5, share: 0.2, previousCount: 4 },
      { bucket: '1', label: '跑 1 次', count: 13, share: 0.52, previousCount: 9 },
      { bucket: '2', label: '跑 2 次', count: 6, share: 0.24, previousCount: 8 },
      { bucket: '3+', label: '跑 3 次及以上', count: 1, share: 0.04, previousCount: 3 },
    ],
    itemsByLevel: [],
  });

const supervisor = me({ role: 'supervisor', name: '督查员', username: 'demo.supervisor' });

/** The BFF as the page sees it; `overrides` replace single routes. */
function api(overrides: Record<string, (req: SentRequest) => Promise<unknown>> = {}) {
  return routeApi({
    'GET /api/me': () => ok(supervisor),
    'GET /api/departments': () => ok({ items: DEPARTMENTS }),
    'GET /api/halls': () => ok({ items: HALLS }),
    'GET /api/stats/overview': (req) => ok(overview(req.url)),
    'GET /api/stats/cases': (req) => ok(cases(req.url)),
    'GET /api/stats/trips': (req) => ok(trips(req.url)),
    ...overrides,
  });
}

const statsCalls = (sent: SentRequest[], path: string) =>
  sent.filter((r) => r.path === path).map((r) => Object.fromEntries(new URL(r.url, 'http://x').searchParams));

const rowNames = () =>
  within(screen.getByTestId('stats-table'))
    .getAllByTestId(/^row-/)
    .map((r) => r.firstChild?.textContent);

beforeAll(() => {
  // jsdom draws nothing: the canvas hands uCharts (stubbed) a context that knows its canvas.
  HTMLCanvasElement.prototype.getContext = function getContext(this: HTMLCanvasElement) {
    return { canvas: this };
  } as unknown as HTMLCanvasElement['getContext'];
});

beforeEach(() => {
  resetSessionHooks();
  storeSession(3, 'supervisor');
  drawnCharts.length = 0;
  jest.useFakeTimers({
    now: NOW,
    doNotFake: ['setTimeout', 'setInterval', 'queueMicrotask', 'nextTick', 'setImmediate'],
  });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('督查', () => {
  it('is a workbench page (staff session) and a tile of the workbench', async () => {
    expect(isStaffPage(SUPERVISION_ROUTE)).toBe(true);
    api();
    render(<WorkbenchPage />);
    fireEvent.click(await screen.findByTestId('section-supervision'));
    expect(navigateTo).toHaveBeenCalledWith({ url: SUPERVISION_ROUTE });
  });

  it('loads, then shows the headline row with 环比 and the 70% line, and the charts get their series', async () => {
    const sent = api();
    render(<SupervisionPage />);
    expect(screen.getByText('加载中…')).toBeInTheDocument();

    const oneTrip = await screen.findByTestId('figure-oneTripCaseShare');
    expect(oneTrip).toHaveTextContent('≤1次办结占比');
    expect(oneTrip).toHaveTextContent('72%');
    expect(oneTrip).toHaveTextContent('目标 70% · 已达标');
    expect(oneTrip).toHaveTextContent('环比 ↑ 7 个百分点');
    expect(screen.getByTestId('figure-satisfaction')).toHaveTextContent('环比 ↓ 2 个百分点');
    expect(screen.getByTestId('figure-onTimeShare')).toHaveTextContent('上期无数据');
    // Fewer overdue cases: the arrow is down and counts as good news.
    const overdue = screen.getByTestId('figure-overdueOpen');
    expect(overdue).toHaveTextContent('3');
    expect(within(overdue).getByTestId('figure-change')).toHaveClass('sv-figure__change--good');
    // The headline row in the order.
    expect(
      within(screen.getByTestId('headline'))
        .getAllByTestId(/^figure-(?!change)/)
        .map((e) => e.getAttribute('data-testid')),
    ).toEqual([
      'figure-oneTripCaseShare',
      'figure-satisfaction',
      'figure-onTimeShare',
      'figure-overdueOpen',
      'figure-itemShare',
    ]);

    // 本月 by default.
    expect(statsCalls(sent, '/api/stats/overview')[0]).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(screen.getByTestId('period-range')).toHaveTextContent('2026-03-01 至 2026-03-15');

    // Weekly trend: three shares as lines, in percent.
    await waitFor(() => expect(lastDrawn('sv-trend')).toBeDefined());
    expect(lastDrawn('sv-trend')).toEqual({
      canvasId: 'sv-trend',
      type: 'line',
      categories: ['03-01', '03-02'],
      series: [
        { name: '按时办结率', data: [75, 95] },
        { name: '满意率', data: [90, null] },
        { name: '≤1次办结占比', data: [50, 80] },
      ],
    });
    // Departments ranked by ≤1-trip share, best first.
    expect(lastDrawn('sv-overview-ranking')).toMatchObject({
      type: 'bar',
      categories: ['市市场监督管理局', '市自然资源局'],
      series: [{ name: '≤1次办结占比', data: [75, 62.5] }],
    });

    // The 办件 tab: its figures, the department table, the ranking by on-time share.
    expect(await screen.findByTestId('area-figure-received')).toHaveTextContent('申报件数30↑ 10');
    expect(rowNames()).toEqual(['市市场监督管理局 ›', '市自然资源局 ›', '市公安局 ›']);
    await waitFor(() => expect(lastDrawn('sv-cases-ranking')).toBeDefined());
    expect(lastDrawn('sv-cases-ranking')).toMatchObject({
      categories: ['市自然资源局', '市市场监督管理局', '市公安局'],
      series: [{ name: '按时办结率', data: [95, 85, null] }],
    });
    expect(lastDrawn('sv-cases-overdueByDepartment')).toMatchObject({
      type: 'bar',
      series: [{ name: '当前超期在办', data: [2] }],
    });
  });

  it('switching the period asks again for that period; a custom period is checked first', async () => {
    const sent = api();
    render(<SupervisionPage />);
    await screen.findByTestId('figure-oneTripCaseShare');
    await screen.findByTestId('stats-table');

    fireEvent.click(screen.getByTestId('period-lastMonth'));
    await waitFor(() =>
      expect(statsCalls(sent, '/api/stats/overview').at(-1)).toEqual({
        from: '2026-02-01',
        to: '2026-02-28',
      }),
    );
    expect(statsCalls(sent, '/api/stats/cases').at(-1)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(screen.getByTestId('period-range')).toHaveTextContent('2026-02-01 至 2026-02-28');

    fireEvent.click(screen.getByTestId('period-year'));
    await waitFor(() =>
      expect(statsCalls(sent, '/api/stats/overview').at(-1)).toEqual({
        from: '2025-03-16',
        to: '2026-03-15',
      }),
    );

    // Custom: a period over 24 months is refused on the page, with the BFF's sentence, and not asked.
    fireEvent.click(screen.getByTestId('period-custom'));
    const asked = sent.length;
    fireEvent.change(screen.getByLabelText('开始日期'), { target: { value: '2023-01-01' } });
    fireEvent.change(screen.getByLabelText('结束日期'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByText('确定'));
    expect(screen.getByTestId('custom-error')).toHaveTextContent('统计期间不能超过 24 个月');
    expect(sent.length).toBe(asked);

    fireEvent.change(screen.getByLabelText('开始日期'), { target: { value: '2026-01-05' } });
    fireEvent.click(screen.getByText('确定'));
    await waitFor(() =>
      expect(statsCalls(sent, '/api/stats/overview').at(-1)).toEqual({
        from: '2026-01-05',
        to: '2026-03-01',
      }),
    );
    expect(screen.queryByTestId('custom-error')).not.toBeInTheDocument();
  });

  it('tapping a department drills into its items; 全部部门 goes back; columns sort', async () => {
    const sent = api();
    render(<SupervisionPage />);
    await screen.findByTestId('stats-table');

    // Sorting by 申报件数: highest first, then lowest first; rows without a figure stay last.
    fireEvent.click(screen.getByTestId('sort-received'));
    expect(rowNames()).toEqual(['市市场监督管理局 ›', '市自然资源局 ›', '市公安局 ›']);
    expect(screen.getByTestId('sort-received')).toHaveTextContent('申报件数 ▼');
    fireEvent.click(screen.getByTestId('sort-received'));
    expect(rowNames()).toEqual(['市公安局 ›', '市自然资源局 ›', '市市场监督管理局 ›']);
    fireEvent.click(screen.getByTestId('sort-onTimeShare'));
    expect(rowNames()).toEqual(['市自然资源局 ›', '市市场监督管理局 ›', '市公安局 ›']);

    fireEvent.click(screen.getByTestId('row-SCJG'));
    await waitFor(() => expect(rowNames()).toEqual(['食品经营许可', '个体工商户登记']));
    expect(statsCalls(sent, '/api/stats/cases').at(-1)).toEqual({
      from: '2026-03-01',
      to: '2026-03-15',
      department: 'SCJG',
    });
    // The headline follows the drill-down.
    expect(statsCalls(sent, '/api/stats/overview').at(-1)).toMatchObject({ department: 'SCJG' });
    expect(screen.getByTestId('drill-crumbs')).toHaveTextContent('市市场监督管理局 · 各事项');
    expect(screen.getByText('办件 · 按事项')).toBeInTheDocument();

    fireEvent.click(screen.getByTestId('drill-up'));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(statsCalls(sent, '/api/stats/cases').at(-1)).toEqual({ from: '2026-03-01', to: '2026-03-15' });
  });

  it('the 跑动次数 tab draws the trips distribution against the previous period', async () => {
    api();
    render(<SupervisionPage />);
    await screen.findByTestId('stats-table');
    fireEvent.click(screen.getByTestId('area-trips'));
    await waitFor(() => expect(lastDrawn('sv-trips-tripsDistribution')).toBeDefined());
    expect(lastDrawn('sv-trips-tripsDistribution')).toEqual({
      canvasId: 'sv-trips-tripsDistribution',
      type: 'column',
      categories: ['零跑腿', '跑 1 次', '跑 2 次', '跑 3 次及以上'],
      series: [
        { name: '办结件数', data: [5, 13, 6, 1] },
        { name: '上期件数', data: [4, 9, 8, 3] },
      ],
    });
    expect(screen.getByTestId('area-figure-tripsPerCase')).toHaveTextContent('1.1');
  });

  it('shows the error in Chinese with 重试, which asks again', async () => {
    let fails = true;
    const sent = api({
      'GET /api/stats/overview': (req) =>
        fails
          ? fail(503, { error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } })
          : ok(overview(req.url)),
      'GET /api/stats/cases': () =>
        apiError('STATS_DEPARTMENT_FORBIDDEN', { message: '只能查看本部门的统计数据' }),
    });
    render(<SupervisionPage />);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('服务暂时不可用，请稍后再试'),
        expect.stringContaining('只能查看本部门的统计数据'),
      ]),
    );
    fails = false;
    fireEvent.click(within(alerts[0]).getByText('重试'));
    expect(await screen.findByTestId('figure-oneTripCaseShare')).toHaveTextContent('72%');
    expect(statsCalls(sent, '/api/stats/overview')).toHaveLength(2);
  });

  it('an empty period says so', async () => {
    api({
      'GET /api/stats/cases': (req) => ok(cases(req.url)),
      'GET /api/stats/consultations': (req) => ok(frame(req.url, { headline: {}, byDepartment: [] })),
    });
    render(<SupervisionPage />);
    await screen.findByTestId('stats-table');
    fireEvent.click(screen.getByTestId('area-consultations'));
    expect(await screen.findByText('本期暂无数据')).toBeInTheDocument();
  });

  it('H5 export: fetches the export URL with the staff session and saves the file under the BFF’s name', async () => {
    api();
    const blob = new Blob(['xlsx']);
    const fetchMock = jest.fn(() =>
      Promise.resolve({
        ok: true,
        status: 200,
        headers: {
          get: (h: string) =>
            h.toLowerCase() === 'content-disposition'
              ? `attachment; filename*=UTF-8''${encodeURIComponent('办件-2026-03-01-2026-03-15.xlsx')}`
              : null,
        },
        blob: () => Promise.resolve(blob),
      }),
    );
    const saved: Array<{ href: string; download: string }> = [];
    const originals = { fetch: global.fetch, create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    global.fetch = fetchMock as unknown as typeof fetch;
    URL.createObjectURL = jest.fn(() => 'blob:xlsx');
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push({ href: this.href, download: this.download });
    });
    try {
      render(<SupervisionPage />);
      await screen.findByTestId('stats-table');
      fireEvent.click(screen.getByTestId('export-area'));
      await waitFor(() => expect(saved).toHaveLength(1));
      // (jsdom is no H5 build: the base URL is the mini-program's; H5 uses its own origin.)
      expect(fetchMock).toHaveBeenCalledWith(
        'http://127.0.0.1:3000/api/stats/cases/export?from=2026-03-01&to=2026-03-15',
        { headers: { Authorization: 'Bearer access-token-3' } },
      );
      expect(saved[0]).toEqual({ href: 'blob:xlsx', download: '办件-2026-03-01-2026-03-15.xlsx' });
      await waitFor(() =>
        expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出' })),
      );

      // The overview's export, drilled into a department, carries the filter.
      fireEvent.click(screen.getByTestId('row-SCJG'));
      await screen.findByText('办件 · 按事项');
      fireEvent.click(screen.getByTestId('export-overview'));
      await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
      expect(fetchMock).toHaveBeenLastCalledWith(
        'http://127.0.0.1:3000/api/stats/overview/export?from=2026-03-01&to=2026-03-15&department=SCJG',
        expect.anything(),
      );
    } finally {
      click.mockRestore();
      global.fetch = originals.fetch;
      URL.createObjectURL = originals.create;
      URL.revokeObjectURL = originals.revoke;
    }
  });

  it('H5 export refused: the envelope’s Chinese message as a toast', async () => {
    api();
    const originalFetch = global.fetch;
    global.fetch = jest.fn(() =>
      Promise.resolve({
        ok: false,
        status: 403,
        headers: { get: () => null },
        json: () => Promise.resolve({ error: { code: 'FORBIDDEN', message: '没有权限执行该操作' } }),
      }),
    ) as unknown as typeof fetch;
    try {
      render(<SupervisionPage />);
      await screen.findByTestId('stats-table');
      fireEvent.click(screen.getByTestId('export-area'));
      await waitFor(() =>
        expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有权限执行该操作' })),
      );
    } finally {
      global.fetch = originalFetch;
    }
  });

  it('WeChat export: downloadFile with the staff session, then openDocument', async () => {
    api();
    render(<SupervisionPage />);
    await screen.findByTestId('stats-table');
    const env = process.env.TARO_ENV;
    process.env.TARO_ENV = 'weapp';
    try {
      await act(async () => {
        fireEvent.click(screen.getByTestId('export-area'));
      });
      await waitFor(() => expect(openDocument).toHaveBeenCalled());
    } finally {
      process.env.TARO_ENV = env;
    }
    expect(downloadFile).toHaveBeenCalledWith({
      url: 'http://127.0.0.1:3000/api/stats/cases/export?from=2026-03-01&to=2026-03-15',
      header: { Authorization: 'Bearer access-token-3' },
    });
    expect(openDocument).toHaveBeenCalledWith({
      filePath: 'temp://export?from=2026-03-01&to=2026-03-15',
      fileType: 'xlsx',
      showMenu: true,
    });
  });

  it('staff see their own department only: no department filter, every request scoped', async () => {
    storeSession(4, 'staff');
    const sent = api({
      'GET /api/me': () => ok(me({ role: 'staff', name: '王小明', department: 'SCJG', halls: [] })),
    });
    render(<SupervisionPage />);
    await waitFor(() => expect(rowNames()).toEqual(['食品经营许可', '个体工商户登记']));
    expect(screen.getByTestId('scope-note')).toHaveTextContent('仅显示本部门：市市场监督管理局');
    expect(screen.queryByTestId('department-filter')).not.toBeInTheDocument();
    expect(screen.queryByTestId('drill-up')).not.toBeInTheDocument();
    for (const path of ['/api/stats/overview', '/api/stats/cases'])
      expect(statsCalls(sent, path).every((q) => q.department === 'SCJG')).toBe(true);
  });
});

describe('首页: the public figures', () => {
  const home = (reform: unknown) => {
    routeRequests([
      ['/api/stats/reform', () => ok(reform)],
      ['/api/themes', () => ok({ items: themes })],
      ['/api/items', () => ok({ items: [], total: 0, page: 1, pageSize: 10 })],
    ]);
    render(<HomePage />);
  };

  it('shows the public satisfaction share beside the ≤1-trip share', async () => {
    home({ ...reformStats, satisfaction: { share: 0.965, total: 1200 } });
    const line = await screen.findByTestId('reform-satisfaction');
    expect(line).toHaveTextContent('办事群众满意度96.5%共 1200 条评价');
    expect(screen.getByText('73%')).toBeInTheDocument();
  });

  it('reads a plain share too, and shows nothing while the BFF has none', async () => {
    home({ ...reformStats, satisfactionShare: 0.9 });
    expect(await screen.findByTestId('reform-satisfaction')).toHaveTextContent('办事群众满意度90%');
  });

  it('no satisfaction field (or no ratings yet): only the trips figure', async () => {
    home({ ...reformStats, satisfaction: { share: null, total: 0 } });
    await screen.findByText('73%');
    expect(screen.queryByTestId('reform-satisfaction')).not.toBeInTheDocument();
  });
});
