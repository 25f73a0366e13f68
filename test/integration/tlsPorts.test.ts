// The wrong kind of TLS for the port, and handshakes that fail, against real
// listeners on 127.0.0.1. Each case checks the finding id, the words a user reads, and the
// id `smtp-lens probe ... --json` reports.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../shared/export/textTranscript';
import type { Finding, TlsMode, Transcript } from '../../shared/transcript';
import { probe } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { createTestPki, type TestPki } from '../../main/lab/pki';
import { runCli } from '../helpers/cli';
import { lineDialogue, startRawServer, type RawServer } from '../helpers/rawServer';
import { startAlertServer, startHttpServer, startImplicitTlsServer, startPlainSmtpServer } from '../helpers/tlsServers';

let pki: TestPki;
let server: RawServer | null = null;

beforeAll(async () => {
  pki = await createTestPki();
});
afterEach(async () => {
  await server?.close();
  server = null;
});

const options = (port: number, tls: TlsMode, extra: Partial<SessionOptions> = {}): SessionOptions => ({
  host: '127.0.0.1',
  port,
  tls,
  servername: 'mail.lab.test',
  ca: [pki.root.certPem],
  ehlo: 'client.example',
  timeout: 800,
  ...extra,
});
const ids = (t: Transcript) => t.findings.map((f) => f.id);
function finding(t: Transcript, id: string): Finding {
  const f = t.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no ${id} among ${ids(t).join(', ')}`);
  return f;
}
async function cliIds(port: number, tls: TlsMode | null): Promise<string[]> {
  const r = await runCli([
    'probe',
    '127.0.0.1',
    '--port',
    String(port),
    ...(tls ? ['--tls', tls] : []),
    '--servername',
    'mail.lab.test',
    '--timeout',
    '800',
    '--json',
  ]);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as Transcript).findings.map((f) => f.id);
}
const good = () => ({ key: pki.leaves.good.keyPem, cert: pki.leaves.good.chainPem });

describe('the wrong kind of TLS for the port', () => {
  for (const mode of ['none', 'starttls'] as const) {
    it(`a TLS-only listener probed with ${mode === 'none' ? 'plaintext' : 'STARTTLS'}: port.implicit-tls-expected, confirmed on a fresh connection`, async () => {
      server = await startImplicitTlsServer(good());
      const t = await probe(options(server.port, mode));
      const f = finding(t, 'port.implicit-tls-expected');
      expect(f.title).toBe(`Port ${server.port} speaks TLS from the first byte: use implicit TLS`);
      expect(f.explanation).toContain('TLS from the first byte, like 465');
      expect(f.fix).toContain('--tls implicit');
      expect(t.events.filter((e) => e.type === 'connect')).toHaveLength(1);
      expect(t.events.some((e) => e.type === 'note' && e.code === 'implicit-tls-confirmed')).toBe(true);
      expect(await cliIds(server.port, mode)).toContain('port.implicit-tls-expected');
    });
  }

  it('a plaintext listener probed with implicit TLS: port.plaintext-not-tls says to use STARTTLS', async () => {
    server = await startPlainSmtpServer();
    const t = await probe(options(server.port, 'implicit'));
    const f = finding(t, 'port.plaintext-not-tls');
    expect(f.explanation).toContain('220 mail.lab.test ESMTP test server');
    expect(f.explanation).toContain('wrong version number');
    expect(f.fix).toContain('--tls starttls');
    expect(ids(t)).not.toContain('tls.handshake-failed');
    expect(await cliIds(server.port, 'implicit')).toEqual(['port.plaintext-not-tls']);
  });

  it('a plaintext server that rejects the ClientHello as a bad command: port.plaintext-not-tls', async () => {
    server = await startRawServer((s) => s.once('data', () => s.write('500 5.5.2 Error: bad syntax\r\n')));
    const t = await probe(options(server.port, 'implicit'));
    expect(finding(t, 'port.plaintext-not-tls').explanation).toContain('500 5.5.2 Error: bad syntax');
    expect(ids(t)).not.toContain('tls.handshake-failed');
  });

  for (const mode of ['auto', 'implicit', 'none'] as const) {
    it(`an HTTP listener (${mode}): port.not-smtp names HTTP`, async () => {
      server = await startHttpServer();
      const t = await probe(
        options(server.port, mode, { timeout: { greeting: 800, autoDetect: 500, tls: 800, command: 800 } }),
      );
      const f = finding(t, 'port.not-smtp');
      expect(f.title).toContain('HTTP');
      expect(f.explanation).toContain('HTTP/1.1 400 Bad Request');
      expect(ids(t)).not.toContain('port.implicit-tls-expected');
      expect(ids(t)).not.toContain('tls.handshake-failed');
      expect(await cliIds(server.port, mode === 'auto' ? null : mode)).toContain('port.not-smtp');
    });
  }
});

describe('tls.handshake-failed, in words', () => {
  it('a server that only speaks TLS 1.0: no TLS version in common', async () => {
    server = await startImplicitTlsServer(good(), {
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    const t = await probe(options(server.port, 'implicit'));
    const f = finding(t, 'tls.handshake-failed');
    expect(f.title).toBe('The TLS handshake failed: no TLS version in common');
    expect(f.explanation).toContain('protocol_version');
    expect(f.explanation).toContain('TLS 1.2 and 1.3');
    expect(f.explanation).toContain('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    expect(f.fix).toContain('--tls-versions');
    // The library's reason is kept, without OpenSSL's source paths.
    const text = renderText(t);
    expect(text).toContain('the TLS handshake failed: tlsv1 alert protocol version');
    expect(text).not.toContain('../deps/openssl');
    expect(await cliIds(server.port, 'implicit')).toEqual(['tls.handshake-failed']);
  });

  const alerts: [number, string, RegExp][] = [
    [112, 'sni', /does not know the name mail\.lab\.test/],
    [40, 'cipher', /no cipher in common/],
    [80, 'server-error', /failed during the TLS handshake/],
    [116, 'client-cert', /requires a client certificate/],
  ];
  for (const [alert, kind, title] of alerts) {
    it(`the alert ${alert} is explained (${kind})`, async () => {
      server = await startAlertServer(alert);
      const t = await probe(options(server.port, 'implicit'));
      const f = finding(t, 'tls.handshake-failed');
      expect(f.title).toMatch(title);
      expect(
        t.events.some((e) => e.type === 'note' && e.code === 'tls-alert' && e.data?.description === String(alert)),
      ).toBe(true);
    });
  }

  it('a server that hangs up on the ClientHello: said so, with the library code', async () => {
    server = await startRawServer((s) => s.once('data', () => s.destroy()));
    const t = await probe(options(server.port, 'implicit'));
    const f = finding(t, 'tls.handshake-failed');
    expect(f.title).toBe('The server hung up during the TLS handshake');
    expect(f.explanation).toContain('ECONNRESET');
  });

  it('a server that says 220 to STARTTLS and then answers in plain text', async () => {
    server = await startRawServer((s) => {
      s.write('220 mail.lab.test ESMTP\r\n');
      lineDialogue(s, (line) => {
        if (line.startsWith('EHLO')) s.write('250-mail.lab.test\r\n250 STARTTLS\r\n');
        else if (line === 'STARTTLS') {
          s.removeAllListeners('data');
          s.write('220 Ready to start TLS\r\n');
          s.once('data', () => s.write('454 4.7.0 TLS not available due to local problem\r\n'));
        }
      });
    });
    const t = await probe(options(server.port, 'starttls'));
    const f = finding(t, 'tls.handshake-failed');
    expect(f.title).toBe('The server agreed to STARTTLS, then did not speak TLS');
    expect(f.explanation).toContain('454 4.7.0 TLS not available');
    expect(ids(t)).not.toContain('port.plaintext-not-tls');
  });
});
