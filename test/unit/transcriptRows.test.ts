import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../shared/transcript';
import { TranscriptRows } from '../../renderer/src/state/transcriptRows';

const events: TranscriptEvent[] = [
  { t: 0, type: 'connect', address: '127.0.0.1', port: 25 },
  { t: 1, type: 'connected', localAddress: '127.0.0.1', localPort: 5000 },
  { t: 5, type: 'reply', stage: 'banner', code: 220, enhanced: null, lines: ['220 mx.example ESMTP'] },
  { t: 6, type: 'send', stage: 'ehlo', line: 'EHLO me.example' },
  { t: 7, type: 'reply', stage: 'ehlo', code: 250, enhanced: null, lines: ['250-mx.example', '250 STARTTLS'] },
  { t: 8, type: 'send', stage: 'tls', line: 'STARTTLS' },
  { t: 9, type: 'reply', stage: 'tls', code: 220, enhanced: '2.0.0', lines: ['220 2.0.0 Ready'] },
  { t: 10, type: 'tls-start', mode: 'starttls', servername: 'mx.example' },
  { t: 20, type: 'tls-established', protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', group: 'X25519' },
  { t: 21, type: 'send', stage: 'data', line: 'Subject: hi', body: true },
  { t: 21, type: 'send', stage: 'data', line: '', body: true },
  { t: 21, type: 'send', stage: 'data', line: 'body', body: true },
  { t: 21, type: 'send', stage: 'data', line: '.' },
  { t: 30, type: 'reply', stage: 'data', code: 250, enhanced: '2.0.0', lines: ['250 2.0.0 queued'] },
];

/** Rows built the way the store builds them: one batch at a time. */
function build(list: TranscriptEvent[], batch = 3): TranscriptRows {
  let rows = TranscriptRows.EMPTY;
  for (let i = 0; i < list.length; i += batch) rows = rows.append(list.slice(i, i + batch), i);
  return rows;
}

describe('transcript rows', () => {
  it('pairs each command with its reply, and shows the greeting on its own', () => {
    const rows = build(events).rows;
    expect(rows.map((r) => r.kind)).toEqual([
      'info',
      'info',
      'exchange',
      'exchange',
      'exchange',
      'tls',
      'tls',
      'exchange',
    ]);
    expect(rows[2]).toMatchObject({ sent: [], reply: { code: 220 } });
    expect(rows[3]).toMatchObject({
      sent: ['EHLO me.example'],
      reply: { lines: ['250-mx.example', '250 STARTTLS'] },
      durationMs: 1,
    });
  });

  it('groups the message and its final dot into one row, marked encrypted after TLS', () => {
    const message = build(events).rows.at(-1)!;
    expect(message).toMatchObject({
      isMessage: true,
      sent: ['Subject: hi', '', 'body', '.'],
      encrypted: true,
      reply: { code: 250 },
    });
    expect(build(events).rows[3].encrypted).toBe(false);
  });

  it('maps every event to its row, so a finding finds its step', () => {
    const b = build(events);
    expect(b.rowIndexOfEvent(4)).toBe(3);
    expect(b.rowIndexOfEvent(13)).toBe(7);
    expect(b.rowIndexOfEvent(12)).toBe(7);
  });

  it('drops the oldest rows to cap memory and keeps the mapping right', () => {
    const many: TranscriptEvent[] = [];
    for (let i = 0; i < 1000; i++) {
      many.push({ t: i, type: 'send', stage: 'rcpt', line: `RCPT TO:<u${i}@x>` });
      many.push({ t: i, type: 'reply', stage: 'rcpt', code: 250, enhanced: null, lines: [`250 ok ${i}`] });
    }
    const whole = build(many, 100);
    expect(whole.rows).toHaveLength(1000);
    const b = whole.trimTo(500, many.length);
    expect(b.rows).toHaveLength(250);
    expect(b.base).toBe(1500);
    expect(b.rowIndexOfEvent(1500)).toBe(0);
    expect(b.rows[0].sent).toEqual(['RCPT TO:<u750@x>']);
    const more = b.append([{ t: 2000, type: 'send', stage: 'quit', line: 'QUIT' }], 2000);
    expect(more.rowIndexOfEvent(2000)).toBe(250);
  });

  it('is a value: adding events leaves the rows already shown as they were', () => {
    const before = build(events.slice(0, 4));
    const ehlo = before.rows[3];
    const after = before.append(events.slice(4), 4);
    // The EHLO row gained its reply in a new object; the old value still shows it waiting.
    expect(before.rows).toHaveLength(4);
    expect(ehlo.reply).toBeNull();
    expect(after.rows[3]).not.toBe(ehlo);
    expect(after.rows[3].reply?.code).toBe(250);
    // Rows that did not change are the same objects, so the list does not redraw them.
    expect(after.rows[2]).toBe(before.rows[2]);
  });

  it('builds the same rows whatever the batch size', () => {
    const strip = (r: TranscriptRows) => r.rows.map(({ key: _key, ...rest }) => rest);
    expect(strip(build(events, 1))).toEqual(strip(build(events, events.length)));
    expect(strip(build(events, 5))).toEqual(strip(build(events, 2)));
  });
});
