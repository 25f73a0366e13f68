// The listener against clients written byte by byte: a message with every flaw a device's
// template can have, and hostile clients (garbage, a 1 MB line, silence, a hang-up in DATA,
// 200 connections at once). Each session is still recorded, and the listener keeps serving.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../main/lab/pki';
import { Listener } from '../../main/listen/listener';
import type { Transcript } from '../../shared/transcript';

let listener: Listener;
let port = 0;
const sessions: Transcript[] = [];

beforeAll(async () => {
  listener = new Listener({
    host: '127.0.0.1',
    port: 0,
    tls: 'starttls',
    auth: 'optional',
    acceptLogin: 'any',
    pki: await createTestPki(),
    idleTimeoutMs: 600,
    onSession: (t) => sessions.push(t),
  });
  port = await listener.listen(0, '127.0.0.1');
});
afterAll(() => listener?.close());

/** A client that writes `steps` one after another, each once the server has answered. */
function client(steps: (string | Buffer)[], opts: { endAfter?: boolean } = {}, to = port): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(to, '127.0.0.1');
    let got = '';
    let i = 0;
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (!/\r\n$/.test(got) || /^\d{3}-/m.test(got.split('\r\n').slice(-2)[0] ?? '')) return;
      if (i < steps.length) socket.write(steps[i++]);
      else if (opts.endAfter !== false) socket.end();
    });
    socket.on('error', () => resolve(got));
    socket.on('close', () => resolve(got));
  });
}

async function nextSession(before: number): Promise<Transcript> {
  for (let i = 0; i < 200 && sessions.length <= before; i++) await new Promise((r) => setTimeout(r, 25));
  return sessions[before];
}

const ids = (t: Transcript) => t.findings.map((f) => f.id);

describe('the listener, byte by byte', () => {
  it('a device template with every flaw: UTF-8 address, bare LF, 8-bit, a long line, no Date or Message-ID', async () => {
    const before = sessions.length;
    const body = Buffer.concat([
      Buffer.from('From: scanner@office.example\r\nSubject: Scan\r\n\r\nPage 1\nRésumé\r\n', 'latin1'),
      Buffer.from(`${'x'.repeat(1200)}\r\n.\r\n`),
    ]);
    await client([
      'EHLO scanner.office.example\r\n',
      Buffer.from('MAIL FROM:<jörg@exämple.de>\r\n', 'utf8'),
      'RCPT TO:<bob@listen.test>\r\n',
      'DATA\r\n',
      body,
      'QUIT\r\n',
    ]);
    const t = await nextSession(before);
    expect(ids(t)).toEqual(expect.arrayContaining(['client.smtputf8-missing', 'client.no-starttls']));
    const finding = (id: string) => t.findings.find((f) => f.id === id);
    expect(finding('client.smtputf8-missing')?.title).toBe('A UTF-8 address without SMTPUTF8: jörg@exämple.de');
    expect(finding('client.bare-lf')?.title).toBe('The client sent a bare LF in the message');
    expect(finding('client.header-missing')?.title).toBe('The message has no Date, Message-ID header');
    expect(finding('client.8bit-without-8bitmime')).toBeDefined();
    expect(finding('client.long-line')?.title).toBe('A line of 1200 octets, over the 998 SMTP allows');
  });

  it('garbage, a 1 MB line, silence and a hang-up in DATA: each session recorded, bounded, and the listener still serves', async () => {
    const before = sessions.length;
    await client([Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10])]);
    await client([`${'A'.repeat(1 << 20)}\r\n`]);
    await client([], { endAfter: false }); // silence after the greeting: the idle timeout ends it
    await client(
      [
        'EHLO hangup.example\r\n',
        'MAIL FROM:<a@b.example>\r\n',
        'RCPT TO:<bob@listen.test>\r\n',
        'DATA\r\n',
        'Subject: half',
      ],
      {
        endAfter: true,
      },
    );
    for (let i = 0; i < 200 && sessions.length < before + 4; i++) await new Promise((r) => setTimeout(r, 25));
    const got = sessions.slice(before);
    expect(got).toHaveLength(4);
    // No line is kept longer than the transcript's bound, whatever the client sent.
    const longest = Math.max(
      ...got.flatMap((t) => t.events.flatMap((e) => (e.type === 'send' ? [e.line.length] : [0]))),
    );
    expect(longest).toBeLessThanOrEqual(2048);
    expect(got[3].events.some((e) => e.type === 'send' && e.line === 'DATA')).toBe(true);
    // And the next client is served as usual.
    const reply = await client(['EHLO after.example\r\n', 'QUIT\r\n']);
    expect(reply).toContain('221');
  }, 30_000);

  it('200 clients at once: 200 sessions recorded, none lost', async () => {
    const before = sessions.length;
    await Promise.all(Array.from({ length: 200 }, (_, i) => client([`EHLO c${i}.example\r\n`, 'QUIT\r\n'])));
    for (let i = 0; i < 200 && sessions.length < before + 200; i++) await new Promise((r) => setTimeout(r, 25));
    const got = sessions.slice(before);
    expect(got).toHaveLength(200);
    const names = new Set(
      got.map((t) =>
        t.events.find((e) => e.type === 'send')?.type === 'send'
          ? (t.events.find((e) => e.type === 'send') as { line: string }).line
          : '',
      ),
    );
    expect(names.size).toBe(200);
  }, 30_000);

  it('STARTTLS with a command in the same write (the injection-prone pattern), and DATA with the message: both named', async () => {
    const before = sessions.length;
    // Sent as one write each, as a client that does not wait would.
    await client([
      'EHLO batch.example\r\n',
      'MAIL FROM:<a@b.example>\r\n',
      'RCPT TO:<bob@listen.test>\r\n',
      'DATA\r\nSubject: x\r\n\r\nx\r\n.\r\n',
      'QUIT\r\n',
    ]);
    const t = await nextSession(before);
    const f = t.findings.find((x) => x.id === 'client.pipelining-violation');
    expect(f?.title).toBe('The client sent more after DATA in the same write');
    expect(f?.explanation).toContain('"Subject: x"');
    const at = f?.event ?? -1;
    expect(t.events[at]).toMatchObject({ type: 'send', line: 'DATA' });

    const before2 = sessions.length;
    await client(['EHLO inject.example\r\n', 'STARTTLS\r\nRSET\r\n']);
    const t2 = await nextSession(before2);
    expect(t2.findings.find((x) => x.id === 'client.pipelining-violation')?.explanation).toContain(
      'RFC 3207 §5 for STARTTLS',
    );
  });

  it('HELO only, a login without the domain, and a sender that is not the login', async () => {
    const before = sessions.length;
    const plain = (user: string) => Buffer.from(`\0${user}\0not-kept`).toString('base64');
    await client(['HELO printer.office.example\r\n', 'QUIT\r\n']);
    await client(['EHLO mfp.office.example\r\n', `AUTH PLAIN ${plain('scanner')}\r\n`, 'QUIT\r\n']);
    await client([
      'EHLO mfp.office.example\r\n',
      `AUTH PLAIN ${plain('alice@listen.test')}\r\n`,
      'MAIL FROM:<boss@listen.test>\r\n',
      'QUIT\r\n',
    ]);
    for (let i = 0; i < 200 && sessions.length < before + 3; i++) await new Promise((r) => setTimeout(r, 25));
    const [helo, bare, other] = sessions.slice(before);
    expect(ids(helo)).toContain('client.helo-only');
    expect(bare.findings.find((f) => f.id === 'client.login-not-address')?.title).toBe(
      'The client logs in as "scanner", not as a full address',
    );
    expect(other.findings.find((f) => f.id === 'client.sender-not-login')?.title).toBe(
      'It logged in as alice@listen.test but sends as boss@listen.test',
    );
    expect(JSON.stringify([helo, bare, other])).not.toContain('not-kept');
  });

  it('a wrong password, tried again and again: the retry storm is named', async () => {
    const strict = new Listener({
      host: '127.0.0.1',
      port: 0,
      tls: 'starttls',
      auth: 'optional',
      acceptLogin: 'alice@listen.test',
      pki: await createTestPki(),
      onSession: (t) => sessions.push(t),
    });
    const strictPort = await strict.listen(0, '127.0.0.1');
    const before = sessions.length;
    try {
      const attempt = `AUTH PLAIN ${Buffer.from('\0mallory@listen.test\0guess').toString('base64')}\r\n`;
      await client(['EHLO bot.example\r\n', attempt, attempt, attempt, 'QUIT\r\n'], {}, strictPort);
      const t = await nextSession(before);
      expect(t.findings.find((f) => f.id === 'client.auth-retry-storm')?.title).toBe(
        'The client was refused 3 logins in one session, and kept trying',
      );
    } finally {
      await strict.close();
    }
  });

  it('bare LFs in the commands, from a raw client: named as such', async () => {
    const before = sessions.length;
    await client(['EHLO lf.example\n', 'MAIL FROM:<a@b.example>\n', 'QUIT\n']);
    const t = await nextSession(before);
    expect(t.findings.find((f) => f.id === 'client.bare-lf')?.title).toBe('The client sent a bare LF in its commands');
  });
});
