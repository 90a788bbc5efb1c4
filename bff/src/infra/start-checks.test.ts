import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { checkPortFree, h5BuildState, runQuietly } from './start-checks';

describe('npm start: checks before the slow work', () => {
  it('names a taken port and how to choose another; a free port passes', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    try {
      const message = await checkPortFree('127.0.0.1', port);
      expect(message).toContain(`Port ${port}`);
      expect(message).toContain(`PORT=${port + 1} npm start`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    expect(await checkPortFree('127.0.0.1', port)).toBeUndefined();
  });

  it('rebuilds H5 when it is missing or a source is newer than the build', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'h5-state-'));
    try {
      const src = path.join(dir, 'src');
      const index = path.join(dir, 'dist', 'index.html');
      await fs.mkdir(path.join(src, 'pages'), { recursive: true });
      await fs.mkdir(path.dirname(index), { recursive: true });
      await fs.writeFile(path.join(src, 'pages', 'a.tsx'), 'x');
      expect(h5BuildState(index, [src])).toBe('missing');
      await fs.writeFile(index, '<html>');
      // Relative to the file system's own clock, not Date.now(): the tests' clock may be moved (TEST_NOW).
      const past = new Date((await fs.stat(index)).mtimeMs - 60_000);
      await fs.utimes(path.join(src, 'pages', 'a.tsx'), past, past);
      expect(h5BuildState(index, [src])).toBe('fresh');
      await fs.writeFile(path.join(src, 'pages', 'a.tsx'), 'changed');
      await fs.utimes(index, past, past);
      expect(h5BuildState(index, [src])).toBe('stale');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a build quiet when it succeeds and shows its last lines (no control codes) when it fails', () => {
    const ok = runQuietly(
      process.execPath,
      ['-e', 'for (let i = 0; i < 500; i++) console.log("\\x1b[2K progress " + i)'],
      {},
    );
    expect(ok).toMatchObject({ ok: true, tail: '' });
    const failed = runQuietly(
      process.execPath,
      ['-e', 'console.log("\\x1b[31mstep\\x1b[0m"); console.error("Module not found: ./x"); process.exit(2)'],
      {},
    );
    expect(failed.ok).toBe(false);
    expect(failed.tail).toBe('step\nModule not found: ./x');
  });
});
