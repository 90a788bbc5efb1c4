import { parseArgs } from 'node:util';
import { FakeWeChatServer } from './index';

/**
 * `tsx src/cli.ts --port 3100 [--host 127.0.0.1] [--app-id wx...] [--secret ...] [--token-ttl 7200] [--quiet]`
 * stdout gets exactly one line, the base URL, once the server accepts requests; logs go to stderr.
 * Environment fallbacks: WECHAT_APP_ID, WECHAT_APP_SECRET.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3100' },
      host: { type: 'string', default: '127.0.0.1' },
      'app-id': { type: 'string' },
      secret: { type: 'string' },
      'token-ttl': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const log = (line: string) => console.error(`[wechat-fake] ${line}`);
  // Handlers go in before the URL is printed, so a signal sent right after reading it is never fatal.
  const running: { server?: FakeWeChatServer } = {};
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`received ${signal}, shutting down`);
    (running.server ? running.server.stop() : Promise.resolve()).then(
      () => process.exit(0),
      (err: unknown) => {
        log(String(err));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  const server = await FakeWeChatServer.start({
    port: Number(values.port),
    host: values.host,
    appId: values['app-id'] ?? (process.env.WECHAT_APP_ID || undefined),
    secret: values.secret ?? (process.env.WECHAT_APP_SECRET || undefined),
    tokenTtlSeconds: values['token-ttl'] ? Number(values['token-ttl']) : undefined,
    log: values.quiet ? undefined : log,
  });
  running.server = server;
  process.stdout.write(`${server.url}\n`);
  log(`appid ${server.appId}, secret ${server.secret}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
