import { ensureWeappBuild } from './weapp-build';

/**
 * Builds the weapp output before the test files are collected (they list its app.json's pages), only
 * when the mini-program's sources changed since the last build. Jest runs a project's global setup only
 * when one of its tests is selected.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const build = await ensureWeappBuild();
  process.env.WEAPP_SMOKE_BUILD_MS = String(build.builtMs);
  if (build.builtMs) console.log(`\nweapp build: ${(build.builtMs / 1000).toFixed(1)} s`);
  else console.log(`\nweapp build: cached (sources unchanged; checked in ${Date.now() - started} ms)`);
}
