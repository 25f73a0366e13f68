import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {
  readServerFlight,
  tapHandshake,
  type HandshakeCapture,
  type HandshakeTap,
} from '../../main/engine/tls/handshakeTap';
import { tls13Suite, trafficKeys } from '../../main/engine/tls/tls13Decrypt';

const NAME = 'mail.tap.test';

interface Pki {
  rootPem: string;
  intPem: string;
  leafPem: string;
  leafKey: string;
  rsaLeafPem: string;
  rsaLeafKey: string;
  unrelatedPem: string;
  bigLeafPem: string;
  bigLeafKey: string;
}

let dir = '';
let pki: Pki;
const servers: Array<net.Server> = [];

/** Root CA -> intermediate CA -> leaves, plus an unrelated self-signed cert, made with the
 * openssl CLI in a temp folder. No key ever lands in the repository. */
function makePki(): Pki {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-lens-tap-'));
  const f = (name: string) => path.join(dir, name);
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const serial = () => String(Math.floor(Math.random() * 1e12) + 1);
  fs.writeFileSync(f('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  fs.writeFileSync(
    f('leaf.ext'),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${NAME}\n`,
  );
  run(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('root.key'),
    '-out',
    f('root.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Tap Test Root',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  const sign = (name: string, caName: string, ext: string, subj: string, keyArgs: string[]) => {
    run('req', ...keyArgs, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subj);
    run(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f(`${caName}.pem`),
      '-CAkey',
      f(`${caName}.key`),
      '-set_serial',
      serial(),
      '-days',
      '2',
      '-extfile',
      f(ext),
      '-out',
      f(`${name}.pem`),
    );
  };
  sign('int', 'root', 'ca.ext', '/CN=Tap Test Intermediate', ec);
  sign('leaf', 'int', 'leaf.ext', `/CN=${NAME}`, ec);
  sign('rsaleaf', 'int', 'leaf.ext', `/CN=${NAME}`, ['-newkey', 'rsa:2048', '-nodes']);
  // A leaf over 16 KB (hundreds of SANs), so its Certificate message spans several records.
  const sans = Array.from({ length: 700 }, (_, i) => `DNS:host-${i}.${NAME}`).join(',');
  fs.writeFileSync(f('big.ext'), fs.readFileSync(f('leaf.ext'), 'utf8').replace(`DNS:${NAME}`, `DNS:${NAME},${sans}`));
  sign('bigleaf', 'int', 'big.ext', `/CN=${NAME}`, ec);
  run(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('other.key'),
    '-out',
    f('other.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Unrelated Extra',
  );
  const read = (name: string) => fs.readFileSync(f(name), 'utf8');
  return {
    rootPem: read('root.pem'),
    intPem: read('int.pem'),
    leafPem: read('leaf.pem'),
    leafKey: read('leaf.key'),
    rsaLeafPem: read('rsaleaf.pem'),
    rsaLeafKey: read('rsaleaf.key'),
    unrelatedPem: read('other.pem'),
    bigLeafPem: read('bigleaf.pem'),
    bigLeafKey: read('bigleaf.key'),
  };
}

const fingerprints = (ders: Buffer[] | null) => (ders ?? []).map((d) => new X509Certificate(d).fingerprint256);
const pemFingerprints = (...pems: string[]) => pems.map((p) => new X509Certificate(p).fingerprint256);

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

/** A TLS server that echoes what it receives. */
function tlsServer(options: tls.TlsOptions): Promise<number> {
  const server = tls.createServer(options, (s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  server.on('tlsClientError', () => {});
  return listen(server);
}

interface Tapped {
  raw: net.Socket;
  socket: tls.TLSSocket;
  tap: HandshakeTap;
  capture: HandshakeCapture;
  error: Error | null;
}

/** Upgrades an already-connected TCP socket through the tap, the way smtpConnection does. */
async function upgrade(
  raw: net.Socket,
  extra: tls.ConnectionOptions = {},
  keylog = true,
  finishNow = true,
): Promise<Tapped> {
  const tap = tapHandshake(raw);
  const socket = tls.connect({
    socket: tap.stream as net.Socket,
    servername: NAME,
    rejectUnauthorized: false,
    ca: pki.rootPem,
    ...extra,
  });
  if (keylog) socket.on('keylog', (line) => tap.onKeylog(line));
  const error = await new Promise<Error | null>((resolve) => {
    socket.once('secureConnect', () => resolve(null));
    socket.once('error', resolve);
  });
  socket.on('error', () => {});
  return { raw, socket, tap, capture: finishNow ? tap.finish() : (null as unknown as HandshakeCapture), error };
}

async function handshake(
  port: number,
  extra: tls.ConnectionOptions = {},
  keylog = true,
  finishNow = true,
): Promise<Tapped> {
  const raw = net.connect(port, '127.0.0.1');
  await once(raw, 'connect');
  return upgrade(raw, extra, keylog, finishNow);
}

/** Resolves with the next `length` bytes read from the socket. */
function readBytes(socket: tls.TLSSocket, length: number): Promise<Buffer> {
  const received: Buffer[] = [];
  let total = 0;
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      received.push(d);
      total += d.length;
      if (total < length) return;
      socket.off('data', onData);
      socket.pause();
      resolve(Buffer.concat(received));
    };
    socket.on('data', onData);
    socket.resume();
  });
}

/** What Node's own API reports, for comparison: issuer-ordered, store anchors appended. */
function libraryChainLength(socket: tls.TLSSocket): number {
  const seen = new Set<string>();
  let cert = socket.getPeerCertificate(true);
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    cert = cert.issuerCertificate;
  }
  return seen.size;
}

beforeAll(() => {
  pki = makePki();
});

afterAll(() => {
  for (const s of servers) s.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('sentChain: exactly the certificates the server sent', () => {
  it('leaf only: one certificate, although the root is in ca', async () => {
    const port = await tlsServer({ key: pki.leafKey, cert: pki.leafPem });
    const { socket, capture, error } = await handshake(port);
    expect(error).toBeNull();
    expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.leafPem));
    expect(capture.reason).toBeNull();
    expect(socket.authorizationError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    socket.destroy();
  });

  it('leaf + intermediate: two certificates, where getPeerCertificate(true) shows three', async () => {
    const port = await tlsServer({ key: pki.leafKey, cert: pki.leafPem + pki.intPem });
    const { socket, capture } = await handshake(port);
    expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.leafPem, pki.intPem));
    expect(socket.authorized).toBe(true);
    expect(libraryChainLength(socket)).toBe(3); // the root came from our own `ca`
    socket.destroy();
  });

  it('leaf + intermediate + root', async () => {
    const port = await tlsServer({ key: pki.leafKey, cert: pki.leafPem + pki.intPem + pki.rootPem });
    const { socket, capture } = await handshake(port);
    expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.leafPem, pki.intPem, pki.rootPem));
    socket.destroy();
  });

  it('an unrelated extra certificate, out of order, is reported where the server put it', async () => {
    const bundle = [pki.leafPem, pki.unrelatedPem, pki.rootPem, pki.intPem];
    const port = await tlsServer({ key: pki.leafKey, cert: bundle.join('') });
    const { socket, capture } = await handshake(port);
    expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(...bundle));
    expect(libraryChainLength(socket)).toBe(3); // Node drops the unrelated one and reorders
    socket.destroy();
  });

  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`a Certificate message spanning several records is reassembled (${maxVersion})`, async () => {
      expect(new X509Certificate(pki.bigLeafPem).raw.length).toBeGreaterThan(1 << 14);
      const port = await tlsServer({ key: pki.bigLeafKey, cert: pki.bigLeafPem + pki.intPem, maxVersion });
      const { socket, capture, error } = await handshake(port);
      expect(error).toBeNull();
      expect(capture.version).toBe(maxVersion);
      expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.bigLeafPem, pki.intPem));
      socket.destroy();
    });
  }
});

describe('TLS versions and cipher suites', () => {
  const suites: Array<[string, number]> = [
    ['TLS_AES_128_GCM_SHA256', 0x1301],
    ['TLS_AES_256_GCM_SHA384', 0x1302],
    ['TLS_CHACHA20_POLY1305_SHA256', 0x1303],
  ];
  for (const [name, code] of suites) {
    it(`TLS 1.3 with ${name}: decrypts the Certificate with the key log secret`, async () => {
      const port = await tlsServer({
        key: pki.leafKey,
        cert: pki.leafPem + pki.intPem,
        minVersion: 'TLSv1.3',
        ciphers: name,
      });
      const { socket, capture, error } = await handshake(port);
      expect(error).toBeNull();
      expect(socket.getCipher().standardName).toBe(name);
      expect(capture).toMatchObject({
        version: 'TLSv1.3',
        cipherSuite: code,
        // OpenSSL 3.5 (Node 22) offers and prefers the hybrid post-quantum group first.
        group: expect.stringMatching(/^(x25519|X25519MLKEM768)$/),
        alert: null,
        reason: null,
      });
      expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.leafPem, pki.intPem));
      socket.destroy();
    });
  }

  it('TLS 1.3 after a HelloRetryRequest (server wants secp384r1)', async () => {
    const port = await tlsServer({ key: pki.leafKey, cert: pki.leafPem + pki.intPem, ecdhCurve: 'secp384r1' });
    const { socket, capture } = await handshake(port);
    expect(capture).toMatchObject({ version: 'TLSv1.3', group: 'secp384r1', helloRetry: true });
    expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.leafPem, pki.intPem));
    socket.destroy();
  });

  it('TLS 1.2 ECDHE-ECDSA-AES256-GCM-SHA384: reads the cleartext Certificate', async () => {
    const port = await tlsServer({
      key: pki.leafKey,
      cert: pki.leafPem + pki.intPem,
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384',
    });
    const { socket, capture } = await handshake(port);
    expect(socket.getProtocol()).toBe('TLSv1.2');
    expect(capture).toMatchObject({ version: 'TLSv1.2', cipherSuite: 0xc02c, group: null, reason: null });
    expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.leafPem, pki.intPem));
    socket.destroy();
  });

  it('TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256 with an RSA leaf', async () => {
    const port = await tlsServer({
      key: pki.rsaLeafKey,
      cert: pki.rsaLeafPem + pki.intPem,
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
    });
    const { socket, capture } = await handshake(port);
    expect(capture).toMatchObject({ version: 'TLSv1.2', cipherSuite: 0xc02f });
    expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.rsaLeafPem, pki.intPem));
    socket.destroy();
  });

  it('TLS 1.3 without the key log: certificates null with a reason, no throw', async () => {
    const port = await tlsServer({ key: pki.leafKey, cert: pki.leafPem });
    const { socket, capture, error } = await handshake(port, {}, false);
    expect(error).toBeNull();
    expect(capture.certificates).toBeNull();
    expect(capture.reason).toMatch(/SERVER_HANDSHAKE_TRAFFIC_SECRET/);
    expect(capture.version).toBe('TLSv1.3');
    socket.destroy();
  });

  it('HKDF-Expand-Label matches RFC 8448 §3 (server handshake key and iv)', () => {
    const secret = Buffer.from('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38', 'hex');
    const { key, iv } = trafficKeys(tls13Suite(0x1301)!, secret);
    expect(key.toString('hex')).toBe('3fce516009c21727d0f2e4e86ee403bc');
    expect(iv.toString('hex')).toBe('5d313eb2671276ee13000b30');
  });
});

describe('failures become values', () => {
  it('a plaintext server answering the ClientHello with 500: firstServerBytes shows it', async () => {
    const port = await listen(
      net.createServer((s) => {
        s.on('error', () => {});
        s.once('data', () => s.end('500 5.5.1 Command unrecognized\r\n'));
      }),
    );
    const { capture, error } = await handshake(port);
    expect(error).not.toBeNull();
    expect(capture.firstServerBytes.toString('latin1')).toMatch(/^500 5\.5\.1/);
    expect(capture.certificates).toBeNull();
    expect(capture.reason).toMatch(/did not answer with TLS/);
    expect(capture.bytesFromServer).toBe(Buffer.byteLength('500 5.5.1 Command unrecognized\r\n'));
  });

  for (const how of ['closes', 'resets'] as const) {
    it(`a server that ${how} the connection on the ClientHello: the TLS socket errors, the tap does not throw`, async () => {
      const port = await listen(
        net.createServer((s) => {
          s.on('error', () => {});
          s.once('data', () => (how === 'closes' ? s.end() : s.resetAndDestroy()));
        }),
      );
      const { raw, socket, capture, error } = await handshake(port);
      expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
      expect(capture).toMatchObject({
        certificates: null,
        reason: 'the server sent nothing during the handshake',
        bytesFromServer: 0,
      });
      if (!socket.destroyed) await once(socket, 'close');
      expect(raw.destroyed).toBe(true);
    });
  }

  it('a server that refuses the version sends protocol_version (70)', async () => {
    const port = await tlsServer({ key: pki.leafKey, cert: pki.leafPem, minVersion: 'TLSv1.3' });
    const { capture, error } = await handshake(port, { maxVersion: 'TLSv1.2' });
    expect(error).not.toBeNull();
    expect(capture.alert).toEqual({ level: 2, description: 70, name: 'protocol_version' });
    expect(capture.certificates).toBeNull();
    expect(capture.reason).toMatch(/protocol_version/);
  });
});

describe('the tap is transparent', () => {
  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`relays 1 MB each way intact, stops recording after the handshake, closes cleanly (${maxVersion})`, async () => {
      // Like an implicit-TLS SMTP server, it speaks first (a large greeting), then echoes.
      const greeting = randomBytes(256 * 1024);
      const server = tls.createServer({ key: pki.leafKey, cert: pki.leafPem + pki.intPem, maxVersion }, (s) => {
        s.on('error', () => {});
        s.write(greeting);
        s.pipe(s);
      });
      const port = await listen(server);
      const { raw, socket, tap } = await handshake(port, {}, true, false);
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      expect(sha(await readBytes(socket, greeting.length))).toBe(sha(greeting));
      const payload = randomBytes(1 << 20);
      const back = readBytes(socket, payload.length);
      socket.write(payload);
      expect(sha(await back)).toBe(sha(payload));
      // finish() only now: the tap must have stopped recording on its own.
      const capture = tap.finish();
      expect(capture.bytesFromServer).toBeGreaterThan(payload.length);
      expect(capture.recordedBytes).toBeLessThan(8 * 1024);
      expect(capture.version).toBe(maxVersion);
      expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.leafPem, pki.intPem));
      const closed = Promise.all([once(socket, 'close'), once(raw, 'close')]);
      socket.end();
      await closed;
      expect(raw.destroyed).toBe(true);
    });
  }

  it('carries backpressure: a TLS reader that stops reading stops the TCP reads', async () => {
    const size = 4 << 20;
    const server = tls.createServer({ key: pki.leafKey, cert: pki.leafPem }, (s) => {
      s.on('error', () => {});
      s.end(Buffer.alloc(size, 7));
    });
    const port = await listen(server);
    const { raw, socket } = await handshake(port);
    socket.pause();
    await new Promise((r) => setTimeout(r, 300));
    expect(raw.isPaused()).toBe(true);
    expect(raw.bytesRead).toBeLessThan(1 << 20); // the rest waits in the kernel and the server
    let total = 0;
    socket.on('data', (d: Buffer) => (total += d.length));
    socket.resume();
    await once(socket, 'end');
    expect(total).toBe(size);
  });

  it('STARTTLS: plaintext lines first, then the tapped upgrade, echo, clean close', async () => {
    const serverClosed: Promise<unknown>[] = [];
    const port = await listen(
      net.createServer((sock) => {
        sock.on('error', () => {});
        sock.write('220 tap.test ESMTP\r\n');
        let buffer = '';
        const onLine = (d: Buffer) => {
          buffer += d.toString('latin1');
          if (buffer.includes('EHLO')) {
            buffer = '';
            sock.write('250-tap.test\r\n250 STARTTLS\r\n');
          } else if (buffer.includes('STARTTLS')) {
            sock.off('data', onLine);
            sock.write('220 2.0.0 Ready to start TLS\r\n');
            const secure = new tls.TLSSocket(sock, {
              isServer: true,
              secureContext: tls.createSecureContext({ key: pki.leafKey, cert: pki.leafPem + pki.intPem }),
            });
            secure.on('error', () => {});
            secure.on('data', (line: Buffer) => secure.write(`echo: ${line.toString('latin1')}`));
            secure.on('end', () => secure.end());
            serverClosed.push(once(secure, 'close'));
          }
        };
        sock.on('data', onLine);
      }),
    );
    const raw = net.connect(port, '127.0.0.1');
    const lines: string[] = [];
    let pending = '';
    let wake = () => {};
    const onData = (d: Buffer) => {
      pending += d.toString('latin1');
      for (let i = pending.indexOf('\r\n'); i >= 0; i = pending.indexOf('\r\n')) {
        lines.push(pending.slice(0, i));
        pending = pending.slice(i + 2);
      }
      wake();
    };
    raw.on('data', onData);
    const waitFor = async (re: RegExp) => {
      while (!lines.some((l) => re.test(l))) await new Promise<void>((r) => (wake = r));
    };
    await waitFor(/^220 tap/);
    raw.write('EHLO client.test\r\n');
    await waitFor(/^250 STARTTLS/);
    raw.write('STARTTLS\r\n');
    await waitFor(/^220 2\.0\.0/);
    raw.off('data', onData);

    const { socket, capture, error } = await upgrade(raw);
    expect(error).toBeNull();
    expect(fingerprints(capture.certificates)).toEqual(pemFingerprints(pki.leafPem, pki.intPem));
    expect(capture.firstServerBytes[0]).toBe(22); // a handshake record, not leftover SMTP
    socket.write('EHLO again\r\n');
    const [reply] = await once(socket, 'data');
    expect(reply.toString()).toBe('echo: EHLO again\r\n');
    const clientClosed = Promise.all([once(socket, 'close'), once(raw, 'close')]);
    socket.end();
    await clientClosed;
    await Promise.all(serverClosed);
  });
});

describe('record layer details, on a hand-built TLS 1.3 server flight', () => {
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
  const message = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type]), u24(body.length), body]);
  const record = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type, 3, 3]), u16(body.length), body]);
  const suite = tls13Suite(0x1301)!;

  /** RFC 8446 §5.2: TLSInnerPlaintext padded with zeros, sealed with the record header as AAD. */
  function sealer(secret: Buffer) {
    const { key, iv } = trafficKeys(suite, secret);
    let seq = 0;
    return (type: number, content: Buffer, padding = 0) => {
      const inner = Buffer.concat([content, Buffer.from([type]), Buffer.alloc(padding)]);
      const header = Buffer.from([23, 3, 3, 0, 0]);
      header.writeUInt16BE(inner.length + 16, 3);
      const nonce = Buffer.from(iv);
      nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq++) >>> 0, 8);
      const cipher = createCipheriv('aes-128-gcm', key, nonce);
      cipher.setAAD(header);
      const body = Buffer.concat([cipher.update(inner), cipher.final(), cipher.getAuthTag()]);
      return Buffer.concat([header, body]);
    };
  }

  function flight() {
    const hsSecret = randomBytes(32);
    const appSecret = randomBytes(32);
    const ders = [new X509Certificate(pki.leafPem).raw, new X509Certificate(pki.intPem).raw];
    const extensions = Buffer.concat([
      u16(43),
      u16(2),
      u16(0x0304),
      u16(51),
      u16(36),
      u16(0x001d),
      u16(32),
      randomBytes(32),
    ]);
    const serverHello = message(
      2,
      Buffer.concat([
        u16(0x0303),
        randomBytes(32),
        Buffer.from([32]),
        randomBytes(32),
        u16(0x1301),
        Buffer.from([0]),
        u16(extensions.length),
        extensions,
      ]),
    );
    const entries = Buffer.concat(ders.map((d) => Buffer.concat([u24(d.length), d, u16(0)])));
    const certificate = message(11, Buffer.concat([Buffer.from([0]), u24(entries.length), entries]));
    const handshakeBytes = Buffer.concat([
      message(8, u16(0)),
      certificate,
      message(15, randomBytes(40)),
      message(20, randomBytes(32)),
    ]);
    const cut = 300; // inside the Certificate: one message spans two records, one record holds several
    const hs = sealer(hsSecret);
    const app = sealer(appSecret);
    const bytes = Buffer.concat([
      record(22, serverHello),
      record(20, Buffer.from([1])), // middlebox-compatibility CCS, skipped (RFC 8446 §D.4)
      hs(22, handshakeBytes.subarray(0, cut)),
      hs(22, handshakeBytes.subarray(cut), 7),
      app(21, Buffer.from([2, 116])), // after Finished: application traffic keys (§7.2)
    ]);
    const secrets: Record<string, Buffer> = {
      SERVER_HANDSHAKE_TRAFFIC_SECRET: hsSecret,
      SERVER_TRAFFIC_SECRET_0: appSecret,
    };
    return { bytes, ders, secretFor: (label: string) => secrets[label] ?? null };
  }

  it('reassembles across records, strips padding, and decrypts an encrypted alert', () => {
    const { bytes, ders, secretFor } = flight();
    const out = readServerFlight(bytes, secretFor);
    expect(out).toMatchObject({ version: 'TLSv1.3', cipherSuite: 0x1301, group: 'x25519', reason: null });
    expect(out.certificates?.map((c) => c.toString('hex'))).toEqual(ders.map((d) => d.toString('hex')));
    expect(out.alert).toEqual({ level: 2, description: 116, name: 'certificate_required' });
  });

  it('a tampered record yields a reason, not an exception', () => {
    const { bytes, secretFor } = flight();
    bytes[bytes.length - 300] ^= 1; // inside the second handshake record's ciphertext
    const out = readServerFlight(bytes, secretFor);
    expect(out.certificates).toBeNull();
    expect(out.reason).toMatch(/could not decrypt the server's protected record 2/);
  });

  it('truncated or garbage input never throws', () => {
    const { bytes, secretFor } = flight();
    for (let n = 0; n < bytes.length; n += 37)
      expect(() => readServerFlight(bytes.subarray(0, n), secretFor)).not.toThrow();
    expect(readServerFlight(Buffer.from('220 mx.example ESMTP\r\n'), secretFor).reason).toMatch(
      /did not answer with TLS/,
    );
  });
});
