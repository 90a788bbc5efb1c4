/** '即办' for 0, otherwise 'N 个工作日' (time limits always run in working days). */
export function formatWorkingDays(days: number): string {
  return days <= 0 ? '即办' : `${days} 个工作日`;
}

/** A share in [0, 1] as a percent string with one decimal, e.g. 0.734 → '73.4%'. */
export function formatPercent(share: number): string {
  const pct = Math.round(Math.max(0, share) * 1000) / 10;
  return `${pct % 1 === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A moment in China time (UTC+8, no daylight saving), whatever the device's zone:
 * `14:05` today, `5月3日 14:05` another day; `withSeconds` adds `:ss`; `withDate` always shows the date.
 */
export function formatChinaTime(
  value: string | number | Date,
  options: { withSeconds?: boolean; withDate?: boolean; now?: Date } = {},
): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const china = new Date(date.getTime() + 8 * 3600_000);
  const today = new Date((options.now ?? new Date()).getTime() + 8 * 3600_000);
  const time = `${pad(china.getUTCHours())}:${pad(china.getUTCMinutes())}${
    options.withSeconds ? `:${pad(china.getUTCSeconds())}` : ''
  }`;
  const sameDay =
    china.getUTCFullYear() === today.getUTCFullYear() &&
    china.getUTCMonth() === today.getUTCMonth() &&
    china.getUTCDate() === today.getUTCDate();
  if (sameDay && !options.withDate) return time;
  const day = `${china.getUTCMonth() + 1}月${china.getUTCDate()}日`;
  const year = china.getUTCFullYear() === today.getUTCFullYear() ? '' : `${china.getUTCFullYear()}年`;
  return `${year}${day} ${time}`;
}
