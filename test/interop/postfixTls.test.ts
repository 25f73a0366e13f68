// Every TLS diagnosis against a real Postfix 3.7 (one smtpd per scenario, see
// config/master.cf.in), and what swaks and `openssl s_client` say about the same port.
import { beforeEach, describe, expect, it } from 'vitest';
import { probeWithTlsVersions } from '../../main/engine/tls/versionReport';
import type { Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import {
  banner,
  ehlo,
  finding,
  findingIds,
  lens,
  lensOptions,
  POSTFIX_BANNER,
  POSTFIX_EHLO,
  replyTo,
  sent,
} from './lensSession';
import { findPostfix, requirePostfix, type PostfixInstance } from './postfixInstance';
import {
  requireOpenssl,
  requireSwaks,
  run,
  sClient,
  sClientVerifyError,
  swaks,
  swaksReplies,
} from './referenceClients';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

const WITHOUT_STARTTLS = POSTFIX_EHLO.filter((k) => k !== 'STARTTLS');
const INTERMEDIATE = 'SMTP Lens Interop Intermediate CA';
const AIA_URL = 'http://pki.lab.test/interop-intermediate.cer';
/** The common names of the certificates exactly as the server sent them. */
const sentNames = (t: Transcript) => t.tls?.sentChain.map((c) => /CN=([^,\n]+)/.exec(c.subject)?.[1]) ?? [];

describe('mx: STARTTLS with the full chain', () => {
  it('SMTP Lens: the real banner, STARTTLS only before TLS, the chain as sent, verified, no findings', async () => {
    const t = await lens(pf, 'mx', 'starttls');
    expect(banner(t)).toBe(POSTFIX_BANNER);
    expect(ehlo(t)).toEqual({ before: POSTFIX_EHLO, after: WITHOUT_STARTTLS });
    expect(replyTo(t, 'STARTTLS')).toBe('220 2.0.0 Ready to start TLS');
    expect(sentNames(t)).toEqual(['mail.lab.test', INTERMEDIATE]);
    expect(t.tls?.verification).toMatchObject({
      ok: true,
      anchor: expect.stringContaining('SMTP Lens Interop Root CA'),
    });
    expect(t.tls?.protocol).toBe('TLSv1.3');
    expect(findingIds(t)).toEqual([]);
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
  });

  it('swaks and openssl agree: verified, TLS 1.3, the same EHLO lists', async (ctx) => {
    requireSwaks(ctx);
    requireOpenssl(ctx);
    const t = await lens(pf, 'mx', 'starttls');
    const s = await swaks(pf, 'mx', ['--tls', '--quit-after', 'HELO']);
    expect(s.code, s.out).toBe(0);
    expect(s.out).toMatch(/^=== TLS started with cipher TLSv1\.3:TLS_AES_256_GCM_SHA384:256$/m);
    expect(s.out).toContain('=== TLS peer DN="/CN=mail.lab.test"');
    // Both EHLO replies as swaks saw them are the ones SMTP Lens recorded.
    const ehloReplies = swaksReplies(s).filter((l) => l.startsWith('250'));
    const lensEhlo = t.events.flatMap((e) => (e.type === 'reply' && e.stage === 'ehlo' ? e.lines : []));
    expect(ehloReplies).toEqual(lensEhlo);
    const o = await sClient(pf, 'mx', ['-starttls', 'smtp']);
    expect(o.out).toContain('Verification: OK');
    expect(o.out).toContain('Verified peername: mail.lab.test');
    expect(o.out).toContain('Protocol version: TLSv1.3');
  });
});

describe('leafOnly: the server sends its certificate without the intermediate', () => {
  it('SMTP Lens: tls.chain-incomplete, naming the missing intermediate and its AIA URL', async () => {
    const t = await lens(pf, 'leafOnly', 'starttls');
    expect(findingIds(t)).toEqual(['tls.chain-incomplete']);
    expect(sentNames(t)).toEqual(['mail.lab.test']);
    expect(t.tls?.verification).toMatchObject({
      ok: false,
      hostnameOk: true,
      libraryCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(t.tls?.verification.problems).toContainEqual(
      expect.objectContaining({ kind: 'incomplete', index: 0, aiaUrl: AIA_URL }),
    );
    const f = finding(t, 'tls.chain-incomplete');
    expect(f.severity).toBe('error');
    expect(f.title).toContain(INTERMEDIATE);
    expect(f.explanation).toContain(AIA_URL);
    // The session goes on after a bad certificate, so the rest can be seen.
    expect(ehlo(t).after).toEqual(WITHOUT_STARTTLS);
  });

  it('swaks and openssl agree that it fails, but neither names the missing certificate', async (ctx) => {
    requireSwaks(ctx);
    requireOpenssl(ctx);
    const s = await swaks(pf, 'leafOnly', ['--tls', '--quit-after', 'TLS']);
    expect(s.code, s.out).toBe(29);
    expect(s.out).toContain(
      '*** TLS startup failed (connect(): error:0A000086:SSL routines::certificate verify failed)',
    );
    const o = await sClient(pf, 'leafOnly', ['-starttls', 'smtp']);
    expect(sClientVerifyError(o)).toBe('num=20:unable to get local issuer certificate');
    for (const out of [s.out, o.out]) {
      expect(out).not.toContain(INTERMEDIATE);
      expect(out).not.toContain(AIA_URL);
    }
  });
});

describe('wrongName: a valid chain for other names', () => {
  it('SMTP Lens: tls.hostname-mismatch, listing the names the certificate holds', async () => {
    const t = await lens(pf, 'wrongName', 'starttls');
    expect(findingIds(t)).toEqual(['tls.hostname-mismatch']);
    expect(t.tls?.verification).toMatchObject({
      ok: false,
      chainOk: true,
      hostnameOk: false,
      libraryCode: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(finding(t, 'tls.hostname-mismatch').explanation).toContain(
      'smtp.other-provider.example, mx.other-provider.example',
    );
  });

  it('openssl agrees (hostname mismatch); swaks --tls-verify does not check the name and carries on', async (ctx) => {
    requireSwaks(ctx);
    requireOpenssl(ctx);
    const o = await sClient(pf, 'wrongName', ['-starttls', 'smtp']);
    expect(sClientVerifyError(o)).toBe('num=62:hostname mismatch');
    // swaks 20201014 (Debian 12) verifies the chain only: "--tls-verify" with the right CA and
    // SNI accepts a certificate for another name. SMTP Lens catches it (the test above).
    const version = (await run('/usr/bin/swaks', ['--version'])).lines[0];
    const s = await swaks(pf, 'wrongName', ['--tls', '--quit-after', 'TLS']);
    expect(s.code, `${version}\n${s.out}`).toBe(0);
    expect(s.out).toContain('=== TLS peer DN="/CN=smtp.other-provider.example"');
    expect(s.out).not.toMatch(/verify failed|mismatch/i);
  });
});

describe('expired: the leaf expired 30 days ago', () => {
  it('SMTP Lens: tls.cert-expired, with the date and how long ago', async () => {
    const t = await lens(pf, 'expired', 'starttls');
    expect(findingIds(t)).toEqual(['tls.cert-expired']);
    expect(t.tls?.verification).toMatchObject({ ok: false, hostnameOk: true, libraryCode: 'CERT_HAS_EXPIRED' });
    const f = finding(t, 'tls.cert-expired');
    expect(f.title).toBe('The certificate expired 30 days ago');
    expect(f.explanation).toContain(`valid until ${t.tls?.sentChain[0]?.notAfter.slice(0, 10)}`);
  });

  it('openssl agrees (certificate has expired); swaks only says "certificate verify failed"', async (ctx) => {
    requireSwaks(ctx);
    requireOpenssl(ctx);
    const o = await sClient(pf, 'expired', ['-starttls', 'smtp']);
    expect(sClientVerifyError(o)).toBe('num=10:certificate has expired');
    const s = await swaks(pf, 'expired', ['--tls', '--quit-after', 'TLS']);
    expect(s.code, s.out).toBe(29);
    expect(s.out).toContain('certificate verify failed');
    expect(s.out).not.toMatch(/expired/i);
  });
});

describe('noStarttls: smtpd_tls_security_level = none', () => {
  it('SMTP Lens: tls.starttls-not-offered, and it stops instead of going on in clear', async () => {
    const t = await lens(pf, 'noStarttls', 'starttls', { to: ['bob@lab.test'] });
    expect(banner(t)).toBe(POSTFIX_BANNER);
    expect(ehlo(t)).toEqual({ before: WITHOUT_STARTTLS, after: null });
    expect(findingIds(t)).toEqual(['tls.starttls-not-offered']);
    expect(sent(t)).toEqual(['EHLO client.example', 'QUIT']);
    expect(t.tls).toBeNull();
  });

  it('swaks agrees (STARTTLS not advertised); openssl tries TLS anyway and fails with "wrong version number"', async (ctx) => {
    requireSwaks(ctx);
    requireOpenssl(ctx);
    const s = await swaks(pf, 'noStarttls', ['--tls', '--quit-after', 'TLS']);
    expect(s.code, s.out).toBe(29);
    expect(s.out).toContain('*** Host did not advertise STARTTLS');
    const o = await sClient(pf, 'noStarttls', ['-starttls', 'smtp']);
    expect(o.out).toContain("Didn't find STARTTLS in server response, trying anyway...");
    expect(o.out).toContain('wrong version number');
  });
});

describe('tls12Only: smtpd_tls_protocols = >=TLSv1.2,<=TLSv1.2', () => {
  it('SMTP Lens: TLS 1.2 negotiated, and --tls-versions maps 1.0, 1.1 and 1.3 as refused', async () => {
    const t = await probeWithTlsVersions(lensOptions(pf, 'tls12Only', 'starttls'));
    expect(t.tls).toMatchObject({ protocol: 'TLSv1.2', verification: { ok: true } });
    expect(t.tlsVersions).toMatchObject({
      TLSv1: { result: 'refused' },
      'TLSv1.1': { result: 'refused' },
      'TLSv1.2': { result: 'accepted' },
      'TLSv1.3': { result: 'refused' },
    });
    expect(t.tlsVersions?.['TLSv1.3'].detail).toContain('protocol_version');
    // Only legacy versions accepted would be a finding (tls.weak-protocol).
    expect(findingIds(t)).toEqual([]);
  });

  it('swaks and openssl agree: 1.2 by default, a protocol_version alert when only 1.3 is offered', async (ctx) => {
    requireSwaks(ctx);
    requireOpenssl(ctx);
    const s = await swaks(pf, 'tls12Only', ['--tls', '--quit-after', 'TLS']);
    expect(s.code, s.out).toBe(0);
    expect(s.out).toMatch(/^=== TLS started with cipher TLSv1\.2:/m);
    const s13 = await swaks(pf, 'tls12Only', ['--tls', '--tls-protocol', 'tlsv1_3', '--quit-after', 'TLS']);
    expect(s13.code, s13.out).toBe(29);
    expect(s13.out).toContain('tlsv1 alert protocol version');
    const o13 = await sClient(pf, 'tls12Only', ['-starttls', 'smtp', '-tls1_3']);
    expect(o13.out).toContain('SSL alert number 70');
  });
});

describe('the command line against the same ports', () => {
  it('exits 0 on the good ports and 1 on each broken one, with the same finding ids in --json', async () => {
    const cli = async (port: number) => {
      const r = await runCli([
        'probe',
        '127.0.0.1',
        '--port',
        String(port),
        '--tls',
        'starttls',
        '--servername',
        pf.servername,
        '--ca',
        pf.caPath,
        '--ehlo',
        'client.example',
        '--json',
      ]);
      return { code: r.code, ids: (JSON.parse(r.stdout) as Transcript).findings.map((f) => f.id) };
    };
    const expected = {
      mx: { code: 0, ids: [] },
      tls12Only: { code: 0, ids: [] },
      leafOnly: { code: 1, ids: ['tls.chain-incomplete'] },
      wrongName: { code: 1, ids: ['tls.hostname-mismatch'] },
      expired: { code: 1, ids: ['tls.cert-expired'] },
      noStarttls: { code: 1, ids: ['tls.starttls-not-offered'] },
    } as const;
    const names = Object.keys(expected) as (keyof typeof expected)[];
    const results = await Promise.all(names.map((name) => cli(pf.ports[name])));
    expect(Object.fromEntries(names.map((name, i) => [name, results[i]]))).toEqual(expected);
  });
});
