import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, waitFor } from './processes';

const BFF_DIR = path.resolve(__dirname, '..', '..');

export interface BffChild {
  child: ChildProcess;
  url: string;
  port: number;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output(): string;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * The BFF as its own process (`node --import tsx src/main.ts`, what `npm start` runs) on stores the
 * test owns: MONGODB_URI (e.g. an embedded engine the test started, so data outlives the child),
 * REDIS_URL, WECHAT_API_BASE (a fake WeChat the test reads). Background jobs (workers, scheduler,
 * outbox sweep) are on. `requires`: files loaded with `--require` first (test hooks).
 */
export async function startBffChild(
  env: Record<string, string>,
  options: { requires?: string[]; readyTimeoutMs?: number } = {},
): Promise<BffChild> {
  const port = await freePort();
  const args = [
    ...(options.requires ?? []).flatMap((file) => ['--require', file]),
    '--import',
    'tsx',
    'src/main.ts',
  ];
  const child = spawn(process.execPath, args, {
    cwd: BFF_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      BACKGROUND_JOBS: 'on',
      H5_DIST: '/nonexistent-h5-dist',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(
    async () => {
      if (gone) throw new Error(`BFF child exited during start-up:\n${output.slice(-4000)}`);
      try {
        return (await fetch(`${url}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    options.readyTimeoutMs ?? 150_000,
    200,
  );
  return {
    child,
    url,
    port,
    exited,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
}
