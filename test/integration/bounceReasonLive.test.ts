// One classifier: every reply of the corpus, sent by a real server at the point of the session
// it answers, carries in the live transcript the reason `explain` gives the same text quoted
// out of a session: in the Postfix log line that records it, and pasted alone. The replies
// the notices of test/helpers/noticeCorpus.ts quote are sent live too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainInput } from '../../main/engine/explain/explainInput';
import { probe } from '../../main/engine/session';
import type { ReplyEvent } from '../../shared/transcript';
import { lineDialogue, type RawServer, startRawServer } from '../helpers/rawServer';
import { NOTICES } from '../helpers/noticeCorpus';
import { type CorpusReply, REPLY_CORPUS } from '../helpers/replyCorpus';

/** The corpus replies a plain session can meet without a login: the greeting, MAIL, RCPT, DATA. */
const LIVE = REPLY_CORPUS.filter((c) => ['connect', 'mail', 'rcpt', 'data'].includes(c.stage));

/** How Postfix's smtp(8) logs a refusal: the reply's lines joined, the command it answered. */
function postfixLine(c: CorpusReply): string {
  const reply = c.reply.replace(/\n/g, ' ');
  const enhanced = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})/.exec(c.reply)?.[1] ?? `${c.reply[0]}.0.0`;
  const why =
    c.stage === 'connect'
      ? `host mx.example[192.0.2.1] refused to talk to me: ${reply}`
      : `host mx.example[192.0.2.1] said: ${reply} (in reply to ${{ mail: 'MAIL FROM', rcpt: 'RCPT TO', data: 'end of DATA' }[c.stage as 'mail']} command)`;
  const status = c.reply.startsWith('4') ? 'deferred' : 'bounced';
  return `Dec  3 12:00:01 mx1 postfix/smtp[4711]: 4F2A81C0D2: to=<bob@example.com>, relay=mx.example[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=${enhanced}, status=${status} (${why})`;
}

/** SMTP wire lines of a reply: "550-…" for all but the last line (RFC 5321 §4.2.1). */
function wire(reply: string): string {
  const lines = reply.split('\n');
  const code = reply.slice(0, 3);
  return lines
    .map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${l.replace(/^\d{3}[ -]?/, '')}\r\n`)
    .join('');
}

/** A server that answers one command of the session with the corpus reply, and OK to the rest. */
let current: CorpusReply = LIVE[0];
let server: RawServer;
beforeAll(async () => {
  server = await startRawServer((socket) => {
    if (current.stage === 'connect') return void socket.end(wire(current.reply));
    socket.write('220 mx.example ESMTP\r\n');
    let inData = false;
    lineDialogue(socket, (line) => {
      if (inData) {
        if (line !== '.') return;
        inData = false;
        return void socket.write(current.stage === 'data' ? wire(current.reply) : '250 OK\r\n');
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') return void socket.write('250 mx.example\r\n');
      if (verb === 'QUIT') return void socket.end('221 Bye\r\n');
      if (verb === 'MAIL' && current.stage === 'mail') return void socket.write(wire(current.reply));
      if (verb === 'RCPT' && current.stage === 'rcpt') return void socket.write(wire(current.reply));
      if (verb === 'DATA') {
        inData = true;
        return void socket.write('354 go ahead\r\n');
      }
      socket.write('250 OK\r\n');
    });
  });
});
afterAll(() => server?.close());

/** A session with the server answering `reply` at its point of the session, and the refusal. */
async function liveRefusal(reply: CorpusReply) {
  current = reply;
  const t = await probe({
    host: '127.0.0.1',
    port: server.port,
    tls: 'none',
    from: 'alice@example.org',
    to: ['bob@example.com'],
    data: 'Subject: corpus\r\n\r\nhello\r\n',
    timeout: 5_000,
  });
  const refusal = t.events.find((e): e is ReplyEvent => e.type === 'reply' && (e.code ?? 0) >= 400);
  return { t, refusal };
}

describe('the live reply and the quoted reply get one reason', () => {
  it(`all ${LIVE.length} corpus replies that a session without a login can meet`, async () => {
    const seen: { reply: string; live: string | undefined; quoted: string }[] = [];
    const findings: { reply: string; live: string | null; explained: string | null }[] = [];
    for (const c of LIVE) {
      const { t, refusal } = await liveRefusal(c);
      const logged = (await explainInput(Buffer.from(postfixLine(c)), 'maillog')).results[0];
      seen.push({
        reply: c.reply.slice(0, 50),
        live: refusal?.annotation?.reason,
        quoted: logged?.reason ?? 'none',
      });
      // The log line also names the command, so explain's finding is the live session's.
      findings.push({
        reply: c.reply.slice(0, 50),
        live: t.findings.find((f) => refusal && f.event === t.events.indexOf(refusal))?.id ?? null,
        explained: logged?.findingId ?? null,
      });
    }
    // One deliberate difference: a live 5.2.2 reads "try again later" (RFC 3463 §3.3: a full
    // mailbox may clear), which a bounce that already gave up must not say.
    const differ = findings.filter((f) => f.live !== f.explained);
    expect(differ.filter((f) => !(f.live === 'smtp.temporary-failure' && f.explained === null))).toEqual([]);
    expect(differ.map((f) => f.reply)).toEqual(
      LIVE.filter((c) => /^5\d\d 5\.2\.2/.test(c.reply)).map((c) => c.reply.slice(0, 50)),
    );
    expect(seen.filter((s) => s.live !== s.quoted)).toEqual([]);
    // And both are the reason the corpus names.
    expect(seen.map((s) => s.live)).toEqual(LIVE.map((c) => c.reason));
  }, 60_000);
});

describe('the replies the vendor notices quote', () => {
  /** A notice's reply, sent live at the command the notice says it answered. */
  const QUOTED = NOTICES.filter((n) => n.expected.command && n.expected.reason !== 'expired');
  it(`all ${QUOTED.length} notices that name the command: the live reason is explain's`, async () => {
    const seen: { vendor: string; live: string | undefined; explained: string }[] = [];
    for (const n of QUOTED) {
      const [r] = (await explainInput(Buffer.from(n.text), n.vendor)).results;
      const { refusal } = await liveRefusal({
        reply: r.diagnostic,
        stage: r.command as CorpusReply['stage'],
        reason: r.reason,
        source: n.source,
      });
      seen.push({ vendor: n.vendor, live: refusal?.annotation?.reason, explained: r.reason });
    }
    expect(seen.filter((s) => s.live !== s.explained)).toEqual([]);
    expect(seen.length).toBeGreaterThanOrEqual(8);
  }, 60_000);
});
