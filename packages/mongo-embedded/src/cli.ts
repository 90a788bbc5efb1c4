import { parseArgs } from 'node:util';
import { EmbeddedMongo } from './index';

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
  });
  process.stdout.write(`${server.uri()}\n`);

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
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
