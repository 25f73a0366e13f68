// The trust store finds a certificate's possible issuers among Node's bundled roots by the DER
// of their names, parsing only those; the DER reader takes hostile bytes without a throw.
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { issuedBy } from '../../main/engine/tls/chainVerifier';
import { certNames, pemBody } from '../../main/engine/tls/certNames';
import { buildTrustStore } from '../../main/engine/tls/trustStore';

describe('the trust store over the bundled roots', () => {
  it('finds every bundled root as an anchor, and as the issuer of itself', () => {
    const store = buildTrustStore([]);
    const roots = tls.rootCertificates.map((pem) => new X509Certificate(pem));
    expect(roots.length).toBeGreaterThan(100);
    for (const root of roots) {
      expect(store.has(root), root.subject).toBe(true);
      // Roots are self-issued: the lookup by issuer name must come back to the root itself.
      if (root.checkIssued(root))
        expect(store.findIssuer(root, issuedBy)?.fingerprint256, root.subject).toBe(root.fingerprint256);
    }
  });

  it('reads issuer and subject as DER; equal for a self-issued root', () => {
    const names = certNames(pemBody(tls.rootCertificates[0]));
    expect(names?.issuer).toMatch(/^30/);
    expect(names?.issuer).toBe(names?.subject);
  });

  it('hostile DER: truncated, oversized lengths and garbage give null, never a throw', () => {
    const der = pemBody(tls.rootCertificates[0]);
    for (let cut = 0; cut < der.length; cut += 37) expect(() => certNames(der.subarray(0, cut))).not.toThrow();
    expect(certNames(der.subarray(0, 40))).toBeNull();
    expect(certNames(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]))).toBeNull();
    expect(certNames(Buffer.from('not a certificate'))).toBeNull();
    expect(certNames(Buffer.alloc(0))).toBeNull();
  });
});
