// `--tls-audit` against servers on 127.0.0.1 whose TLS the test sets (Node's own TLS server:
// the versions and suites it accepts are what the test configures), and against hostile ones
// that answer the hand-built hello with garbage, silence, an endless stream or a hang-up.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditTls } from '../../main/engine/tls/cipherAudit';
import { probeWithTlsAudit } from '../../main/engine/tls/auditReport';
import { readClientHello } from '../../main/engine/tls/clientHello';
import { buildClientHello } from '../../main/engine/tls/helloBuilder';
import type { VersionTarget } from '../../main/engine/tls/versionProbe';
import { createTestPki, type TestPki } from '../../main/lab/pki';
import { suiteTraits } from '../../shared/knowledge/cipherSuiteTraits';
import { parseTranscriptJson } from '../../shared/transcriptSchema';
import { type RawServer, startRawServer } from '../helpers/rawServer';
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
const target = (port: number, mode: 'starttls' | 'implicit' = 'implicit', tlsMs = 2000): VersionTarget => ({
  host: '127.0.0.1',
  port,
  mode,
  servername: 'mail.lab.test',
  ehlo: 'client.example',
  timeouts: { connect: 2000, greeting: 2000, command: 2000, tls: tlsMs },
});

describe('the hand-built ClientHello', () => {
  it('is a well-formed hello: our own ClientHello reader finds the suites, groups, SNI and version', () => {
    const hello = buildClientHello({
      version: 'TLSv1.3',
      suites: [0x1301, 0x1302],
      groups: [29, 23],
      servername: 'mail.lab.test',
      keyShares: [],
    });
    const read = readClientHello(hello);
    expect(read.kind).toBe('hello');
    if (read.kind !== 'hello') return;
    expect(read.length).toBe(hello.length);
    expect(read.hello.ciphers).toEqual([0x1301, 0x1302]);
    expect(read.hello.groups).toEqual([29, 23]);
    expect(read.hello.sni).toBe('mail.lab.test');
    expect(read.hello.versions).toEqual([0x0304]);
    const old = readClientHello(
      buildClientHello({ version: 'TLSv1', suites: [0x000a], groups: [23], servername: null }),
    );
    expect(old.kind === 'hello' && old.hello.versions).toEqual([0x0301]);
  });

  it('pads a hello of 256 to 511 bytes to 512 (RFC 7685)', () => {
    const suites = Array.from({ length: 100 }, (_, i) => 0xc000 + i);
    const hello = buildClientHello({ version: 'TLSv1.2', suites, groups: [29], servername: null });
    expect(hello.length - 5).toBe(512);
  });
});

describe('suite traits from IANA names', () => {
  it('reads key exchange, forward secrecy, AEAD and weakness from the name', () => {
    expect(suiteTraits('TLS_RSA_WITH_3DES_EDE_CBC_SHA')).toMatchObject({
      keyExchange: 'RSA',
      forwardSecrecy: false,
      aead: false,
      weak: ['3des'],
    });
    expect(suiteTraits('TLS_DH_anon_WITH_AES_128_GCM_SHA256')).toMatchObject({
      anonymous: true,
      aead: true,
      tls12Only: true,
    });
    expect(suiteTraits('TLS_RSA_EXPORT_WITH_RC4_40_MD5').weak).toEqual(['export', 'rc4']);
    expect(suiteTraits('TLS_ECDHE_RSA_WITH_NULL_SHA').weak).toEqual(['null']);
    expect(suiteTraits('TLS_DHE_RSA_WITH_DES_CBC_SHA').weak).toEqual(['des']);
    expect(suiteTraits('TLS_AES_128_GCM_SHA256')).toMatchObject({ forwardSecrecy: true, aead: true, weak: [] });
  });
});

describe('the audit against servers the test configures', () => {
  it('a TLS 1.2 server with two suites in its own order: exactly those, ranked as the server ranks them', async () => {
    server = await startImplicitTlsServer(good(), {
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-GCM-SHA384',
      honorCipherOrder: true,
    });
    const a = await auditTls(target(server.port));
    expect(a.versions['TLSv1.2'].suites).toEqual([
      'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
      'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    ]);
    expect(a.versions['TLSv1.2'].order).toBe('server');
    expect(a.versions['TLSv1.3'].check.result).toBe('refused');
    expect(a.groups?.version).toBe('TLSv1.2');
    expect(a.groups?.accepted).toContain('secp256r1');
    expect(a.complete).toBe(true);
  });

  it('the same suites without honorCipherOrder: the client chooses', async () => {
    server = await startImplicitTlsServer(good(), {
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-GCM-SHA384',
    });
    const a = await auditTls(target(server.port));
    expect(a.versions['TLSv1.2'].order).toBe('client');
  });

  it('STARTTLS with TLS 1.3: the suites and the groups Node offers, each asked on its own STARTTLS', async () => {
    const starttls = await startStartTlsServer(good(), { minVersion: 'TLSv1.3', ecdhCurve: 'X25519:P-384' });
    server = starttls;
    const a = await auditTls(target(starttls.port, 'starttls'));
    expect(a.versions['TLSv1.3'].suites).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
    ]);
    expect(a.versions['TLSv1.2'].check.result).toBe('refused');
    expect(a.groups).toMatchObject({ version: 'TLSv1.3', accepted: ['x25519', 'secp384r1'] });
    expect(starttls.starttls()).toBe(a.connections);
  });

  it('the transcript: findings worded for a submission port, and the whole audit survives an opened file', async () => {
    server = await startImplicitTlsServer(good(), {
      maxVersion: 'TLSv1.2',
      ciphers: 'AECDH-AES128-SHA:ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0',
    });
    const t = await probeWithTlsAudit({
      host: '127.0.0.1',
      port: server.port,
      portRole: 465,
      tls: 'implicit',
      servername: 'mail.lab.test',
      ca: [pki.root.certPem],
      timeout: 3000,
      quitAfter: 'tls',
    });
    const anon = t.findings.find((f) => f.id === 'tls.anonymous-suites');
    expect(anon?.severity).toBe('error');
    expect(anon?.explanation).toContain('TLS_ECDH_anon_WITH_AES_128_CBC_SHA');
    expect(t.findings.find((f) => f.id === 'tls.cbc-only')?.title).toBe('TLS 1.2 works only with CBC suites');
    expect(t.tlsVersions?.['TLSv1.2'].result).toBe('accepted');
    const opened = parseTranscriptJson(JSON.stringify(t));
    expect(opened.ok && opened.transcript.tlsAudit?.versions['TLSv1.2'].suites).toEqual(
      t.tlsAudit?.versions['TLSv1.2'].suites,
    );
    // A hostile file: an audit with a suite list far over the bound is refused in words.
    const forged = { ...t, tlsAudit: { ...t.tlsAudit, dhBits: Array(1000).fill(1024) } };
    expect(parseTranscriptJson(JSON.stringify(forged)).ok).toBe(false);
  });
});

/** A server that greets nothing (implicit TLS) and does `behave` to the ClientHello. */
const hostile = (behave: (socket: import('node:net').Socket) => void) =>
  startRawServer((socket) => socket.once('data', () => behave(socket)));

describe('hostile answers to the hello', () => {
  it('plain text instead of TLS: every version refused in words, no crash', async () => {
    server = await hostile((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const a = await auditTls(target(server.port));
    for (const v of Object.values(a.versions)) {
      expect(v.check.result).toBe('refused');
      expect(v.check.detail).toContain('did not answer in TLS');
    }
  });

  it('an endless stream of handshake bytes: cut off at the size limit', async () => {
    server = await hostile((s) => {
      s.write(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00]));
      const junk = Buffer.alloc(1 << 14, 0x0b);
      const pump = () => {
        while (s.writable && s.write(junk));
        if (s.writable) s.once('drain', pump);
      };
      pump();
    });
    const a = await auditTls(target(server.port));
    expect(a.versions['TLSv1.2'].check.result).not.toBe('accepted');
  });

  it('silence after the hello: each question ends at the TLS deadline, and the budget stops the rest', async () => {
    server = await hostile(() => undefined);
    const a = await auditTls(target(server.port, 'implicit', 300), { budgetMs: 200 });
    expect(a.versions['TLSv1.2'].check).toMatchObject({ result: 'inconclusive' });
    expect(a.versions['TLSv1.2'].check.detail).toMatch(/no answer to the hello within 300 ms|time budget/);
    expect(a.complete).toBe(true); // the four version questions were all asked before the budget ran out
    expect(a.connections).toBe(4);
  });

  it('a hang-up: refused, in words', async () => {
    server = await hostile((s) => s.destroy());
    const a = await auditTls(target(server.port));
    expect(a.versions['TLSv1.3'].check.result).toBe('refused');
    expect(a.versions['TLSv1.3'].check.detail).toBe('the server closed the connection without answering the hello');
  });
});
