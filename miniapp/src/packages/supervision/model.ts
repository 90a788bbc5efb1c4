// What the 督查 page draws, computed from the figure responses of the shared contract
// (shared/src/supervision): labels and kinds come from its column descriptors, so the page shows the
// same headers as the Excel export.
import {
  STATS_AREA_LABELS,
  STATS_HEADLINE_COLUMNS,
  STATS_ONE_TRIP_TARGET,
  STATS_SERIES_COLUMNS,
  STATS_TABLE_COLUMNS,
  STATS_WEEKDAY_LABELS,
  type StatsArea,
  type StatsBaseResponse,
  type StatsColumn,
  type StatsColumnKind,
  type StatsOverviewResponse,
  type StatsRow,
  type StatsSeriesName,
} from '@app/shared';

export type Kind = StatsColumnKind;

export interface Figure {
  key: string;
  label: string;
  kind: Kind;
  value: number | null;
  previous: number | null;
  /** The plan's line for this figure (≤1 trip: 70%). */
  target?: number;
}

/** The area tabs, in the order the workbench names them. */
export const AREAS: Array<{ key: StatsArea; label: string }> = (
  ['cases', 'appointments', 'consultations', 'complaints', 'ratings', 'trips'] as const
).map((key) => ({ key, label: STATS_AREA_LABELS[key] }));

const TARGETED = new Set(['oneTripCaseShare', 'itemShare']);

function figure(col: StatsColumn, res: StatsBaseResponse | undefined): Figure | undefined {
  const f = res?.headline[col.key];
  if (!f) return undefined;
  return {
    key: col.key,
    label: col.label,
    kind: col.kind,
    value: f.value,
    previous: f.previous,
    ...(TARGETED.has(col.key) ? { target: STATS_ONE_TRIP_TARGET } : {}),
  };
}
const present = (f: Figure | undefined): f is Figure => !!f;

/** An area's headline figures, in the contract's order. */
export function figuresOf(area: StatsArea, res: StatsBaseResponse | undefined): Figure[] {
  return STATS_HEADLINE_COLUMNS[area].map((c) => figure(c, res)).filter(present);
}

const HEADLINE_FIRST = ['oneTripCaseShare', 'satisfaction', 'onTimeShare', 'overdueOpen'];

/** The overview's row: ≤1-trip share vs 70%, satisfaction, on-time share, overdue now, then the item share. */
export function headlineRow(res: StatsOverviewResponse | undefined): Figure[] {
  const cols = STATS_HEADLINE_COLUMNS.overview;
  const ordered = [
    ...HEADLINE_FIRST.map((k) => cols.find((c) => c.key === k)).filter((c): c is StatsColumn => !!c),
    ...cols.filter((c) => !HEADLINE_FIRST.includes(c.key)),
  ];
  return ordered.map((c) => figure(c, res)).filter(present);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function formatValue(value: number | null | undefined, kind: Kind): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (kind) {
    case 'share': {
      const pct = round1(value * 100);
      return `${pct}%`;
    }
    case 'days':
      return `${round1(value)} 天`;
    case 'hours':
      return `${round1(value)} 小时`;
    case 'minutes':
      return `${round1(value)} 分钟`;
    case 'number':
      return String(Math.round(value * 100) / 100);
    default:
      return String(Math.round(value));
  }
}

/** 环比: the change against the previous period, as an arrow and the difference (shares in points). */
export function changeOf(f: Pick<Figure, 'value' | 'previous' | 'kind'>): {
  arrow: '↑' | '↓' | '→' | '';
  text: string;
} {
  if (f.value === null || f.previous === null) return { arrow: '', text: '上期无数据' };
  const diff = f.value - f.previous;
  if (Math.abs(diff) < 1e-9) return { arrow: '→', text: '与上期持平' };
  const size =
    f.kind === 'share'
      ? `${round1(Math.abs(diff) * 100)} 个百分点`
      : formatValue(Math.abs(diff), f.kind === 'count' ? 'number' : f.kind);
  return { arrow: diff > 0 ? '↑' : '↓', text: `${size}` };
}

/** A falling overdue count is good news: which way is better for this figure (colours the arrow). */
export function higherIsBetter(key: string): boolean {
  return !/overdue|noShow|redo|repeat|bad|correction|cancel|Late|open|median|p90|wait|tripsPerCase/i.test(
    key,
  );
}

// ---- tables ----

export interface Table {
  /** `department` rows drill into their items; `item` rows are the end. */
  level: 'department' | 'item';
  columns: StatsColumn[];
  rows: StatsRow[];
}

export const rowName = (row: StatsRow): string => String(row.name ?? row.key ?? '');
export const rowCode = (row: StatsRow): string => String(row.key ?? '');

/** The response's table (its item rows after a drill-down), with the contract's numeric columns. */
export function tableOf(area: StatsArea | 'overview', res: StatsBaseResponse | undefined): Table | undefined {
  if (!res) return undefined;
  const level = res.table;
  const rows = (level === 'item' ? res.byItem : res.byDepartment) ?? [];
  const columns = STATS_TABLE_COLUMNS[area][level].filter((c) => c.kind !== 'text');
  return { level, columns, rows };
}

export type Sort = { key: string; dir: 'asc' | 'desc' };

const numberAt = (r: StatsRow, key: string) => (typeof r[key] === 'number' ? (r[key] as number) : null);

export function sortRows(rows: StatsRow[], sort: Sort | undefined): StatsRow[] {
  if (!sort) return rows;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = numberAt(a, sort.key);
    const y = numberAt(b, sort.key);
    if (x === null && y === null) return 0;
    if (x === null) return 1; // rows without a figure last, either way
    if (y === null) return -1;
    return (x - y) * sign;
  });
}

/** The column the ranking chart shows: the area's main share, else its first count. */
const RANKED: Record<StatsArea | 'overview', string> = {
  overview: 'oneTripCaseShare',
  trips: 'oneTripCaseShare',
  cases: 'onTimeShare',
  appointments: 'booked',
  consultations: 'asked',
  complaints: 'total',
  ratings: 'share',
};
export function rankingColumn(area: StatsArea | 'overview', table: Table): StatsColumn | undefined {
  return table.columns.find((c) => c.key === RANKED[area]) ?? table.columns[0];
}

// ---- charts ----

export interface ChartSpec {
  key: string;
  title: string;
  type: 'line' | 'column' | 'bar';
  categories: string[];
  series: Array<{ name: string; data: Array<number | null> }>;
  percent: boolean;
  height?: number;
}

interface SeriesChartDef {
  title: string;
  type: 'column' | 'bar';
  category: string;
  values: string[];
  /** Only the first rows (lists sorted by the BFF, e.g. highest 补正 rate first). */
  top?: number;
}

/** The area-specific series worth a picture: distribution, by hour, by weekday, by kind, … */
const SERIES_CHARTS: Partial<Record<StatsSeriesName, SeriesChartDef>> = {
  tripsDistribution: {
    title: '办结件跑动次数分布',
    type: 'column',
    category: 'label',
    values: ['count', 'previousCount'],
  },
  itemsByLevel: { title: '各层级≤1次事项占比', type: 'column', category: 'level', values: ['itemShare'] },
  overdueByDepartment: {
    title: '当前超期在办（按部门）',
    type: 'bar',
    category: 'name',
    values: ['overdueOpen'],
    top: 10,
  },
  correctionByItem: {
    title: '补正率最高的事项',
    type: 'bar',
    category: 'name',
    values: ['correctionRate'],
    top: 8,
  },
  waitingByHour: {
    title: '各时段等候时长（分钟）',
    type: 'column',
    category: 'hour',
    values: ['median', 'p90'],
  },
  slotUseByWeekday: { title: '各星期号源使用率', type: 'column', category: 'label', values: ['share'] },
  byKind: { title: '投诉建议按类型', type: 'column', category: 'label', values: ['count', 'previous'] },
  levels: { title: '评价等级分布', type: 'column', category: 'label', values: ['count', 'previous'] },
};

function categoryOf(key: string, raw: unknown): string {
  if (key === 'hour' && typeof raw === 'number') return `${raw}时`;
  if (key === 'weekday' && typeof raw === 'number') return STATS_WEEKDAY_LABELS[raw - 1] ?? String(raw);
  return String(raw ?? '');
}

/** Charts of the response's series (in the contract's order), those with data. */
export function seriesChartsOf(res: StatsBaseResponse | undefined): ChartSpec[] {
  if (!res) return [];
  const out: ChartSpec[] = [];
  for (const [name, def] of Object.entries(SERIES_CHARTS) as Array<[StatsSeriesName, SeriesChartDef]>) {
    const raw = (res as unknown as Record<string, unknown>)[name];
    if (!Array.isArray(raw) || !raw.length) continue;
    const rows = (raw as StatsRow[]).slice(0, def.top ?? raw.length);
    const cols = STATS_SERIES_COLUMNS[name] as StatsColumn[];
    const shown = def.values.map((k) => cols.find((c) => c.key === k)).filter((c): c is StatsColumn => !!c);
    out.push({
      key: name,
      title: def.title,
      type: def.type,
      categories: rows.map((r) => categoryOf(def.category, r[def.category])),
      series: shown.map((c) => ({ name: c.label, data: rows.map((r) => numberAt(r, c.key)) })),
      percent: shown.every((c) => c.kind === 'share'),
      ...(def.type === 'bar' ? { height: Math.max(160, rows.length * 30 + 50) } : {}),
    });
  }
  return out;
}

/** The overview's weekly trend: the three shares as lines. */
export function trendChart(res: StatsOverviewResponse | undefined): ChartSpec | undefined {
  const trend = res?.trend ?? [];
  if (!trend.length) return undefined;
  const cols = STATS_SERIES_COLUMNS.trend.filter((c) => c.kind === 'share');
  return {
    key: 'trend',
    title: '每周趋势',
    type: 'line',
    categories: trend.map((w) => w.weekStart.slice(5)),
    series: cols.map((c) => ({
      name: c.label,
      data: trend.map((w) => numberAt(w as unknown as StatsRow, c.key)),
    })),
    percent: true,
  };
}

/** Departments (or items) ranked by the table's main column, best first, at most 10. */
export function rankingChart(area: StatsArea | 'overview', table: Table | undefined): ChartSpec | undefined {
  if (!table?.rows.length) return undefined;
  const col = rankingColumn(area, table);
  if (!col) return undefined;
  const rows = sortRows(table.rows, { key: col.key, dir: 'desc' }).slice(0, 10);
  return {
    key: 'ranking',
    title: `${table.level === 'item' ? '事项' : '部门'}排名 · ${col.label}`,
    type: 'bar',
    categories: rows.map(rowName),
    series: [{ name: col.label, data: rows.map((r) => numberAt(r, col.key)) }],
    percent: col.kind === 'share',
    height: Math.max(160, rows.length * 30 + 50),
  };
}

// ---- periods ----

export type PeriodKey = 'month' | 'lastMonth' | 'quarter' | 'year' | 'custom';
export const PERIODS: Array<{ key: PeriodKey; label: string }> = [
  { key: 'month', label: '本月' },
  { key: 'lastMonth', label: '上月' },
  { key: 'quarter', label: '近3月' },
  { key: 'year', label: '近12月' },
  { key: 'custom', label: '自定义' },
];

const DAY_MS = 86_400_000;
/** Today in China (the BFF reads periods as Asia/Shanghai days). */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fmt(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
}

/** 本月 (to today), 上月, and the last 3 or 12 months ending today. */
export function periodRange(
  key: Exclude<PeriodKey, 'custom'>,
  today = chinaToday(),
): { from: string; to: string } {
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (key) {
    case 'month':
      return { from: monthStart, to: today };
    case 'lastMonth':
      return { from: addMonths(monthStart, -1), to: fmt(parse(monthStart) - DAY_MS) };
    case 'quarter':
      return { from: fmt(parse(addMonths(today, -3)) + DAY_MS), to: today };
    case 'year':
      return { from: fmt(parse(addMonths(today, -12)) + DAY_MS), to: today };
  }
}
