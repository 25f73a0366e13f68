// The ClientHello reader and its JA4, on the worked example of the JA4 specification (FoxIO,
// technical_details/JA4.md): its ciphers, extensions and signature algorithms must give the
// fingerprint the specification prints. Real clients' hellos are read in
// test/integration/clientHelloClients.test.ts.
import { describe, expect, it } from 'vitest';
import { readClientHello } from '../../main/engine/tls/clientHello';

const u16 = (v: number) => Buffer.from([v >> 8, v & 0xff]);
const vec16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const vec8 = (b: Buffer) => Buffer.concat([Buffer.from([b.length]), b]);
const list16 = (vs: number[]) => Buffer.concat(vs.map(u16));

/** A ClientHello record as a client writes it, with these extensions (type → data). */
function hello(o: { ciphers: number[]; extensions: [number, Buffer][]; version?: number }): Buffer {
  const body = Buffer.concat([
    u16(o.version ?? 0x0303),
    Buffer.alloc(32, 7),
    vec8(Buffer.alloc(32, 1)),
    vec16(list16(o.ciphers)),
    vec8(Buffer.from([0])),
    vec16(Buffer.concat(o.extensions.map(([t, d]) => Buffer.concat([u16(t), vec16(d)])))),
  ]);
  const message = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([22, 3, 1]), u16(message.length), message]);
}

const sni = (name: string) => vec16(Buffer.concat([Buffer.from([0]), vec16(Buffer.from(name))]));
const alpn = (...protos: string[]) => vec16(Buffer.concat(protos.map((p) => vec8(Buffer.from(p)))));

// The specification's example, in wire order, with GREASE values a browser adds (ignored).
const CIPHERS = [
  0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
  0x002f, 0x0035,
];
const EXTS = [
  0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b,
  0x000a, 0x0015,
];
const SIGS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];

function exampleExtensions(withSigs = true): [number, Buffer][] {
  const data = (t: number): Buffer => {
    if (t === 0x0000) return sni('mail.example.com');
    if (t === 0x0010) return alpn('h2', 'http/1.1');
    if (t === 0x000d) return vec16(list16(withSigs ? SIGS : []));
    if (t === 0x002b) return vec8(list16([0x2a2a, 0x0304, 0x0303]));
    if (t === 0x000a) return vec16(list16([0x3a3a, 0x001d, 0x0017]));
    return Buffer.alloc(0);
  };
  return [[0x1a1a, Buffer.alloc(0)], ...EXTS.map((t): [number, Buffer] => [t, data(t)])];
}

describe('the ClientHello reader', () => {
  it("gives the JA4 specification's own example fingerprint, GREASE ignored", () => {
    const r = readClientHello(hello({ ciphers: CIPHERS, extensions: exampleExtensions() }));
    expect(r.kind).toBe('hello');
    if (r.kind !== 'hello') return;
    expect(r.hello.ja4).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
    expect(r.hello).toMatchObject({
      versions: [0x0304, 0x0303],
      sni: 'mail.example.com',
      alpn: ['h2', 'http/1.1'],
      groups: [0x001d, 0x0017],
      signatureAlgorithms: SIGS,
      sslv2: false,
    });
    expect(r.hello.ciphers).toHaveLength(15);
  });

  it('with an empty signature_algorithms list the extensions are hashed alone (the specification: 6d807ffa2a79)', () => {
    const r = readClientHello(hello({ ciphers: CIPHERS, extensions: exampleExtensions(false) }));
    if (r.kind !== 'hello') throw new Error(r.kind);
    expect(r.hello.ja4.split('_')[2]).toBe('6d807ffa2a79');
  });

  it('a TLS 1.0 hello with no SNI and no ALPN: version from legacy_version, "i", "00"', () => {
    const r = readClientHello(
      hello({ version: 0x0301, ciphers: [0x002f, 0x0035], extensions: [[0xff01, Buffer.from([0])]] }),
    );
    if (r.kind !== 'hello') throw new Error(r.kind);
    expect(r.hello.versions).toEqual([0x0301]);
    expect(r.hello.sni).toBeNull();
    expect(r.hello.ja4.split('_')[0]).toBe('t10i020100');
  });

  it('an SSLv2-format hello is recognised as such', () => {
    // msg_type 1, version 0x0301, one SSLv2 spec (RC4-MD5) and one TLS suite (0x00002f), 16-byte challenge.
    const specs = Buffer.from([0x01, 0x00, 0x80, 0x00, 0x00, 0x2f]);
    const msg = Buffer.concat([
      Buffer.from([1]),
      u16(0x0301),
      u16(specs.length),
      u16(0),
      u16(16),
      specs,
      Buffer.alloc(16, 9),
    ]);
    const r = readClientHello(Buffer.concat([u16(0x8000 | msg.length), msg]));
    if (r.kind !== 'hello') throw new Error(r.kind);
    expect(r.hello).toMatchObject({ sslv2: true, versions: [0x0301], ciphers: [0x002f] });
    expect(r.hello.ja4.startsWith('ts2i')).toBe(true);
  });

  it('hostile input: partial, not TLS, lengths that do not add up, an oversize record', () => {
    const full = hello({ ciphers: CIPHERS, extensions: exampleExtensions() });
    expect(readClientHello(full.subarray(0, 40)).kind).toBe('incomplete');
    expect(readClientHello(Buffer.from('EHLO client.example\r\n'))).toMatchObject({ kind: 'not-tls' });
    const broken = Buffer.from(full);
    broken.writeUInt16BE(0xffff, 5 + 4 + 2 + 32 + 33); // the cipher list claims 64 KB
    expect(readClientHello(broken)).toEqual({ kind: 'not-tls', problem: 'a ClientHello whose lengths do not add up' });
    expect(readClientHello(Buffer.from([22, 3, 1, 0xff, 0xff, 1]))).toMatchObject({ kind: 'not-tls' });
  });
});
