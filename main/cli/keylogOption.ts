import { closeSync, fchmodSync, fstatSync, openSync, writeSync } from 'node:fs';
import { displayText, terminalSafe } from '../../shared/untrustedText';
import { UsageError } from './usage';

/** What --keylog costs, said on stderr each time it is used (probe --help says the same). */
export function keylogWarning(path: string): string {
  return terminalSafe(
    `smtp-lens probe: WARNING: --keylog writes this session's TLS secrets to ${displayText(path)}. ` +
      'With a capture of the traffic, that file decrypts the whole session, the password included. ' +
      'Delete it when you are done; never attach it to a ticket.\n',
  );
}

export interface KeylogFile {
  /** The engine's sink (SessionOptions.onKeylog): one line, as Node's TLSSocket 'keylog' gave it. */
  write(line: Buffer): void;
  /** Closes the file; says on stderr when nothing, or not everything, was written. */
  close(): void;
}

function openProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  const words: Record<string, string> = {
    EISDIR: 'it is a directory',
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of the path is not a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
  };
  return words[code] ? `${words[code]} (${code})` : code;
}

/**
 * --keylog FILE: the session's TLS secrets in the NSS key log format (SSLKEYLOGFILE), for
 * Wireshark or tshark to decrypt a capture. The lines are Node's own ('keylog' event), written
 * as they come. The file is opened here, before any network round trip, so a directory or an
 * unwritable path is a usage error; it is appended to, as browsers and curl do with
 * SSLKEYLOGFILE, and made for its owner only (0600).
 */
export function openKeylog(path: string): KeylogFile {
  const shown = displayText(path);
  if (!path) throw new UsageError('--keylog needs a FILE to write the TLS secrets to');
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o600);
  } catch (err) {
    throw new UsageError(`--keylog: cannot write ${shown}: ${openProblem(err)}`);
  }
  // A file that already existed keeps its mode: one others can read is restricted before any
  // secret goes in, or refused.
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new UsageError(`--keylog: cannot write ${shown}: it is a directory`);
  }
  if (stat.isFile() && (stat.mode & 0o077) !== 0) {
    try {
      fchmodSync(fd, 0o600);
    } catch (err) {
      closeSync(fd);
      throw new UsageError(`--keylog: ${shown} can be read by others and cannot be made private: ${openProblem(err)}`);
    }
  }
  process.stderr.write(keylogWarning(path));
  let lines = 0;
  let failure: string | null = null;
  return {
    write(line) {
      if (failure) return;
      try {
        // One write per line; a pipe may take it in parts.
        for (let at = 0; at < line.length; ) at += writeSync(fd, line, at);
        lines++;
      } catch (err) {
        failure = (err as NodeJS.ErrnoException).code ?? 'error';
      }
    },
    close() {
      closeSync(fd);
      if (failure)
        process.stderr.write(
          terminalSafe(`smtp-lens probe: --keylog: writing ${shown} failed (${failure}): the key log is incomplete.\n`),
        );
      else if (!lines)
        process.stderr.write(
          terminalSafe(
            `smtp-lens probe: --keylog: nothing was written to ${shown}: the session never got far enough into a TLS handshake.\n`,
          ),
        );
    },
  };
}
