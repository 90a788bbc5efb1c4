// A stand-in for @qiun/ucharts: records what each chart was asked to draw (jsdom has no canvas drawing).
export interface DrawnChart {
  canvasId: string | undefined;
  type: string;
  categories: string[];
  series: Array<{ name: string; data: Array<number | null> }>;
}

export const drawnCharts: DrawnChart[] = [];

/** The latest drawing of the chart on canvas `id`. */
export function lastDrawn(id: string): DrawnChart | undefined {
  return [...drawnCharts].reverse().find((c) => c.canvasId === id);
}

/** Each `showToolTip` call: on which canvas, with the event and option the page passed. */
export interface ShownTooltip {
  canvasId: string | undefined;
  event: unknown;
  option: unknown;
}
export const shownTooltips: ShownTooltip[] = [];

export default class UCharts {
  private readonly canvasId: string | undefined;

  constructor(opts: {
    type: string;
    context: { canvas?: { id?: string } };
    categories?: string[];
    series: Array<{ name: string; data: Array<number | null> }>;
  }) {
    this.canvasId = opts.context.canvas?.id;
    drawnCharts.push({
      canvasId: opts.context.canvas?.id,
      type: opts.type,
      categories: opts.categories ?? [],
      series: opts.series.map((s) => ({ name: s.name, data: s.data })),
    });
  }

  showToolTip(event: unknown, option?: unknown): void {
    shownTooltips.push({ canvasId: this.canvasId, event, option });
  }
}
