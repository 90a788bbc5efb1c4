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

export default class UCharts {
  constructor(opts: {
    type: string;
    context: { canvas?: { id?: string } };
    categories?: string[];
    series: Array<{ name: string; data: Array<number | null> }>;
  }) {
    drawnCharts.push({
      canvasId: opts.context.canvas?.id,
      type: opts.type,
      categories: opts.categories ?? [],
      series: opts.series.map((s) => ({ name: s.name, data: s.data })),
    });
  }
}
