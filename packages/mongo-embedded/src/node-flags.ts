import os from 'node:os';

/**
 * Node flags for the engine's own process. It keeps every document in its heap: at the year of
 * history `npm run seed:history` writes (≈ 600,000 documents and their indexes, 4 GB) Node's
 * default heap limit on these machines (4.3 GB) left it collecting garbage most of the time —
 * measured: 57 % of its CPU in the collector, the 督查 pipelines 160 s together and a restart 132 s;
 * with room (16 GB) 42 s and 88 s. The limit is three quarters of the machine's memory, or
 * MONGO_EMBEDDED_HEAP_MB. A larger young generation makes loading and write bursts cheaper.
 * `--expose-gc`: the server collects the garbage of its index rebuild once it is over (cli.ts).
 */
export function engineNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const configured = Number(env.MONGO_EMBEDDED_HEAP_MB);
  const heapMb =
    Number.isFinite(configured) && configured > 0
      ? Math.round(configured)
      : Math.max(2048, Math.floor((os.totalmem() / 1024 / 1024) * 0.75));
  return ['--max-semi-space-size=32', `--max-old-space-size=${heapMb}`, '--expose-gc'];
}
