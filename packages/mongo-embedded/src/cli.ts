import { parseArgs } from 'node:util';
import { EmbeddedMongo } from './index';
import { onBackgroundBuildsDone } from './storage/background-builds';

/**
 * `tsx src/cli.ts --port 27018 [--host 127.0.0.1] [--dbpath DIR]`
 * stdout gets exactly one line, the connection URI, once the server accepts connections;
 * logs go to stderr so scripts can read that line.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '27017' },
      host: { type: 'string', default: '127.0.0.1' },
      dbpath: { type: 'string' },
      /** Stop when stdin closes: the parent process that started us is gone. */
      'exit-with-parent': { type: 'boolean', default: false },
      /** `journal` (default) or `legacy-files` (the old, non-durable storage; for comparisons). */
      'storage-engine': { type: 'string', default: 'journal' },
      /** Journal bytes between checkpoints (tests use small values). */
      'checkpoint-bytes': { type: 'string' },
    },
  });
  const logger = {
    info: (msg: string) => console.error(msg),
    warn: (msg: string) => console.error(`WARN ${msg}`),
  };
  const server = await EmbeddedMongo.start({
    port: Number(values.port),
    host: values.host,
    dbPath: values.dbpath,
    logger,
    checkpointBytes: values['checkpoint-bytes'] ? Number(values['checkpoint-bytes']) : undefined,
    storageEngine: values['storage-engine'] === 'legacy-files' ? 'legacy-files' : 'journal',
  });
  process.stdout.write(`${server.uri()}\n`);
  onBackgroundBuildsDone(() => collectGarbage(logger));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}, shutting down`);
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.warn(String(err));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (values['exit-with-parent']) {
    process.stdin.on('end', () => shutdown('the parent process closed our stdin'));
    process.stdin.on('close', () => shutdown('the parent process closed our stdin'));
    process.stdin.resume();
  }
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/**
 * The indexes rebuilt after a restart are all ready: the garbage their building left is collected now,
 * in one pause while the rebuild is just over, instead of by a major collection that V8 would start at
 * the first queries afterwards (see storage/background-builds.ts). Needs `--expose-gc` (engineNodeFlags).
 */
function collectGarbage(logger: { info(msg: string): void }): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return;
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  gc();
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  logger.info(
    `indexes rebuilt; collected garbage in ${Math.round(performance.now() - t0)} ms (heap ${mb(before)} → ${mb(process.memoryUsage().heapUsed)} MB)`,
  );
}

main().catch((err: unknown) => {
  // A damaged data folder says which file and what to do; no stack trace needed for that.
  console.error(err instanceof Error && err.name === 'DamagedFileError' ? `FATAL ${err.message}` : err);
  process.exit(1);
});
