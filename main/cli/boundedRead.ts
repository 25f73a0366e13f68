// Reading a file the user names, without letting its size decide how much memory we use.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type BoundedRead =
  | { ok: true; text: string; bytes: Buffer }
  /** `size` is null when the file was not a regular file: all we know is that it went on past the limit. */
  | { ok: false; tooLarge: true; size: number | null }
  | { ok: false; tooLarge: false; code: string };

const CHUNK = 1024 * 1024;

/** Reads FILE as UTF-8, refusing it before reading when fstat says it is over `limit`, and
 * stopping at the limit when the size is not known in advance (a pipe, a device). */
export function readFileUpTo(file: string, limit: number): BoundedRead {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const info = fstatSync(fd);
    if (info.isFile() && info.size > limit) return { ok: false, tooLarge: true, size: info.size };
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file is read in reads of its own size (plus one, to see it grow), not of 1 MB:
    // explain reads thousands of small bounces, and 1 MB each would be garbage to collect.
    const size = info.isFile() ? Math.min(CHUNK, info.size + 1) : CHUNK;
    for (;;) {
      const chunk = Buffer.allocUnsafe(size);
      const n = readSync(fd, chunk, 0, size, null);
      if (n === 0) break;
      total += n;
      if (total > limit) return { ok: false, tooLarge: true, size: null };
      chunks.push(chunk.subarray(0, n));
    }
    const bytes = Buffer.concat(chunks);
    return { ok: true, text: bytes.toString('utf8'), bytes };
  } catch (err) {
    return { ok: false, tooLarge: false, code: (err as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Reads standard input as UTF-8, up to `limit` octets. */
export async function readStdinUpTo(limit: number): Promise<BoundedRead> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      process.stdin.destroy();
      return { ok: false, tooLarge: true, size: null };
    }
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  return { ok: true, text: bytes.toString('utf8'), bytes };
}
