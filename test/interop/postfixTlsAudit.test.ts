// `--tls-audit` against the real Postfix 3.7: the narrowed port (weakCiphers in
// config/master.cf.in: an RSA certificate, TLS 1.2 only, exactly ECDHE-RSA-AES256-SHA and
// AES128-SHA, in the server's order), the TLS-1.2-only port, the MX with Postfix's defaults
// and implicit TLS on submissions. What the audit says was accepted, `openssl s_client`
// completes; what it says was refused, s_client cannot negotiate.
import { beforeEach, describe, expect, it } from 'vitest';
import { probeWithTlsAudit } from '../../main/engine/tls/auditReport';
import type { Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import { finding, findingIds, lensOptions, probeArgs } from './lensSession';
import { findPostfix, requirePostfix, type PostfixInstance, type Scenario } from './postfixInstance';
import { requireOpenssl, sClient } from './referenceClients';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

const audit = (scenario: Scenario, tls: 'starttls' | 'implicit', portRole?: number) =>
  probeWithTlsAudit(lensOptions(pf, scenario, tls, { quitAfter: 'tls', ...(portRole ? { portRole } : {}) }));

const suites = (t: Transcript, version: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3') =>
  t.tlsAudit?.versions[version].suites ?? [];

/** s_client negotiating exactly one suite at TLS 1.2 (OpenSSL's name for it). */
async function sClientSuite(scenario: Scenario, openSslName: string): Promise<string | null> {
  const r = await sClient(pf, scenario, ['-starttls', 'smtp', '-tls1_2', '-cipher', `${openSslName}:@SECLEVEL=0`]);
  return /^Ciphersuite: (\S+)$/m.exec(r.out)?.[1] ?? null; // -brief's line
}

describe('TLS audit against the narrowed Postfix port', () => {
  it('names exactly the two suites configured, at TLS 1.2 only, in the order the server chooses', async () => {
    const t = await audit('weakCiphers', 'starttls');
    expect(suites(t, 'TLSv1.2')).toEqual(['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
    expect(t.tlsAudit?.versions['TLSv1.2'].order).toBe('server');
    for (const v of ['TLSv1', 'TLSv1.1', 'TLSv1.3'] as const) {
      expect(t.tlsAudit?.versions[v].check.result).toBe('refused');
      expect(suites(t, v)).toEqual([]);
    }
    expect(t.tlsAudit?.versions['TLSv1.2'].unanswered).toBe(0);
    expect(t.tlsAudit?.complete).toBe(true);
    // What a user reads: the audit's own lines, and the findings in words.
    const notes = t.events.flatMap((e) => (e.type === 'note' ? [e.text] : []));
    expect(notes).toContain(
      "TLS 1.2: 2 of 123 suites accepted, in the server's order: TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA (ECDHE, CBC); TLS_RSA_WITH_AES_128_CBC_SHA (RSA key exchange: no forward secrecy, CBC).",
    );
    expect(finding(t, 'tls.cbc-only').title).toBe('TLS 1.2 works only with CBC suites');
    const fs = finding(t, 'tls.no-forward-secrecy');
    expect(fs.severity).toBe('info'); // a fallback: the server puts ECDHE first
    expect(fs.explanation).toContain('TLS_RSA_WITH_AES_128_CBC_SHA (TLS 1.2)');
    expect(findingIds(t)).not.toContain('tls.weak-cipher');
    expect(findingIds(t)).not.toContain('tls.anonymous-suites');
  });

  it('agrees with openssl s_client suite by suite', async ({ skip }) => {
    requireOpenssl({ skip });
    expect(await sClientSuite('weakCiphers', 'ECDHE-RSA-AES256-SHA')).toBe('ECDHE-RSA-AES256-SHA');
    expect(await sClientSuite('weakCiphers', 'AES128-SHA')).toBe('AES128-SHA');
    // A suite the audit says is refused, s_client cannot get either.
    expect(await sClientSuite('weakCiphers', 'ECDHE-RSA-AES128-GCM-SHA256')).not.toBe('ECDHE-RSA-AES128-GCM-SHA256');
  });
});

describe('TLS audit with Postfix defaults', () => {
  it('the TLS-1.2-only port: 1.2 with AEAD suites, 1.3 and the old versions refused', async () => {
    const t = await audit('tls12Only', 'starttls', 25);
    expect(t.tlsAudit?.versions['TLSv1.2'].check.result).toBe('accepted');
    expect(suites(t, 'TLSv1.2')).toContain('TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384');
    for (const v of ['TLSv1', 'TLSv1.1', 'TLSv1.3'] as const)
      expect(t.tlsAudit?.versions[v].check.result).toBe('refused');
    expect(t.tlsAudit?.versions['TLSv1.2'].order).toBe('client'); // tls_preempt_cipherlist = no
    expect(findingIds(t)).not.toContain('tls.cbc-only');
    expect(findingIds(t)).not.toContain('tls.weak-protocol');
  });

  it('the MX (port 25): anonymous suites are information, TLS 1.0 and 1.1 a warning', async () => {
    const t = await audit('mx', 'starttls', 25);
    expect(suites(t, 'TLSv1.3')).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
    ]);
    expect(suites(t, 'TLSv1.2')).toContain('TLS_DH_anon_WITH_AES_256_GCM_SHA384');
    const anon = finding(t, 'tls.anonymous-suites');
    expect(anon.severity).toBe('info');
    expect(anon.title).toBe('The server also accepts anonymous suites, as opportunistic TLS allows');
    expect(finding(t, 'tls.weak-protocol').title).toBe('The server still accepts TLS 1.0 and TLS 1.1');
    expect(t.tlsAudit?.groups?.accepted).toEqual(expect.arrayContaining(['x25519', 'secp256r1']));
  });

  it('submissions (465, implicit TLS): the same anonymous suites are an error', async () => {
    const t = await audit('submissions', 'implicit', 465);
    expect(suites(t, 'TLSv1.2')).toContain('TLS_ECDH_anon_WITH_AES_256_CBC_SHA');
    const anon = finding(t, 'tls.anonymous-suites');
    expect(anon.severity).toBe('error');
    expect(anon.explanation).toContain('gets the password');
  });
});

describe('smtp-lens probe --tls-audit', () => {
  it('prints the audit and its findings', async () => {
    const r = await runCli(probeArgs(pf, pf.ports.weakCiphers, 'starttls', '--quit-after', 'tls', '--tls-audit'));
    expect(r.stdout).toContain("TLS 1.2: 2 of 123 suites accepted, in the server's order");
    expect(r.stdout).toContain('TLS 1.2: the server chooses the suite');
    expect(r.stdout).toContain('TLS 1.2 works only with CBC suites  [tls.cbc-only]');
    expect(r.stdout).toMatch(/TLS audit: TLS 1\.2 \(2 suites\) accepted; \d+ connections in [\d.]+ s\./);
  });
});
