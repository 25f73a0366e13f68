// `--tls-versions`: one handshake per version, each on a fresh connection, against servers on
// 127.0.0.1 whose accepted versions the test sets.
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../shared/export/textTranscript';
import type { Transcript } from '../../shared/transcript';
import { canOffer, tlsRuntime, type TlsRuntime } from '../../main/engine/tls/versionProbe';
import { probeWithTlsVersions } from '../../main/engine/tls/versionReport';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { createTestPki, type TestPki } from '../../main/lab/pki';
import { runCli } from '../helpers/cli';
import type { RawServer } from '../helpers/rawServer';
import { startImplicitTlsServer, startStartTlsServer } from '../helpers/tlsServers';

let pki: TestPki;
let server: RawServer | null = null;

beforeAll(async () => {
  pki = await createTestPki();
});
afterEach(async () => {
  await server?.close();
  server = null;
});

const good = () => ({ key: pki.leaves.good.keyPem, cert: pki.leaves.good.chainPem });
/** What TLS 1.0/1.1 need on the server side too, with OpenSSL 3. */
const LEGACY_SERVER = { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;
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
const results = (t: Transcript) =>
  Object.fromEntries(Object.entries(t.tlsVersions ?? {}).map(([v, c]) => [v, c.result]));

describe('smtp-lens probe --tls-versions', () => {
  it('a STARTTLS server limited to TLS 1.2: only 1.2 accepted, each try with its own EHLO and STARTTLS', async () => {
    const starttls = await startStartTlsServer(good(), { maxVersion: 'TLSv1.2' });
    server = starttls;
    const t = await probeWithTlsVersions(options(server.port, { tls: 'starttls' }));
    expect(results(t)).toEqual({ TLSv1: 'refused', 'TLSv1.1': 'refused', 'TLSv1.2': 'accepted', 'TLSv1.3': 'refused' });
    expect(t.tlsVersions?.['TLSv1.3'].detail).toContain('protocol_version');
    expect(t.tlsVersions?.['TLSv1.2'].cipher).toMatch(/^TLS_ECDHE_/);
    // The session's own STARTTLS, then one per version.
    expect(starttls.starttls()).toBe(5);
    expect(t.findings.map((f) => f.id)).not.toContain('tls.weak-protocol');
    const text = renderText(t);
    expect(text).toContain('TLS versions: TLS 1.0 refused · TLS 1.1 refused · TLS 1.2 accepted · TLS 1.3 refused.');
    expect(text).toMatch(/TLS 1\.3: refused — the server answered with the alert protocol_version/);
  });

  it('a server that still accepts TLS 1.0 and 1.1: tls.weak-protocol names both', async () => {
    server = await startImplicitTlsServer(good(), LEGACY_SERVER);
    const t = await probeWithTlsVersions(options(server.port));
    expect(results(t)).toEqual({
      TLSv1: 'accepted',
      'TLSv1.1': 'accepted',
      'TLSv1.2': 'accepted',
      'TLSv1.3': 'accepted',
    });
    const f = t.findings.find((x) => x.id === 'tls.weak-protocol');
    expect(f?.title).toBe('The server still accepts TLS 1.0 and TLS 1.1');
    expect(f?.severity).toBe('warning');
    expect(f?.fix).toContain('smtpd_tls_protocols = >=TLSv1.2');
  });

  it('a server that speaks only TLS 1.0 is told apart from one that refuses: it picks 1.0 when offered 1.1', async () => {
    server = await startImplicitTlsServer(good(), { ...LEGACY_SERVER, maxVersion: 'TLSv1' });
    const t = await probeWithTlsVersions(options(server.port));
    expect(results(t)).toMatchObject({ TLSv1: 'accepted', 'TLSv1.1': 'refused' });
    expect(t.tlsVersions?.['TLSv1.1'].detail).toContain('answered with TLS 1.0');
    // The main session failed (its client offers 1.2 and 1.3 only); the map still shows why.
    expect(t.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['tls.handshake-failed', 'tls.weak-protocol']));
  });

  it('a runtime that cannot offer TLS 1.0/1.1 (BoringSSL in Electron) reports "not testable here", never "not supported"', async () => {
    server = await startImplicitTlsServer(good(), LEGACY_SERVER);
    const boring: TlsRuntime = {
      library: 'boringssl',
      version: 'test',
      createContext: (o) => {
        if (o.maxVersion === 'TLSv1' || o.maxVersion === 'TLSv1.1')
          throw new Error('this TLS library has no TLS 1.0/1.1');
        return tls.createSecureContext(o);
      },
    };
    const t = await probeWithTlsVersions(options(server.port), boring);
    expect(results(t)).toEqual({
      TLSv1: 'not-testable',
      'TLSv1.1': 'not-testable',
      'TLSv1.2': 'accepted',
      'TLSv1.3': 'accepted',
    });
    expect(t.findings.map((f) => f.id)).not.toContain('tls.weak-protocol');
    const text = renderText(t);
    expect(text).toContain('TLS 1.0: not testable here');
    expect(text).not.toMatch(/not supported/i);
  });

  it('after finding that a port speaks implicit TLS, tries the versions with implicit TLS', async () => {
    server = await startImplicitTlsServer(good(), { maxVersion: 'TLSv1.2' });
    const t = await probeWithTlsVersions(options(server.port, { tls: 'starttls', timeout: 800 }));
    expect(t.findings.map((f) => f.id)).toContain('port.implicit-tls-expected');
    expect(results(t)).toEqual({ TLSv1: 'refused', 'TLSv1.1': 'refused', 'TLSv1.2': 'accepted', 'TLSv1.3': 'refused' });
  });

  it('knows which TLS library it runs on', () => {
    expect(tlsRuntime({ node: '20.0.0', openssl: '3.0.19' })).toMatchObject({ library: 'openssl', version: '3.0.19' });
    expect(tlsRuntime({ node: '20.0.0', openssl: '1.1.0', electron: '45.0.0' }).library).toBe('boringssl');
    expect(canOffer('TLSv1', tlsRuntime())).toEqual({ ok: true });
  });

  it('--json carries the accept map; --tls none is a usage error', async () => {
    server = await startImplicitTlsServer(good(), { maxVersion: 'TLSv1.2' });
    const r = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--tls',
      'implicit',
      '--servername',
      'mail.lab.test',
      '--tls-versions',
      '--json',
    ]);
    const t = JSON.parse(r.stdout) as Transcript;
    expect(results(t)).toEqual({ TLSv1: 'refused', 'TLSv1.1': 'refused', 'TLSv1.2': 'accepted', 'TLSv1.3': 'refused' });
    const usage = await runCli(['probe', '127.0.0.1', '--tls', 'none', '--tls-versions']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--tls-versions needs TLS');
  });
});
