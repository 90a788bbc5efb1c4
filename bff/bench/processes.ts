import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/**
 * `@app/mongo-embedded` as a standalone server process (as a mongod would be in production): the
 * database's documents then live in its heap, not in the BFF's, where they would slow every garbage
 * collection of the process under test. Answers its URI once it listens.
 */
export function startEngine(nodeArgs: string[] = []): Promise<{ child: ChildProcess; uri: string }> {
  const cli = path.join(__dirname, '..', '..', 'packages', 'mongo-embedded', 'src', 'cli.ts');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', cli, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, uri: line.trim() }));
    child.once('exit', (code) => reject(new Error(`embedded engine exited with ${code}`)));
  });
}
