// uCharts ships plain JS: the little of its API the 督查 charts use.
declare module '@qiun/ucharts' {
  export interface UChartsOptions {
    type: string;
    context: unknown;
    width: number;
    height: number;
    pixelRatio?: number;
    categories?: string[];
    series: Array<{ name: string; data: Array<number | null>; color?: string; format?: string }>;
    [option: string]: unknown;
  }
  export default class UCharts {
    constructor(opts: UChartsOptions);
    opts: UChartsOptions;
    showToolTip(e: unknown, option?: unknown): void;
  }
}
