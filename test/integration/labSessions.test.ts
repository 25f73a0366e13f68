import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import { ehloLists } from '../../shared/sessionFacts';
import type { SendEvent, Transcript } from '../../shared/transcript';
import { SmtpSession, probe } from '../../main/engine/session';
import type { AuthMechanism, SessionOptions } from '../../main/engine/sessionOptions';
import { startLab, type Lab } from '../../main/lab/labServer';

let lab: Lab;
let rootCa: string;

beforeAll(async () => {
  lab = await startLab({ basePort: 0 });
  rootCa = readFileSync(lab.rootCaPath, 'utf8');
});
afterAll(() => lab.close());

const submission = (extra: Partial<SessionOptions> = {}): SessionOptions => ({
  host: '127.0.0.1',
  port: lab.portOf('submission-ok'),
  tls: 'starttls',
  servername: 'mail.lab.test',
  ca: [rootCa],
  ehlo: 'client.example',
  auth: { user: LAB_USER, secret: LAB_PASSWORD },
  from: 'alice@lab.test',
  to: ['bob@lab.test'],
  ...extra,
});

const sent = (t: Transcript) => t.events.filter((e): e is SendEvent => e.type === 'send' && !e.body).map((e) => e.line);
const ids = (t: Transcript) => t.findings.map((f) => f.id);

// A message whose lines start with dots: the client must double them on the wire (RFC 5321
// §4.5.2) and the server must give back exactly the original.
const MESSAGE = [
  'From: <alice@lab.test>',
  'To: <bob@lab.test>',
  'Subject: dots',
  '',
  '.a line that starts with a dot',
  '..two dots',
  '.',
  'last line',
].join('\r\n');

describe('a full STARTTLS submission against the practice server', () => {
  for (const mechanism of ['PLAIN', 'LOGIN', 'CRAM-MD5'] as AuthMechanism[]) {
    it(`delivers the message byte for byte with AUTH ${mechanism}`, async () => {
      const before = lab.received.length;
      const t = await probe(submission({ auth: { user: LAB_USER, secret: LAB_PASSWORD, mechanism }, data: MESSAGE }));
      expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
      expect(t.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const message = lab.received.slice(before).at(-1);
      expect(message?.raw.toString('utf8')).toBe(`${MESSAGE}\r\n`);
      expect(message?.to).toEqual(['bob@lab.test']);
      // The wire carried the doubled dots.
      const body = t.events.filter((e): e is SendEvent => e.type === 'send' && e.body === true).map((e) => e.line);
      expect(body).toContain('..a line that starts with a dot');
      expect(body).toContain('...two dots');
      expect(body).toContain('..');
    });
  }

  it('says EHLO again after STARTTLS and records both capability lists', async () => {
    const t = await probe(submission());
    const commands = sent(t);
    expect(commands.slice(0, 4)).toEqual([
      'EHLO client.example',
      'STARTTLS',
      'EHLO client.example',
      'AUTH PLAIN [redacted]',
    ]);
    // PIPELINING is offered: MAIL, RCPT and DATA go in one write, SIZE declared (RFC 1870).
    expect(commands.slice(-5)).toEqual([
      expect.stringMatching(/^MAIL FROM:<alice@lab\.test> SIZE=\d+$/),
      'RCPT TO:<bob@lab.test>',
      'DATA',
      '.',
      'QUIT',
    ]);
    const lists = ehloLists(t.events);
    expect(lists.beforeTls?.capabilities).toContain('STARTTLS');
    expect(lists.beforeTls?.capabilities.some((c) => c.startsWith('AUTH'))).toBe(false);
    expect(lists.afterTls?.capabilities).toContain('AUTH PLAIN LOGIN CRAM-MD5');
    expect(t.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(t.tls?.verification.ok).toBe(true);
    expect(t.tls?.sentChain.map((c) => c.subject)).toEqual([
      'CN=mail.lab.test, O=SMTP Lens',
      'CN=SMTP Lens Test Intermediate CA, O=SMTP Lens',
    ]);
  });

  it('sends a proper test message when recipients are given without one', async () => {
    const before = lab.received.length;
    await probe(submission());
    const raw = lab.received.slice(before).at(-1)?.raw.toString('utf8') ?? '';
    expect(raw).toMatch(
      /^Date: .+\r\nFrom: <alice@lab\.test>\r\nTo: <bob@lab\.test>\r\nSubject: SMTP Lens test message\r\nMessage-ID: <[0-9a-f]+@client\.example>\r\n/,
    );
  });

  it('never sends MAIL when no recipient is given', async () => {
    const t = await probe(submission({ to: [] }));
    expect(sent(t)).not.toContain('MAIL FROM:<alice@lab.test>');
    expect(sent(t).at(-1)).toBe('QUIT');
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
  });

  it('stops where --quit-after says', async () => {
    const t = await probe(submission({ quitAfter: 'ehlo' }));
    expect(sent(t)).toEqual(['EHLO client.example', 'QUIT']);
    expect(t.outcome.ok).toBe(true);
  });
});

describe('other practice scenarios', () => {
  it('implicit TLS: the handshake comes before the greeting', async () => {
    const t = await probe(submission({ port: lab.portOf('implicit-tls-ok'), tls: 'implicit' }));
    const types = t.events.map((e) => e.type);
    expect(types.indexOf('tls-established')).toBeLessThan(types.indexOf('reply'));
    expect(t.tls?.mode).toBe('implicit');
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
  });

  it('relay denied: the foreign recipient is refused and explained', async () => {
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('relay-denied'),
      tls: 'starttls',
      servername: 'mail.lab.test',
      ca: [rootCa],
      from: 'alice@lab.test',
      to: ['someone@example.org'],
    });
    const finding = t.findings.find((f) => f.id === 'smtp.relay-denied');
    expect(finding?.severity).toBe('error');
    const reply = t.events[finding!.event!];
    expect(reply.type === 'reply' && reply.lines[0]).toBe('554 5.7.1 <someone@example.org>: Relay access denied');
    expect(t.outcome.ok).toBe(false);
  });

  it('wrong password: auth.failed, and the session stops before MAIL', async () => {
    const t = await probe(submission({ auth: { user: LAB_USER, secret: 'wrong-password' } }));
    expect(ids(t)).toContain('auth.failed');
    expect(sent(t)).not.toContain('MAIL FROM:<alice@lab.test>');
    expect(t.outcome).toMatchObject({ ok: false, stage: 'tls' });
  });

  it('does not send credentials in clear, and says why', async () => {
    const t = await probe(submission({ port: lab.portOf('relay-denied'), tls: 'none', to: [] }));
    expect(ids(t)).toContain('auth.not-offered');
    const noTls = await probe(submission({ tls: 'none', to: [] }));
    expect(sent(noTls).some((l) => l.startsWith('AUTH'))).toBe(false);
  });
});

describe('a practice scenario that stands for another port', () => {
  it('is explained for the port it plays: certificate problems on an "MX" are warnings', async () => {
    const base = {
      host: '127.0.0.1',
      port: lab.portOf('relay-denied'),
      tls: 'starttls' as const,
      servername: 'wrong.name.example',
      ca: [rootCa],
      quitAfter: 'tls' as const,
    };
    const asIs = await probe(base);
    const asMx = await probe({ ...base, portRole: 25 });
    expect(asIs.target.port).toBe(asMx.target.port);
    expect(asIs.findings.find((f) => f.id === 'tls.hostname-mismatch')?.severity).toBe('error');
    // RFC 7672 §1.3: between servers TLS is opportunistic, so a bad certificate is a warning.
    expect(asMx.findings.find((f) => f.id === 'tls.hostname-mismatch')?.severity).toBe('warning');
  });
});

describe('driving a session', () => {
  it('steps one exchange at a time and previews each step before it runs', async () => {
    const session = new SmtpSession(submission());
    const kinds: string[] = [];
    for (let next = session.peek(); next; next = session.peek()) {
      const ran = await session.step();
      expect(ran?.kind).toBe(next.kind);
      kinds.push(next.kind);
    }
    // The server offers PIPELINING: MAIL, RCPT and DATA are one step, as they are one write.
    expect(kinds).toEqual(['connect', 'ehlo', 'starttls', 'ehlo', 'auth', 'envelope', 'message', 'quit']);
    expect(await session.step()).toBeNull();
  });

  it('with --no-pipelining each command is its own step, for following the conversation one line at a time', async () => {
    const session = new SmtpSession({ ...submission(), noPipelining: true });
    const kinds: string[] = [];
    for (let next = session.peek(); next; next = session.peek()) {
      await session.step();
      kinds.push(next.kind);
    }
    expect(kinds).toEqual(['connect', 'ehlo', 'starttls', 'ehlo', 'auth', 'mail', 'rcpt', 'data', 'message', 'quit']);
  });

  it('an abort mid-session keeps every event recorded so far', async () => {
    const session = new SmtpSession(submission());
    await session.step();
    await session.step();
    const before = session.transcript().events.length;
    session.abort();
    const t = session.transcript();
    expect(t.events.length).toBeGreaterThanOrEqual(before);
    expect(t.events.some((e) => e.type === 'reply' && e.stage === 'ehlo')).toBe(true);
    expect(session.peek()).toBeNull();
    expect(t.outcome.ok).toBe(false);
  });

  it('typing STARTTLS by hand upgrades the connection', async () => {
    const session = new SmtpSession(submission());
    await session.step(); // connect and greeting
    expect((await session.send('EHLO by.hand'))?.code).toBe(250);
    expect((await session.send('STARTTLS'))?.code).toBe(220);
    const again = await session.send('EHLO by.hand');
    expect(again?.lines.join('\n')).toContain('AUTH PLAIN LOGIN CRAM-MD5');
    expect(session.capabilities).toContain('AUTH PLAIN LOGIN CRAM-MD5');
    expect((await session.send('QUIT'))?.code).toBe(221);
    expect(session.transcript().tls?.verification.ok).toBe(true);
  });
});
