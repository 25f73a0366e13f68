// Our own path building (RFC 5280 §6.1), on certificates from a PKI generated here. The trust
// store holds only the test root, so the results do not depend on the machine's roots.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TlsInfo } from '../../shared/transcript';
import { deriveFindings } from '../../main/engine/findings/deriveFindings';
import { certsFromPem, describeCert } from '../../main/engine/tls/certInfo';
import { verifyChain, verifyOwnPath } from '../../main/engine/tls/chainVerifier';
import { TrustStore } from '../../main/engine/tls/trustStore';
import { createTestPki, type LeafName, type TestPki } from '../../main/lab/pki';

let pki: TestPki;
let root: X509Certificate;
let intermediate: X509Certificate;
let store: TrustStore;
const DAY = 86_400_000;

beforeAll(async () => {
  pki = await createTestPki();
  root = new X509Certificate(pki.root.certPem);
  intermediate = new X509Certificate(pki.intermediate.certPem);
  store = new TrustStore([root]);
});

const leaf = (name: LeafName) => new X509Certificate(pki.leaves[name].certPem);
const chain = (name: LeafName) => certsFromPem(pki.leaves[name].chainPem);
const kinds = (v: ReturnType<typeof verifyOwnPath>) =>
  v.problems.map((p) => ('index' in p ? `${p.kind}@${p.index}` : p.kind));
const INTERMEDIATE = 'CN=SMTP Lens Test Intermediate CA, O=SMTP Lens';

describe('verifyChain', () => {
  it('leaf + intermediate up to a trusted root: verified, with the root reported as added by the store', () => {
    const v = verifyOwnPath(chain('good'), store, 'mail.lab.test');
    expect(v).toMatchObject({
      ok: true,
      chainOk: true,
      hostnameOk: true,
      anchor: 'CN=SMTP Lens Test Root CA, O=SMTP Lens',
      failingLink: null,
      problems: [],
    });
    expect(v.storeAdded.map((c) => c.subject)).toEqual(['CN=SMTP Lens Test Root CA, O=SMTP Lens']);
  });

  it("leaf only: the gap is named by the missing issuer and the leaf's AIA URL", () => {
    const v = verifyChain([leaf('good')], store, 'mail.lab.test', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(v.problems).toEqual([
      {
        kind: 'incomplete',
        index: 0,
        missingIssuer: INTERMEDIATE,
        aiaUrl: `${pki.aiaBaseUrl}/intermediate.cer`,
        completedByStore: false,
      },
    ]);
    expect(v).toMatchObject({
      ok: false,
      chainOk: false,
      anchor: null,
      libraryCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(v.failingLink).toEqual({
      index: 0,
      reason: `"CN=mail.lab.test, O=SMTP Lens" was issued by "${INTERMEDIATE}", which the server did not send and the trust store does not have`,
    });
  });

  it('leaf only, but this computer has the intermediate: verifies here, still flagged for other clients', () => {
    const v = verifyOwnPath([leaf('good')], new TrustStore([root, intermediate]), 'mail.lab.test');
    expect(v.chainOk).toBe(true);
    expect(v.problems).toEqual([expect.objectContaining({ kind: 'incomplete', completedByStore: true })]);
  });

  it('leaf + intermediate but the root unknown here: an untrusted root, not a missing intermediate', () => {
    const v = verifyChain(chain('good'), new TrustStore([]), 'mail.lab.test', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    expect(v.problems).toEqual([
      { kind: 'untrusted-root', index: 1, root: 'CN=SMTP Lens Test Root CA, O=SMTP Lens', notSent: true },
    ]);
    expect(v.chainOk).toBe(false);
    const tls = {
      mode: 'starttls',
      protocol: 'TLSv1.3',
      cipher: 'x',
      group: null,
      servername: null,
      sentChain: chain('good').map(describeCert),
      sentChainSource: 'handshake',
      verification: v,
    } as TlsInfo;
    const findings = deriveFindings({
      target: { host: 'mail.lab.test', port: 587, tls: 'starttls', servername: null },
      events: [{ t: 1, type: 'tls-established', protocol: 'TLSv1.3', cipher: 'x', group: null }],
      tls,
      startedAt: new Date().toISOString(),
    });
    expect(findings.map((f) => f.id)).toEqual(['tls.untrusted-root']);
    expect(findings[0].explanation).toContain(
      'the intermediate CN=SMTP Lens Test Intermediate CA, O=SMTP Lens, as it should',
    );
  });

  it('the same problem on two certificates gives two findings, each naming its certificate', () => {
    const sent = chain('good');
    // Thirty years on, the leaf, the intermediate and the root have all expired.
    const later = new Date(Date.now() + 30 * 365 * DAY);
    const v = verifyOwnPath(sent, store, 'mail.lab.test', later);
    const tls = {
      mode: 'starttls',
      protocol: 'TLSv1.3',
      cipher: 'x',
      group: null,
      servername: null,
      sentChain: sent.map(describeCert),
      sentChainSource: 'handshake',
      verification: v,
    } as TlsInfo;
    const findings = deriveFindings({
      target: { host: 'mail.lab.test', port: 587, tls: 'starttls', servername: null },
      events: [{ t: 1, type: 'tls-established', protocol: 'TLSv1.3', cipher: 'x', group: null }],
      tls,
      startedAt: later.toISOString(),
    });
    const expired = findings.filter((f) => f.id === 'tls.cert-expired');
    expect(expired.length).toBeGreaterThanOrEqual(2);
    expect(expired[0].explanation).toContain('mail.lab.test');
    expect(expired.some((f) => f.explanation.includes('SMTP Lens Test Intermediate CA'))).toBe(true);
  });

  it('follows issuers, not the order sent, and flags certificates off the path', () => {
    const v = verifyOwnPath(
      [leaf('good'), new X509Certificate(pki.otherRoot.certPem), intermediate],
      store,
      'mail.lab.test',
    );
    expect(v.ok).toBe(true);
    expect(kinds(v)).toEqual(['unused@1']);
  });

  it('a self-signed leaf', () => {
    const v = verifyOwnPath(chain('selfSigned'), store, 'mail.lab.test');
    expect(kinds(v)).toEqual(['self-signed@0']);
    expect(v.failingLink?.reason).toContain('signed itself');
  });

  it('a complete chain to a root nobody trusts', () => {
    const v = verifyOwnPath([leaf('untrusted'), new X509Certificate(pki.otherRoot.certPem)], store, 'mail.lab.test');
    expect(v.problems).toEqual([{ kind: 'untrusted-root', index: 1, root: 'CN=Untrusted Other Root CA, O=SMTP Lens' }]);
    expect(v.failingLink).toMatchObject({ index: 1 });
  });

  it('dates are judged as of the given moment: expired, not yet valid, expiring soon, an expired intermediate', () => {
    expect(kinds(verifyOwnPath(chain('expired'), store, 'mail.lab.test'))).toEqual(['expired@0']);
    expect(kinds(verifyOwnPath(chain('notYetValid'), store, 'mail.lab.test'))).toEqual(['not-yet-valid@0']);
    const notAfter = Date.parse(new X509Certificate(pki.leaves.good.certPem).validTo);
    const soon = verifyOwnPath(chain('good'), store, 'mail.lab.test', new Date(notAfter - 3.5 * DAY));
    expect(soon.problems).toEqual([{ kind: 'expiring-soon', index: 0, days: 3 }]);
    expect(soon.ok).toBe(true);
    // Six years on: the leaf (1 year) and the intermediate (5 years) have expired, the root (10) not.
    const later = verifyOwnPath(chain('good'), store, 'mail.lab.test', new Date(Date.now() + 6 * 365 * DAY));
    expect(kinds(later)).toEqual(['expired@0', 'expired@1']);
  });

  it('weak keys and SHA-1 signatures', () => {
    expect(kinds(verifyOwnPath(chain('weakKey'), store, 'mail.lab.test'))).toEqual(['weak-key@0']);
    expect(kinds(verifyOwnPath(chain('sha1'), store, 'mail.lab.test'))).toEqual(['weak-signature@0']);
  });

  it('names: SAN DNS names and IP addresses, with every name listed on a mismatch', () => {
    expect(verifyOwnPath(chain('good'), store, '127.0.0.1').hostnameOk).toBe(true);
    expect(verifyOwnPath(chain('good'), store, '::1').hostnameOk).toBe(true);
    const v = verifyOwnPath(chain('wrongName'), store, 'mail.lab.test');
    expect(v.problems).toEqual([{ kind: 'hostname', checkedName: 'mail.lab.test', names: ['wrong.example.net'] }]);
    expect(v).toMatchObject({ ok: false, chainOk: true, hostnameOk: false });
  });

  it('an empty chain fails at the first link', () => {
    expect(verifyOwnPath([], store, 'mail.lab.test').failingLink).toEqual({
      index: 0,
      reason: 'the server sent no certificate',
    });
  });
});

describe('the words the chain problems get', () => {
  it('an expired intermediate is named as the intermediate, with its date', () => {
    const sent = chain('good');
    const now = new Date(Date.parse(intermediate.validTo) + 2 * DAY);
    // Only the intermediate's problem: in this PKI the leaf always expires first.
    const verification = {
      ...verifyOwnPath(sent, store, 'mail.lab.test'),
      ok: false,
      chainOk: false,
      problems: [{ kind: 'expired' as const, index: 1 }],
    };
    const tls: TlsInfo = {
      mode: 'implicit',
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_128_GCM_SHA256',
      group: 'x25519',
      servername: 'mail.lab.test',
      sentChain: sent.map(describeCert),
      sentChainSource: 'handshake',
      verification,
    };
    const findings = deriveFindings({
      target: { host: 'mail.lab.test', port: 587, tls: 'starttls', servername: null },
      events: [
        { t: 1, type: 'tls-established', protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', group: 'x25519' },
      ],
      tls,
      startedAt: now.toISOString(),
    });
    const intermediateExpired = findings.find((f) => f.id === 'tls.cert-expired' && f.title.includes('intermediate'));
    expect(intermediateExpired?.title).toBe(
      'The intermediate certificate "SMTP Lens Test Intermediate CA" expired 2 days ago',
    );
    expect(intermediateExpired?.explanation).toContain(INTERMEDIATE);
    expect(intermediateExpired?.explanation).toContain(new Date(intermediate.validTo).toISOString().slice(0, 10));
  });
});
