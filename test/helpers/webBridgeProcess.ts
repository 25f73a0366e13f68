import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** `smtp-lens web` in its own process, so a test can see it die: a crash in the bridge ends
 * that process, not the test runner. */
export interface BridgeProcess {
  url: string;
  port: number;
  token: string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** What it printed, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

export function startBridgeProcess(): Promise<BridgeProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [path.resolve('bin/smtp-lens.js'), 'web'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let exited = false;
    const timer = setTimeout(() => reject(new Error(`smtp-lens web printed no URL within 30 s:\n${output}`)), 30_000);
    child.on('exit', (code, signal) => {
      exited = true;
      output += `\n[exited: code ${code}, signal ${signal}]`;
      clearTimeout(timer);
      reject(new Error(`smtp-lens web exited before printing its URL:\n${output}`));
    });
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        port: Number(match[2]),
        token: match[3],
        alive: () => !exited,
        output: () => output,
        stop: () =>
          new Promise((done) => {
            if (exited) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

export interface RawAnswer {
  /** The status code of the first response, or null when the server closed without one. */
  status: number | null;
  text: string;
}

/**
 * Sends bytes as they are (a string is taken byte for byte, latin1) over a fresh TCP
 * connection and reads the first response's head. A server may rightly wait for the rest of a
 * request it has only part of, so after 2 s of silence the client half-closes, as a client that
 * has nothing more to say; the server must then answer or close within 10 s, or it hung.
 */
export function rawRequest(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const text = () => Buffer.concat(chunks).toString('latin1');
    let settled = false;
    const done = (hung: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(silence);
      clearTimeout(deadline);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3}) /.exec(text());
      resolve({ status: status ? Number(status[1]) : null, text: hung ? `[no answer within 10 s] ${text()}` : text() });
    };
    const silence = setTimeout(() => socket.end(), 2_000);
    const deadline = setTimeout(() => done(true), 12_000);
    socket.on('connect', () => socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (text().includes('\r\n\r\n')) done(false);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(false));
  });
}
