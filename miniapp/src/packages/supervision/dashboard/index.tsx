import { useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import {
  STATS_AREA_LABELS,
  checkStatsPeriod,
  type Department,
  type Hall,
  type MeResponse,
  type StatsArea,
  type StatsPeriod,
  type StatsRow,
} from '@app/shared';
import { Button } from '../../../components/nut';
import { StatusView } from '../../../components/status-view';
import { useRemote } from '../../../hooks/use-remote';
import { errorMessage } from '../../../services/api-client';
import { installSession, isStaffRole, readSession } from '../../../services/auth';
import { listDepartments, listHalls } from '../../../services/catalog';
import { exportTable, getAreaStats, getOverview, type PeriodQuery } from '../../../services/supervision';
import { getMe } from '../../../services/users';
import { toast } from '../../../utils/confirm';
import { STAFF_LOGIN_ROUTE } from '../../../utils/routes';
import { Chart } from '../components/chart';
import {
  AREAS,
  PERIODS,
  changeOf,
  figuresOf,
  formatValue,
  headlineRow,
  higherIsBetter,
  periodRange,
  rankingChart,
  rowCode,
  rowName,
  seriesChartsOf,
  sortRows,
  tableOf,
  trendChart,
  type ChartSpec,
  type Figure,
  type PeriodKey,
  type Sort,
  type Table,
} from '../model';
import './index.scss';

type Range = { from: string; to: string };

interface Viewer {
  me: MeResponse;
  departments: Department[];
  halls: Hall[];
}

/** Who looks: supervisors and admins see every department, staff only their own (the BFF enforces it too). */
async function loadViewer(): Promise<Viewer> {
  installSession();
  const me = await getMe();
  const [departments, halls] = await Promise.all([
    listDepartments().catch(() => []),
    listHalls().catch(() => []),
  ]);
  return { me, departments, halls };
}

function FigureCard({ f }: { f: Figure }) {
  const change = changeOf(f);
  const good =
    change.arrow === '→' || change.arrow === '' ? '' : (change.arrow === '↑') === higherIsBetter(f.key);
  return (
    <View className="sv-figure" data-testid={`figure-${f.key}`}>
      <Text className="sv-figure__label">{f.label}</Text>
      <Text className="sv-figure__value">{formatValue(f.value, f.kind)}</Text>
      {f.target !== undefined ? (
        <Text
          className={`sv-figure__target${f.value !== null && f.value >= f.target ? ' sv-figure__target--ok' : ''}`}
        >
          {`目标 ${formatValue(f.target, 'share')}${f.value !== null && f.value >= f.target ? ' · 已达标' : ''}`}
        </Text>
      ) : null}
      <Text
        className={`sv-figure__change${good === '' ? '' : good ? ' sv-figure__change--good' : ' sv-figure__change--bad'}`}
        data-testid="figure-change"
      >
        {`环比 ${change.arrow} ${change.text}`}
      </Text>
    </View>
  );
}

function SpecChart({ id, spec }: { id: string; spec: ChartSpec }) {
  return (
    <View className="sv-card">
      <Chart
        id={id}
        title={spec.title}
        type={spec.type}
        categories={spec.categories}
        series={spec.series}
        percent={spec.percent}
        height={spec.height}
      />
    </View>
  );
}

function Chip(props: { label: string; active: boolean; testId: string; onClick: () => void }) {
  return (
    <Text
      className={`sv-chip${props.active ? ' sv-chip--active' : ''}`}
      data-testid={props.testId}
      onClick={props.onClick}
    >
      {props.label}
    </Text>
  );
}

function ExportButton(props: { label: string; busy: boolean; onClick: () => void; testId: string }) {
  return (
    <Button
      size="small"
      fill="outline"
      type="primary"
      data-testid={props.testId}
      loading={props.busy}
      disabled={props.busy}
      onClick={props.onClick}
    >
      {props.label}
    </Button>
  );
}

function DataTable(props: {
  table: Table;
  sort: Sort | undefined;
  onSort: (key: string) => void;
  onDrill?: (row: StatsRow) => void;
}) {
  const { table, sort, onSort, onDrill } = props;
  const rows = sortRows(table.rows, sort);
  return (
    <ScrollView className="sv-table-scroll" scrollX enhanced showScrollbar={false}>
      <View className="sv-table" data-testid="stats-table">
        <View className="sv-table__row sv-table__row--head">
          <Text className="sv-table__cell sv-table__cell--name">
            {table.level === 'item' ? '事项' : '部门'}
          </Text>
          {table.columns.map((c) => (
            <Text
              key={c.key}
              className="sv-table__cell sv-table__cell--head"
              data-testid={`sort-${c.key}`}
              onClick={() => onSort(c.key)}
            >
              {`${c.label}${sort?.key === c.key ? (sort.dir === 'desc' ? ' ▼' : ' ▲') : ''}`}
            </Text>
          ))}
        </View>
        {rows.map((row, i) => (
          <View
            key={rowCode(row) || i}
            className={`sv-table__row${onDrill ? ' sv-table__row--link' : ''}`}
            data-testid={`row-${rowCode(row) || i}`}
            onClick={onDrill ? () => onDrill(row) : undefined}
          >
            <Text className="sv-table__cell sv-table__cell--name">
              {`${rowName(row)}${onDrill ? ' ›' : ''}`}
            </Text>
            {table.columns.map((c) => (
              <Text key={c.key} className="sv-table__cell">
                {formatValue(typeof row[c.key] === 'number' ? (row[c.key] as number) : null, c.kind)}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </ScrollView>
  );
}

/** 督查: the reform's figures for a period, as a headline row, charts and sortable tables with Excel export. */
export default function SupervisionPage() {
  const viewer = useRemote(loadViewer, []);
  const me = viewer.data?.me;
  const scoped = me?.role === 'staff';

  const [period, setPeriod] = useState<PeriodKey>('month');
  // The period the person chose. Until they do it is undefined and the page asks without from/to: the
  // BFF answers for its default (本月 in China time) and says which days in `period`.
  const [range, setRange] = useState<Range | undefined>();
  // That default period, from the first answer: the presets (上月, 近3月…) count from the BFF's today,
  // so a phone with a wrong date or time zone still gets the right months.
  const [baseline, setBaseline] = useState<Range | undefined>();
  const [draft, setDraft] = useState<Range>({ from: '', to: '' });
  const [customError, setCustomError] = useState<string | null>(null);
  const [department, setDepartment] = useState<string | undefined>();
  const [hall, setHall] = useState<string | undefined>();
  const [area, setArea] = useState<StatsArea>('cases');
  const [sort, setSort] = useState<Sort | undefined>();
  const [exporting, setExporting] = useState<string | null>(null);

  useEffect(() => {
    // No staff session: the workbench's login first (like the other workbench pages).
    installSession();
    if (!isStaffRole(readSession()?.user.role)) void Taro.redirectTo({ url: STAFF_LOGIN_ROUTE });
  }, []);

  // Staff see their own department only: the filter is theirs and fixed.
  const effectiveDepartment = scoped ? (me?.department ?? undefined) : department;
  const query: PeriodQuery = { ...range, department: effectiveDepartment, hall };
  const key = `${query.from ?? ''}|${query.to ?? ''}|${query.department ?? ''}|${query.hall ?? ''}`;
  const ready = !!me;
  // The period on screen: the chosen one, else the BFF's default once an answer said which it is.
  const shownRange = range ?? baseline;

  /** An answer to a request without from/to carries the BFF's default period: keep it. */
  const rememberDefault = <T extends { period: StatsPeriod }>(res: T, asked: PeriodQuery): T => {
    if (!asked.from) setBaseline((b) => b ?? { from: res.period.from, to: res.period.to });
    return res;
  };
  const overview = useRemote(
    () =>
      ready
        ? getOverview(query).then((res) => rememberDefault(res, query))
        : new Promise<never>(() => undefined),
    [key, ready],
  );
  const stats = useRemote(
    () =>
      ready
        ? getAreaStats(area, query).then((res) => rememberDefault(res, query))
        : new Promise<never>(() => undefined),
    [area, key, ready],
  );
  const reloadAll = () => {
    overview.reload();
    stats.reload();
  };

  /**
   * Any change the person makes pins the default period as explicit from/to, so what is asked next is
   * the period on screen even if the BFF's day moved on meanwhile.
   */
  const pinPeriod = () => setRange((r) => r ?? baseline);
  const changeDepartment = (code: string | undefined) => {
    pinPeriod();
    setDepartment(code);
  };
  const changeHall = (code: string | undefined) => {
    pinPeriod();
    setHall(code);
  };
  const changeArea = (next: StatsArea) => {
    pinPeriod();
    setSort(undefined);
    setArea(next);
  };

  const pickPeriod = (p: PeriodKey) => {
    if (!baseline) return; // the chips show once the BFF's period is known
    setPeriod(p);
    setCustomError(null);
    if (p === 'custom') {
      setDraft(shownRange ?? baseline);
      return;
    }
    setRange(periodRange(p, baseline.to));
  };
  const applyCustom = () => {
    const from = draft.from.trim();
    const to = draft.to.trim();
    // The BFF's own check (same sentence as its 400), before asking.
    const problem = checkStatsPeriod(from, to);
    setCustomError(problem?.message ?? null);
    if (!problem) setRange({ from, to });
  };

  const onSort = (col: string) =>
    setSort((s) =>
      s?.key === col ? { key: col, dir: s.dir === 'desc' ? 'asc' : 'desc' } : { key: col, dir: 'desc' },
    );
  const drill = (row: StatsRow) => {
    const code = rowCode(row);
    if (!code) return;
    setSort(undefined);
    changeDepartment(code);
  };

  const runExport = async (what: StatsArea | 'overview', name: string) => {
    setExporting(what);
    try {
      // The file is for the period on screen (the default one named, once known).
      await exportTable(what, { ...query, ...shownRange }, name);
      if (process.env.TARO_ENV !== 'weapp') toast('已导出', 'success');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setExporting(null);
    }
  };

  const departments = viewer.data?.departments ?? [];
  const halls = viewer.data?.halls ?? [];
  const departmentName = (code?: string) => departments.find((d) => d.code === code)?.name ?? code;
  const areaLabel = STATS_AREA_LABELS[area];
  const headline = useMemo(() => headlineRow(overview.data), [overview.data]);
  const trend = useMemo(() => trendChart(overview.data), [overview.data]);
  const overviewRanking = useMemo(
    () => rankingChart('overview', tableOf('overview', overview.data)),
    [overview.data],
  );
  // The area's response is for the tab it was asked for: while another loads, nothing stale is drawn.
  const shown = stats.data && !stats.loading ? stats.data : undefined;
  const table = useMemo(() => tableOf(area, shown), [area, shown]);
  const areaFigures = useMemo(() => figuresOf(area, shown), [area, shown]);
  const seriesCharts = useMemo(() => seriesChartsOf(shown), [shown]);
  const areaRanking = useMemo(() => rankingChart(area, table), [area, table]);

  return (
    <View className="sv-page">
      <StatusView loading={viewer.loading} error={viewer.error} onRetry={viewer.reload}>
        <View className="sv-card sv-filters">
          {shownRange ? (
            <View className="sv-chips" data-testid="period-picker">
              {PERIODS.map((p) => (
                <Chip
                  key={p.key}
                  label={p.label}
                  testId={`period-${p.key}`}
                  active={period === p.key}
                  onClick={() => pickPeriod(p.key)}
                />
              ))}
            </View>
          ) : (
            // No answer yet says which days 本月 is: nothing to pick from until one does.
            <StatusView
              loading={!overview.error || !stats.error}
              error={overview.error && stats.error ? '未能获取统计区间，请检查网络后重试' : null}
              onRetry={reloadAll}
              compact
            />
          )}
          {shownRange && period === 'custom' ? (
            <View className="sv-custom">
              <Input
                className="sv-custom__input"
                aria-label="开始日期"
                value={draft.from}
                placeholder="2026-01-01"
                maxlength={10}
                onInput={(e) => setDraft((d) => ({ ...d, from: e.detail.value }))}
              />
              <Text className="sv-muted">至</Text>
              <Input
                className="sv-custom__input"
                aria-label="结束日期"
                value={draft.to}
                placeholder="2026-01-31"
                maxlength={10}
                onInput={(e) => setDraft((d) => ({ ...d, to: e.detail.value }))}
                onConfirm={applyCustom}
              />
              <Button size="small" type="primary" onClick={applyCustom}>
                确定
              </Button>
            </View>
          ) : null}
          {customError ? (
            <Text className="sv-error" data-testid="custom-error">
              {customError}
            </Text>
          ) : null}
          {shownRange ? (
            <Text
              className="sv-muted"
              data-testid="period-range"
            >{`统计区间：${shownRange.from} 至 ${shownRange.to}`}</Text>
          ) : null}
          {scoped ? (
            <Text className="sv-muted" data-testid="scope-note">
              {`仅显示本部门：${departmentName(me?.department) ?? '未指定部门'}`}
            </Text>
          ) : (
            <ScrollView className="sv-chip-row" scrollX enhanced showScrollbar={false}>
              <View className="sv-chips sv-chips--nowrap" data-testid="department-filter">
                <Chip
                  label="全部部门"
                  testId="dept-all"
                  active={!department}
                  onClick={() => changeDepartment(undefined)}
                />
                {departments.map((d) => (
                  <Chip
                    key={d.code}
                    label={d.name}
                    testId={`dept-${d.code}`}
                    active={department === d.code}
                    onClick={() => changeDepartment(d.code)}
                  />
                ))}
              </View>
            </ScrollView>
          )}
          {halls.length ? (
            <ScrollView className="sv-chip-row" scrollX enhanced showScrollbar={false}>
              <View className="sv-chips sv-chips--nowrap" data-testid="hall-filter">
                <Chip
                  label="全部大厅"
                  testId="hall-all"
                  active={!hall}
                  onClick={() => changeHall(undefined)}
                />
                {halls.map((h) => (
                  <Chip
                    key={h.code}
                    label={h.name}
                    testId={`hall-${h.code}`}
                    active={hall === h.code}
                    onClick={() => changeHall(h.code)}
                  />
                ))}
              </View>
            </ScrollView>
          ) : null}
        </View>

        <StatusView loading={overview.loading} error={overview.error} onRetry={overview.reload} compact>
          <View className="sv-headline" data-testid="headline">
            {headline.map((f) => (
              <FigureCard key={f.key} f={f} />
            ))}
          </View>
          <View className="sv-card">
            {trend ? (
              <Chart
                id="sv-trend"
                title={trend.title}
                type="line"
                categories={trend.categories}
                series={trend.series}
                percent
              />
            ) : (
              <Text className="sv-muted">本期暂无每周数据</Text>
            )}
            <View className="sv-card__actions">
              <ExportButton
                label="导出总览 Excel"
                testId="export-overview"
                busy={exporting === 'overview'}
                onClick={() => void runExport('overview', '督查总览')}
              />
            </View>
          </View>
          {overviewRanking ? <SpecChart id="sv-overview-ranking" spec={overviewRanking} /> : null}
        </StatusView>

        <ScrollView className="sv-chip-row sv-tabs-row" scrollX enhanced showScrollbar={false}>
          <View className="sv-tabs" data-testid="area-tabs">
            {AREAS.map((a) => (
              <Text
                key={a.key}
                className={`sv-tab${area === a.key ? ' sv-tab--active' : ''}`}
                data-testid={`area-${a.key}`}
                onClick={() => changeArea(a.key)}
              >
                {a.label}
              </Text>
            ))}
          </View>
        </ScrollView>

        {effectiveDepartment ? (
          <View className="sv-crumbs" data-testid="drill-crumbs">
            {scoped ? null : (
              <Text
                className="sv-crumbs__link"
                data-testid="drill-up"
                onClick={() => changeDepartment(undefined)}
              >
                全部部门
              </Text>
            )}
            {scoped ? null : <Text className="sv-muted">›</Text>}
            <Text className="sv-crumbs__here">{`${departmentName(effectiveDepartment)} · 各事项`}</Text>
          </View>
        ) : null}

        <StatusView
          loading={stats.loading}
          error={stats.error}
          onRetry={stats.reload}
          empty={!!table && !table.rows.length && !areaFigures.length}
          emptyText="本期暂无数据"
          compact
        >
          {areaFigures.length ? (
            <View className="sv-card sv-area-figures" data-testid="area-figures">
              {areaFigures.map((f) => {
                const change = changeOf(f);
                return (
                  <View key={f.key} className="sv-line" data-testid={`area-figure-${f.key}`}>
                    <Text className="sv-line__label">{f.label}</Text>
                    <Text className="sv-line__value">{formatValue(f.value, f.kind)}</Text>
                    <Text className="sv-line__change">{`${change.arrow} ${change.text}`}</Text>
                  </View>
                );
              })}
            </View>
          ) : null}
          {seriesCharts.map((c) => (
            <SpecChart key={c.key} id={`sv-${area}-${c.key}`} spec={c} />
          ))}
          {areaRanking ? <SpecChart id={`sv-${area}-ranking`} spec={areaRanking} /> : null}
          {table ? (
            <View className="sv-card">
              <View className="sv-card__head">
                <Text className="sv-card__title">
                  {`${areaLabel} · ${table.level === 'item' ? '按事项' : '按部门'}`}
                </Text>
                <ExportButton
                  label="导出 Excel"
                  testId="export-area"
                  busy={exporting === area}
                  onClick={() =>
                    void runExport(area, `督查-${areaLabel}${table.level === 'item' ? '-按事项' : ''}`)
                  }
                />
              </View>
              {table.rows.length ? (
                <DataTable
                  table={table}
                  sort={sort}
                  onSort={onSort}
                  onDrill={table.level === 'department' && !scoped ? drill : undefined}
                />
              ) : (
                <Text className="sv-muted">本期暂无数据</Text>
              )}
              {table.level === 'department' && !scoped && table.rows.length ? (
                <Text className="sv-muted">点部门查看其各事项</Text>
              ) : null}
            </View>
          ) : null}
        </StatusView>
      </StatusView>
    </View>
  );
}
