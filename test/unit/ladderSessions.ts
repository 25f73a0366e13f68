// Event lists shaped like the engine's, for the diagram unit tests. The integration tests
// (test/integration/timings.test.ts) check the same properties on real sessions.
import { expect } from 'vitest';
import type { Finding, TranscriptEvent } from '../../shared/transcript';

const reply = (
  t: number,
  stage: Extract<TranscriptEvent, { type: 'reply' }>['stage'],
  lines: string[],
  enhanced: string | null = null,
): TranscriptEvent => ({
  t,
  type: 'reply',
  stage,
  code: Number(lines[0].slice(0, 3)),
  enhanced,
  lines,
});
const send = (
  t: number,
  stage: Extract<TranscriptEvent, { type: 'send' }>['stage'],
  line: string,
  extra: { body?: true; redacted?: true } = {},
): TranscriptEvent => ({
  t,
  type: 'send',
  stage,
  line,
  ...extra,
});

/** STARTTLS, AUTH PLAIN, one recipient, a message of `bodyLines` lines, QUIT. */
export function starttlsSession(
  opts: { banner?: string; bannerAt?: number; bodyLines?: number; rcptCode?: string } = {},
): TranscriptEvent[] {
  const bannerAt = opts.bannerAt ?? 5;
  const s = (dt: number) => bannerAt + dt;
  const body = Array.from({ length: opts.bodyLines ?? 3 }, (_, n) =>
    send(s(12), 'data', n === 0 ? 'Subject: hello' : `line ${n}`, { body: true }),
  );
  return [
    { t: 0.1, type: 'connect', address: '127.0.0.1', port: 2525 },
    { t: 0.6, type: 'connected', localAddress: '127.0.0.1', localPort: 50000 },
    reply(bannerAt, 'banner', [opts.banner ?? '220 mx.example ESMTP']),
    send(s(0.1), 'ehlo', 'EHLO client.example'),
    reply(s(0.6), 'ehlo', ['250-mx.example', '250-STARTTLS', '250 SIZE 1000']),
    send(s(0.7), 'tls', 'STARTTLS'),
    reply(s(1.2), 'tls', ['220 2.0.0 Ready'], '2.0.0'),
    { t: s(1.3), type: 'tls-start', mode: 'starttls', servername: 'mx.example' },
    { t: s(6), type: 'tls-established', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', group: 'X25519' },
    send(s(8), 'ehlo', 'EHLO client.example'),
    reply(s(8.5), 'ehlo', ['250-mx.example', '250-AUTH PLAIN LOGIN', '250 SIZE 1000']),
    { t: s(8.6), type: 'note', stage: 'auth', text: 'Authenticating as "alice" with PLAIN.' },
    send(s(8.6), 'auth', 'AUTH PLAIN [redacted]', { redacted: true }),
    reply(s(9), 'auth', ['235 2.7.0 Authentication successful'], '2.7.0'),
    send(s(9.1), 'mail', 'MAIL FROM:<alice@example.org>'),
    reply(s(9.5), 'mail', ['250 2.1.0 Ok'], '2.1.0'),
    send(s(9.6), 'rcpt', 'RCPT TO:<bob@example.net>'),
    reply(s(10), 'rcpt', [opts.rcptCode ?? '250 2.1.5 Ok'], (opts.rcptCode ?? '250 2.1.5').slice(4, 9)),
    send(s(10.1), 'data', 'DATA'),
    reply(s(11), 'data', ['354 End data with <CR><LF>.<CR><LF>']),
    ...body,
    send(s(12), 'data', '.'),
    reply(s(13), 'data', ['250 2.0.0 Ok: queued as ABC'], '2.0.0'),
    send(s(13.1), 'quit', 'QUIT'),
    reply(s(13.5), 'quit', ['221 2.0.0 Bye'], '2.0.0'),
    { t: s(13.6), type: 'close', by: 'client' },
  ];
}

export function finding(id: string, event: number | null, severity: Finding['severity'] = 'error'): Finding {
  return { id, severity, title: `Title of ${id}`, explanation: '', fix: '', refs: [], event };
}

export { reply as replyEvent, send as sendEvent };

/** The only elements the diagrams may contain: shapes, text and one embedded stylesheet. */
const ALLOWED_TAGS = new Set(['svg', 'g', 'title', 'style', 'line', 'rect', 'path', 'text', 'tspan']);

/**
 * Reads every tag of the SVG strictly (name, then name="value" pairs with no raw quote or
 * angle bracket inside a value) and checks: only allowed elements, no event handler, no
 * href of any kind, no url() or @import; and every "<" in the file starts a tag, so server
 * text cannot have smuggled markup in.
 */
export function expectSafeSvg(svg: string): void {
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/url\(|@import/i);
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g;
  const attributes: string[] = [];
  const tags: string[] = [];
  let covered = 0;
  let closing = 0;
  for (const m of svg.matchAll(tag)) {
    if (m[1]) closing++;
    else tags.push(m[2]);
    for (const a of m[3].matchAll(/([\w:-]+)="/g)) attributes.push(a[1]);
    covered++;
  }
  expect((svg.match(/</g) ?? []).length).toBe(covered);
  expect(tags.filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
  expect(attributes.filter((a) => /^on/i.test(a) || /href$/i.test(a))).toEqual([]);
  // Balanced: every opened container element is closed.
  const opened = tags.filter((t) => ['svg', 'g', 'title', 'style', 'text', 'tspan'].includes(t)).length;
  expect(opened).toBe(closing);
}
