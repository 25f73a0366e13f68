// What Learn mode tells a trainee: no slip that a class would carry away as fact.
import { describe, expect, it } from 'vitest';
import { checkQuestions } from '../../shared/knowledge/checkQuestions';
import { describeEhloKeyword } from '../../shared/knowledge/ehloKeywords';
import { lessonFor } from '../../shared/knowledge/lessons';
import { STEP_REASONS } from '../../shared/knowledge/stepReasons';
import { progressWithClock } from '../../shared/presentation/eventWords';
import { resolveTimeouts } from '../../shared/timeouts';
import { replyEvent, sendEvent, starttlsSession } from './ladderSessions';

describe('Learn mode wording', () => {
  it('each AUTH mechanism is described by what it does with the secret, not one repeated phrase', () => {
    const text = describeEhloKeyword('250 AUTH PLAIN LOGIN CRAM-MD5').meaning;
    expect(text).toContain('PLAIN: user name and password in base64, an encoding anyone can undo (not encryption)');
    expect(text).toContain('CRAM-MD5: the password is not sent, but a recorded exchange can be cracked offline');
    expect(text).not.toMatch(/exposes or weakens/);
    const briefs = text.replace(/^.*Mechanisms offered: /, '').split('; ');
    expect(new Set(briefs.map((b) => b.replace(/^[A-Z0-9-]+: /, ''))).size).toBe(3);
  });

  it('says that AUTH PLAIN is base64, not encryption, before the step runs', () => {
    expect(STEP_REASONS.authEncoding).toMatch(/base64-encoded, which anyone can decode: base64 is not encryption/);
  });

  it('a plain 2.0.0 reads as an ordinary success, with the code said once', () => {
    const events = [
      sendEvent(1, 'data', '.', { body: true }),
      replyEvent(2, 'data', ['250 2.0.0 Ok: queued'], '2.0.0'),
    ];
    const meaning = lessonFor(events, 0).exchanges[0]?.meaning;
    expect(meaning).toBe('250: The command worked. 2.0.0 says only "success"; servers use it for an ordinary OK.');
    const refused = [sendEvent(1, 'rcpt', 'RCPT TO:<x@y>'), replyEvent(2, 'rcpt', ['550 5.0.0 no'], '5.0.0')];
    expect(lessonFor(refused, 0).exchanges[0]?.meaning).toMatch(/5\.0\.0 says only "permanent failure"/);
  });
});

describe('check questions at the end of a scenario', () => {
  it('asks why the second EHLO listed AUTH, whether PLAIN is encryption and about the final dot', () => {
    const qs = checkQuestions(starttlsSession());
    expect(qs.map((q) => q.question)).toEqual([
      'Why did the second EHLO list AUTH when the first did not?',
      'The AUTH PLAIN line looks scrambled. Is the password encrypted?',
      'How does the server know where the message ends?',
      'Who spoke first in this session, and what did it say?',
    ]);
    expect(qs[1]?.answer).toMatch(/^No\. PLAIN only base64-encodes .* What protected them here was TLS/);
  });

  it('asks about a refusal in the words of its code and command', () => {
    const events = [
      replyEvent(1, 'banner', ['220 mx ESMTP']),
      sendEvent(2, 'rcpt', 'RCPT TO:<x@y>'),
      replyEvent(3, 'rcpt', ['450 4.7.1 try later'], '4.7.1'),
    ];
    const [q] = checkQuestions(events);
    expect(q).toEqual({
      question: 'The server answered 450 at RCPT. Will a sending server try again?',
      answer: expect.stringMatching(/^Yes\. A reply starting with 4 is temporary/),
    });
  });
});

it('names the end of the message as the place a message was refused', () => {
  const events = starttlsSession().map((e) =>
    e.type === 'reply' && e.lines[0]?.startsWith('250 2.0.0 Ok: queued')
      ? { ...e, code: 554, lines: ['554 5.7.1 spam'] }
      : e,
  );
  expect(checkQuestions(events).find((q) => q.question.includes('554'))?.question).toBe(
    'The server answered 554 at the end of the message. Will a sending server try again?',
  );
});

describe('the wait clock', () => {
  const clock = (elapsedMs: number, tlsMode: 'auto' | 'starttls' = 'starttls') => ({
    elapsedMs,
    timeouts: resolveTimeouts(undefined),
    tlsMode,
  });
  const connected = { t: 1, type: 'connected', localAddress: '127.0.0.1', localPort: 1 } as const;
  it('names the wait, the time so far and the deadline of that stage', () => {
    expect(progressWithClock(sendEvent(1, 'tls', 'STARTTLS'), clock(12_400))).toBe(
      "Waiting for the server's answer to STARTTLS… 12 s so far; gives up after 30 s.",
    );
    expect(progressWithClock(sendEvent(1, 'data', '.'), clock(2_000))).toMatch(
      /the message… 2 s so far; gives up after 60 s\.$/,
    );
    expect(progressWithClock(connected, clock(1_500))).toMatch(
      /waiting for the greeting… 1 s so far; gives up after 30 s\.$/,
    );
  });
  it('in auto mode says the short wait is for a plaintext greeting before TLS is tried', () => {
    expect(progressWithClock(connected, clock(2_000, 'auto'))).toMatch(/2 s so far; tries TLS after 3 s\.$/);
  });
  it('leaves the clock out under a second', () => {
    expect(progressWithClock(sendEvent(1, 'ehlo', 'EHLO x'), clock(400))).toBe(
      "Waiting for the server's answer to EHLO…",
    );
  });
});
