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
