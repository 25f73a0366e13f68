// The extensions a client uses, against the real Postfix, which offers them all: PIPELINING,
// CHUNKING (BDAT), SMTPUTF8, 8BITMIME, SIZE and DSN. Each message is checked byte for byte in
// the mailbox, and the DSN parameters in what Postfix makes of them: the success report it
// sends back, with the envelope id and the original recipient.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Transcript } from '../../shared/transcript';
import { finding, lens, replyTo, sent } from './lensSession';
import { splitEntry, storedForm, waitForMessage } from './mailbox';
import { findPostfix, requirePostfix, type PostfixInstance } from './postfixInstance';
import { requireSwaks, swaks, swaksReplies } from './referenceClients';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

const uniqueId = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2)}@client.example`;

function message(id: string, subject: string, body: string[] = ['One line of body.']): string {
  return [
    'From: Carol <carol@client.example>',
    'To: Bob <bob@lab.test>',
    `Subject: ${subject}`,
    `Message-ID: <${id}>`,
    'Date: Fri, 27 Nov 2026 12:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...body,
  ].join('\r\n');
}

async function deliveredAsSent(id: string, text: string): Promise<void> {
  const stored = splitEntry(
    await waitForMessage(pf.mailboxes['bob@lab.test'], id),
    'From: Carol <carol@client.example>',
  );
  expect(stored.content).toBe(storedForm(text));
}

const pipelinedLines = (t: Transcript) =>
  t.events.flatMap((e) => (e.type === 'send' && e.pipelined ? [e.line.split(' ')[0]] : []));

describe('PIPELINING', () => {
  it('MAIL, both RCPTs and DATA in one write; each reply read as its own command’s; delivered unchanged', async () => {
    const id = uniqueId('pipelined');
    const text = message(id, 'pipelined');
    const t = await lens(pf, 'mx', 'starttls', {
      from: 'carol@client.example',
      to: ['nobody@lab.test', 'bob@lab.test'],
      data: text,
    });
    expect(pipelinedLines(t)).toEqual(['MAIL', 'RCPT', 'RCPT', 'DATA']);
    expect(replyTo(t, 'MAIL FROM:')).toBe('250 2.1.0 Ok');
    expect(replyTo(t, 'RCPT TO:<nobody@lab.test>')).toMatch(
      /^550 5\.1\.1 <nobody@lab\.test>: Recipient address rejected/,
    );
    expect(replyTo(t, 'RCPT TO:<bob@lab.test>')).toBe('250 2.1.5 Ok');
    expect(replyTo(t, 'DATA')).toBe('354 End data with <CR><LF>.<CR><LF>');
    await deliveredAsSent(id, text);
  });

  it('swaks --pipeline agrees: the same replies from the same server', async (ctx) => {
    requireSwaks(ctx);
    const s = await swaks(pf, 'mx', [
      '--tls',
      '--pipeline',
      '--from',
      'carol@client.example',
      '--to',
      'nobody@lab.test,bob@lab.test',
    ]);
    const replies = swaksReplies(s);
    expect(replies).toContain('250 2.1.0 Ok');
    expect(replies.some((r) => /^550 5\.1\.1 <nobody@lab\.test>: Recipient address rejected/.test(r))).toBe(true);
    expect(replies).toContain('250 2.1.5 Ok');
    expect(replies).toContain('354 End data with <CR><LF>.<CR><LF>');
  });
});

describe('CHUNKING', () => {
  it('--bdat with 64-octet chunks: BDAT n, then BDAT n LAST, and the message arrives byte for byte', async () => {
    const id = uniqueId('bdat');
    const text = message(id, 'sent in BDAT chunks', [
      '.A line that starts with a dot: BDAT does not stuff it.',
      'Last line.',
    ]);
    const t = await lens(pf, 'mx', 'starttls', {
      from: 'carol@client.example',
      to: ['bob@lab.test'],
      data: text,
      bdat: true,
      bdatChunk: 64,
    });
    const bdat = sent(t).filter((l) => l.startsWith('BDAT'));
    expect(bdat.length).toBeGreaterThan(3);
    expect(bdat.slice(0, -1).every((l) => l === 'BDAT 64')).toBe(true);
    expect(bdat.at(-1)).toMatch(/^BDAT \d+ LAST$/);
    expect(sent(t)).not.toContain('DATA');
    // One reply per chunk, in order: the byte count of each, then the queue id after LAST.
    const chunkReplies = t.events.flatMap((e) =>
      e.type === 'reply' && e.stage === 'data' ? [e.lines.join('\n')] : [],
    );
    expect(chunkReplies).toHaveLength(bdat.length);
    expect(chunkReplies.slice(0, -1).every((r) => r === '250 2.0.0 Ok: 64 bytes')).toBe(true);
    expect(chunkReplies.at(-1)).toMatch(/^250 2\.0\.0 Ok: \d+ bytes queued as \w+$/);
    await deliveredAsSent(id, text);
  });
});

describe('SMTPUTF8, 8BITMIME and SIZE', () => {
  it('a UTF-8 sender and an 8-bit body: SMTPUTF8 and BODY=8BITMIME, delivered unchanged', async () => {
    const id = uniqueId('utf8');
    const text = message(id, 'Grüße', ['Grüße aus Zürich, ☃.']);
    const t = await lens(pf, 'mx', 'starttls', { from: 'jürgen@client.example', to: ['bob@lab.test'], data: text });
    expect(sent(t).find((l) => l.startsWith('MAIL'))).toMatch(
      /^MAIL FROM:<jürgen@client\.example> SIZE=\d+ BODY=8BITMIME SMTPUTF8$/,
    );
    expect(t.outcome.ok).toBe(true);
    const entry = await waitForMessage(pf.mailboxes['bob@lab.test'], id);
    expect(Buffer.from(entry, 'latin1').toString('utf8')).toContain('Return-Path: <jürgen@client.example>');
    expect(Buffer.from(entry, 'latin1').toString('utf8')).toContain('Grüße aus Zürich, ☃.');
  });

  it('a message over SIZE 10240000 is refused at MAIL FROM, before any data: the declared variant', async () => {
    const big = `Subject: too big\r\n\r\n${`${'x'.repeat(998)}\r\n`.repeat(10_400)}`;
    const t = await lens(pf, 'mx', 'starttls', {
      from: 'carol@client.example',
      to: ['bob@lab.test'],
      data: big,
      noPipelining: true,
    });
    expect(replyTo(t, 'MAIL FROM:')).toBe('552 5.3.4 Message size exceeds fixed limit');
    expect(sent(t)).not.toContain('DATA');
    const f = finding(t, 'smtp.message-too-large');
    expect(f.explanation).toContain('SMTP Lens declared the message size in MAIL FROM (SIZE=10400020 (10.4 MB)');
    expect(f.explanation).toContain('SIZE 10240000');
  });
});

describe('DSN', () => {
  it('NOTIFY, RET, ENVID and ORCPT: Postfix sends the success report, quoting the envelope id and the original recipient', async () => {
    const id = uniqueId('dsn');
    const envid = `lens-${Date.now()}`;
    const t = await lens(pf, 'mx', 'starttls', {
      from: 'alice@lab.test',
      to: ['bob@lab.test'],
      data: message(id, 'with DSN'),
      notify: ['SUCCESS', 'FAILURE'],
      ret: 'HDRS',
      envid,
      orcpt: 'robert@lab.test',
    });
    expect(sent(t).find((l) => l.startsWith('MAIL'))).toMatch(new RegExp(` RET=HDRS ENVID=${envid}$`));
    expect(sent(t).find((l) => l.startsWith('RCPT'))).toBe(
      'RCPT TO:<bob@lab.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;robert@lab.test',
    );
    expect(t.outcome.ok).toBe(true);
    // RFC 3464: the report to the sender names the envelope id and the original recipient.
    const report = await waitForMessage(pf.mailboxes['alice@lab.test'], envid);
    expect(report).toContain(`Original-Envelope-Id: ${envid}`);
    expect(report).toContain('Original-Recipient: rfc822;robert@lab.test');
    expect(report).toMatch(/Action: delivered/);
  });
});

describe('building the message, as swaks does', () => {
  it('--header, --body and --attach: delivered as MIME that parses back to the same parts; swaks the same way gets the same replies', async (ctx) => {
    const { simpleParser } = await import('mailparser');
    const file = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x0a, 0x0d]);
    const ticket = `T-${Date.now()}`;
    const t = await lens(pf, 'mx', 'starttls', {
      from: 'carol@client.example',
      to: ['bob@lab.test'],
      headers: ['Subject: quarterly report', `X-Ticket: ${ticket}`],
      body: 'See the attached file.',
      attachments: [{ filename: 'report.pdf', content: file.toString('base64') }],
    });
    expect(t.outcome.ok).toBe(true);
    const entry = await waitForMessage(pf.mailboxes['bob@lab.test'], ticket);
    const parsed = await simpleParser(Buffer.from(entry, 'latin1'));
    expect(parsed.subject).toBe('quarterly report');
    expect(parsed.headers.get('x-ticket')).toBe(ticket);
    expect(parsed.text?.trim()).toBe('See the attached file.');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['report.pdf', 'application/pdf']]);
    expect(Buffer.compare(parsed.attachments[0].content, file)).toBe(0);

    requireSwaks(ctx);
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/smtp-lens-attach-');
    writeFileSync(`${dir}/report.pdf`, file);
    const s = await swaks(pf, 'mx', [
      '--tls',
      '--from',
      'carol@client.example',
      '--to',
      'bob@lab.test',
      '--header',
      'Subject: quarterly report',
      '--body',
      'See the attached file.',
      '--attach',
      `@${dir}/report.pdf`,
    ]);
    expect(s.code, s.out).toBe(0);
    const lensReplies = t.events.flatMap((e) => (e.type === 'reply' && e.stage !== 'banner' ? [e.lines[0] ?? ''] : []));
    const swaksLines = swaksReplies(s);
    // The same server says the same things to both clients, up to the queue id.
    for (const line of ['250 2.1.0 Ok', '250 2.1.5 Ok', '354 End data with <CR><LF>.<CR><LF>', '221 2.0.0 Bye'])
      expect([lensReplies.includes(line), swaksLines.includes(line)]).toEqual([true, true]);
    expect(swaksLines.some((l) => /^250 2\.0\.0 Ok: queued as \w+$/.test(l))).toBe(true);
  });
});

describe('VRFY', () => {
  it('--vrfy: Postfix answers 252, and SMTP Lens reads it as the usual, deliberate non-answer', async () => {
    const t = await lens(pf, 'mx', 'starttls', { vrfy: 'bob@lab.test' });
    expect(replyTo(t, 'VRFY bob@lab.test')).toBe('252 2.0.0 bob@lab.test');
    const note = t.events.find((e) => e.type === 'note' && e.code === 'vrfy-reading');
    expect(note?.type === 'note' && note.text).toContain('the usual answer where VRFY is disabled on purpose');
    expect(t.findings).toEqual([]);
  });

  it('a server with VRFY switched off (502): said in words, no finding', async () => {
    const { lineDialogue, startRawServer } = await import('../helpers/rawServer');
    const { probe } = await import('../../main/engine/session');
    const server = await startRawServer((socket) => {
      socket.write('220 novrfy.test ESMTP\r\n');
      lineDialogue(socket, (line) => {
        if (/^EHLO/i.test(line)) socket.write('250 novrfy.test\r\n');
        else if (/^VRFY/i.test(line)) socket.write('502 5.5.1 VRFY command is disabled\r\n');
        else socket.end('221 bye\r\n');
      });
    });
    try {
      const t = await probe({ host: '127.0.0.1', port: server.port, tls: 'none', vrfy: 'x@novrfy.test' });
      expect(t.findings).toEqual([]);
      expect(t.events.some((e) => e.type === 'note' && e.text.startsWith('VRFY is switched off on this server'))).toBe(
        true,
      );
    } finally {
      await server.close();
    }
  });
});
