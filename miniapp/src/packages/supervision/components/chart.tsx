import { useEffect, useRef, useState, type MouseEvent } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, Text, View } from '@tarojs/components';
import UCharts from '@qiun/ucharts';

export interface ChartSeries {
  name: string;
  data: Array<number | null>;
}

export interface ChartProps {
  /** Unique on the page: the weapp canvas is found by id. */
  id: string;
  title: string;
  type: 'line' | 'column' | 'bar';
  categories: string[];
  series: ChartSeries[];
  /** Height in px (the width is the container's). */
  height?: number;
  /** Values are shares 0..1: the axis shows percents. */
  percent?: boolean;
}

const COLORS = ['#1f5fbf', '#36b37e', '#fa8c16', '#e5484d', '#7a5af8'];
const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/** An axis maximum with whole-number ticks for counts (uCharts would split 0…4 into 0.8 steps). */
function countAxis(values: number[]): { max: number; splitNumber: number } {
  const top = Math.max(0, ...values);
  const splitNumber = 4;
  const step = Math.max(1, Math.ceil(top / splitNumber));
  return { max: step * splitNumber, splitNumber };
}

/** Long department or item names on the bar chart's axis: cut, the table has them whole. */
const short = (label: string) => (label.length > 8 ? `${label.slice(0, 7)}…` : label);

/** uCharts options for one chart: same look in the WeChat build and H5. */
function chartOptions(
  props: ChartProps,
  context: unknown,
  width: number,
  height: number,
  pixelRatio: number,
) {
  const { type, percent } = props;
  // Shares are drawn as percents (0..100) so the axis and the labels read like the headline row.
  const series = props.series.map((s) => ({
    name: s.name,
    data: s.data.map((v) => (v === null || v === undefined ? null : percent ? Math.round(v * 1000) / 10 : v)),
    ...(percent ? { formatter: (v: number) => `${v}%` } : {}),
  }));
  const values = series.flatMap((s) => s.data.filter((v): v is number => typeof v === 'number'));
  const axis = percent ? { max: 100, splitNumber: 5 } : countAxis(values);
  const bar = type === 'bar';
  const categories = bar ? props.categories.map(short) : props.categories;
  const many = categories.length > 8;
  return {
    type,
    context,
    width: width * pixelRatio,
    height: height * pixelRatio,
    pixelRatio,
    categories,
    series,
    color: COLORS,
    animation: false,
    background: '#FFFFFF',
    fontSize: 11,
    // Room on the right for the bars' value labels.
    padding: bar ? [8, 36, 4, 4] : [12, 12, 4, 4],
    dataLabel: type !== 'line' && categories.length <= 12,
    dataPointShape: !many,
    legend: { show: series.length > 1, position: 'top', fontSize: 11 },
    // A bar chart lays the values along x and the names down y (uCharts reads its axes that way).
    xAxis: bar
      ? { min: 0, ...axis, boundaryGap: 'justify', gridType: 'dash', dashLength: 3, fontSize: 10 }
      : {
          disableGrid: true,
          fontSize: 10,
          // Long labels: slant them rather than overlap.
          rotateLabel: type === 'column' && categories.length > 6 && categories.some((c) => c.length > 4),
          rotateAngle: 30,
          labelCount: many && type === 'line' ? 6 : undefined,
        },
    yAxis: bar
      ? { fontSize: 10 }
      : {
          gridType: 'dash',
          dashLength: 3,
          splitNumber: axis.splitNumber,
          data: [{ min: 0, max: axis.max, unit: percent ? '%' : '', fontSize: 10 }],
        },
    extra: {
      // A tap shows the point's values; the bars' own names go in the text (see tooltipOf).
      tooltip: { showCategory: !bar, fontSize: 11, lineHeight: 16 },
      line: { type: 'straight', width: 2 },
      column: { width: 14, seriesGap: 2, barBorderRadius: [3, 3, 0, 0] },
      bar: { width: 14, barBorderRadius: [0, 3, 3, 0] },
    },
  };
}

/**
 * The event uCharts' `showToolTip` reads: `changedTouches[0]` with `x`/`y` in CSS px from the canvas'
 * top-left corner. Its `getTouches` multiplies them by `pixelRatio` (our canvas is drawn at that scale),
 * and it only takes `x`/`y` when the touch has no `clientX`: with one it goes down a page-coordinates path
 * that ignores where the canvas is on the page, so the tapped column would be wrong in H5.
 */
export interface ChartTouchEvent {
  changedTouches: Array<{ x: number; y: number }>;
}

interface PointLike {
  x?: number;
  y?: number;
  clientX?: number;
  clientY?: number;
}
export interface TapLike extends PointLike {
  changedTouches?: ArrayLike<PointLike>;
  /** Taro (weapp) keeps the mini-program's own event here too. */
  mpEvent?: { changedTouches?: ArrayLike<PointLike> };
}

/**
 * Where a tap hit the chart, as uCharts wants it. WeChat's `<Canvas type="2d">` touch events carry
 * `CanvasTouch { x, y }`, already relative to the canvas; H5 mouse and touch events carry viewport
 * `clientX`/`clientY`, from which the canvas' own box (`getBoundingClientRect`) is taken away. (A DOM
 * MouseEvent also has `x`/`y`, but those are viewport coordinates: `clientX` decides.)
 */
export function chartTouchOf(
  event: TapLike,
  canvasBox?: { left: number; top: number },
): ChartTouchEvent | undefined {
  const touch = event.changedTouches?.[0] ?? event.mpEvent?.changedTouches?.[0] ?? event;
  if (typeof touch.clientX === 'number' && typeof touch.clientY === 'number') {
    if (!canvasBox) return undefined;
    return { changedTouches: [{ x: touch.clientX - canvasBox.left, y: touch.clientY - canvasBox.top }] };
  }
  if (typeof touch.x === 'number' && typeof touch.y === 'number')
    return { changedTouches: [{ x: touch.x, y: touch.y }] };
  return undefined;
}

/** A finger that moved further than this between touchstart and touchend scrolled the page: no tooltip. */
const TAP_SLOP = 10;

/** uCharts' tooltip option: bar charts show the department or item by its whole name (the axis cuts it). */
function tooltipOf(props: ChartProps) {
  if (props.type !== 'bar') return {};
  return {
    formatter: (item: { data: unknown }, _category: unknown, index: number) =>
      `${props.categories[index] ?? ''}：${String(item.data)}`,
  };
}

/** Chinese text for screen readers (and the tests): what the chart shows. */
function summary(props: ChartProps): string {
  const fmt = (v: number | null) =>
    v === null || v === undefined ? '无' : props.percent ? `${Math.round(v * 1000) / 10}%` : String(v);
  return props.series
    .map((s) => `${s.name}：${props.categories.map((c, i) => `${c} ${fmt(s.data[i] ?? null)}`).join('，')}`)
    .join('；');
}

/**
 * One chart drawn by uCharts on a canvas: in WeChat a `<Canvas type="2d">` node (the new canvas API,
 * found with a selector query), in H5 a plain HTML canvas. Redrawn whenever the data changes.
 */
export function Chart(props: ChartProps) {
  const { id, title, height = 220 } = props;
  const htmlCanvas = useRef<HTMLCanvasElement | null>(null);
  const chart = useRef<UCharts | null>(null);
  const touchStart = useRef<{ x: number; y: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify([props.type, props.categories, props.series, props.percent]);

  useEffect(() => {
    let alive = true;
    const draw = (
      canvas: { width: number; height: number; getContext(kind: '2d'): unknown },
      width: number,
    ) => {
      if (!alive || !width) return;
      // getWindowInfo where the base library has it (getSystemInfoSync is deprecated there).
      const ratio = IS_WEAPP
        ? (Taro.getWindowInfo?.() ?? Taro.getSystemInfoSync()).pixelRatio || 2
        : window.devicePixelRatio || 1;
      canvas.width = width * ratio;
      canvas.height = height * ratio;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      try {
        chart.current = new UCharts(chartOptions(props, ctx, width, height, ratio));
      } catch {
        setFailed(true);
      }
    };
    if (IS_WEAPP) {
      // The 2d canvas node exists once the page rendered it.
      Taro.nextTick(() => {
        Taro.createSelectorQuery()
          .select(`#${id}`)
          .fields({ node: true, size: true })
          .exec((res: Array<{ node?: never; width?: number } | null>) => {
            const hit = res?.[0];
            if (hit?.node) draw(hit.node, hit.width ?? 0);
          });
      });
    } else if (htmlCanvas.current) {
      const canvas = htmlCanvas.current;
      draw(
        canvas,
        Math.floor(canvas.getBoundingClientRect().width) || canvas.parentElement?.clientWidth || 320,
      );
    }
    return () => {
      alive = false;
    };
  }, [key, id, height]); // the props are read through `key`

  const showTooltip = (touch: ChartTouchEvent | undefined) => {
    if (touch && chart.current) chart.current.showToolTip(touch, tooltipOf(props));
  };
  // WeChat: a touch that ends where it started is a tap (a moving one scrolled the page).
  const onCanvasTouchStart = (e: TapLike) => {
    touchStart.current = chartTouchOf(e)?.changedTouches[0] ?? null;
  };
  const onCanvasTouchEnd = (e: TapLike) => {
    const start = touchStart.current;
    touchStart.current = null;
    const end = chartTouchOf(e);
    const at = end?.changedTouches[0];
    if (!start || !at || Math.hypot(at.x - start.x, at.y - start.y) > TAP_SLOP) return;
    showTooltip(end);
  };
  // H5: a click (a tap on a phone) in viewport coordinates, made relative to the canvas.
  const onHtmlCanvasClick = (e: MouseEvent<HTMLCanvasElement>) =>
    showTooltip(chartTouchOf(e, e.currentTarget.getBoundingClientRect()));

  const empty = !props.categories.length || props.series.every((s) => s.data.every((v) => v === null));
  return (
    <View className="sv-chart" data-testid={`chart-${id}`}>
      <Text className="sv-chart__title">{title}</Text>
      {empty ? (
        <Text className="sv-chart__empty">本期暂无数据</Text>
      ) : (
        <>
          {IS_WEAPP ? (
            <Canvas
              type="2d"
              id={id}
              canvasId={id}
              style={{ width: '100%', height: `${height}px` }}
              onTouchStart={onCanvasTouchStart}
              onTouchEnd={onCanvasTouchEnd}
            />
          ) : (
            <canvas
              ref={htmlCanvas}
              id={id}
              role="img"
              aria-label={`${title}：${summary(props)}`}
              onClick={onHtmlCanvasClick}
              style={{ display: 'block', width: '100%', height: `${height}px` }}
            />
          )}
          {failed ? <Text className="sv-chart__empty">图表绘制失败</Text> : null}
        </>
      )}
    </View>
  );
}
