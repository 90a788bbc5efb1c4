import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  STATS_AREA_LABELS,
  STATS_HEADLINE_COLUMNS,
  STATS_SERIES_COLUMNS,
  STATS_TABLE_COLUMNS,
  type StatsArea,
  type StatsBaseResponse,
  type StatsColumn,
  type StatsColumnKind,
  type StatsFilters,
  type StatsRow,
  type StatsSeriesName,
} from '@app/shared';

const NUMBER_FORMATS: Record<StatsColumnKind, string | undefined> = {
  text: undefined,
  count: '0',
  share: '0.0%',
  days: '0.0',
  hours: '0.0',
  minutes: '0.0',
  number: '0.00',
};

/** Which series each area's export adds as further sheets (sheet name → response field). */
const SERIES: Record<
  StatsArea | 'overview',
  Array<{ sheet: string; field: string; columns: StatsSeriesName }>
> = {
  overview: [{ sheet: '按周趋势', field: 'trend', columns: 'trend' }],
  trips: [
    { sheet: '跑动次数分布', field: 'tripsDistribution', columns: 'tripsDistribution' },
    { sheet: '按事项层级', field: 'itemsByLevel', columns: 'itemsByLevel' },
  ],
  cases: [
    { sheet: '超期在办（按部门）', field: 'overdueByDepartment', columns: 'overdueByDepartment' },
    { sheet: '补正率（按事项）', field: 'correctionByItem', columns: 'correctionByItem' },
  ],
  appointments: [
    { sheet: '等候时长（按时段）', field: 'waitingByHour', columns: 'waitingByHour' },
    { sheet: '按大厅', field: 'byHall', columns: 'byHall' },
    { sheet: '号源使用（按星期）', field: 'slotUseByWeekday', columns: 'slotUseByWeekday' },
  ],
  consultations: [],
  complaints: [{ sheet: '按类型', field: 'byKind', columns: 'byKind' }],
  ratings: [{ sheet: '按评价等级', field: 'levels', columns: 'levels' }],
};

export function filtersText(f: StatsFilters): string {
  const parts = [
    f.department ? `部门：${f.departmentName ?? f.department}` : '部门：全部',
    f.hall ? `大厅：${f.hallName ?? f.hall}` : '大厅：全部',
    f.level ? `事项层级：${f.level}` : '事项层级：全部',
  ];
  return parts.join('；');
}

/** `督查总览-2026-09-01-2026-09-30.xlsx`, for Content-Disposition's filename*. */
export function exportFileName(area: StatsArea | 'overview', r: Pick<StatsBaseResponse, 'period'>): string {
  return `${STATS_AREA_LABELS[area]}-${r.period.from}-${r.period.to}.xlsx`;
}

function cellValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : String(v);
}

/**
 * Streams one area's figures as .xlsx (exceljs WorkbookWriter: rows are committed as they are
 * written, nothing is kept): the header rows (title, period, previous period, filters), the headline
 * with the previous period beside it, the department (or item) table, then one sheet per series.
 * Numbers stay numbers; shares carry a percent format.
 */
export function streamWorkbook(
  area: StatsArea | 'overview',
  r: StatsBaseResponse & Record<string, unknown>,
): Readable {
  const out = new PassThrough();
  const write = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const label = STATS_AREA_LABELS[area];
    const ws = wb.addWorksheet(label);
    ws.columns = Array.from({ length: 12 }, () => ({ width: 18 }));
    const header = (cells: unknown[], bold = false) => {
      const row = ws.addRow(cells);
      if (bold) row.font = { bold: true };
      row.commit();
    };
    header([`${label}统计`], true);
    header(['统计期间', `${r.period.from} 至 ${r.period.to}`, `${r.period.days} 天`]);
    header(['上期（环比）', `${r.previousPeriod.from} 至 ${r.previousPeriod.to}`]);
    header(['筛选条件', filtersText(r.filters)]);
    header(['生成时间', r.generatedAt]);
    header([]);

    header(['指标', '本期', '上期'], true);
    for (const c of STATS_HEADLINE_COLUMNS[area]) {
      const f = r.headline[c.key];
      const row = ws.addRow([c.label, f?.value ?? null, f?.previous ?? null]);
      const fmt = NUMBER_FORMATS[c.kind];
      if (fmt) {
        row.getCell(2).numFmt = fmt;
        row.getCell(3).numFmt = fmt;
      }
      row.commit();
    }
    header([]);

    const columns = STATS_TABLE_COLUMNS[area][r.table];
    header([r.table === 'department' ? '按部门' : `${r.filters.departmentName ?? ''}按事项`], true);
    writeTable(ws, columns, (r.table === 'department' ? r.byDepartment : r.byItem) ?? []);
    ws.commit();

    for (const s of SERIES[area]) {
      const sheet = wb.addWorksheet(s.sheet);
      sheet.columns = Array.from({ length: 10 }, () => ({ width: 18 }));
      writeTable(sheet, STATS_SERIES_COLUMNS[s.columns], (r[s.field] as StatsRow[] | undefined) ?? []);
      sheet.commit();
    }
    await wb.commit();
  };
  write().catch((err: Error) => out.destroy(err));
  return out;
}

function writeTable(ws: ExcelJS.Worksheet, columns: StatsColumn[], rows: StatsRow[]) {
  const head = ws.addRow(columns.map((c) => c.label));
  head.font = { bold: true };
  head.commit();
  for (const data of rows) {
    const row = ws.addRow(columns.map((c) => cellValue(data[c.key])));
    columns.forEach((c, i) => {
      const fmt = NUMBER_FORMATS[c.kind];
      if (fmt && typeof data[c.key] === 'number') row.getCell(i + 1).numFmt = fmt;
    });
    row.commit();
  }
}
