import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const MINIAPP = path.join(ROOT, 'miniapp');
export const WEAPP_DIST = path.join(MINIAPP, 'dist', 'weapp');
/** Outside dist/weapp, so it is never uploaded with the mini-program. */
const STAMP = path.join(MINIAPP, 'dist', '.weapp-smoke-stamp.json');
const LOCK = path.join(MINIAPP, '.weapp-build.lock');

/** What the weapp output is made from: our sources, the shared contracts, the build config, the pinned packages. */
const INPUTS = [
  path.join(MINIAPP, 'src'),
  path.join(MINIAPP, 'config'),
  path.join(MINIAPP, 'babel.config.js'),
  path.join(MINIAPP, 'package.json'),
  path.join(MINIAPP, 'project.config.json'),
  path.join(ROOT, 'shared', 'src'),
  path.join(ROOT, 'package-lock.json'),
];

function addFiles(hash: ReturnType<typeof createHash>, entry: string): void {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry).sort()) addFiles(hash, path.join(entry, name));
    return;
  }
  // Tests beside the code do not go into the build.
  if (/\.test\.tsx?$/.test(entry)) return;
  hash.update(path.relative(ROOT, entry)).update('\0').update(fs.readFileSync(entry)).update('\0');
}

/** A content hash of the build's inputs (content, not mtime: a checkout or a copy changes mtimes only). */
export function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) addFiles(hash, input);
  // The API base URL is compiled in.
  hash.update(`API=${process.env.TARO_APP_API_BASE_URL ?? ''}`);
  return hash.digest('hex');
}

interface Stamp {
  hash: string;
  /** app.js as this build left it: a later build by hand (other settings) makes the stamp stale. */
  appJsMtimeMs: number;
  buildMs: number;
}

function readStamp(): Stamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

function isCurrent(hash: string): boolean {
  const stamp = readStamp();
  const appJs = fs.statSync(path.join(WEAPP_DIST, 'app.js'), { throwIfNoEntry: false });
  return Boolean(stamp && appJs && stamp.hash === hash && stamp.appJsMtimeMs === appJs.mtimeMs);
}

export interface WeappBuild {
  dist: string;
  /** Milliseconds the build took, 0 when the cached one was current. */
  builtMs: number;
}

/**
 * The weapp build (`taro build --type weapp`), made only when the mini-program's sources differ from the
 * ones the current dist/weapp was built from. A lock folder (mkdir is atomic) keeps parallel runs from
 * building at once.
 */
export async function ensureWeappBuild(): Promise<WeappBuild> {
  const hash = sourcesHash();
  for (;;) {
    if (isCurrent(hash) && !fs.existsSync(LOCK)) return { dist: WEAPP_DIST, builtMs: 0 };
    try {
      fs.mkdirSync(LOCK);
    } catch {
      // Another run is building; a lock older than 10 minutes was left by a crashed run.
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 600_000) fs.rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      if (isCurrent(hash)) return { dist: WEAPP_DIST, builtMs: 0 };
      const started = Date.now();
      const result = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], {
        cwd: MINIAPP,
        encoding: 'utf8',
        // Jest sets NODE_ENV=test; the mini-program is built as `npm run build:weapp` builds it.
        env: { ...process.env, NODE_ENV: 'production' },
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0 || !fs.existsSync(path.join(WEAPP_DIST, 'app.js'))) {
        throw new Error(`weapp build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
      }
      const buildMs = Date.now() - started;
      const appJsMtimeMs = fs.statSync(path.join(WEAPP_DIST, 'app.js')).mtimeMs;
      fs.writeFileSync(STAMP, JSON.stringify({ hash, appJsMtimeMs, buildMs } satisfies Stamp));
      return { dist: WEAPP_DIST, builtMs: buildMs };
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
