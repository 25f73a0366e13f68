// The TLS and certificate doctor: real TLS servers on 127.0.0.1 with a PKI generated
// here, one case per certificate finding. Each case checks the finding id, that the words
// name the right certificate and names, and that `smtp-lens probe ... --json` says the same.
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../shared/export/textTranscript';
import type { Finding, Transcript } from '../../shared/transcript';
import { deriveFindings } from '../../main/engine/findings/deriveFindings';
import { probe } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { createTestPki, type TestPki } from '../../main/lab/pki';
import { runCli } from '../helpers/cli';
import type { RawServer } from '../helpers/rawServer';
import { missingInCi } from '../helpers/systemComponent';
import { pemFile, startImplicitTlsServer, startStartTlsServer, type TlsCredential } from '../helpers/tlsServers';

let pki: TestPki;
let rootFile: string;
let server: RawServer | null = null;

beforeAll(async () => {
  pki = await createTestPki();
  rootFile = pemFile('root.pem', pki.root.certPem);
});
afterEach(async () => {
  await server?.close();
  server = null;
});

const INTERMEDIATE = 'CN=SMTP Lens Test Intermediate CA, O=SMTP Lens';
const LEAF = 'CN=mail.lab.test, O=SMTP Lens';

const options = (port: number, extra: Partial<SessionOptions> = {}): SessionOptions => ({
  host: '127.0.0.1',
  port,
  tls: 'implicit',
  servername: 'mail.lab.test',
  ca: [pki.root.certPem],
  ehlo: 'client.example',
  timeout: 3000,
  ...extra,
});
const ids = (t: Transcript) => t.findings.map((f) => f.id);
function finding(t: Transcript, id: string): Finding {
  const f = t.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no ${id} among ${ids(t).join(', ')}`);
  return f;
}
const sent = (leaf: keyof TestPki['leaves'], extra = ''): TlsCredential => ({
  key: pki.leaves[leaf].keyPem,
  cert: pki.leaves[leaf].certPem + extra,
});
const fullChain = (leaf: keyof TestPki['leaves']): TlsCredential => ({
  key: pki.leaves[leaf].keyPem,
  cert: pki.leaves[leaf].chainPem,
});

/** The same probe through the real CLI, as the "Done when" asks. */
async function cliIds(port: number, ...extra: string[]): Promise<string[]> {
  const r = await runCli([
    'probe',
    '127.0.0.1',
    '--port',
    String(port),
    '--tls',
    'implicit',
    '--servername',
    'mail.lab.test',
    '--ca',
    rootFile,
    '--ehlo',
    'client.example',
    '--timeout',
    '3000',
    '--json',
    ...extra,
  ]);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as Transcript).findings.map((f) => f.id);
}

describe('TLS facts', () => {
  for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
    it(`records exactly what a leaf-only server sent (${maxVersion}), even with the root in --ca`, async () => {
      server = await startImplicitTlsServer(sent('good'), { maxVersion });
      const t = await probe(options(server.port));
      expect(t.tls?.protocol).toBe(maxVersion);
      expect(t.tls?.cipher).toMatch(/^TLS_/);
      expect(t.tls?.group).toBeTruthy();
      expect(t.tls?.sentChainSource).toBe('handshake');
      expect(t.tls?.sentChain).toHaveLength(1);
      const leaf = t.tls!.sentChain[0];
      expect(leaf).toMatchObject({
        subject: LEAF,
        issuer: INTERMEDIATE,
        keyType: 'EC prime256v1',
        keyBits: 256,
        sigAlg: 'ecdsa-with-SHA256',
        aiaIssuers: [`${pki.aiaBaseUrl}/intermediate.cer`],
      });
      expect(leaf.san).toEqual(['mail.lab.test', 'localhost', '127.0.0.1', '::1']);
      expect(leaf.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(Date.parse(leaf.notAfter)).toBeGreaterThan(Date.parse(leaf.notBefore));
      // Our own verdict names the broken link; the library's code stands beside it.
      const v = t.tls!.verification;
      expect(v).toMatchObject({
        ok: false,
        chainOk: false,
        hostnameOk: true,
        checkedName: 'mail.lab.test',
        anchor: null,
        storeAdded: [],
        libraryCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
      expect(v.failingLink?.index).toBe(0);
      expect(v.failingLink?.reason).toContain(INTERMEDIATE);
    });
  }

  it('a complete chain verifies, and the trust store root is reported apart from sentChain', async () => {
    server = await startImplicitTlsServer(fullChain('good'));
    const t = await probe(options(server.port));
    expect(t.tls?.sentChain.map((c) => c.subject)).toEqual([LEAF, INTERMEDIATE]);
    expect(t.tls?.verification.storeAdded.map((c) => c.subject)).toEqual(['CN=SMTP Lens Test Root CA, O=SMTP Lens']);
    expect(t.tls?.verification.ok).toBe(true);
    expect(t.findings.filter((f) => f.id.startsWith('tls.'))).toEqual([]);
  });
});

describe('certificate findings', () => {
  it('leaf only: tls.chain-incomplete names the missing intermediate, its AIA URL and the server settings', async () => {
    server = await startImplicitTlsServer(sent('good'));
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.chain-incomplete');
    expect(f.severity).toBe('error');
    expect(f.title).toContain('SMTP Lens Test Intermediate CA');
    expect(f.explanation).toContain(INTERMEDIATE);
    expect(f.explanation).toContain(`${pki.aiaBaseUrl}/intermediate.cer`);
    expect(f.explanation).toContain('mail.lab.test');
    expect(f.fix).toContain('smtpd_tls_chain_files');
    expect(f.fix).toContain('tls_certificate');
    expect(f.fix).toContain('fullchain.pem');
    const text = renderText(t);
    expect(text).toContain(
      'Certificate chain as sent: 1 certificate: mail.lab.test ← ✗ not sent: SMTP Lens Test Intermediate CA',
    );
    expect(text).toContain('[TLS library: UNABLE_TO_VERIFY_LEAF_SIGNATURE]');
    expect(await cliIds(server.port)).toContain('tls.chain-incomplete');
  });

  it('wrong name: tls.hostname-mismatch gives the checked name and every name in the certificate', async () => {
    server = await startImplicitTlsServer(fullChain('wrongName'));
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.hostname-mismatch');
    expect(f.title).toBe('The certificate is not valid for mail.lab.test');
    expect(f.explanation).toContain('--servername');
    expect(f.explanation).toContain('valid only for: wrong.example.net');
    expect(f.explanation).toContain('CN=wrong.example.net');
    expect(await cliIds(server.port)).toEqual(['tls.hostname-mismatch']);
  });

  it('wrong name by IP address: suggests probing by the submission host name', async () => {
    server = await startImplicitTlsServer(fullChain('wrongName'));
    const t = await probe(options(server.port, { servername: undefined }));
    const f = finding(t, 'tls.hostname-mismatch');
    expect(f.title).toContain('Connected by IP address');
    expect(f.explanation).toContain('127.0.0.1');
    expect(f.explanation).toContain('wrong.example.net');
    expect(f.fix).toContain('submission host name');
    expect(f.fix).toContain(`smtp-lens probe wrong.example.net --port ${server.port}`);
    expect(f.fix).toContain('--servername wrong.example.net');
  });

  it('expired: tls.cert-expired with the date and how long ago', async () => {
    server = await startImplicitTlsServer(fullChain('expired'));
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.cert-expired');
    const notAfter = t.tls!.sentChain[0].notAfter.slice(0, 10);
    expect(f.title).toBe('The certificate expired 30 days ago');
    expect(f.explanation).toContain(LEAF);
    expect(f.explanation).toContain(notAfter);
    expect(t.tls?.verification.libraryCode).toBe('CERT_HAS_EXPIRED');
    expect(await cliIds(server.port)).toEqual(['tls.cert-expired']);
  });

  it('not yet valid: tls.cert-not-yet-valid with the date and how far ahead', async () => {
    server = await startImplicitTlsServer(fullChain('notYetValid'));
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.cert-not-yet-valid');
    const notBefore = t.tls!.sentChain[0].notBefore.slice(0, 10);
    expect(f.title).toBe(`The certificate is not valid until ${notBefore}`);
    expect(f.explanation).toContain(LEAF);
    expect(f.explanation).toMatch(/(29|30) days from now/);
    expect(await cliIds(server.port)).toEqual(['tls.cert-not-yet-valid']);
  });

  it('expiring in five days: tls.cert-expiring-soon, a warning that still verifies', async () => {
    server = await startImplicitTlsServer(fullChain('expiringSoon'));
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.cert-expiring-soon');
    expect(f.severity).toBe('warning');
    expect(f.title).toMatch(/^The certificate expires in [45] days$/);
    expect(f.explanation).toContain(LEAF);
    expect(f.explanation).toContain(t.tls!.sentChain[0].notAfter.slice(0, 10));
    expect(t.tls?.verification.ok).toBe(true);
    expect(await cliIds(server.port)).toEqual(['tls.cert-expiring-soon']);
  });

  it('self-signed: tls.self-signed names the certificate and its names', async () => {
    server = await startImplicitTlsServer(fullChain('selfSigned'));
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.self-signed');
    expect(f.title).toBe('The certificate "mail.lab.test" is self-signed');
    expect(f.explanation).toContain(LEAF);
    expect(f.explanation).toContain('mail.lab.test, localhost');
    expect(t.tls?.verification.libraryCode).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(await cliIds(server.port)).toEqual(['tls.self-signed']);
  });

  it('unknown root: tls.untrusted-root names the root and how to trust a private CA', async () => {
    server = await startImplicitTlsServer(sent('untrusted', pki.otherRoot.certPem));
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.untrusted-root');
    expect(f.title).toContain('Untrusted Other Root CA');
    expect(f.explanation).toContain('CN=Untrusted Other Root CA, O=SMTP Lens');
    expect(f.explanation).toContain(LEAF);
    expect(f.fix).toContain('--ca');
    expect(t.tls?.verification.failingLink).toMatchObject({ index: 1 });
    expect(await cliIds(server.port)).toEqual(['tls.untrusted-root']);
  });

  it('1024-bit RSA key: tls.weak-key names the key and the certificate', async (ctx) => {
    // OpenSSL 3.0 (Node 20) loads a 1024-bit key at its default security level 1; runtimes at
    // level 2 refuse to serve one at all, and then there is nothing to probe.
    try {
      tls.createSecureContext({ key: pki.leaves.weakKey.keyPem, cert: pki.leaves.weakKey.chainPem });
    } catch (err) {
      missingInCi(
        ctx,
        `this runtime refuses to serve a 1024-bit RSA key (${(err as Error).message})`,
        'CI runs on Node 20, whose OpenSSL serves one',
      );
    }
    server = await startImplicitTlsServer(fullChain('weakKey'));
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.weak-key');
    expect(f.title).toBe('The certificate key is weak (RSA, 1024 bits)');
    expect(f.explanation).toContain(LEAF);
    expect(f.severity).toBe('warning');
    expect(await cliIds(server.port)).toEqual(['tls.weak-key']);
  });

  it('SHA-1 signature: the tls.weak-signature warning', async () => {
    // OpenSSL 3 will not even load a SHA-1 certificate at the default security level.
    server = await startImplicitTlsServer(fullChain('sha1'), { ciphers: 'DEFAULT:@SECLEVEL=0' });
    const t = await probe(options(server.port));
    const f = finding(t, 'tls.weak-signature');
    expect(f.title).toBe('The certificate "mail.lab.test" is signed with ecdsa-with-SHA1');
    expect(f.severity).toBe('warning');
    expect(await cliIds(server.port)).toContain('tls.weak-signature');
  });

  it('works the same after STARTTLS', async () => {
    const starttls = await startStartTlsServer(sent('good'));
    server = starttls;
    const t = await probe(options(server.port, { tls: 'starttls' }));
    expect(t.tls?.mode).toBe('starttls');
    expect(t.tls?.sentChain).toHaveLength(1);
    expect(ids(t)).toContain('tls.chain-incomplete');
  });
});

describe('context decides the severity', () => {
  // Binding 25/465/587 needs privileges (and CI runs a real Postfix on 25), so the session runs
  // on a free port and the rules are asked about the same events as seen on each port.
  it('port 25 (opportunistic TLS) makes certificate problems warnings; 587 and 465 keep them errors (RFC 8314)', async () => {
    server = await startImplicitTlsServer(fullChain('expired'));
    const t = await probe(options(server.port));
    const severities = (port: number) =>
      deriveFindings({ target: { ...t.target, port }, events: t.events, tls: t.tls, startedAt: t.startedAt })
        .filter((f) => f.id.startsWith('tls.'))
        .map((f) => `${f.id}:${f.severity}`);
    expect(severities(25)).toEqual(['tls.cert-expired:warning']);
    expect(severities(587)).toEqual(['tls.cert-expired:error']);
    expect(severities(465)).toEqual(['tls.cert-expired:error']);
  });
});
