import fs from 'node:fs';

/**
 * The file operations the durable store uses, in one place so a test can make them fail the way
 * a full or read-only disk does when it cannot mount one.
 */
export interface DiskIo {
  openSync(file: string, flags: string): number;
  closeSync(fd: number): void;
  write(fd: number, buf: Buffer, position: number): Promise<void>;
  fdatasync(fd: number): Promise<void>;
  fdatasyncSync(fd: number): void;
  ftruncateSync(fd: number, size: number): void;
  fsyncDir(dir: string): Promise<void>;
  fsyncDirSync(dir: string): void;
  rmSync(file: string): void;
  renameSync(from: string, to: string): void;
}

async function writeAll(fd: number, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const written = await new Promise<number>((resolve, reject) =>
      fs.write(fd, buf, done, buf.length - done, position + done, (err, n) =>
        err ? reject(err) : resolve(n),
      ),
    );
    done += written;
  }
}

function fsyncDirSync(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export const nodeDiskIo: DiskIo = {
  openSync: (file, flags) => fs.openSync(file, flags),
  closeSync: (fd) => fs.closeSync(fd),
  write: writeAll,
  fdatasync: (fd) =>
    new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()))),
  fdatasyncSync: (fd) => fs.fdatasyncSync(fd),
  ftruncateSync: (fd, size) => fs.ftruncateSync(fd, size),
  fsyncDir: async (dir) => {
    const handle = await fs.promises.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  fsyncDirSync,
  rmSync: (file) => fs.rmSync(file, { force: true }),
  renameSync: (from, to) => fs.renameSync(from, to),
};
