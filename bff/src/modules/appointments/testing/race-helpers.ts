import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const WORKER_SCRIPT = path.join(__dirname, 'booking-race.worker.ts');

export interface WorkerResult {
  pid: number;
  outcomes: Record<string, number>;
  latencies: number[];
  elapsedMs: number;
}

export interface RaceWorker {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<WorkerResult>;
}

/** Starts a worker process (`node --import tsx`): resolves `ready` when connected, `result` with its JSON line. */
export function startWorker(env: Record<string, string>): RaceWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let parsed: WorkerResult | undefined;
  lines.on('line', (line) => {
    if (line === 'ready') markReady();
    else if (line.startsWith('{')) parsed = JSON.parse(line) as WorkerResult;
  });
  // Resolves once the process has exited (its pipes closed), with the JSON line it printed.
  const result = new Promise<WorkerResult>((resolve, reject) => {
    child.on('close', (code) => {
      if (code === 0 && parsed) resolve(parsed);
      else reject(new Error(`worker exited with ${code}: ${stderr}`));
    });
  });
  return { child, ready: Promise.race([ready, result.then(() => undefined)]), result };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
