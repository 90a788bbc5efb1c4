/**
 * `npm start`: checks the port first (before any slow work), builds the mini-program's H5 app when
 * it is missing or older than its sources (quietly; the output is shown only when the build fails),
 * then runs the BFF, which serves it at `/` with the API under `/api` (embedded MongoDB and demo
 * data by default).
 */
import path from 'node:path';
import fs from 'node:fs';
import { ConfigError, loadConfig } from '../bff/src/config/config';
import { checkPortFree, h5BuildState, miniappSources, runQuietly } from '../bff/src/infra/start-checks';

const root = path.resolve(__dirname, '..');

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

  const portProblem = await checkPortFree(config.http.host, config.http.port);
  if (portProblem) {
    console.error(portProblem);
    process.exit(1);
  }

  const h5Index = path.join(root, 'miniapp', 'dist', 'h5', 'index.html');
  const miniappPackage = JSON.parse(fs.readFileSync(path.join(root, 'miniapp', 'package.json'), 'utf8'));
  if (!process.env.H5_DIST && miniappPackage.scripts?.['build:h5']) {
    const state = h5BuildState(h5Index, miniappSources(root));
    if (state !== 'fresh') {
      console.log(
        state === 'missing'
          ? 'H5 build missing: building the mini-program for the browser first (a minute or two)…'
          : 'The mini-program changed since the last H5 build: rebuilding it (a minute or two)…',
      );
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const build = runQuietly(npm, ['run', 'build:h5', '-w', '@app/miniapp'], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production' },
      });
      if (build.ok) console.log(`H5 build done in ${Math.round(build.ms / 1000)} s.`);
      else {
        const serving = fs.existsSync(h5Index)
          ? 'serving the previous build'
          : 'starting without the web app';
        console.error(`${build.tail}\n\nH5 build failed (its last lines above); ${serving}.`);
      }
    }
  }

  require('../bff/src/main');
}

void main();
