// `--fetch-intermediate`: the missing intermediate is downloaded from the AIA URL in the
// certificate, here an HTTP server on 127.0.0.1 serving the test PKI's DER files.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../shared/export/textTranscript';
import type { Transcript } from '../../shared/transcript';
import { probe } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { createTestPki, type TestPki } from '../../main/lab/pki';
import { runCli } from '../helpers/cli';
import type { RawServer } from '../helpers/rawServer';
import { pemFile, startImplicitTlsServer } from '../helpers/tlsServers';

let pki: TestPki;
let aia: http.Server;
const requested: string[] = [];
let serveIntermediate = true;
let server: RawServer | null = null;

beforeAll(async () => {
  aia = http.createServer((req, res) => {
    requested.push(req.url ?? '');
    if (req.url === '/intermediate.cer' && serveIntermediate) res.end(pki.intermediateDer);
    else if (req.url === '/other-root.cer') res.end(pki.otherRootDer);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => aia.listen(0, '127.0.0.1', resolve));
  pki = await createTestPki({ aiaBaseUrl: `http://127.0.0.1:${(aia.address() as AddressInfo).port}` });
});
afterEach(async () => {
  await server?.close();
  server = null;
  serveIntermediate = true;
  requested.length = 0;
});
afterAll(() => new Promise<void>((resolve) => aia.close(() => resolve())));

const options = (port: number, extra: Partial<SessionOptions> = {}): SessionOptions => ({
  host: '127.0.0.1',
  port,
  tls: 'implicit',
  servername: 'mail.lab.test',
  ca: [pki.root.certPem],
  ehlo: 'client.example',
  timeout: 3000,
  fetchIntermediate: true,
  ...extra,
});
const leafOnly = (leaf: 'good' | 'untrusted') => ({ key: pki.leaves[leaf].keyPem, cert: pki.leaves[leaf].certPem });
const ids = (t: Transcript) => t.findings.map((f) => f.id);

describe('--fetch-intermediate', () => {
  it('downloads the missing intermediate and shows the chain as it would be built', async () => {
    server = await startImplicitTlsServer(leafOnly('good'));
    const t = await probe(options(server.port));
    expect(requested).toEqual(['/intermediate.cer']);
    // sentChain stays exactly what the server sent; the download is reported beside it.
    expect(t.tls?.sentChain).toHaveLength(1);
    expect(t.tls?.aiaFetch?.fetched.map((c) => c.subject)).toEqual(['CN=SMTP Lens Test Intermediate CA, O=SMTP Lens']);
    expect(t.tls?.aiaFetch?.completed).toMatchObject({
      chainOk: true,
      anchor: 'CN=SMTP Lens Test Root CA, O=SMTP Lens',
    });
    const f = t.findings.find((x) => x.id === 'tls.chain-incomplete');
    expect(f?.explanation).toContain('downloaded that certificate');
    expect(f?.explanation).toContain(`${pki.aiaBaseUrl}/intermediate.cer`);
    expect(f?.explanation).toContain('reaches the trusted root SMTP Lens Test Root CA');
    expect(f?.fix).toContain(`curl -s ${pki.aiaBaseUrl}/intermediate.cer | openssl x509 -inform DER`);
    const text = renderText(t);
    expect(text).toContain(
      'With the downloaded certificate the chain would be: mail.lab.test ← SMTP Lens Test Intermediate CA (downloaded) ← (trust store) SMTP Lens Test Root CA.',
    );
    // The finding comes after the download it talks about.
    expect(text.indexOf('With the downloaded certificate')).toBeLessThan(text.indexOf('[tls.chain-incomplete]'));
  });

  it('says what went wrong when the AIA address does not serve the certificate', async () => {
    serveIntermediate = false;
    server = await startImplicitTlsServer(leafOnly('good'));
    const t = await probe(options(server.port));
    expect(t.tls?.aiaFetch).toMatchObject({
      fetched: [],
      completed: null,
      attempts: [{ ok: false, detail: 'the web server answered HTTP 404' }],
    });
    expect(ids(t)).toContain('tls.chain-incomplete');
    expect(renderText(t)).toContain(
      `Could not use ${pki.aiaBaseUrl}/intermediate.cer: the web server answered HTTP 404.`,
    );
  });

  it('tells a missing intermediate from an untrusted root: a leaf signed directly by an unknown root', async () => {
    server = await startImplicitTlsServer(leafOnly('untrusted'));
    const t = await probe(options(server.port));
    expect(requested).toEqual(['/other-root.cer']);
    expect(ids(t)).toEqual(['tls.untrusted-root']);
    const f = t.findings[0];
    expect(f.explanation).toContain('CN=Untrusted Other Root CA, O=SMTP Lens');
    expect(f.explanation).toContain('signed the server certificate directly');
    expect(f.fix).toContain('--ca');
  });

  it('is off by default: nothing is downloaded', async () => {
    server = await startImplicitTlsServer(leafOnly('good'));
    const t = await probe(options(server.port, { fetchIntermediate: false }));
    expect(requested).toEqual([]);
    expect(t.tls?.aiaFetch).toBeUndefined();
  });

  it('smtp-lens probe --fetch-intermediate --json carries the download and the finding', async () => {
    server = await startImplicitTlsServer(leafOnly('good'));
    const r = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--tls',
      'implicit',
      '--servername',
      'mail.lab.test',
      '--ca',
      pemFile('root.pem', pki.root.certPem),
      '--fetch-intermediate',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const t = JSON.parse(r.stdout) as Transcript;
    expect(t.findings.map((f) => f.id)).toEqual(['tls.chain-incomplete']);
    expect(t.tls?.aiaFetch?.completed?.chainOk).toBe(true);
  });
});
