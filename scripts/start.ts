/**
 * `npm start`: builds the mini-program's H5 app when it has not been built yet, then runs the BFF,
 * which serves it at `/` with the API under `/api` (embedded MongoDB and demo data by default).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const h5Index = path.join(root, 'miniapp', 'dist', 'h5', 'index.html');
const miniappPackage = JSON.parse(fs.readFileSync(path.join(root, 'miniapp', 'package.json'), 'utf8'));

if (!process.env.H5_DIST && !fs.existsSync(h5Index) && miniappPackage.scripts?.['build:h5']) {
  console.log('H5 build missing: building the mini-program for the browser first (about a minute)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build:h5', '-w', '@app/miniapp'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    console.error('H5 build failed; starting the API without the web app.');
  }
}

require('../bff/src/main');
