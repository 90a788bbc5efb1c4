/** How the HTTP benches print their figures: numbers, and the table of rounds against bare Koa. */
import type autocannon from 'autocannon';
import type { Round } from './bench-load';

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Columns of the rounds table; `bytesPerResponse` adds the mean response size after p99. */
export function resultHeader({ bytesPerResponse = false } = {}): string[] {
  return [
    '',
    'req/s (avg)',
    'p50 ms',
    'p99 ms',
    ...(bytesPerResponse ? ['bytes/resp'] : []),
    'errors',
    'non-2xx',
    'of bare Koa',
  ];
}

/** One run as a row under resultHeader; `ratio` is its share of the bare Koa route's req/s. */
export function resultRow(
  name: string,
  res: autocannon.Result,
  ratio?: number,
  { bytesPerResponse = false } = {},
): string[] {
  return [
    name,
    fmt(res.requests.average),
    fmt(res.latency.p50, 1),
    fmt(res.latency.p99, 1),
    ...(bytesPerResponse ? [fmt(res.throughput.total / Math.max(1, res.requests.total))] : []),
    String(res.errors),
    String(res.non2xx),
    ratio === undefined ? '' : `${(ratio * 100).toFixed(1)}%`,
  ];
}

/** Each round's two rows: the bare Koa route, then `measuredName` with its ratio. */
export function roundRows(rounds: Round[], measuredName: string, options = { bytesPerResponse: false }) {
  return rounds.flatMap((r, i) => [
    resultRow(`round ${i + 1}: bare Koa route`, r.baseline, undefined, options),
    resultRow(`round ${i + 1}: ${measuredName}`, r.measured, r.ratio, options),
  ]);
}

/** After a blank line, the rows in aligned columns: the first left-aligned, the others right-aligned. */
export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log('');
  for (const r of rows)
    console.log(
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
    );
}
