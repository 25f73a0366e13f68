// The ESMTP extensions a client uses, against the practice server: PIPELINING (RFC 2920),
// CHUNKING (RFC 3030), SMTPUTF8 (RFC 6531), 8BITMIME (RFC 6152), SIZE (RFC 1870), DSN (RFC
// 3461) and REQUIRETLS (RFC 8689). The broken-extensions scenario breaks each one, and small
// hostile servers break what it does not.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, SmtpSession } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { type Lab, startLab } from '../../main/lab/labServer';
import type { Transcript } from '../../shared/transcript';
import { lineDialogue, startRawServer } from '../helpers/rawServer';
import { runCli } from '../helpers/cli';

let lab: Lab;
let rootCa: string;
beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'broken-extensions'] });
  rootCa = readFileSync(lab.rootCaPath, 'utf8');
});
afterAll(() => lab?.close());

const sent = (t: Transcript) => t.events.flatMap((e) => (e.type === 'send' && !e.body ? [e.line] : []));
const finding = (t: Transcript, id: string) => t.findings.find((f) => f.id === id);
const broken = (extra: Partial<SessionOptions> = {}): SessionOptions => ({
  host: '127.0.0.1',
  port: lab.portOf('broken-extensions'),
  tls: 'none',
  from: 'tester@client.example',
  to: ['bob@lab.test'],
  timeout: 3_000,
  ...extra,
});
const submission = (extra: Partial<SessionOptions> = {}): SessionOptions => ({
  host: '127.0.0.1',
  port: lab.portOf('submission-ok'),
  tls: 'starttls',
  servername: 'mail.lab.test',
  ca: [rootCa],
  auth: { user: 'alice@lab.test', secret: 'wonderland' },
  from: 'alice@lab.test',
  to: ['bob@lab.test'],
  timeout: 5_000,
  ...extra,
});

describe('PIPELINING', () => {
  it('MAIL, every RCPT and DATA go in one batch, and each reply is read as its own command’s', async () => {
    const before = lab.messages('submission-ok').length;
    const t = await probe(submission({ to: ['bob@lab.test', 'carol@lab.test'] }));
    expect(t.outcome.ok).toBe(true);
    const batch = t.events.filter((e) => e.type === 'send' && e.pipelined);
    expect(batch.map((e) => (e.type === 'send' ? e.line.split(' ')[0] : ''))).toEqual(['MAIL', 'RCPT', 'RCPT', 'DATA']);
    // One write: the four sends carry the same time, and no reply comes between them.
    const first = t.events.indexOf(batch[0]);
    expect(t.events.slice(first, first + 4).every((e) => e.type === 'send')).toBe(true);
    const replies = t.events.filter((e) => e.type === 'reply' && ['mail', 'rcpt', 'data'].includes(e.stage));
    expect(replies.map((e) => (e.type === 'reply' ? `${e.stage} ${e.code}` : ''))).toEqual([
      'mail 250',
      'rcpt 250',
      'rcpt 250',
      'data 354',
      'data 250',
    ]);
    expect(lab.messages('submission-ok').length).toBe(before + 1);
  });

  it('a server that answers the batch out of order is smtp.pipelining-broken, and no message goes', async () => {
    const t = await probe(broken());
    const f = finding(t, 'smtp.pipelining-broken');
    expect(f?.title).toBe('The server offers PIPELINING and breaks it');
    expect(f?.explanation).toContain('"354 End data with <CR><LF>.<CR><LF>" came where that reply belongs');
    expect(sent(t)).not.toContain('QUIT');
    expect(t.outcome).toMatchObject({ ok: false, stopped: { stage: 'mail', error: 'PIPELINING_BROKEN' } });
  });

  it('--no-pipelining: the same server, one command at a time, takes the mail', async () => {
    const t = await probe(broken({ noPipelining: true }));
    expect(t.events.some((e) => e.type === 'send' && e.pipelined)).toBe(false);
    expect(t.outcome.ok).toBe(true);
    expect(t.events.some((e) => e.type === 'reply' && e.lines[0] === '250 2.0.0 Ok: queued')).toBe(true);
  });

  it('a server that leaves a pipelined command unanswered: the missing variant names it', async () => {
    const server = await startRawServer((socket) => {
      socket.write('220 lossy.test ESMTP\r\n');
      lineDialogue(socket, (line) => {
        if (/^EHLO/i.test(line)) socket.write('250-lossy.test\r\n250 PIPELINING\r\n');
        else if (/^MAIL/i.test(line)) socket.write('250 2.1.0 Ok\r\n');
        // RCPT and DATA are read and never answered.
      });
    });
    try {
      const t = await probe({ host: '127.0.0.1', port: server.port, tls: 'none', to: ['x@lossy.test'], timeout: 800 });
      const f = finding(t, 'smtp.pipelining-broken');
      expect(f?.title).toBe('The server lost a pipelined command');
      expect(f?.explanation).toContain('Only 1 of the 3 replies came: nothing answered RCPT TO:<x@lossy.test>');
    } finally {
      await server.close();
    }
  });

  it('Step mode shows the whole batch as the next step, before it is sent', async () => {
    const session = new SmtpSession(broken({ noPipelining: false }));
    let next = session.peek();
    while (next && next.kind !== 'envelope') {
      await session.step();
      next = session.peek();
    }
    expect(next?.label).toBe('MAIL FROM, RCPT TO and DATA in one write (PIPELINING)');
    expect(session.previewLine(next!)).toMatch(
      /^MAIL FROM:<tester@client\.example> SIZE=\d+\nRCPT TO:<bob@lab\.test>\nDATA$/,
    );
    session.abort();
  });
});

describe('CHUNKING (BDAT)', () => {
  it('a server that offers CHUNKING and refuses BDAT: smtp.bdat-refused, with its reply', async () => {
    const t = await probe(broken({ noPipelining: true, bdat: true }));
    expect(sent(t)).toContain(sent(t).find((l) => /^BDAT \d+ LAST$/.test(l)));
    expect(sent(t)).not.toContain('DATA');
    const f = finding(t, 'smtp.bdat-refused');
    expect(f?.explanation).toContain('"554 5.5.1 Error: BDAT is not supported here"');
  });

  it('where CHUNKING is not offered, --bdat says so and uses DATA', async () => {
    const t = await probe(submission({ bdat: true }));
    expect(t.outcome.ok).toBe(true);
    expect(t.events.some((e) => e.type === 'note' && e.code === 'chunking-not-offered')).toBe(true);
    expect(sent(t)).toContain('DATA');
  });
});

describe('SMTPUTF8, 8BITMIME and SIZE', () => {
  it('a UTF-8 address goes with SMTPUTF8 and BODY=8BITMIME where they are offered', async () => {
    const before = lab.messages('submission-ok').length;
    const t = await probe(submission({ to: ['bøb@lab.test'] }));
    expect(t.outcome.ok).toBe(true);
    expect(sent(t).find((l) => l.startsWith('MAIL FROM'))).toMatch(/ BODY=8BITMIME SMTPUTF8$/);
    const got = lab.messages('submission-ok').slice(before);
    expect(got.map((m) => m.to)).toEqual([['bøb@lab.test']]);
  });

  it('toward a server without SMTPUTF8 it is never sent: the finding gives the A-label form', async () => {
    const t = await probe(broken({ noPipelining: true, to: ['bob@exämple.lab.test'] }));
    expect(sent(t).some((l) => l.startsWith('MAIL'))).toBe(false);
    expect(t.outcome.stopped).toEqual({ stage: 'mail', error: 'SMTPUTF8_NOT_OFFERED' });
    const f = finding(t, 'smtp.utf8-not-offered');
    expect(f?.fix).toContain('bob@xn--exmple-cua.lab.test');
  });

  it('SIZE is declared up front; a message over the limit is refused at MAIL, before any data', async () => {
    const big = `Subject: big\r\n\r\n${'x'.repeat(998)}\r\n`.repeat(11_000);
    const t = await probe(submission({ data: big, noPipelining: true }));
    const mail = sent(t).find((l) => l.startsWith('MAIL FROM'));
    expect(mail).toMatch(/ SIZE=\d{8}$/);
    expect(sent(t)).not.toContain('DATA');
    const f = finding(t, 'smtp.message-too-large');
    expect(f?.explanation).toContain('SMTP Lens declared the message size in MAIL FROM');
    expect(f?.explanation).toContain('SIZE 10485760');
    expect(t.events.some((e) => e.type === 'note' && e.code === 'size-over-limit')).toBe(true);
  });
});

describe('DSN and REQUIRETLS', () => {
  it('DSN parameters go on MAIL and RCPT where DSN is offered, xtext-encoded', async () => {
    const seen: string[] = [];
    const server = await startRawServer((socket) => {
      socket.write('220 dsn.test ESMTP\r\n');
      lineDialogue(socket, (line) => {
        seen.push(line);
        if (/^EHLO/i.test(line)) socket.write('250-dsn.test\r\n250 DSN\r\n');
        else if (/^DATA/i.test(line)) socket.write('354 go\r\n');
        else if (line === '.') socket.write('250 queued\r\n');
        else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else if (/^(MAIL|RCPT)/i.test(line)) socket.write('250 ok\r\n');
      });
    });
    try {
      const t = await probe({
        host: '127.0.0.1',
        port: server.port,
        tls: 'none',
        to: ['x@dsn.test'],
        notify: ['SUCCESS', 'FAILURE'],
        ret: 'HDRS',
        envid: 'ticket=42 a+b',
        orcpt: 'x@dsn.test',
      });
      expect(t.outcome.ok).toBe(true);
      expect(seen.find((l) => l.startsWith('MAIL'))).toMatch(/ RET=HDRS ENVID=ticket\+3D42\+20a\+2Bb$/);
      expect(seen.find((l) => l.startsWith('RCPT'))).toBe(
        'RCPT TO:<x@dsn.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@dsn.test',
      );
    } finally {
      await server.close();
    }
  });

  it('where DSN is not offered the parameters are left off, and the finding says which', async () => {
    const t = await probe(broken({ noPipelining: true, notify: ['NEVER'], ret: 'FULL' }));
    expect(sent(t).find((l) => l.startsWith('MAIL'))).not.toContain('RET=');
    expect(finding(t, 'smtp.dsn-not-offered')?.title).toBe('The server does not offer DSN: NOTIFY, RET left off');
  });

  it('REQUIRETLS over a plain connection is refused before MAIL', async () => {
    const t = await probe(broken({ requiretls: true }));
    expect(sent(t).some((l) => l.startsWith('MAIL'))).toBe(false);
    expect(finding(t, 'smtp.requiretls-unavailable')?.title).toBe(
      'REQUIRETLS cannot be honoured here: the connection is not encrypted',
    );
  });
});

describe('building the message from the CLI', () => {
  it('--attach-type applies to the --attach after it; the others are guessed; --data with parts is a usage error', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/smtp-lens-cli-attach-');
    writeFileSync(`${dir}/notes.txt`, 'hello\n');
    writeFileSync(`${dir}/data.bin`, Buffer.from([1, 2, 3]));
    const r = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(lab.portOf('broken-extensions')),
      '--tls',
      'none',
      '--no-pipelining',
      '--to',
      'bob@lab.test',
      '--header',
      'Subject: parts',
      '--attach-type',
      'text/csv',
      '--attach',
      `${dir}/notes.txt`,
      '--attach',
      `${dir}/data.bin`,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = (JSON.parse(r.stdout) as Transcript).events.flatMap((e) =>
      e.type === 'send' && e.body ? [e.line] : [],
    );
    expect(lines).toContain('Subject: parts');
    expect(lines).toContain('Content-Type: text/csv; name=notes.txt');
    expect(lines).toContain('Content-Type: application/octet-stream; name=data.bin');
    const both = await runCli(['probe', '127.0.0.1', '--data', `${dir}/notes.txt`, '--body', 'x', '--to', 'a@b.test']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--data is the whole message; --header, --body and --attach build one');
  });
});
