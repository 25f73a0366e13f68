import { spawn, spawnSync } from 'node:child_process';
import { hasExecutable, onPath, requireComponent } from './systemComponent';

export interface ToolRun {
  code: number | null;
  /** stdout and stderr together, in the order they arrived: what an admin would see. */
  out: string;
  lines: string[];
}

/** Runs another tool (swaks, openssl, a shell line) the way a person would, with a timeout. */
export function runTool(
  command: string,
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill(), opts.timeoutMs ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, lines: out.split('\n') });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

export const SWAKS = '/usr/bin/swaks';
/** swaks does TLS through Net::SSLeay, which Debian lists only as a recommendation. */
const swaksHasTls = () =>
  hasExecutable(SWAKS) && spawnSync('perl', ['-MNet::SSLeay', '-e', '1'], { stdio: 'ignore' }).status === 0;

export function requireSwaks(ctx: { skip(note?: string): void }): void {
  requireComponent(ctx, 'swaks with TLS support', swaksHasTls(), 'apt-get install swaks libnet-ssleay-perl');
}

export function requireOpenssl(ctx: { skip(note?: string): void }): void {
  requireComponent(ctx, 'openssl', onPath('openssl'), 'apt-get install openssl');
}
