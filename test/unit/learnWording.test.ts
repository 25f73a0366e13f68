// What Learn mode tells a trainee: no slip that a class would carry away as fact.
import { describe, expect, it } from 'vitest';
import { describeEhloKeyword } from '../../shared/knowledge/ehloKeywords';
import { lessonFor } from '../../shared/knowledge/lessons';
import { STEP_REASONS } from '../../shared/knowledge/stepReasons';
import { replyEvent, sendEvent } from './ladderSessions';

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
