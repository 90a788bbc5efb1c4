import { spawn } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { itEmbedded } from './helpers/target';

const packageDir = path.resolve(__dirname, '..');
const tsxBin = path.resolve(packageDir, '../../node_modules/.bin/tsx');

itEmbedded(
  'serve prints one URI line, accepts connections and exits 0 on SIGTERM',
  async () => {
    const child = spawn(tsxBin, ['src/cli.ts', '--port', '0'], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const uri = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+/);

    const client = await new MongoClient(uri).connect();
    await client.db('cli').collection('x').insertOne({ a: 1 });
    expect(await client.db('cli').collection('x').countDocuments()).toBe(1);
    await client.close();

    const exitCode = await new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
    expect(exitCode).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  },
  30_000,
);
