// One fixture transcript, with every kind of event, through every face: the CLI's text,
// Markdown, HTML, the app's transcript rows, its terminal pane and its progress line. Each
// event's phrase, and each failed reply's reading, must read the same in all of them: a face
// that words an event apart fails here.
import { describe, expect, it } from 'vitest';
import { renderHtml, renderMarkdown, renderText } from '../../shared/export/index';
import { eventWords, isFailedReply, progressWords, replyReading } from '../../shared/presentation/eventWords';
import type { ReplyEvent, TranscriptEvent } from '../../shared/transcript';
import { TranscriptRows } from '../../renderer/src/state/transcriptRows';
import { formatEvent } from '../../renderer/src/terminal/terminalFormat';
import { transcriptOf } from './exportFixture';

const reply = (
  t: number,
  stage: ReplyEvent['stage'],
  code: number | null,
  lines: string[],
  extra: Partial<ReplyEvent> = {},
) => ({ t, type: 'reply', stage, code, enhanced: null, lines, ...extra }) as ReplyEvent;

const EVENTS: TranscriptEvent[] = [
  { t: 0.2, type: 'dns', host: 'gone.example', addresses: [], error: 'ENOTFOUND' },
  { t: 0.5, type: 'dns', host: 'mx.example', addresses: [{ address: '192.0.2.25', family: 4 }] },
  { t: 0.8, type: 'connect', address: '192.0.2.25', port: 25 },
  { t: 2.1, type: 'connected', localAddress: '198.51.100.7', localPort: 50123 },
  reply(9.5, 'banner', 220, ['220 mx.example ESMTP']),
  { t: 9.6, type: 'send', stage: 'ehlo', line: 'EHLO client.example' },
  reply(10.1, 'ehlo', 250, ['250-mx.example', '250 STARTTLS']),
  { t: 10.2, type: 'send', stage: 'tls', line: 'STARTTLS' },
  reply(10.5, 'tls', 220, ['220 2.0.0 Ready']),
  { t: 10.6, type: 'tls-start', mode: 'starttls', servername: 'mx.example' },
  { t: 25.0, type: 'tls-established', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', group: 'X25519' },
  {
    t: 25.5,
    type: 'note',
    stage: 'auth',
    text: 'The server did not offer AUTH in its EHLO reply, so no credentials were sent.',
  },
  { t: 26.0, type: 'send', stage: 'mail', line: 'MAIL FROM:<a@client.example>' },
  reply(26.5, 'mail', 250, ['250 2.1.0 Ok'], { enhanced: '2.1.0' }),
  { t: 26.6, type: 'send', stage: 'rcpt', line: 'RCPT TO:<b@elsewhere.example>' },
  reply(27.0, 'rcpt', 554, ['554 5.7.1 <b@elsewhere.example>: Relay access denied'], { enhanced: '5.7.1' }),
  { t: 27.1, type: 'send', stage: 'rcpt', line: 'RCPT TO:<c@mx.example>' },
  reply(27.5, 'rcpt', 451, ['451 4.7.1 Greylisted, try again later'], { enhanced: '4.7.1' }),
  { t: 27.6, type: 'send', stage: 'data', line: 'DATA' },
  reply(27.9, 'data', 354, ['354 End data with <CR><LF>.<CR><LF>']),
  { t: 28.0, type: 'send', stage: 'data', line: 'Subject: test', body: true },
  { t: 28.1, type: 'send', stage: 'data', line: '.' },
  reply(28.5, 'data', null, ['not a reply'], {
    malformed: 'not an SMTP reply line (a reply starts with a three-digit code)',
  }),
  { t: 30.0, type: 'error', stage: 'data', code: 'TIMEOUT', message: 'no reply within 2.0 s' },
  { t: 30.1, type: 'close', by: 'server' },
  { t: 31.0, type: 'connect', address: '192.0.2.25', port: 587 },
  { t: 32.0, type: 'tls-start', mode: 'implicit', servername: null },
  { t: 33.0, type: 'close', by: 'client' },
];

const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const htmlText = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&#8627;/g, '↳')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function faces(): Record<string, string> {
  const t = transcriptOf(EVENTS, { outcome: { ok: false, stage: 'rcpt' } });
  const rows = TranscriptRows.EMPTY.append(EVENTS, 0);
  return {
    'CLI text': renderText(t, { color: false, width: 200 }),
    'CLI text in colour': stripAnsi(renderText(t, { color: true, width: 200 })),
    Markdown: renderMarkdown(t),
    HTML: htmlText(renderHtml(t)),
    'transcript rows': rows.rows
      .map((r) => [r.text, ...r.sent, ...(r.reply?.lines ?? []), r.reading ?? ''].join('\n'))
      .join('\n'),
    'terminal pane': stripAnsi(EVENTS.map((e) => formatEvent(e, 1000)).join('')),
  };
}

/** What every face must say: each event's phrase, each reply's lines and each failed reply's reading. */
function phrases(): string[] {
  return EVENTS.flatMap((e) => {
    if (e.type === 'send') return [e.line];
    if (e.type === 'reply') return [...e.lines, ...(isFailedReply(e) ? [replyReading(e)] : [])];
    return [eventWords(e).text];
  });
}

describe('the words for an event, written once', () => {
  it.each(Object.keys(faces()))('%s says every event in the shared words', (face) => {
    // Wrapped lines (the Markdown's fenced text is 100 columns) read as one.
    const oneLine = (s: string) => s.replace(/\s+/g, ' ');
    const text = oneLine(faces()[face]);
    const missing = phrases().filter((p) => !text.includes(oneLine(p)));
    expect(missing).toEqual([]);
  });

  it('the progress line words a pending step with the same phrase', () => {
    for (const e of EVENTS.filter((x) => x.type === 'connect' || x.type === 'tls-start' || x.type === 'connected')) {
      expect(progressWords(e)).toContain(eventWords(e as Exclude<TranscriptEvent, { type: 'send' | 'reply' }>).text);
    }
  });

  it('the phrases are the ones users read', () => {
    expect(phrases()).toEqual(
      expect.arrayContaining([
        'DNS lookup of gone.example failed: ENOTFOUND',
        'Resolved mx.example to 192.0.2.25',
        'Connecting to 192.0.2.25 port 25',
        'Connected (from 198.51.100.7:50123)',
        'TLS handshake (STARTTLS, SNI mx.example)',
        'TLS established, encrypted from here on: TLSv1.3, TLS_AES_256_GCM_SHA384, X25519',
        'no reply within 2.0 s [TIMEOUT]',
        'The server closed the connection',
        'Connection closed',
        '554 Transaction failed · 5.7.1 Delivery not authorized, message refused',
      ]),
    );
  });
});
