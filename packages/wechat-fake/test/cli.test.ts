import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

const packageDir = path.resolve(__dirname, '..');

describe('CLI (src/cli.ts)', () => {
  it('prints the base URL when ready, serves requests, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--quiet'], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const lines = createInterface({ input: child.stdout });
      const [firstLine] = (await once(lines, 'line')) as [string];
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const info = await fetch(`${firstLine}/__fake/info`);
      expect(info.status).toBe(200);
      const { code } = (await (await fetch(`${firstLine}/__fake/login-code`, { method: 'POST' })).json()) as {
        code: string;
      };
      const { appId, secret } = (await info.json()) as { appId: string; secret: string };
      const session = await fetch(
        `${firstLine}/sns/jscode2session?appid=${appId}&secret=${secret}&js_code=${code}&grant_type=authorization_code`,
      );
      expect(((await session.json()) as { openid?: string }).openid).toBeDefined();

      child.kill('SIGTERM');
      const [exitCode, signal] = await exited;
      expect({ exitCode, signal, stderr: exitCode === 0 ? '' : stderr }).toEqual({
        exitCode: 0,
        signal: null,
        stderr: '',
      });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 0 on SIGINT too', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', '0'], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = once(child, 'exit');
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      child.kill('SIGINT');
      const [exitCode] = await exited;
      expect(exitCode).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
