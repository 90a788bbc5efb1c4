import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Redis } from 'ioredis';
import { engineNodeFlags } from '@app/mongo-embedded';

/**
 * `@app/mongo-embedded` as a standalone server process (as a mongod would be in production): the
 * database's documents then live in its heap, not in the BFF's, where they would slow every garbage
 * collection of the process under test. In memory, or on the data folder `dbPath`. Answers its URI
 * once it listens.
 */
export function startEngine(
  nodeArgs: string[] = [],
  dbPath?: string,
): Promise<{ child: ChildProcess; uri: string }> {
  const cli = path.join(__dirname, '..', '..', 'packages', 'mongo-embedded', 'src', 'cli.ts');
  const args = [
    ...engineNodeFlags(),
    ...nodeArgs,
    '--import',
    'tsx',
    cli,
    '--port',
    '0',
    ...(dbPath ? ['--dbpath', dbPath] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, uri: line.trim() }));
    child.once('exit', (code) => reject(new Error(`embedded engine exited with ${code}`)));
  });
}

/** A server script of this folder (bench-server.ts, bare-koa.ts) in its own process; answers once it prints `{"url": …}`. */
export function startServerScript(
  script: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('{"url"')) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Removes every Redis key a bench run wrote under its own prefix (the shared Redis outlives the run). */
export async function deleteKeysWithPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}
