// Real proxies from Debian on 127.0.0.1, for the --proxy tests: microsocks (SOCKS5, with or
// without a user), Dante (SOCKS4, SOCKS4a and SOCKS5, with a rule that blocks one port) and
// tinyproxy (HTTP CONNECT, with Basic authentication and an allow-list of ports). Each runs in
// the foreground of its own process, with its config in a temporary folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasExecutable } from './systemComponent';

export const MICROSOCKS = '/usr/bin/microsocks';
export const DANTED = '/usr/sbin/danted';
export const TINYPROXY = '/usr/bin/tinyproxy';

export const proxiesInstalled = () => [MICROSOCKS, DANTED, TINYPROXY].every(hasExecutable);

export interface RunningProxy {
  port: number;
  /** What the proxy printed: its log, for a failing test's message. */
  log(): string;
  close(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number, child: ChildProcess, deadlineMs = 5_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the proxy exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the proxy did not listen on ${port} within ${deadlineMs} ms`);
}

async function run(command: string, args: string[], port: number, dir?: string): Promise<RunningProxy> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  try {
    await accepting(port, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}: ${log}`);
  }
  return {
    port,
    log: () => log,
    close: () => {
      child.kill('SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** microsocks: SOCKS5 only; with a user, it takes only that user and password (RFC 1929).
 * `bind` (its -b) is the address its outgoing connections come from: 127.0.0.3 makes the
 * proxied path a second client address on this machine. */
export async function startMicrosocks(
  auth?: { user: string; password: string },
  options: { bind?: string } = {},
): Promise<RunningProxy> {
  const port = await freePort();
  const args = [
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    ...(auth ? ['-u', auth.user, '-P', auth.password] : []),
    ...(options.bind ? ['-b', options.bind] : []),
  ];
  return run(MICROSOCKS, args, port);
}

/** Dante: SOCKS4, 4a and 5 without authentication; connections to `blockedPort` are refused
 * by rule (SOCKS5 reply 2, "not allowed by ruleset"). */
export async function startDante(blockedPort: number): Promise<RunningProxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-dante-'));
  const conf = join(dir, 'danted.conf');
  const root = process.getuid?.() === 0;
  writeFileSync(
    conf,
    [
      'logoutput: stderr',
      `internal: 127.0.0.1 port = ${port}`,
      'external: 127.0.0.1',
      'socksmethod: none',
      'clientmethod: none',
      ...(root ? ['user.privileged: root', 'user.unprivileged: nobody'] : []),
      'client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }',
      `socks block { from: 0.0.0.0/0 to: 0.0.0.0/0 port = ${blockedPort} }`,
      'socks pass { from: 127.0.0.0/8 to: 127.0.0.0/8 }',
      '',
    ].join('\n'),
  );
  return run(DANTED, ['-f', conf, '-p', join(dir, 'danted.pid')], port, dir);
}

/** tinyproxy: HTTP CONNECT to the given ports only (403 for others), with Basic authentication. */
export async function startTinyproxy(
  allowedPorts: number[],
  auth: { user: string; password: string },
): Promise<RunningProxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-tinyproxy-'));
  const conf = join(dir, 'tinyproxy.conf');
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 10',
      'Allow 127.0.0.1',
      `BasicAuth ${auth.user} ${auth.password}`,
      ...allowedPorts.map((p) => `ConnectPort ${p}`),
      'LogLevel Info',
      '',
    ].join('\n'),
  );
  return run(TINYPROXY, ['-d', '-c', conf], port, dir);
}

/** A "proxy" that accepts the connection and never says anything: the hang case. */
export async function startSilentProxy(): Promise<RunningProxy & { accepted(): number }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    log: () => '',
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
