/**
 * The BFF as `npm start` runs it (embedded engine in memory, the Redis at REDIS_URL with the key
 * prefix the bench passes), seeded with the 4,505 demo items. Prints `{"url": …}` once listening.
 */
import { startServer } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';

async function main() {
  const running = await startServer(loadConfig());
  process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
  process.once('SIGTERM', () => void running.shutdown().then(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
