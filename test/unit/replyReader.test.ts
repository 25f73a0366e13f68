import { describe, expect, it } from 'vitest';
import {
  HARD_LINE_LIMIT,
  MAX_QUEUED_OCTETS,
  MAX_REPLY_LINES,
  MAX_REPLY_OCTETS,
  ReplyReader,
  parseEnhancedCode,
} from '../../main/engine/replyReader';

function feedAll(text: string, chunkSize = text.length) {
  const reader = new ReplyReader();
  const bytes = Buffer.from(text, 'latin1');
  for (let i = 0; i < bytes.length; i += chunkSize) reader.feed(bytes.subarray(i, i + chunkSize));
  const replies = [];
  for (let r = reader.take(); r; r = reader.take()) replies.push(r);
  return { reader, replies };
}

describe('reply reader', () => {
  const EHLO = '250-mail.example.com Hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n';

  it('joins a multi-line reply by line, whatever the TCP reads (one byte at a time here)', () => {
    const { replies } = feedAll(`${EHLO}220 2.0.0 Ready\r\n`, 1);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatchObject({
      code: 250,
      lines: ['250-mail.example.com Hello', '250-PIPELINING', '250-SIZE 10240000', '250 STARTTLS'],
    });
    expect(replies[1]).toMatchObject({ code: 220, enhanced: '2.0.0', lines: ['220 2.0.0 Ready'] });
  });

  it('parses RFC 3463 enhanced status codes and ignores look-alikes', () => {
    expect(feedAll('554 5.7.1 <bob@example.org>: Relay access denied\r\n').replies[0].enhanced).toBe('5.7.1');
    expect(parseEnhancedCode('5.7.139 Authentication unsuccessful')).toBe('5.7.139');
    expect(parseEnhancedCode('4.7.0 Try again')).toBe('4.7.0');
    expect(parseEnhancedCode('3.1.1 not a class')).toBeNull();
    expect(parseEnhancedCode('5.7.1234 too long')).toBeNull();
    expect(parseEnhancedCode('Ready at 1.2.3')).toBeNull();
  });

  it('accepts a bare code line and flags bare LF line ends', () => {
    const { replies } = feedAll('250\n');
    expect(replies[0]).toMatchObject({ code: 250, lines: ['250'], bareLf: true });
  });

  it('flags lines over 512 octets but still reads them', () => {
    const { replies } = feedAll(`250 ${'x'.repeat(600)}\r\n`);
    expect(replies[0].code).toBe(250);
    expect(replies[0].longLine).toBe(606);
  });

  it('reports text that is not a reply as malformed', () => {
    const { replies } = feedAll('HTTP/1.1 400 Bad Request\r\n');
    expect(replies[0]).toMatchObject({ code: null, malformed: expect.stringContaining('three-digit code') });
  });

  it('reports a code that changes inside a multi-line reply', () => {
    const { replies } = feedAll('250-first\r\n251 second\r\n');
    expect(replies[0]).toMatchObject({ code: 250, malformed: expect.stringContaining('changed from 250 to 251') });
  });

  it('stops at the hard line limit instead of buffering without end', () => {
    const { reader, replies } = feedAll(`220 ${'x'.repeat(HARD_LINE_LIMIT + 10)}`, 4096);
    expect(replies).toEqual([]);
    expect(reader.overflow).toContain(String(HARD_LINE_LIMIT));
  });

  it('stops at the hard line limit when the line end comes in the same read', () => {
    const { reader, replies } = feedAll(`250 ${'x'.repeat(HARD_LINE_LIMIT)}\r\n250 next\r\n`);
    expect(replies).toEqual([]);
    expect(reader.overflow).toBe(`a reply line longer than ${HARD_LINE_LIMIT} octets`);
  });

  it('stops one reply at 1 MiB and lets go of what it held', () => {
    const { reader, replies } = feedAll(`250-${'x'.repeat(4000)}\r\n`.repeat(300), 65536);
    expect(replies).toEqual([]);
    expect(reader.overflow).toBe(`a reply longer than ${MAX_REPLY_OCTETS} octets (1 MiB)`);
    expect(reader.bufferedOctets).toBe(0);
  });

  it('stops when more than 1 MiB of replies waits unread', () => {
    const reader = new ReplyReader();
    const chunk = Buffer.from('250 flood\r\n'.repeat(6000));
    while (!reader.overflow) reader.feed(chunk);
    expect(reader.overflow).toBe(`more than ${MAX_QUEUED_OCTETS} octets (1 MiB) of replies that no command asked for`);
    expect(reader.take()).toBeNull();
    expect(reader.bufferedOctets).toBe(0);
  });

  it('stops at the reply line count limit', () => {
    const { reader } = feedAll('250-x\r\n'.repeat(MAX_REPLY_LINES + 5));
    expect(reader.overflow).toContain(String(MAX_REPLY_LINES));
  });

  it('gives back an unfinished reply and drains unread bytes', () => {
    const { reader } = feedAll('250-one\r\n250-two\r\n25');
    expect(reader.partial()).toMatchObject({ code: 250, lines: ['250-one', '250-two', '25'] });
    expect(reader.drain()).toBe('250-one\r\n250-two\r\n25');
    expect(reader.partial()).toBeNull();
  });
});
