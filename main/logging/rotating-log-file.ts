import fs from 'node:fs';
import path from 'node:path';

/** File-system calls the log file uses, replaceable in tests. */
export interface LogFs {
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  appendFileSync(file: string, data: string, options: { mode: number }): void;
  statSync(file: string): { size: number };
  renameSync(from: string, to: string): void;
  rmSync(file: string, options: { force: true }): void;
  readFileSync(file: string, encoding: 'utf8'): string;
  existsSync(file: string): boolean;
}

/** Where and how much to keep. */
export interface RotatingLogOptions {
  dir: string;
  /** `main.log`; older files are `main.1.log` … `main.<maxFiles-1>.log`. */
  baseName?: string;
  maxBytes?: number;
  maxFiles?: number;
  fs?: LogFs;
}

/** An append-only log file that rotates by size. */
export interface RotatingLogFile {
  readonly filePath: string;
  write(line: string): void;
  /** The last `count` lines, newest last, across the current and the previous file. */
  tail(count: number): string[];
}

/**
 * Writes log lines to the OS's log folder (Electron's `app.getPath('logs')`), rotating at
 * `maxBytes` and keeping `maxFiles` files. Lines arrive already redacted; the file is created
 * readable by its owner only. Writing never throws: a full disk must not crash the app.
 */
export function createRotatingLogFile(options: RotatingLogOptions): RotatingLogFile {
  const io = options.fs ?? fs;
  const baseName = options.baseName ?? 'main.log';
  const maxBytes = options.maxBytes ?? 1_000_000;
  const maxFiles = Math.max(1, options.maxFiles ?? 5);
  const ext = path.extname(baseName);
  const stem = baseName.slice(0, baseName.length - ext.length);
  const fileAt = (index: number) => path.join(options.dir, index === 0 ? baseName : `${stem}.${index}${ext}`);
  const filePath = fileAt(0);
  let size: number | undefined;

  const currentSize = (): number => {
    if (size !== undefined) return size;
    try {
      size = io.statSync(filePath).size;
    } catch {
      size = 0;
    }
    return size;
  };

  const rotate = () => {
    io.rmSync(fileAt(maxFiles - 1), { force: true });
    for (let index = maxFiles - 2; index >= 0; index -= 1) {
      if (io.existsSync(fileAt(index))) io.renameSync(fileAt(index), fileAt(index + 1));
    }
    size = 0;
  };

  return {
    filePath,
    write(line) {
      const data = `${line.replace(/[\r\n]+/g, ' ')}\n`;
      try {
        io.mkdirSync(options.dir, { recursive: true });
        if (currentSize() + Buffer.byteLength(data) > maxBytes && currentSize() > 0) rotate();
        io.appendFileSync(filePath, data, { mode: 0o600 });
        size = currentSize() + Buffer.byteLength(data);
      } catch {
        size = undefined;
      }
    },
    tail(count) {
      const lines: string[] = [];
      for (const index of [1, 0]) {
        try {
          lines.push(...io.readFileSync(fileAt(index), 'utf8').split('\n').filter(Boolean));
        } catch {
          // absent or unreadable: nothing to add
        }
      }
      return lines.slice(-count);
    },
  };
}
