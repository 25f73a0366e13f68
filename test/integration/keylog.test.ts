// `smtp-lens probe --keylog FILE` against the practice server on 127.0.0.1, proved the way a
// user would use it: a real capture of the session (tcpdump on lo) that a real Wireshark
// (tshark) decrypts with the key log, and cannot read past STARTTLS without it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../main/lab/labServer';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import type { Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import { hasExecutable, missingInCi, requireComponent } from '../helpers/systemComponent';

const TSHARK = '/usr/bin/tshark';
const TCPDUMP = '/usr/bin/tcpdump';
/** The words of the warning, on stderr each time and in probe --help. */
const WARNING = [
  'decrypts the whole session, the password included',
  'Delete it when you are done; never attach it to a ticket',
];
/** A line of the NSS key log format: a label, the ClientHello random, a secret (hex). */
const KEYLOG_LINE = /^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+$/;

let lab: Lab;
let dir: string;
let capture: ChildProcess | null = null;

beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'implicit-tls-ok'] });
});
afterAll(() => lab?.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-keylog-'));
});
afterEach(() => {
  // A test that failed half way must not leave tcpdump running.
  if (capture && capture.exitCode === null) capture.kill('SIGKILL');
  capture = null;
  rmSync(dir, { recursive: true, force: true });
});

const needCaptureTools = (ctx: { skip(note?: string): void }) => {
  requireComponent(ctx, 'tshark', hasExecutable(TSHARK), 'apt-get install tshark');
  requireComponent(ctx, 'tcpdump', hasExecutable(TCPDUMP), 'apt-get install tcpdump');
};

/** tcpdump on lo for one port, the pcap on its stdout into `file` (so tcpdump dropping root to
 * its own user does not matter). Resolves once it says it is listening; `stop` ends it with
 * SIGINT, as Ctrl-C would, and waits until every packet is in the file. */
async function startCapture(
  ctx: { skip(note?: string): void },
  port: number,
  file: string,
): Promise<{ stop(): Promise<void> }> {
  // --immediate-mode: each packet is handed over at once, not when a kernel buffer fills, so
  // none is still in the kernel when SIGINT comes.
  const child = spawn(TCPDUMP, ['-i', 'lo', '-U', '--immediate-mode', '-w', '-', `tcp port ${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  capture = child;
  const out = createWriteStream(file);
  child.stdout.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let stderr = '';
  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.includes('listening on lo')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.on('error', () => resolve(false));
    void exited.then(() => resolve(false));
  });
  if (!listening) {
    child.kill('SIGKILL');
    missingInCi(ctx, `tcpdump could not capture on lo (${stderr.trim() || 'no answer'})`, 'CI runs as root');
  }
  return {
    async stop() {
      child.kill('SIGINT');
      await exited;
      await finished(out);
    },
  };
}

/** What tshark reads in the capture: the command of each SMTP request, in order. Decode-as:
 * the lab's port is not 25, so tshark is told it is SMTP (and, for implicit TLS, TLS first). */
function smtpRequests(cap: string, port: number, opts: { keylog?: string; implicit?: boolean }) {
  const decodeAs = opts.implicit
    ? ['-d', `tcp.port==${port},tls`, '-d', `tls.port==${port},smtp`]
    : ['-d', `tcp.port==${port},smtp`];
  const r = spawnSync(
    TSHARK,
    [
      '-r',
      cap,
      ...(opts.keylog ? ['-o', `tls.keylog_file:${opts.keylog}`] : []),
      ...decodeAs,
      '-Y',
      'smtp.req.command',
      '-T',
      'fields',
      '-E',
      'separator=|',
      '-e',
      'smtp.req.command',
      '-e',
      'smtp.req.parameter',
    ],
    { encoding: 'utf8', timeout: 20_000 },
  );
  if (r.status !== 0) throw new Error(`tshark failed (${r.status}): ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [command, parameter = ''] = line.split('|');
      // tshark 4.0 shows the first four letters of a command longer than four ("STAR").
      return { command: command.startsWith('STAR') ? 'STARTTLS' : command, parameter };
    });
}

/** The password in AUTH PLAIN's base64 ("\0user\0password"), as whoever holds the file reads it. */
const plainPassword = (parameter: string) =>
  Buffer.from(parameter.replace(/^PLAIN /, ''), 'base64')
    .toString('utf8')
    .split('\0')[2];

function probeArgs(scenario: string, tls: 'starttls' | 'implicit', keylog: string, ...extra: string[]) {
  return [
    'probe',
    '127.0.0.1',
    '--port',
    String(lab.portOf(scenario)),
    '--tls',
    tls,
    '--servername',
    'mail.lab.test',
    '--ca',
    lab.rootCaPath,
    '--ehlo',
    'client.example',
    '--auth-user',
    LAB_USER,
    '--auth-pass-env',
    'LAB_PASS',
    '--keylog',
    keylog,
    ...extra,
  ];
}

function expectPrivateKeylog(file: string) {
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(0);
  return lines;
}

describe('probe --keylog FILE, read back by tshark from a real capture', () => {
  it('STARTTLS: with the key log the EHLO after STARTTLS and the AUTH are readable; without it nothing after STARTTLS is', async (ctx) => {
    needCaptureTools(ctx);
    const port = lab.portOf('submission-ok');
    const cap = path.join(dir, 'session.pcap');
    const keylog = path.join(dir, 'keys.log');
    const tcpdump = await startCapture(ctx, port, cap);
    const r = await runCli(probeArgs('submission-ok', 'starttls', keylog, '--json'), {
      env: { LAB_PASS: LAB_PASSWORD },
    });
    await tcpdump.stop();
    expect(r.code, r.stderr).toBe(0);

    // The warning, in words, on stderr.
    for (const words of WARNING) expect(r.stderr).toContain(words);
    expect(r.stderr).toContain(`--keylog writes this session's TLS secrets to ${keylog}`);
    // The file: Node's lines in the NSS format, for the owner only.
    for (const line of expectPrivateKeylog(keylog)) expect(line).toMatch(KEYLOG_LINE);

    // The transcript says its secrets went to a key log, and never where.
    const t = JSON.parse(r.stdout) as Transcript;
    const note = t.events.find((e) => e.type === 'note' && e.code === 'tls-keylog');
    expect(note?.type === 'note' && note.text).toContain('whoever holds that file can decrypt a capture');
    expect(r.stdout).not.toContain(path.basename(dir));

    const decrypted = smtpRequests(cap, port, { keylog });
    expect(decrypted.map((q) => q.command).slice(0, 4)).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'AUTH']);
    expect(decrypted.at(-1)?.command).toBe('QUIT');
    // "The password included": it is there for whoever holds the file.
    expect(plainPassword(decrypted[3].parameter)).toBe(LAB_PASSWORD);

    // The negative control: the same capture without the key log stops at STARTTLS.
    const sealed = smtpRequests(cap, port, {});
    expect(sealed.map((q) => q.command)).toEqual(['EHLO', 'STARTTLS']);
  });

  it('implicit TLS: the key log decrypts the session from the first byte, and is appended to (an existing file made 0600)', async (ctx) => {
    needCaptureTools(ctx);
    const port = lab.portOf('implicit-tls-ok');
    const cap = path.join(dir, 'session.pcap');
    const keylog = path.join(dir, 'keys.log');
    // SSLKEYLOGFILE convention: an earlier session's lines stay; the file is private afterwards.
    const earlier = '# an earlier session\n';
    writeFileSync(keylog, earlier, { mode: 0o644 });
    const tcpdump = await startCapture(ctx, port, cap);
    const r = await runCli(probeArgs('implicit-tls-ok', 'implicit', keylog), { env: { LAB_PASS: LAB_PASSWORD } });
    await tcpdump.stop();
    expect(r.code, r.stderr).toBe(0);
    for (const words of WARNING) expect(r.stderr).toContain(words);
    expect(r.stdout).toContain('TLS secrets were written to a key log file (--keylog)');
    expect(readFileSync(keylog, 'utf8').startsWith(earlier)).toBe(true);
    const [, ...added] = expectPrivateKeylog(keylog);
    for (const line of added) expect(line).toMatch(KEYLOG_LINE);

    const decrypted = smtpRequests(cap, port, { keylog, implicit: true });
    expect(decrypted.map((q) => q.command)).toEqual(['EHLO', 'AUTH', 'QUIT']);
    expect(plainPassword(decrypted[1].parameter)).toBe(LAB_PASSWORD);
    expect(smtpRequests(cap, port, { implicit: true })).toEqual([]);
  });
});

describe('probe --keylog refuses before any network round trip', () => {
  let server: net.Server;
  let connections = 0;
  let port = 0;
  beforeAll(async () => {
    server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const refused = async (args: string[], words: RegExp) => {
    const r = await runCli(['probe', '127.0.0.1', '--port', String(port), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(words);
    expect(r.stdout).toBe('');
    expect(connections).toBe(0);
  };

  it('--tls none: there is no TLS to log', () =>
    refused(['--tls', 'none', '--keylog', path.join(dir, 'k.log')], /--keylog .*--tls none has no TLS/));
  it('a directory', () =>
    refused(['--tls', 'starttls', '--keylog', dir], /--keylog: cannot write .*: it is a directory/));
  it('a folder that does not exist', () =>
    refused(
      ['--tls', 'starttls', '--keylog', path.join(dir, 'missing', 'k.log')],
      /--keylog: cannot write .*: its folder does not exist/,
    ));
  it('probe --help gives the option with its warning', async () => {
    const r = await runCli(['probe', '--help']);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--keylog FILE');
    for (const words of WARNING) expect(help).toContain(words);
  });
});
