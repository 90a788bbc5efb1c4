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
import { drawnCharts, lastDrawn, shownTooltips } from '../stubs/ucharts';
import { chartTouchOf } from '../../src/packages/supervision/components/chart';

// The clock: 2026-03-15 noon in China. 本月 = 03-01…03-15, 上月 = 02-01…02-28.
const NOW = new Date('2026-03-15T04:00:00.000Z');

const DEPARTMENTS = [
  { code: 'SCJG', name: '市市场监督管理局', itemCount: 3 },
  { code: 'ZRZY', name: '市自然资源局', itemCount: 2 },
];
const HALLS = [{ code: 'SZX', name: '市民中心', address: '', departments: [] }];

const period = (from: string, to: string, days: number) => ({ from, to, days });
const fig = (value: number | null, previous: number | null) => ({ value, previous });

/** The BFF's default period when asked without from/to: the 1st of its month … its today. */
let bffMonth = { from: '2026-03-01', to: '2026-03-15' };

function frame(url: string, extra: Record<string, unknown>) {
  const q = new URL(url, 'http://x').searchParams;
  const department = q.get('department') ?? undefined;
  return {
    period: period(q.get('from') ?? bffMonth.from, q.get('to') ?? bffMonth.to, 15),
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
    correctionItems: 0,
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
  shownTooltips.length = 0;
  bffMonth = { from: '2026-03-01', to: '2026-03-15' };
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

    // 本月 by default: the first load leaves the period to the BFF and shows the one it answered for.
    expect(statsCalls(sent, '/api/stats/overview')[0]).toEqual({});
    expect(statsCalls(sent, '/api/stats/cases')[0]).toEqual({});
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
      // 市公安局 has no on-time share: left out of the ranking (the table keeps it).
      categories: ['市自然资源局', '市市场监督管理局'],
      series: [{ name: '按时办结率', data: [95, 85] }],
    });
    expect(lastDrawn('sv-cases-overdueByDepartment')).toMatchObject({
      type: 'bar',
      series: [{ name: '当前超期在办', data: [2] }],
    });
  });

  it('the periods count from the BFF’s today, not the device’s date', async () => {
    // The phone says 2026-03-15; the BFF's China day is already 2026-04-02.
    bffMonth = { from: '2026-04-01', to: '2026-04-02' };
    const sent = api();
    render(<SupervisionPage />);
    expect(await screen.findByTestId('period-range')).toHaveTextContent('2026-04-01 至 2026-04-02');
    expect(statsCalls(sent, '/api/stats/overview')).toEqual([{}]);

    fireEvent.click(screen.getByTestId('period-lastMonth'));
    await waitFor(() =>
      expect(statsCalls(sent, '/api/stats/overview').at(-1)).toEqual({
        from: '2026-03-01',
        to: '2026-03-31',
      }),
    );
    fireEvent.click(screen.getByTestId('period-quarter'));
    await waitFor(() =>
      expect(statsCalls(sent, '/api/stats/overview').at(-1)).toEqual({
        from: '2026-01-03',
        to: '2026-04-02',
      }),
    );
    // 本月 again: now sent explicitly, the BFF's month.
    fireEvent.click(screen.getByTestId('period-month'));
    await waitFor(() =>
      expect(statsCalls(sent, '/api/stats/overview').at(-1)).toEqual({
        from: '2026-04-01',
        to: '2026-04-02',
      }),
    );
    // 自定义 starts from the period on screen.
    fireEvent.click(screen.getByTestId('period-custom'));
    expect(screen.getByLabelText('开始日期')).toHaveValue('2026-04-01');
    expect(screen.getByLabelText('结束日期')).toHaveValue('2026-04-02');
  });

  it('a filter changed on the default period sends that period explicitly', async () => {
    const sent = api();
    render(<SupervisionPage />);
    await screen.findByTestId('period-range');
    fireEvent.click(screen.getByTestId('dept-ZRZY'));
    await waitFor(() =>
      expect(statsCalls(sent, '/api/stats/overview').at(-1)).toEqual({
        from: '2026-03-01',
        to: '2026-03-15',
        department: 'ZRZY',
      }),
    );
  });

  it('until an answer says which period it is, the picker shows 加载中; both failing, a message with 重试', async () => {
    let answer: (() => void) | undefined;
    let fails = true;
    const sent = api({
      'GET /api/stats/overview': (req) =>
        fails
          ? fail(503, { error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } })
          : new Promise((resolve) => {
              answer = () => resolve(ok(overview(req.url)));
            }),
      'GET /api/stats/cases': () =>
        fails
          ? fail(503, { error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } })
          : new Promise(() => undefined),
    });
    render(<SupervisionPage />);
    await screen.findByTestId('department-filter');
    expect(screen.queryByTestId('period-picker')).not.toBeInTheDocument();

    const failed = await screen.findByText('未能获取统计区间，请检查网络后重试');
    expect(screen.queryByTestId('period-range')).not.toBeInTheDocument();
    fails = false;
    fireEvent.click(within(failed.closest('[role="alert"]') as HTMLElement).getByText('重试'));

    // Asked again, still without from/to; while it is on its way the picker is loading.
    await waitFor(() => expect(statsCalls(sent, '/api/stats/overview')).toEqual([{}, {}]));
    expect(statsCalls(sent, '/api/stats/cases')).toEqual([{}, {}]);
    const filters = screen.getByTestId('department-filter').closest('.sv-filters') as HTMLElement;
    expect(within(filters).getByText('加载中…')).toBeInTheDocument();
    expect(screen.queryByTestId('period-picker')).not.toBeInTheDocument();

    await act(async () => answer?.());
    expect(await screen.findByTestId('period-range')).toHaveTextContent('2026-03-01 至 2026-03-15');
    expect(screen.getByTestId('period-picker')).toBeInTheDocument();
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

  it('tapping a chart shows uCharts’ tooltip for the point under the finger; the table still drills down', async () => {
    const sent = api();
    render(<SupervisionPage />);
    await waitFor(() => expect(lastDrawn('sv-trend')).toBeDefined());

    // The canvas sits 20 px in and 300 px down: uCharts gets the tap relative to the canvas.
    const trend = document.getElementById('sv-trend') as HTMLCanvasElement;
    trend.getBoundingClientRect = () => ({ left: 20, top: 300 }) as DOMRect;
    fireEvent.click(trend, { clientX: 140, clientY: 350 });
    expect(shownTooltips).toEqual([
      { canvasId: 'sv-trend', event: { changedTouches: [{ x: 120, y: 50 }] }, option: {} },
    ]);

    // The ranking's bars: the tooltip names the department in full (the axis may cut it).
    await waitFor(() => expect(lastDrawn('sv-overview-ranking')).toBeDefined());
    fireEvent.click(document.getElementById('sv-overview-ranking') as HTMLCanvasElement, {
      clientX: 60,
      clientY: 30,
    });
    const bar = shownTooltips.at(-1)!;
    expect(bar).toMatchObject({
      canvasId: 'sv-overview-ranking',
      event: { changedTouches: [{ x: 60, y: 30 }] },
    });
    const { formatter } = bar.option as {
      formatter: (item: { data: unknown }, c: unknown, i: number) => string;
    };
    expect(formatter({ data: '75%' }, '市市场监督…', 0)).toBe('市市场监督管理局：75%');

    await screen.findByTestId('stats-table');
    fireEvent.click(screen.getByTestId('row-SCJG'));
    await waitFor(() => expect(rowNames()).toEqual(['食品经营许可', '个体工商户登记']));
    expect(statsCalls(sent, '/api/stats/cases').at(-1)).toMatchObject({ department: 'SCJG' });
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

describe('督查 charts: where a tap hit the canvas (chartTouchOf)', () => {
  it('WeChat’s <Canvas type="2d"> touches are already relative to the canvas', () => {
    expect(chartTouchOf({ changedTouches: [{ x: 33, y: 12 }] })).toEqual({
      changedTouches: [{ x: 33, y: 12 }],
    });
    // Taro's event without its own copy: the mini-program's event.
    expect(chartTouchOf({ mpEvent: { changedTouches: [{ x: 5, y: 0 }] } })).toEqual({
      changedTouches: [{ x: 5, y: 0 }],
    });
  });

  it('H5: viewport coordinates less the canvas’ box, for mouse clicks and touches alike', () => {
    const box = { left: 16, top: 420 };
    // A DOM MouseEvent's own x/y are viewport coordinates too: clientX decides.
    expect(chartTouchOf({ clientX: 116, clientY: 470, x: 116, y: 470 }, box)).toEqual({
      changedTouches: [{ x: 100, y: 50 }],
    });
    expect(chartTouchOf({ changedTouches: [{ clientX: 20, clientY: 421 }] }, box)).toEqual({
      changedTouches: [{ x: 4, y: 1 }],
    });
  });

  it('no coordinates (or viewport ones without the canvas’ box): no tooltip', () => {
    expect(chartTouchOf({})).toBeUndefined();
    expect(chartTouchOf({ clientX: 1, clientY: 2 })).toBeUndefined();
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
    home({ ...reformStats, satisfaction: { days: 90, count: 1200, share: 0.965 } });
    const line = await screen.findByTestId('reform-satisfaction');
    expect(line).toHaveTextContent('办事群众满意度96.5%近 90 天 1200 条评价');
    expect(screen.getByText('73%')).toBeInTheDocument();
  });

  it('reads a plain share too, and shows nothing while the BFF has none', async () => {
    home({ ...reformStats, satisfactionShare: 0.9 });
    expect(await screen.findByTestId('reform-satisfaction')).toHaveTextContent('办事群众满意度90%');
  });

  it('no satisfaction field (or no ratings yet): only the trips figure', async () => {
    home({ ...reformStats, satisfaction: { days: 90, count: 0, share: null } });
    await screen.findByText('73%');
    expect(screen.queryByTestId('reform-satisfaction')).not.toBeInTheDocument();
  });
});
