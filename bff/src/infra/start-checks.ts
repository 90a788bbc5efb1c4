/**
 * What `npm start` checks before its slow work (the H5 build, the engine, the demo seeds): is the
 * port free, is the H5 build there and newer than the mini-program's sources.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The message for a port another process holds, naming the port and how to pick another. */
export function portTakenMessage(host: string, port: number): string {
  const next = port + 1;
  return (
    `Port ${port} on ${host} is already in use (another \`npm start\` or another server?).\n` +
    `Stop that process, or choose another port: PORT=${next} npm start`
  );
}

/** Resolves to undefined when `host:port` can be listened on, or to the message saying why not. */
export function checkPortFree(host: string, port: number): Promise<string | undefined> {
  if (port === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve(portTakenMessage(host, port));
      else if (err.code === 'EACCES')
        resolve(`Port ${port} on ${host} needs privileges; choose another: PORT=3000 npm start`);
      else if (err.code === 'EADDRNOTAVAIL')
        resolve(`HOST=${host} is not an address of this machine; try HOST=127.0.0.1 npm start`);
      else resolve(`Cannot listen on ${host}:${port}: ${err.message}`);
    });
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
}

/** Newest modification time (ms) of the files under `paths` (directories walked, node_modules and dist skipped). */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p)) {
        if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
        visit(path.join(p, name));
      }
    } else if (!/\.test\.tsx?$/.test(p)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  paths.forEach(visit);
  return newest;
}

export type H5BuildState = 'missing' | 'stale' | 'fresh';

/** The sources an H5 build is made from: the mini-program's, its build config and the shared contracts. */
export function miniappSources(root: string): string[] {
  return [
    path.join(root, 'miniapp', 'src'),
    path.join(root, 'miniapp', 'config'),
    path.join(root, 'miniapp', 'package.json'),
    path.join(root, 'miniapp', 'babel.config.js'),
    path.join(root, 'shared', 'src'),
  ];
}

/** 'missing' without an index.html, 'stale' when a source is newer than it, else 'fresh'. */
export function h5BuildState(indexHtml: string, sources: string[]): H5BuildState {
  let built: number;
  try {
    built = fs.statSync(indexHtml).mtimeMs;
  } catch {
    return 'missing';
  }
  return newestMtime(sources) > built ? 'stale' : 'fresh';
}

/**
 * Runs a build with its output captured, not streamed (progress bars with control codes are noise
 * in a log); on failure the last lines are returned so the person sees why.
 */
export function runQuietly(
  command: string,
  args: string[],
  options: SpawnSyncOptions,
  tailLines = 60,
): { ok: boolean; tail: string; ms: number } {
  const started = Date.now();
  const result = spawnSync(command, args, {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ok = result.status === 0;
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r?\n|\r/)
    .filter((line) => line.trim() !== '');
  const tail = ok ? '' : text.slice(-tailLines).join('\n') || String(result.error ?? '');
  return { ok, tail, ms: Date.now() - started };
}
