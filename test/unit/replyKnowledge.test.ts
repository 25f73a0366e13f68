// What SMTP Lens says about real server replies: which finding a reply produces, what its
// enhanced status code means, and whether the catalog behind those words is complete.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDINGS, findingText, placeholdersIn } from '../../shared/findings/catalog';
import { CONTEXT_NOTES } from '../../shared/findings/catalogNotes';
import { ENHANCED_CODES, describeEnhancedCode } from '../../shared/knowledge/enhancedStatusCodes';
import { describeAuthMechanism, describeEhloKeyword } from '../../shared/knowledge/ehloKeywords';
import { REPLY_CODES, describeReplyCode, replyCodeInfo } from '../../shared/knowledge/replyCodes';
import { SERVER_SIGNATURES, matchServerSignature } from '../../shared/knowledge/serverSignatures';

// The repository's own design lists every finding id: the contract tests, docs and users share.
const ARCHITECTURE_MD = path.resolve('docs', 'ARCHITECTURE.md');

/** The ids listed under "#### The ids, by area" in docs/ARCHITECTURE.md: every `area.name` in backticks. */
function documentedIds(markdown: string): string[] {
  const section = markdown.split(/^#### The ids, by area/m)[1]?.split(/^##/m)[0] ?? '';
  return [...new Set([...section.matchAll(/`([a-z][a-z0-9-]*\.[a-z0-9-]+)`/g)].map((m) => m[1]))];
}

const DOCUMENTED_IDS = documentedIds(readFileSync(ARCHITECTURE_MD, 'utf8'));

// Ids the design already names for capabilities not built yet: the domain view (MX, MTA-STS,
// DANE, TLS-RPT), the sender's SPF/DMARC and listen mode. None may be in the catalog yet;
// when one lands it leaves this list, so the list only shrinks.
const NOT_YET_BUILT: string[] = [];

describe('findings catalog', () => {
  it('has every finding id docs/ARCHITECTURE.md lists, with title, explanation and fix', () => {
    expect(DOCUMENTED_IDS.length).toBeGreaterThanOrEqual(80);
    for (const id of DOCUMENTED_IDS.filter((i) => NOT_YET_BUILT.includes(i))) {
      expect(FINDINGS[id], `${id} is in the catalog now: take it off NOT_YET_BUILT`).toBeUndefined();
    }
    for (const id of DOCUMENTED_IDS.filter((i) => !NOT_YET_BUILT.includes(i))) {
      const entry = FINDINGS[id];
      expect(entry, `${id} is documented but not in the catalog`).toBeDefined();
      for (const text of [entry.title, entry.explanation, entry.fix]) expect(text.trim(), id).not.toBe('');
    }
    for (const id of NOT_YET_BUILT) expect(DOCUMENTED_IDS, `${id} is planned but not documented`).toContain(id);
  });

  it('lists every id of the catalog in docs/ARCHITECTURE.md', () => {
    for (const id of Object.keys(FINDINGS)) expect(DOCUMENTED_IDS, `${id} is not documented`).toContain(id);
  });

  it.each(DOCUMENTED_IDS.filter((id) => !NOT_YET_BUILT.includes(id)))('%s has a complete entry', (id) => {
    const entry = FINDINGS[id];
    expect(entry).toBeDefined();
    expect(entry.id).toBe(id);
    for (const text of [entry.title, entry.explanation, entry.fix]) expect(text.trim()).not.toBe('');
    expect(entry.refs.length).toBeGreaterThan(0);
    expect(['error', 'warning', 'info']).toContain(entry.severity);
  });

  it('declares every placeholder it uses, in the entry and in each variant', () => {
    for (const entry of Object.values(FINDINGS)) {
      const texts = [entry, ...Object.values(entry.variants ?? {})].flatMap((t) => [
        t.title ?? '',
        t.explanation ?? '',
        t.fix ?? '',
      ]);
      for (const name of texts.flatMap(placeholdersIn))
        expect(entry.vars, `${entry.id} uses {${name}}`).toContain(name);
    }
    for (const [key, note] of Object.entries(CONTEXT_NOTES)) {
      for (const name of placeholdersIn(note.text)) expect(note.vars, `note ${key} uses {${name}}`).toContain(name);
    }
  });

  it('has the context wording the reply rules pick', () => {
    const wanted: Record<string, string[]> = {
      'smtp.relay-denied': ['no-auth', 'no-auth-port25', 'no-auth-mx', 'after-auth'],
      'smtp.sender-rejected': ['after-auth'],
      'smtp.policy-rejected': ['after-data', 'no-auth'],
      'smtp.message-too-large': ['size-known'],
      'smtp.banner-rejected': ['temporary', 'rate-limited', 'blocklisted'],
      'smtp.banner-slow': ['port25', 'submission'],
      'smtp.ehlo-rejected': ['not-fqdn', 'helo'],
      'tls.encryption-required': ['auth-after-tls', 'auth-before-tls', 'starttls-skipped', 'starttls-missing'],
      'auth.not-offered': ['before-tls', 'after-tls', 'port25'],
      'auth.mechanism-unsupported': ['before-tls'],
      'auth.required': ['auth-after-tls', 'port25'],
      'auth.encryption-required': ['tls-up', 'starttls-offered', 'no-starttls'],
      'auth.failed': ['in-clear'],
    };
    for (const [id, variants] of Object.entries(wanted)) {
      for (const v of variants) expect(FINDINGS[id].variants?.[v], `${id} / ${v}`).toBeDefined();
    }
  });

  it('adds context notes on lines of their own and keeps preformatted lines as they are', () => {
    const ehlo =
      '  EHLO before TLS   EHLO after TLS\n  STARTTLS          —\n  —                 AUTH PLAIN LOGIN  ← only after TLS';
    const t = findingText(
      'tls.encryption-required',
      { reply: '530 5.7.0 Must issue a STARTTLS command first', ehlo, mechanism: 'PLAIN' },
      'auth-after-tls',
      ['ehlo-lists', 'secret-sent-in-clear'],
    );
    const lines = t.explanation.split('\n');
    expect(lines).toContain('What the server offered, before and after TLS:');
    expect(lines).toContain('  —                 AUTH PLAIN LOGIN  ← only after TLS');
    expect(lines.at(-1)).toMatch(/^The AUTH command itself carried the credentials \(PLAIN sends them at once\)/);
  });

  it('has the variants the engine asks for', () => {
    expect(FINDINGS['net.timeout'].variants?.port25).toBeDefined();
    expect(FINDINGS['tls.starttls-not-offered'].variants?.required?.severity).toBe('error');
    expect(FINDINGS['tls.starttls-not-offered'].variants?.opportunistic?.severity).toBe('warning');
    expect(FINDINGS['tls.hostname-mismatch'].variants?.ip).toBeDefined();
    for (const v of ['no-auth', 'no-auth-port25', 'after-auth'])
      expect(FINDINGS['smtp.relay-denied'].variants?.[v]).toBeDefined();
    expect(findingText('auth.withheld', { mechanism: 'PLAIN' }, 'plaintext').fix).toContain('--allow-plaintext-auth');
    expect(findingText('auth.withheld', { mechanism: 'PLAIN' }, 'unverified').fix).toContain('--allow-unverified-auth');
  });

  it('fills placeholders, falls back from variants, and stays readable without a value', () => {
    const t = findingText(
      'smtp.relay-denied',
      { recipient: 'bob@example.net', reply: '554 5.7.1 <bob@example.net>: Relay access denied' },
      'no-auth',
    );
    expect(t.title).toBe('Relay denied: you are not logged in');
    expect(t.explanation).toContain('bob@example.net');
    expect(t.refs).toEqual(FINDINGS['smtp.relay-denied'].refs);
    const missing = findingText('tls.chain-incomplete', { missingIssuer: 'R11' });
    expect(missing.explanation).not.toMatch(/\{|\(\s*\)/);
    expect(findingText('tls.starttls-not-offered', {}, 'required').severity).toBe('error');
    expect(findingText('tls.starttls-not-offered', {}, 'no-such-variant').title).toBe(
      FINDINGS['tls.starttls-not-offered'].title,
    );
  });

  it('never calls port 465 deprecated', () => {
    const all = JSON.stringify(FINDINGS);
    expect(all).not.toMatch(/465[^.]*deprecated|deprecated[^.]*465/i);
  });

  it('matches a server text on the reply text alone, without the code prefix', () => {
    expect(matchServerSignature(554, '5.7.1', '<bob@example.org>: Relay access denied')?.id).toBe(
      'postfix.relay-denied',
    );
    expect(matchServerSignature(null, null, '250 2.0.0 Ok: queued as 4Xyz')).toBeNull();
  });

  it('maps every server signature to a catalog entry, with unique ids', () => {
    for (const sig of SERVER_SIGNATURES) expect(FINDINGS[sig.findingId], sig.id).toBeDefined();
    expect(new Set(SERVER_SIGNATURES.map((s) => s.id)).size).toBe(SERVER_SIGNATURES.length);
  });
});

describe('reply codes', () => {
  // Every code in RFC 5321 §4.2.3.
  const RFC5321 = [
    211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554,
    555,
  ];
  const EXTRA = [235, 334, 432, 454, 521, 530, 534, 535, 538, 556];

  it.each([...RFC5321, ...EXTRA])('%i has its own meaning', (code) => {
    expect(replyCodeInfo(code)).not.toBeNull();
    expect(describeReplyCode(code)).toBe(replyCodeInfo(code)?.meaning);
  });

  it('has no duplicates', () => {
    expect(new Set(REPLY_CODES.map((r) => r.code)).size).toBe(REPLY_CODES.length);
  });

  it('falls back to the meaning of the digits for unknown codes', () => {
    expect(describeReplyCode(299)).toMatch(/^Success/);
    expect(describeReplyCode(457)).toMatch(/Temporary failure.*mail system/);
    expect(describeReplyCode(42)).toMatch(/Not a valid/);
  });
});

describe('enhanced status codes', () => {
  it('has no duplicate codes', () => {
    expect(new Set(ENHANCED_CODES.map((e) => e.code)).size).toBe(ENHANCED_CODES.length);
  });

  it('includes every registered X.7 detail, 0 to 30', () => {
    for (let d = 0; d <= 30; d++) expect(describeEnhancedCode(`5.7.${d}`)?.title, `5.7.${d}`).toBeTruthy();
  });

  it('includes the SMTPUTF8, null MX and AUTH codes', () => {
    for (const c of ['X.1.10', 'X.3.6', 'X.5.6', 'X.6.7', 'X.6.8', 'X.6.9', 'X.6.10', 'X.7.8', 'X.7.11', 'X.7.12']) {
      expect(
        ENHANCED_CODES.some((e) => e.code === c),
        c,
      ).toBe(true);
    }
  });

  it('describes an unregistered detail by its class and subject', () => {
    const d = describeEnhancedCode('5.7.99');
    expect(d).toMatchObject({ code: '5.7.99', title: null, meaning: null, ref: null });
    expect(d?.subject).toMatch(/Security or policy/);
    expect(d?.classMeaning).toMatch(/Permanent/);
  });

  it.each(['5.7', '6.1.1', '5.01.1', '5.7.1000', 'abc', ''])('rejects %j', (bad) => {
    expect(describeEnhancedCode(bad)).toBeNull();
  });
});

describe('EHLO keywords', () => {
  it('explains the SIZE number', () => {
    const d = describeEhloKeyword('250-SIZE 52428800');
    expect(d.keyword).toBe('SIZE');
    expect(d.params).toEqual(['52428800']);
    expect(d.meaning).toContain('52,428,800 bytes (about 50 MiB');
  });

  it('reads the old AUTH= form and rates each mechanism', () => {
    expect(describeEhloKeyword('250-AUTH=LOGIN PLAIN')).toMatchObject({ keyword: 'AUTH=', params: ['LOGIN', 'PLAIN'] });
    expect(describeEhloKeyword('250 AUTH PLAIN LOGIN CRAM-MD5').params).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
    expect(describeAuthMechanism('plain').safeInClear).toBe(false);
    expect(describeAuthMechanism('XOAUTH2').safeInClear).toBe(false);
    expect(describeAuthMechanism('SCRAM-SHA-256').safeInClear).toBe(true);
  });

  // Every EHLO keyword a trainee will meet, each with a meaning and its RFC.
  const TRAINEE_KEYWORDS = [
    'PIPELINING',
    'SIZE',
    'STARTTLS',
    'AUTH',
    'ENHANCEDSTATUSCODES',
    '8BITMIME',
    'DSN',
    'SMTPUTF8',
    'CHUNKING',
    'ETRN',
    'VRFY',
    'REQUIRETLS',
    'BINARYMIME',
    'DELIVERBY',
    'MT-PRIORITY',
    'LIMITS',
  ];
  it.each(TRAINEE_KEYWORDS)('%s has a meaning and an RFC', (keyword) => {
    const d = describeEhloKeyword(`250-${keyword}`);
    expect(d.keyword).toBe(keyword);
    expect(d.meaning).not.toMatch(/does not know|private extension/);
    expect(d.ref).toMatch(/^RFC \d+/);
  });

  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2', 'OAUTHBEARER', 'SCRAM-SHA-256', 'GSSAPI', 'NTLM'])(
    'AUTH mechanism %s is explained',
    (mech) => {
      expect(describeAuthMechanism(mech).meaning).not.toMatch(/does not know/);
    },
  );

  it('knows the product-specific keywords and falls back for unknown ones', () => {
    for (const k of [
      'XCLIENT',
      'XFORWARD',
      'X-EXPS GSSAPI NTLM',
      'X-LINK2STATE',
      'PIPELINING',
      'CHUNKING',
      'REQUIRETLS',
      'LIMITS RCPTMAX=100',
    ]) {
      expect(describeEhloKeyword(k).meaning).not.toMatch(/does not know|private extension/);
    }
    expect(describeEhloKeyword('250-XFOO').meaning).toMatch(/private extension/);
  });
});
