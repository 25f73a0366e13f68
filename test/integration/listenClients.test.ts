// `smtp-lens listen` driven by real clients nobody here wrote: swaks, openssl s_client, curl and
// Python's smtplib. Each client is configured one way, and the session the listener records
// must say exactly that: the TLS versions offered, STARTTLS used or skipped, the AUTH
// mechanism (never the password), the EHLO name.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../main/lab/pki';
import { Listener } from '../../main/listen/listener';
import type { Transcript } from '../../shared/transcript';
import { startCli } from '../helpers/cli';
import { requireOpenssl, requireSwaks, runTool, SWAKS } from '../helpers/externalTool';
import { requireComponent } from '../helpers/systemComponent';

let listener: Listener;
let port = 0;
const sessions: Transcript[] = [];

let pki: Awaited<ReturnType<typeof createTestPki>>;
const listenerOptions = () => ({
  host: '127.0.0.1',
  port: 0,
  tls: 'starttls' as const,
  auth: 'optional' as const,
  acceptLogin: 'any',
  pki,
  onSession: (t: Transcript) => sessions.push(t),
});

beforeAll(async () => {
  pki = await createTestPki();
  listener = new Listener(listenerOptions());
  port = await listener.listen(0, '127.0.0.1');
});
afterAll(() => listener?.close());

/** Runs a client, then waits for the session it made to end. */
async function sessionOf(command: string, args: string[], stdin = ''): Promise<Transcript> {
  const before = sessions.length;
  await runTool(command, args, { stdin, timeoutMs: 15_000 });
  for (let i = 0; i < 100 && sessions.length === before; i++) await new Promise((r) => setTimeout(r, 50));
  const t = sessions[before];
  if (!t) throw new Error(`no session from ${command}`);
  return t;
}

const ids = (t: Transcript) => t.findings.map((f) => f.id);
const sent = (t: Transcript) => t.events.flatMap((e) => (e.type === 'send' ? [e.line] : []));
const hello = (t: Transcript) => t.events.find((e) => e.type === 'note' && e.code === 'client-hello');
const PASSWORD = 'Secret-123-pass';
const leaks = (t: Transcript) => {
  const json = JSON.stringify(t);
  const b64 = [
    Buffer.from(PASSWORD).toString('base64'),
    Buffer.from(`\0alice@listen.test\0${PASSWORD}`).toString('base64'),
  ];
  return [PASSWORD, ...b64].filter((s) => json.includes(s));
};

/** swaks toward the listener as a device would be set: its EHLO name, a sender and a recipient. */
const swaksArgs = (...extra: string[]) => [
  '--server',
  '127.0.0.1',
  '--port',
  String(port),
  '--ehlo',
  'client.listen.test',
  '--from',
  'alice@listen.test',
  '--to',
  'bob@listen.test',
  ...extra,
];

describe('the listener, with real clients', () => {
  it('swaks --tls --auth PLAIN: STARTTLS used, TLS 1.3 offered, AUTH PLAIN recorded without the password', async (ctx) => {
    requireSwaks(ctx);
    const t = await sessionOf(
      SWAKS,
      swaksArgs('--tls', '--auth', 'PLAIN', '--auth-user', 'alice@listen.test', '--auth-password', PASSWORD),
    );
    expect(t.role).toBe('server');
    expect(hello(t)).toMatchObject({ data: { newest: 'TLS 1.3' } });
    expect(t.events.some((e) => e.type === 'tls-established' && e.protocol === 'TLSv1.3')).toBe(true);
    expect(sent(t)).toContain('AUTH PLAIN [redacted]');
    expect(ids(t)).toEqual(['client.no-sni']);
    expect(leaks(t)).toEqual([]);
    expect(listener.received.at(-1)).toMatchObject({ from: 'alice@listen.test', to: ['bob@listen.test'] });
  });

  it('swaks --auth LOGIN without --tls: credentials before TLS, named with the mechanism; STARTTLS skipped', async (ctx) => {
    requireSwaks(ctx);
    const t = await sessionOf(
      SWAKS,
      swaksArgs('--auth', 'LOGIN', '--auth-user', 'alice@listen.test', '--auth-password', PASSWORD),
    );
    expect(ids(t)).toEqual([
      'client.auth-before-tls',
      'client.no-starttls',
      'client.provider-refusal',
      'client.provider-refusal',
      'client.provider-refusal',
    ]);
    const microsoft = t.findings.find((f) => f.title.startsWith('Microsoft 365'));
    expect(microsoft?.title).toBe('Microsoft 365 (smtp.office365.com:587) would refuse this client');
    expect(microsoft?.explanation).toContain(
      'Microsoft 365 requires TLS before anything is sent, and STARTTLS before logging in. This client sent its mail without TLS, and sent AUTH LOGIN before TLS.',
    );
    expect(t.findings[0].title).toBe('The client sent its credentials before TLS (LOGIN)');
    expect(sent(t).filter((l) => l === '[redacted]')).toHaveLength(2);
    expect(leaks(t)).toEqual([]);
  });

  it('openssl s_client -tls1 at @SECLEVEL=0: only TLS 1.0, flagged, and (lenient) the session goes on', async (ctx) => {
    requireOpenssl(ctx);
    const t = await sessionOf(
      'openssl',
      ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${port}`, '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'],
      'QUIT\n',
    );
    expect(hello(t)).toMatchObject({ data: { versions: 'TLS 1.0', newest: 'TLS 1.0' } });
    expect(ids(t)).toContain('client.tls-outdated');
    expect(t.events.some((e) => e.type === 'tls-established' && e.protocol === 'TLSv1')).toBe(true);
  });

  it('--behave strict: the same client refused at the handshake, explained from its hello', async (ctx) => {
    requireOpenssl(ctx);
    const strict = new Listener({ ...listenerOptions(), behave: 'strict', onSession: (t) => sessions.push(t) });
    const strictPort = await strict.listen(0, '127.0.0.1');
    try {
      const t = await sessionOf(
        'openssl',
        [
          's_client',
          '-starttls',
          'smtp',
          '-connect',
          `127.0.0.1:${strictPort}`,
          '-tls1',
          '-cipher',
          'DEFAULT@SECLEVEL=0',
        ],
        'QUIT\n',
      );
      const failure = t.events.find((e) => e.type === 'error' && e.code === 'TLS_FAILED');
      expect(failure).toMatchObject({
        message: expect.stringContaining(
          'the client offers only TLS 1.0, and TLS 1.2 is the oldest this listener accepts',
        ),
      });
      expect(t.events.some((e) => e.type === 'tls-established')).toBe(false);
      expect(t.outcome.ok).toBe(false);
      // A TLS 1.2 client that offers only RSA key exchange: refused, and said why.
      const rsa = await sessionOf(
        'openssl',
        [
          's_client',
          '-starttls',
          'smtp',
          '-connect',
          `127.0.0.1:${strictPort}`,
          '-no_tls1_3',
          '-cipher',
          'AES128-SHA:AES256-SHA',
        ],
        'QUIT\n',
      );
      expect(rsa.events.find((e) => e.type === 'error' && e.code === 'TLS_FAILED')).toMatchObject({
        message: expect.stringContaining(
          'the client offers only cipher suites with RSA key exchange, which this listener has disabled',
        ),
      });
    } finally {
      await strict.close();
    }
  });

  it("Python smtplib without starttls() and EHLO 'printer': STARTTLS skipped, the EHLO name flagged", async (ctx) => {
    requireComponent(ctx, 'python3', existsSync('/usr/bin/python3'), 'apt-get install python3');
    const script = `import smtplib\ns = smtplib.SMTP('127.0.0.1', ${port}, timeout=10)\ns.ehlo('printer')\ns.sendmail('scan@office.example', ['bob@listen.test'], 'Subject: scan\\r\\n\\r\\nhello\\r\\n')\ns.quit()\n`;
    const t = await sessionOf('/usr/bin/python3', ['-c', script]);
    // Its message has no Date, From or Message-ID either: smtplib sends what it is given.
    expect(ids(t).filter((id) => id !== 'client.provider-refusal')).toEqual([
      'client.bad-ehlo-name',
      'client.no-starttls',
      'client.header-missing',
    ]);
    const gmail = t.findings.find((f) => f.title.startsWith('Gmail'));
    expect(gmail?.explanation).toContain(
      'This client sent its mail without TLS, and sent MAIL FROM without logging in, and sent a message without Date, From, Message-ID.',
    );
    expect(t.findings[0].explanation).toContain('"printer" is not a fully qualified domain name: it has no dot');
    expect(t.findings[1].explanation).toContain('the envelope and the message crossed the network unencrypted');
  });

  it('curl --ssl-reqd: STARTTLS and TLS 1.3, the message kept and never relayed', async (ctx) => {
    requireComponent(ctx, 'curl', existsSync('/usr/bin/curl'), 'apt-get install curl');
    const t = await sessionOf(
      '/usr/bin/curl',
      [
        '-s',
        '-k',
        '--ssl-reqd',
        '--mail-from',
        'app@listen.test',
        '--mail-rcpt',
        'ops@listen.test',
        '-T',
        '-',
        `smtp://127.0.0.1:${port}`,
      ],
      'Subject: alert\r\n\r\ndisk full\r\n',
    );
    expect(t.events.some((e) => e.type === 'tls-established')).toBe(true);
    expect(hello(t)).toMatchObject({ data: { newest: 'TLS 1.3' } });
    expect(listener.received.at(-1)?.raw.toString()).toContain('disk full');
    // And viewable in the transcript, as a probe's message is.
    expect(t.events.some((e) => e.type === 'send' && e.body && e.line === 'disk full')).toBe(true);
  });

  it('swaks --tls --pipeline: the pipelining is read inside TLS too, from the decrypted writes', async (ctx) => {
    requireSwaks(ctx);
    const t = await sessionOf(SWAKS, swaksArgs('--tls', '--pipeline'));
    expect(t.events.some((e) => e.type === 'tls-established')).toBe(true);
    expect(t.events.find((e) => e.type === 'note' && e.code === 'client-pipelined')).toMatchObject({
      data: { commands: 'MAIL, RCPT, DATA' },
    });
  });

  it('openssl s_client without -crlf: the line it types ends in a bare LF, read inside TLS', async (ctx) => {
    requireOpenssl(ctx);
    const t = await sessionOf(
      'openssl',
      ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${port}`, '-quiet'],
      'EHLO typed.example\n',
    );
    expect(t.events.some((e) => e.type === 'tls-established')).toBe(true);
    const bare = t.findings.find((f) => f.id === 'client.bare-lf');
    expect(bare?.title).toBe('The client sent a bare LF in its commands');
    // Under the line that had it: the one typed inside TLS.
    expect(t.events[bare?.event ?? -1]).toMatchObject({ type: 'send', line: 'EHLO typed.example' });
  });

  it('swaks --pipeline: MAIL, RCPT and DATA in one write, seen as pipelining, and within the rules (DATA ends the group)', async (ctx) => {
    requireSwaks(ctx);
    const t = await sessionOf(SWAKS, swaksArgs('--pipeline'));
    const note = t.events.find((e) => e.type === 'note' && e.code === 'client-pipelined');
    expect(note).toMatchObject({ data: { commands: 'MAIL, RCPT, DATA' } });
    expect(ids(t)).not.toContain('client.pipelining-violation');
  });

  it('openssl s_client without -starttls: TLS at once on the STARTTLS port, named as such', async (ctx) => {
    requireOpenssl(ctx);
    const t = await sessionOf('openssl', ['s_client', '-connect', `127.0.0.1:${port}`], '');
    expect(ids(t)).toContain('client.implicit-tls-expected');
    expect(t.findings.find((f) => f.id === 'client.implicit-tls-expected')?.explanation).toContain(
      'newest version TLS 1.3',
    );
  });

  it('msmtp (tls on, tls_starttls on, auth login): STARTTLS, TLS 1.3, AUTH LOGIN without the password', async (ctx) => {
    requireComponent(ctx, 'msmtp', existsSync('/usr/bin/msmtp'), 'apt-get install msmtp');
    const config = path.join(mkdtempSync(path.join(tmpdir(), 'smtp-lens-msmtp-')), 'msmtprc');
    writeFileSync(
      config,
      `account listen\nhost 127.0.0.1\nport ${port}\ntls on\ntls_starttls on\ntls_certcheck off\nauth login\nuser alice@listen.test\npassword ${PASSWORD}\nfrom alice@listen.test\ndomain client.listen.test\naccount default : listen\n`,
      { mode: 0o600 },
    );
    const t = await sessionOf('/usr/bin/msmtp', ['-C', config, 'bob@listen.test'], 'Subject: from msmtp\n\nhello\n');
    expect(t.events.some((e) => e.type === 'tls-established')).toBe(true);
    expect(hello(t)).toMatchObject({ data: { newest: 'TLS 1.3' } });
    expect(sent(t)).toContain('AUTH LOGIN');
    expect(leaks(t)).toEqual([]);
    expect(ids(t)).not.toContain('client.auth-before-tls');
  });

  it('s-nail (smtp-use-starttls, no login): STARTTLS and TLS 1.3, then HELO inside TLS; Microsoft 365 and Gmail want a login', async (ctx) => {
    requireComponent(ctx, 's-nail', existsSync('/usr/bin/s-nail'), 'apt-get install s-nail');
    const t = await sessionOf(
      '/usr/bin/s-nail',
      [
        '-:/',
        '-S',
        'v15-compat',
        '-S',
        `mta=smtp://127.0.0.1:${port}`,
        '-S',
        'smtp-use-starttls',
        '-S',
        'tls-verify=ignore',
        '-S',
        'smtp-auth=none',
        '-S',
        'hostname=desk.listen.test',
        '-r',
        'alice@listen.test',
        '-s',
        'from s-nail',
        'bob@listen.test',
      ],
      'hello from s-nail\n',
    );
    expect(sent(t).slice(0, 3)).toEqual(['EHLO desk.listen.test', 'STARTTLS', 'HELO desk.listen.test']);
    expect(hello(t)).toMatchObject({ data: { newest: 'TLS 1.3' } });
    expect(t.findings.filter((f) => f.id === 'client.provider-refusal').map((f) => f.title.split(' (')[0])).toEqual([
      'Microsoft 365',
      'Gmail / Google Workspace',
    ]);
  });

  it('nodemailer (requireTLS, a login): STARTTLS first, AUTH recorded without the password, a well-formed message', async () => {
    const before = sessions.length;
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      name: 'app.listen.test',
      tls: { rejectUnauthorized: false },
      auth: { user: 'alice@listen.test', pass: PASSWORD },
    });
    await transport.sendMail({
      from: 'alice@listen.test',
      to: 'bob@listen.test',
      subject: 'from nodemailer',
      text: 'hello',
    });
    transport.close();
    for (let i = 0; i < 100 && sessions.length === before; i++) await new Promise((r) => setTimeout(r, 50));
    const t = sessions[before];
    expect(t.events.some((e) => e.type === 'tls-established')).toBe(true);
    expect(sent(t).some((l) => /^AUTH (PLAIN|LOGIN)/.test(l))).toBe(true);
    expect(leaks(t)).toEqual([]);
    // nodemailer writes Date, From and Message-ID, and logs in after STARTTLS: nothing to say but SNI.
    expect(ids(t)).toEqual(['client.no-sni']);
  });

  it('the CLI prints each session live, event by event, then its findings and result', async (ctx) => {
    requireSwaks(ctx);
    const cliPort = 12_600 + Math.floor(Math.random() * 300);
    const run = startCli(['listen', '--port', String(cliPort), '--max-sessions', '1']);
    await run.saying('SMTP Lens is listening');
    await runTool(
      SWAKS,
      [
        '--server',
        '127.0.0.1',
        '--port',
        String(cliPort),
        '--ehlo',
        'printer',
        '--from',
        'a@listen.test',
        '--to',
        'b@listen.test',
      ],
      { timeoutMs: 15_000 },
    );
    const r = await run.done;
    expect(r.stdout).toMatch(/^\[1\] ── Session 1: a client from 127\.0\.0\.1:\d+ ──$/m);
    expect(r.stdout).toMatch(/^\[1\] +[\d.]+ms +-> {2}EHLO printer$/m);
    expect(r.stdout).toContain('[1] Findings:');
    expect(r.stdout).toContain('[1]                 at: EHLO printer');
    expect(r.stdout).toMatch(/^\[1\] Result: OK/m);
  });

  it('the CLI: --json prints one server-role transcript per line, and --max-sessions ends it', async (ctx) => {
    requireSwaks(ctx);
    const cliPort = 12_600 + Math.floor(Math.random() * 300);
    const run = startCli(['listen', '--port', String(cliPort), '--max-sessions', '1', '--json']);
    await run.saying('SMTP Lens is listening');
    await runTool(
      SWAKS,
      ['--server', '127.0.0.1', '--port', String(cliPort), '--tls', '--from', 'a@listen.test', '--to', 'b@listen.test'],
      { timeoutMs: 15_000 },
    );
    const r = await run.done;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const t = JSON.parse(lines[0]);
    expect(t).toMatchObject({ schema: 'smtp-lens/transcript@1', role: 'server', client: { address: '127.0.0.1' } });
    expect(r.stderr).toContain(`SMTP Lens is listening on 127.0.0.1:${cliPort}`);
  });
});
