import { ConfigError, loadConfig } from './config/config';
import { startServer } from './bootstrap';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './modules/users/demo/demo-accounts';

/** Process entry for `npm start`: parse config once, start, and stop cleanly on SIGTERM/SIGINT. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const running = await startServer(config);
  // The one line a person needs, plain (the log lines above are JSON).
  const demo = config.isProduction
    ? ''
    : `\nStaff workbench (我的 → 工作人员入口) demo accounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}` +
      ` (password ${DEMO_PASSWORD}; listed in README.md)`;
  console.log(`\nOpen ${running.url}/ in a browser (API under /api, docs at /docs)${demo}\n`);
  const stop = (signal: string) => {
    running.deps.logger.info({ signal }, 'signal received');
    running.shutdown().then(
      () => process.exit(0),
      (err) => {
        running.deps.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error('BFF failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
