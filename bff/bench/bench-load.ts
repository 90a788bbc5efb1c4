/** The load the HTTP benches put on a route and on the bare Koa baseline, with their shared settings. */
import autocannon from 'autocannon';

/** Seconds of each measured run. */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Seconds of load on the measured route before the first measured round. */
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 6);
/** Bare Koa and the measured route take turns this many times: a noisy moment then hits both, not one. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** What browsers and WeChat send; the same request headers go to both servers. */
export const CLIENT_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

/** CONNECTIONS connections asking `paths` in turn for `seconds`. */
export function load(
  title: string,
  url: string,
  paths: string[],
  headers: Record<string, string> = CLIENT_HEADERS,
  seconds = SECONDS,
): Promise<autocannon.Result> {
  return autocannon({
    title,
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers,
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });
}

export interface Round {
  baseline: autocannon.Result;
  measured: autocannon.Result;
  /** The measured route's req/s over the bare Koa route's, in the same round. */
  ratio: number;
}

/** ROUNDS rounds, each the bare Koa route then the measured route. */
export async function alternateRounds(
  baseline: () => Promise<autocannon.Result>,
  measured: () => Promise<autocannon.Result>,
): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const base = await baseline();
    const result = await measured();
    rounds.push({ baseline: base, measured: result, ratio: result.requests.average / base.requests.average });
  }
  return rounds;
}

/** The median round stands for the run: one noisy round neither makes nor breaks it. */
export function medianRound(rounds: Round[]): Round {
  return [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
}
