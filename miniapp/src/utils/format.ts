/** '即办' for 0, otherwise 'N 个工作日' (time limits always run in working days). */
export function formatWorkingDays(days: number): string {
  return days <= 0 ? '即办' : `${days} 个工作日`;
}

/** A share in [0, 1] as a percent string with one decimal, e.g. 0.734 → '73.4%'. */
export function formatPercent(share: number): string {
  const pct = Math.round(Math.max(0, share) * 1000) / 10;
  return `${pct % 1 === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}
