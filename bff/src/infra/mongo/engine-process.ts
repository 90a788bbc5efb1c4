import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { engineNodeFlags } from '@app/mongo-embedded';
import type { Logger } from '../logger';

export interface EngineProcess {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

const CLI = path.resolve(__dirname, '..', '..', '..', '..', 'packages', 'mongo-embedded', 'src', 'cli.ts');

/**
 * Runs the embedded MongoDB engine with a data folder as its own process, as mongod would be: its
 * documents and checkpoints never share the BFF's event loop or heap. The engine stops when the BFF
 * stops (and by itself if the BFF dies: it watches its stdin). If the engine dies while the BFF
 * runs, `onCrash` is told, with the engine's last log lines.
 */
export function startEngineProcess(
  dbPath: string,
  logger: Logger,
  onCrash: (message: string) => void,
): Promise<EngineProcess> {
  // Heap room for every document, a larger young generation (node-flags.ts says why, with figures).
  const child: ChildProcess = spawn(
    process.execPath,
    [...engineNodeFlags(), '--import', 'tsx', CLI, '--port', '0', '--dbpath', dbPath, '--exit-with-parent'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const recent: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    if (line.startsWith('WARN ')) logger.warn({ engine: child.pid }, line.slice(5));
    else logger.info({ engine: child.pid }, line);
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const uri = line.trim();
      child.once('exit', (code, signal) => {
        if (stopping) return;
        onCrash(
          `the embedded MongoDB engine (pid ${child.pid}, data ${dbPath}) stopped unexpectedly (${signal ?? `exit code ${code}`}); its last log lines:\n${recent.join('\n')}`,
        );
      });
      resolve({
        uri,
        pid: child.pid!,
        async stop() {
          if (stopping) return exited;
          stopping = true;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
    child.once('exit', (code, signal) => {
      reject(
        new Error(
          `the embedded MongoDB engine did not start (${signal ?? `exit code ${code}`}): ${recent.join('\n') || 'no output'}`,
        ),
      );
    });
  });
}
