// Path building over chains of every length from 1 to 15 certificates, with and without the
// root, trusted and untrusted, and in a loop: nothing that fails to reach a trust anchor may
// be called verified, and the TLS library's verdict must agree before anything is.
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PATH, verifyChain, verifyOwnPath } from '../../main/engine/tls/chainVerifier';
import { TrustStore } from '../../main/engine/tls/trustStore';
import { describeVerdict } from '../../shared/knowledge/tlsVerdict';
import type { Verification } from '../../shared/transcript';
import { makeChain, makeLoopChain, type MadeChain } from '../helpers/chainFactory';

const LENGTHS = Array.from({ length: 15 }, (_, i) => i + 1);
/** Full paths (leaf … root) of 1 to 16 certificates, so that 15 can be sent without the root. */
const paths = new Map<number, MadeChain>();
let loop: MadeChain;

beforeAll(async () => {
  const made = await Promise.all(Array.from({ length: 16 }, (_, i) => makeChain(i + 1, `len${i + 1}`)));
  made.forEach((chain, i) => {
    paths.set(i + 1, chain);
  });
  loop = await makeLoopChain('unit');
}, 60_000);

const kinds = (v: Verification) => v.problems.map((p) => p.kind);
const rootOf = (chain: MadeChain) => chain.certs[chain.certs.length - 1];
const NO_ROOT_WORDS = `the chain is longer than ${MAX_PATH} certificates and does not reach a trusted root`;

describe('paths of 1 to 15 certificates', () => {
  it.each(LENGTHS)('%i sent, root among them and trusted: verified only within the bound', (length) => {
    const chain = paths.get(length)!;
    const v = verifyOwnPath(chain.certs, new TrustStore([rootOf(chain)]), 'mail.lab.test');
    if (length <= MAX_PATH) {
      expect(v).toMatchObject({ ok: true, chainOk: true, failingLink: null });
      expect(v.anchor).toContain(length === 1 ? 'mail.lab.test' : `Chain Root len${length}`);
    } else {
      expect(v).toMatchObject({ ok: false, chainOk: false, anchor: null });
      expect(v.failingLink?.reason).toBe(NO_ROOT_WORDS);
    }
  });

  it.each(LENGTHS)('%i sent, root not sent but trusted: verified only within the bound', (length) => {
    const chain = paths.get(length + 1)!;
    const sent = chain.certs.slice(0, length);
    const v = verifyOwnPath(sent, new TrustStore([rootOf(chain)]), 'mail.lab.test');
    // The root completes the path, so it counts towards the bound.
    expect(v.ok).toBe(length + 1 <= MAX_PATH);
    if (!v.ok) expect(kinds(v)).toContain('too-long');
    else expect(v.storeAdded.map((c) => c.subject).join()).toContain(`Chain Root len${length + 1}`);
  });

  it.each(LENGTHS)('%i sent, ending at a root nobody trusts: never verified', (length) => {
    const chain = paths.get(length)!;
    const v = verifyOwnPath(chain.certs, new TrustStore([]), 'mail.lab.test');
    expect(v).toMatchObject({ ok: false, chainOk: false, anchor: null });
    const expected = length === 1 ? 'self-signed' : length <= MAX_PATH ? 'untrusted-root' : 'too-long';
    expect(kinds(v)).toContain(expected);
    expect(v.failingLink?.reason).toBeTruthy();
  });

  it.each(LENGTHS)('%i sent with no root at all and nothing trusted (a forged chain): never verified', (length) => {
    const chain = paths.get(length + 1)!;
    const v = verifyOwnPath(chain.certs.slice(0, length), new TrustStore([]), 'mail.lab.test');
    expect(v).toMatchObject({ ok: false, chainOk: false, anchor: null });
    const expected = length === 1 ? 'incomplete' : length <= MAX_PATH ? 'untrusted-root' : 'too-long';
    expect(kinds(v)).toContain(expected);
    expect(describeVerdict({ verification: v } as never).text).toMatch(/^NOT verified: /);
  });

  it('the forged 11-certificate chain is refused in words, with no trusted root claimed', () => {
    const chain = paths.get(12)!;
    const v = verifyChain(
      chain.certs.slice(0, 11),
      new TrustStore([]),
      'mail.lab.test',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    );
    expect(v.ok).toBe(false);
    expect(describeVerdict({ verification: v } as never).text).toBe(
      `NOT verified: ${NO_ROOT_WORDS} [TLS library: UNABLE_TO_GET_ISSUER_CERT_LOCALLY]`,
    );
  });
});

describe('a loop (A issued by B, B issued by A)', () => {
  it('never reaches an anchor and says it goes in a circle', () => {
    const v = verifyOwnPath(loop.certs, new TrustStore([]), 'mail.lab.test');
    expect(v).toMatchObject({ ok: false, chainOk: false, anchor: null });
    expect(v.problems[0]).toMatchObject({ kind: 'loop', index: 2, backTo: 1 });
    expect(v.failingLink?.reason).toContain('the chain goes in a circle and does not reach a trusted root');
  });
});

describe('fail closed: both verdicts must agree', () => {
  it('our path verifies but the TLS library refused: not verified, with a disagreement naming both', () => {
    const chain = paths.get(3)!;
    const v = verifyChain(chain.certs, new TrustStore([rootOf(chain)]), 'mail.lab.test', 'CERT_REJECTED');
    expect(v).toMatchObject({ ok: false, chainOk: false, hostnameOk: true });
    expect(v.problems).toContainEqual({ kind: 'disagreement', ownVerdict: true, libraryCode: 'CERT_REJECTED' });
    expect(describeVerdict({ verification: v } as never).ok).toBe(false);
  });

  it('a name the library refused counts against the name', () => {
    const chain = paths.get(2)!;
    const v = verifyChain(
      chain.certs,
      new TrustStore([rootOf(chain)]),
      'mail.lab.test',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
    expect(v).toMatchObject({ ok: false, chainOk: true, hostnameOk: false });
  });

  it('the library accepted what our path building refused: still not verified, and said', () => {
    const chain = paths.get(12)!;
    const v = verifyChain(chain.certs, new TrustStore([rootOf(chain)]), 'mail.lab.test', null);
    expect(v.ok).toBe(false);
    expect(v.problems).toContainEqual({ kind: 'disagreement', ownVerdict: false, libraryCode: null });
  });

  it('agreement adds nothing', () => {
    const chain = paths.get(3)!;
    const v = verifyChain(chain.certs, new TrustStore([rootOf(chain)]), 'mail.lab.test', null);
    expect(v).toMatchObject({ ok: true, problems: [] });
  });

  it('a file that claims ok without an anchor is not shown as verified', () => {
    const chain = paths.get(3)!;
    const v = { ...verifyOwnPath(chain.certs, new TrustStore([rootOf(chain)]), 'mail.lab.test'), anchor: null };
    expect(describeVerdict({ verification: v } as never).ok).toBe(false);
  });
});
