import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve('bin/smtp-lens.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `smtp-lens` bin as a user would, with optional stdin and environment. */
export function runCli(
  args: string[],
  opts: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A command may stop reading its input early (a file over the size limit): not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

/** `probe` of one practice scenario over STARTTLS, trusting the lab's root, as a user would type it. */
export function labProbeArgs(
  lab: { portOf(s: string): number; rootCaPath: string },
  scenario: string,
  ...extra: string[]
) {
  return [
    'probe',
    '127.0.0.1',
    '--port',
    String(lab.portOf(scenario)),
    '--tls',
    'starttls',
    '--servername',
    'mail.lab.test',
    '--ca',
    lab.rootCaPath,
    '--ehlo',
    'client.example',
    ...extra,
  ];
}

/** Starts the real `smtp-lens` bin and lets a test wait for what it says before going on (a
 * listener's "listening" line), instead of guessing how long start-up takes. */
export function startCli(args: string[]): {
  saying(text: string, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on('data', (d) => {
    stdout += d;
    wake();
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    wake();
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const saying = (text: string, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the CLI did not say "${text}": ${stderr}`)), timeoutMs);
      const check = () => {
        if ((stdout + stderr).includes(text)) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  return { saying, done };
}
