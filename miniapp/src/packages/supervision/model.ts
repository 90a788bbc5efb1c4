// What the 督查 page draws, computed from the figure responses (services/supervision.ts). Kept apart from
// the page so the mapping from contract fields to labels and charts sits in one place.
import type { StatsQuery, StatsResponse, StatsRow, SupervisionArea } from '../../services/supervision';

export type Kind = 'count' | 'share' | 'days' | 'hours' | 'minutes' | 'number';

export interface Column {
  key: string;
  label: string;
  kind: Kind;
}

export interface Figure {
  key: string;
  label: string;
  kind: Kind;
  value: number | null;
  previous: number | null;
  /** The plan's line for this figure (≤1 trip: 70%). */
  target?: number;
}

export const AREAS: Array<{ key: SupervisionArea; label: string }> = [
  { key: 'cases', label: '办件' },
  { key: 'appointments', label: '预约' },
  { key: 'consultations', label: '咨询' },
  { key: 'complaints', label: '投诉' },
  { key: 'ratings', label: '好差评' },
  { key: 'trips', label: '跑动次数' },
];

export const ONE_TRIP_TARGET = 0.7;

/** Chinese labels of the figures and columns the contract names (a column's own label wins). */
const LABELS: Record<string, [string, Kind]> = {
  oneTripShare: ['≤1次跑动办结占比', 'share'],
  closedOneTripShare: ['≤1次跑动办结占比', 'share'],
  casesOneTripShare: ['≤1次跑动办结占比', 'share'],
  itemsOneTripShare: ['≤1次事项占比', 'share'],
  publishedOneTripShare: ['≤1次事项占比', 'share'],
  zeroTripItems: ['零跑腿事项', 'count'],
  meanTrips: ['平均跑动次数', 'number'],
  tripsMean: ['平均跑动次数', 'number'],
  satisfaction: ['满意度', 'share'],
  satisfactionShare: ['满意度', 'share'],
  onTimeShare: ['按时办结率', 'share'],
  overdueOpen: ['当前超期', 'count'],
  overdueNow: ['当前超期', 'count'],
  overdue: ['超期', 'count'],
  received: ['收件', 'count'],
  accepted: ['受理', 'count'],
  closed: ['办结', 'count'],
  casesClosed: ['办结', 'count'],
  supplementRate: ['补正率', 'share'],
  medianDays: ['办理时长中位数', 'days'],
  p90Days: ['办理时长P90', 'days'],
  booked: ['预约', 'count'],
  checkedIn: ['签到', 'count'],
  cancelled: ['取消', 'count'],
  noShowRate: ['爽约率', 'share'],
  waitMedianMinutes: ['等候中位数', 'minutes'],
  waitP90Minutes: ['等候P90', 'minutes'],
  slotUse: ['号源使用率', 'share'],
  asked: ['咨询', 'count'],
  answered: ['已答复', 'count'],
  answerMedianHours: ['答复时长中位数', 'hours'],
  answerP90Hours: ['答复时长P90', 'hours'],
  faqDeflected: ['常见问题解答', 'count'],
  count: ['数量', 'count'],
  complaints: ['投诉', 'count'],
  onTimeClosing: ['按时办结率', 'share'],
  redoShare: ['重办率', 'share'],
  repeatRate: ['重复投诉率', 'share'],
  followUpSatisfaction: ['回访满意度', 'share'],
  ratings: ['评价', 'count'],
  bad: ['差评', 'count'],
  rectifiedOnTime: ['按期整改', 'count'],
  rectifyOverdue: ['整改超期', 'count'],
  rectifyOpen: ['整改中', 'count'],
  total: ['合计', 'count'],
};

const KIND_OF_SUFFIX: Array<[RegExp, Kind]> = [
  [/(Share|Rate|Use|satisfaction)$/i, 'share'],
  [/Days$/, 'days'],
  [/Hours$/, 'hours'],
  [/Minutes$/, 'minutes'],
];

export function labelOf(key: string): [string, Kind] {
  const known = LABELS[key];
  if (known) return known;
  const kind = KIND_OF_SUFFIX.find(([re]) => re.test(key))?.[1] ?? 'count';
  return [key, kind];
}

/** Headline figures in the contract's order; the ≤1-trip ones carry the 70% line. */
export function figuresOf(res: StatsResponse | undefined): Figure[] {
  return Object.entries(res?.headline ?? {}).map(([key, f]) => {
    const [label, kind] = labelOf(key);
    return {
      key,
      label,
      kind,
      value: f.value ?? null,
      previous: f.previous ?? null,
      ...(/OneTripShare$|^oneTripShare$/.test(key) ? { target: ONE_TRIP_TARGET } : {}),
    };
  });
}

const HEADLINE_ORDER = [
  ['oneTripShare', 'closedOneTripShare', 'casesOneTripShare'],
  ['satisfaction', 'satisfactionShare'],
  ['onTimeShare'],
  ['overdueOpen', 'overdueNow'],
];

/** The overview's headline row: ≤1-trip share vs 70%, satisfaction, on-time share, overdue now, then the rest. */
export function headlineRow(res: StatsResponse | undefined): Figure[] {
  const all = figuresOf(res);
  const first = HEADLINE_ORDER.map((keys) => all.find((f) => keys.includes(f.key))).filter(
    (f): f is Figure => !!f,
  );
  return [...first, ...all.filter((f) => !first.includes(f))];
}

export function formatValue(value: number | null | undefined, kind: Kind): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (kind) {
    case 'share': {
      const pct = Math.round(value * 1000) / 10;
      return `${pct % 1 === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
    }
    case 'days':
      return `${round1(value)} 天`;
    case 'hours':
      return `${round1(value)} 小时`;
    case 'minutes':
      return `${round1(value)} 分钟`;
    case 'number':
      return String(round1(value));
    default:
      return String(Math.round(value));
  }
}
const round1 = (v: number) => Math.round(v * 10) / 10;

/** 环比: the change against the previous period, as an arrow and the difference (shares in points). */
export function changeOf(f: Pick<Figure, 'value' | 'previous' | 'kind'>): {
  arrow: '↑' | '↓' | '→' | '';
  text: string;
} {
  if (f.value === null || f.previous === null) return { arrow: '', text: '上期无数据' };
  const diff = f.value - f.previous;
  const arrow = Math.abs(diff) < 1e-9 ? '→' : diff > 0 ? '↑' : '↓';
  const size =
    f.kind === 'share'
      ? `${round1(Math.abs(diff) * 100)} 个百分点`
      : formatValue(Math.abs(diff), f.kind === 'count' ? 'number' : f.kind);
  return { arrow, text: arrow === '→' ? '与上期持平' : `较上期 ${size}` };
}

/** A falling overdue count is good news: which way is better for this figure. */
export function higherIsBetter(key: string): boolean {
  return !/overdue|noShow|redo|repeat|bad|supplement|Days$|Hours$|Minutes$|wait/i.test(key);
}

// ---- tables ----

const NAME_KEYS = ['departmentName', 'itemName', 'hallName', 'name', 'label'];
const CODE_KEYS = ['departmentCode', 'department', 'itemCode', 'item', 'hallCode', 'hall', 'code'];

export interface Table {
  /** `department` rows drill into their items; `item` rows are the end. */
  level: 'department' | 'item';
  columns: Column[];
  rows: StatsRow[];
}

export const rowName = (row: StatsRow): string => {
  for (const k of NAME_KEYS) if (typeof row[k] === 'string' && row[k]) return row[k] as string;
  return rowCode(row);
};
export const rowCode = (row: StatsRow): string => {
  for (const k of CODE_KEYS) if (typeof row[k] === 'string' && row[k]) return row[k] as string;
  return '';
};

/** The response's table: its item rows after a drill-down, else its department rows. */
export function tableOf(res: StatsResponse | undefined): Table | undefined {
  if (!res) return undefined;
  const level = res.byItem ? 'item' : 'department';
  const rows = res.byItem ?? res.byDepartment ?? [];
  const given = res.columns?.map((c) => ({ key: c.key, label: c.label, kind: toKind(c.kind, c.key) }));
  const columns = (given ?? inferColumns(rows)).filter(
    (c) => !NAME_KEYS.includes(c.key) && !CODE_KEYS.includes(c.key),
  );
  return { level, columns, rows };
}

function toKind(kind: string | undefined, key: string): Kind {
  const k = kind as Kind | undefined;
  return k && ['count', 'share', 'days', 'hours', 'minutes', 'number'].includes(k) ? k : labelOf(key)[1];
}

function inferColumns(rows: StatsRow[]): Column[] {
  const keys: string[] = [];
  for (const row of rows)
    for (const [k, v] of Object.entries(row)) if ((typeof v === 'number' || v === null) && !keys.includes(k)) keys.push(k);
  return keys.map((key) => {
    const [label, kind] = labelOf(key);
    return { key, label, kind };
  });
}

export type Sort = { key: string; dir: 'asc' | 'desc' };

export function sortRows(rows: StatsRow[], sort: Sort | undefined): StatsRow[] {
  if (!sort) return rows;
  const sign = sort.dir === 'asc' ? 1 : -1;
  const val = (r: StatsRow) => (typeof r[sort.key] === 'number' ? (r[sort.key] as number) : null);
  return [...rows].sort((a, b) => {
    const x = val(a);
    const y = val(b);
    if (x === null && y === null) return 0;
    if (x === null) return 1; // rows without a figure last, either way
    if (y === null) return -1;
    return (x - y) * sign;
  });
}

/** The column the ranking chart shows: the first share (the area's main rate), else the first count. */
export function rankingColumn(table: Table): Column | undefined {
  return table.columns.find((c) => c.kind === 'share') ?? table.columns[0];
}

// ---- area-specific series (trips distribution, waiting time by hour, …) ----

export interface SeriesChart {
  key: string;
  title: string;
  categories: string[];
  series: Array<{ name: string; data: Array<number | null> }>;
  percent: boolean;
}

const SERIES_TITLES: Record<string, string> = {
  distribution: '每件跑动次数分布',
  tripsDistribution: '每件跑动次数分布',
  waitingByHour: '各时段等候时长（分钟）',
  waitByHour: '各时段等候时长（分钟）',
  slotUseByWeekday: '各工作日号源使用率',
  byKind: '按类型',
  byLevel: '按评价等级',
};
const SKIP = new Set(['byDepartment', 'byItem', 'trend', 'columns']);
const CATEGORY_KEYS = ['label', 'bucket', 'trips', 'hour', 'weekday', 'kind', 'level', 'name', 'weekStart'];
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function categoryOf(key: string, raw: unknown): string {
  if (key === 'hour' && typeof raw === 'number') return `${raw}时`;
  if (key === 'weekday' && typeof raw === 'number') return WEEKDAYS[raw % 7] ?? String(raw);
  if (key === 'trips' && typeof raw === 'number') return `${raw}次`;
  return String(raw);
}

/** Every array of `{ <category>, <numbers>… }` in a response other than its tables: one chart each. */
export function seriesChartsOf(res: StatsResponse | undefined): SeriesChart[] {
  if (!res) return [];
  const out: SeriesChart[] = [];
  for (const [key, value] of Object.entries(res)) {
    if (SKIP.has(key) || !Array.isArray(value) || !value.length) continue;
    const rows = value.filter((r): r is StatsRow => !!r && typeof r === 'object');
    const catKey = CATEGORY_KEYS.find((k) => rows.every((r) => r[k] !== undefined));
    if (!catKey) continue;
    const numKeys = Object.keys(rows[0]).filter(
      (k) => k !== catKey && rows.some((r) => typeof r[k] === 'number'),
    );
    if (!numKeys.length) continue;
    const kinds = numKeys.map((k) => labelOf(k)[1]);
    const percent = kinds.every((k) => k === 'share');
    // Mixed units on one axis mislead: keep the keys of the first one's unit.
    const shown = numKeys.filter((_, i) => (kinds[i] === 'share') === percent);
    out.push({
      key,
      title: SERIES_TITLES[key] ?? key,
      categories: rows.map((r) => categoryOf(catKey, r[catKey])),
      series: shown.map((k) => ({
        name: labelOf(k)[0],
        data: rows.map((r) => (typeof r[k] === 'number' ? (r[k] as number) : null)),
      })),
      percent,
    });
  }
  return out;
}

// ---- the weekly trend (overview) ----

export function trendChart(res: StatsResponse | undefined): SeriesChart | undefined {
  const trend = res?.trend ?? [];
  if (!trend.length) return undefined;
  const keys = ['oneTripShare', 'onTimeShare', 'satisfaction'].filter((k) =>
    trend.some((w) => typeof w[k] === 'number' || w[k] === null),
  );
  return {
    key: 'trend',
    title: '每周趋势',
    categories: trend.map((w) => String(w.weekStart ?? '').slice(5)),
    series: keys.map((k) => ({
      name: labelOf(k)[0].replace('≤1次跑动办结占比', '≤1次跑动'),
      data: trend.map((w) => (typeof w[k] === 'number' ? (w[k] as number) : null)),
    })),
    percent: true,
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

export function periodRange(key: Exclude<PeriodKey, 'custom'>, today = chinaToday()): { from: string; to: string } {
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

/** A custom period as the BFF accepts it, or the Chinese reason it would refuse it. */
export function checkCustom(from: string, to: string): string | null {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  if (!re.test(from) || !re.test(to) || Number.isNaN(parse(from)) || Number.isNaN(parse(to)) ||
      fmt(parse(from)) !== from || fmt(parse(to)) !== to) {
    return '请按 2026-01-31 的格式填写日期';
  }
  if (from > to) return '开始日期不能晚于结束日期';
  if (to >= addMonths(from, 24)) return '统计区间最长 24 个月';
  return null;
}

export const queryKey = (q: StatsQuery) => `${q.from}|${q.to}|${q.department ?? ''}|${q.hall ?? ''}`;
