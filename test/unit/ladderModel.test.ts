import { describe, expect, it } from 'vitest';
import { buildLadder, type ArrowItem, type LadderItem } from '../../shared/diagram/ladderModel';
import type { TranscriptEvent } from '../../shared/transcript';
import { finding, replyEvent, sendEvent, starttlsSession } from './ladderSessions';

const arrows = (items: LadderItem[], role?: ArrowItem['role']) =>
  items.filter((i): i is ArrowItem => i.kind === 'arrow' && (!role || i.role === role));

/** What the ladder must draw, counted straight from the events: every reply, every command
 * line, and each message body (lines + final ".") as one arrow. */
function expectedCounts(events: TranscriptEvent[]) {
  let messages = 0;
  let commands = 0;
  let inBody = false;
  for (const e of events) {
    if (e.type === 'send' && e.body) {
      if (!inBody) messages++;
      inBody = true;
    } else if (e.type === 'send' && e.line === '.' && inBody) inBody = false;
    else if (e.type === 'send') commands++;
  }
  return { commands, messages, replies: events.filter((e) => e.type === 'reply').length };
}

describe('the ladder model', () => {
  it('draws one arrow per command and per reply, and one for the whole message', () => {
    const events = starttlsSession({ bodyLines: 300 });
    const { items } = buildLadder({ events });
    const want = expectedCounts(events);
    expect(arrows(items, 'command')).toHaveLength(want.commands);
    expect(arrows(items, 'reply')).toHaveLength(want.replies);
    expect(arrows(items, 'message')).toHaveLength(1);
    expect(arrows(items, 'command').map((a) => a.label)).toEqual([
      'EHLO',
      'STARTTLS',
      'EHLO',
      'AUTH',
      'MAIL',
      'RCPT',
      'DATA',
      'QUIT',
    ]);
    expect(arrows(items, 'reply').map((a) => a.label)).toEqual([
      '220',
      '250',
      '220 2.0.0',
      '250',
      '235 2.7.0',
      '250 2.1.0',
      '250 2.1.5',
      '354',
      '250 2.0.0',
      '221 2.0.0',
    ]);
  });

  it('collapses the message body into one arrow that says how many lines it had', () => {
    const events = starttlsSession({ bodyLines: 300 });
    const [message] = arrows(buildLadder({ events }).items, 'message');
    expect(message.text).toBe('300 lines, then "." (end of data)');
    expect(message.details[0].text).toBe('Subject: hello');
    // Every body event and the final dot map to this arrow: selecting any of them selects it.
    expect(message.events).toHaveLength(301);
    expect(message.encrypted).toBe(true);
  });

  it('puts the TLS band between STARTTLS and the second EHLO, which starts a new phase', () => {
    const { items } = buildLadder({ events: starttlsSession() });
    const starttlsReply = items.findIndex((i) => i.kind === 'arrow' && i.role === 'reply' && i.label === '220 2.0.0');
    const band = items.findIndex((i) => i.kind === 'tls');
    const afterTls = items.findIndex((i) => i.kind === 'phase' && i.phase === 'after-tls');
    const secondEhlo = items.findIndex((i, n) => n > band && i.kind === 'arrow' && i.label === 'EHLO');
    expect(starttlsReply).toBeGreaterThan(-1);
    expect([starttlsReply < band, band < afterTls, afterTls === secondEhlo - 1]).toEqual([true, true, true]);
    expect(items[band]).toMatchObject({
      kind: 'tls',
      mode: 'starttls',
      protocol: 'TLSv1.3',
      failed: null,
      t: 6.3,
      tEnd: 11,
    });
    expect((items[afterTls] as { title: string }).title).toBe('After TLS: new EHLO');
    // Everything before the band is plaintext, everything after it encrypted.
    expect(arrows(items.slice(0, band)).every((a) => !a.encrypted)).toBe(true);
    expect(arrows(items.slice(band)).every((a) => a.encrypted)).toBe(true);
  });

  it('shows what the server offers only after TLS', () => {
    const { items } = buildLadder({ events: starttlsSession() });
    const ehloReplies = arrows(items, 'reply').filter((a) => a.details.some((d) => d.text.startsWith('offers:')));
    expect(ehloReplies).toHaveLength(2);
    expect(ehloReplies[1].details).toContainEqual({ text: 'new after TLS: AUTH PLAIN LOGIN', tone: 'new' });
    expect(ehloReplies[0].details.some((d) => d.tone === 'new')).toBe(false);
  });

  it('colours a reply that produced a finding and names the finding', () => {
    const events = starttlsSession({ rcptCode: '554 5.7.1 <bob@example.net>: Relay access denied' });
    const relay = events.findIndex((e) => e.type === 'reply' && e.code === 554);
    const { items } = buildLadder({
      events,
      findings: [finding('smtp.relay-denied', relay), finding('auth.offered-before-tls', null, 'warning')],
    });
    const coloured = items.filter((i) => i.severity !== null);
    expect(coloured).toHaveLength(1);
    expect(coloured[0]).toMatchObject({
      kind: 'arrow',
      role: 'reply',
      label: '554 5.7.1',
      text: '<bob@example.net>: Relay access denied',
      severity: 'error',
      events: [relay],
    });
    expect(coloured[0].findings.map((f) => f.id)).toEqual(['smtp.relay-denied']);
  });

  it('keeps credentials out: AUTH answers are drawn from the redacted event text only', () => {
    const events: TranscriptEvent[] = [
      sendEvent(1, 'auth', 'AUTH LOGIN'),
      replyEvent(2, 'auth', ['334 VXNlcm5hbWU6']),
      sendEvent(3, 'auth', '[redacted]', { redacted: true }),
      replyEvent(4, 'auth', ['334 UGFzc3dvcmQ6']),
      sendEvent(5, 'auth', '[redacted]', { redacted: true }),
      replyEvent(6, 'auth', ['235 2.7.0 Authentication successful'], '2.7.0'),
    ];
    (events[1] as Extract<TranscriptEvent, { type: 'reply' }>).annotation = { challenge: 'Username:' };
    const { items } = buildLadder({ events });
    expect(arrows(items, 'command').map((a) => `${a.label} ${a.text}`)).toEqual([
      'AUTH LOGIN',
      'answer [redacted]',
      'answer [redacted]',
    ]);
    expect(arrows(items, 'reply')[0].details).toContainEqual({ text: 'base64 for "Username:"', tone: 'muted' });
  });

  it('grows with a session being stepped: the last command waits for its reply', () => {
    const events = starttlsSession().slice(0, 6);
    const { items } = buildLadder({ events });
    const last = arrows(items).at(-1)!;
    expect(last).toMatchObject({ label: 'STARTTLS', awaiting: true });
    const next = buildLadder({ events: starttlsSession().slice(0, 7) });
    expect(arrows(next.items).at(-2)).toMatchObject({ label: 'STARTTLS', awaiting: false });
  });

  it('draws a timeout as a command with no reply', () => {
    const events: TranscriptEvent[] = [
      ...starttlsSession().slice(0, 4),
      { t: 30_010, type: 'error', stage: 'ehlo', code: 'TIMEOUT', message: 'no reply to EHLO within 30 s' },
      { t: 30_011, type: 'close', by: 'client' },
    ];
    const { items } = buildLadder({ events });
    expect(items.find((i) => i.kind === 'no-reply')).toMatchObject({
      what: 'reply',
      reason: 'no reply to EHLO within 30 s [TIMEOUT]',
      events: [4],
    });
    expect(arrows(items).at(-1)).toMatchObject({ label: 'EHLO', awaiting: false });
  });

  it('shows implicit TLS as a band before the greeting, with no "new EHLO" phase', () => {
    const events: TranscriptEvent[] = [
      { t: 0, type: 'connect', address: '127.0.0.1', port: 465 },
      { t: 1, type: 'connected', localAddress: '127.0.0.1', localPort: 5000 },
      { t: 1.1, type: 'tls-start', mode: 'implicit', servername: 'mx.example' },
      { t: 9, type: 'tls-established', protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', group: null },
      replyEvent(12, 'banner', ['220 mx.example ESMTP']),
      sendEvent(12.1, 'ehlo', 'EHLO me'),
      replyEvent(13, 'ehlo', ['250 mx.example']),
    ];
    const { items } = buildLadder({ events });
    expect(items.map((i) => (i.kind === 'phase' ? `phase:${i.phase}` : i.kind))).toEqual([
      'phase:connect',
      'connect',
      'phase:implicit-tls',
      'tls',
      'arrow',
      'phase:hello',
      'arrow',
      'arrow',
    ]);
    expect(arrows(items).every((a) => a.encrypted)).toBe(true);
  });

  it('draws a refused connection as a failed connect, with the finding on it', () => {
    const events: TranscriptEvent[] = [
      { t: 0, type: 'connect', address: '127.0.0.1', port: 1 },
      { t: 0.4, type: 'error', stage: 'connect', code: 'ECONNREFUSED', message: 'connection refused' },
    ];
    const { items } = buildLadder({ events, findings: [finding('net.refused', 1)] });
    expect(items[1]).toMatchObject({
      kind: 'connect',
      state: 'failed',
      failure: 'connection refused [ECONNREFUSED]',
      severity: 'error',
      events: [0, 1],
    });
  });

  it('handles a hand-typed terminal session: unknown verbs, a message typed line by line', () => {
    const events: TranscriptEvent[] = [
      sendEvent(1, 'ehlo', 'NOOP'),
      replyEvent(2, 'ehlo', ['250 2.0.0 Ok'], '2.0.0'),
      sendEvent(3, 'ehlo', 'xyzzy <b>'),
      replyEvent(4, 'ehlo', ['502 5.5.2 Error: command not recognized'], '5.5.2'),
      sendEvent(5, 'data', 'DATA'),
      replyEvent(6, 'data', ['354 go ahead']),
      sendEvent(7, 'data', 'hello', { body: true }),
      sendEvent(9, 'data', 'world', { body: true }),
    ];
    const { items } = buildLadder({ events });
    expect(arrows(items, 'command').map((a) => a.label)).toEqual(['NOOP', 'XYZZY', 'DATA']);
    // The message is still being typed: one arrow, growing, no reply expected yet.
    expect(arrows(items, 'message')).toHaveLength(1);
    expect(arrows(items, 'message')[0]).toMatchObject({ text: '2 lines', awaiting: false });
  });
});
