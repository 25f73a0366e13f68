// One classifier: every reply of the corpus, sent by a real server at the point of the session
// it answers, carries in the live transcript the reason the same text gets when it is quoted
// out of a session (a bounce, a log line, a pasted reply).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../main/engine/session';
import { bounceReason, replyFactsOf } from '../../shared/knowledge/bounceReason';
import type { ReplyEvent } from '../../shared/transcript';
import { lineDialogue, type RawServer, startRawServer } from '../helpers/rawServer';
import { type CorpusReply, REPLY_CORPUS } from '../helpers/replyCorpus';

/** The corpus replies a plain session can meet without a login: the greeting, MAIL, RCPT, DATA. */
const LIVE = REPLY_CORPUS.filter((c) => ['connect', 'mail', 'rcpt', 'data'].includes(c.stage));

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

describe('the live reply and the quoted reply get one reason', () => {
  it(`all ${LIVE.length} corpus replies that a session without a login can meet`, async () => {
    const seen: { reply: string; live: string | undefined; quoted: string }[] = [];
    for (const c of LIVE) {
      current = c;
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
      seen.push({
        reply: c.reply.slice(0, 50),
        live: refusal?.annotation?.reason,
        quoted: bounceReason(replyFactsOf(c.reply, c.stage === 'connect' ? 'banner' : c.stage)).reason,
      });
    }
    expect(seen.filter((s) => s.live !== s.quoted)).toEqual([]);
    // And both are the reason the corpus names.
    expect(seen.map((s) => s.live)).toEqual(LIVE.map((c) => c.reason));
  }, 60_000);
});
