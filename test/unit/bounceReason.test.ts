// The bounce classifier on real reply texts (test/helpers/replyCorpus.ts names the source of
// each): the reason in Sisimai's vocabulary, and whether the words or only the codes gave it.
import { describe, expect, it } from 'vitest';
import { REASON_FIXES } from '../../shared/knowledge/bounceFixes';
import { BOUNCE_REASONS, bounceReason, replyFactsOf } from '../../shared/knowledge/bounceReason';
import { REPLY_CORPUS } from '../helpers/replyCorpus';

describe('bounce reasons', () => {
  it('reads every reply of the corpus as the reason it means', () => {
    const read = REPLY_CORPUS.map((c) => {
      const r = bounceReason(replyFactsOf(c.reply, c.stage));
      return { reply: c.reply.slice(0, 60), reason: r.reason, basis: r.basis };
    });
    expect(read).toEqual(
      REPLY_CORPUS.map((c) => ({ reply: c.reply.slice(0, 60), reason: c.reason, basis: c.basis ?? 'text' })),
    );
  });

  it('parses a pasted multi-line reply and qmail\'s "(#5.1.1)"', () => {
    expect(replyFactsOf('550-5.1.1 The email account\r\n550 5.1.1 does not exist.', 'rcpt')).toEqual({
      code: 550,
      enhanced: '5.1.1',
      text: '5.1.1 The email account does not exist.',
      stage: 'rcpt',
    });
    expect(replyFactsOf('511 sorry, no mailbox here by that name (#5.1.1)').enhanced).toBe('5.1.1');
    expect(replyFactsOf('no code at all')).toMatchObject({ code: null, enhanced: null });
  });

  it('a code that shares a number with "message too large" is read by its enhanced code', () => {
    // 552 is "exceeded storage allocation" (RFC 5321 §4.2.3), but 5.7.0 is a policy refusal.
    expect(bounceReason({ code: 552, enhanced: '5.7.0', text: '', stage: 'data' })).toEqual({
      reason: 'policyviolation',
      basis: 'codes',
    });
    expect(bounceReason({ code: 552, enhanced: null, text: '', stage: 'data' }).reason).toBe('mesgtoobig');
    expect(bounceReason({ code: 552, enhanced: null, text: '', stage: 'rcpt' }).reason).toBe('mailboxfull');
  });

  it('names the 29 reasons of the reference classifier, each with a meaning', () => {
    expect(Object.keys(BOUNCE_REASONS)).toHaveLength(29);
    expect(Object.values(BOUNCE_REASONS).every((m) => m.length > 20)).toBe(true);
  });
});

describe('docs/bounce-reasons.md', () => {
  it('explains every reason', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync('docs/bounce-reasons.md', 'utf8');
    expect(Object.keys(BOUNCE_REASONS).filter((r) => !new RegExp(`^\\| \`${r}\` +\\| \\S`, 'm').test(doc))).toEqual([]);
  });

  it('gives every reason the advice explain prints', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync('docs/bounce-reasons.md', 'utf8');
    const missing = Object.entries(REASON_FIXES).filter(([r, { fix }]) => !doc.includes(`- **\`${r}\`**: ${fix}`));
    expect(missing).toEqual([]);
    expect(Object.keys(REASON_FIXES).sort()).toEqual(Object.keys(BOUNCE_REASONS).sort());
  });
});
