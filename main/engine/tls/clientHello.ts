// The client's ClientHello, read from its first TLS record before the handshake is handed to
// Node: what the client offers (versions, cipher suites, groups, signature algorithms, SNI,
// ALPN) and its JA4 fingerprint. RFC 8446 §4.1.2 (the message) and §4.2 (extensions); RFC
// 5246 §7.4.1.2 for TLS 1.2 and earlier; an SSLv2-format hello (RFC 6176 forbids sending it) is
// recognised by its first byte. Everything here comes from the network: every length is
// checked against what is left.
import { createHash } from 'node:crypto';
import { CONTENT, HANDSHAKE } from './tlsRecords';

export interface ClientHello {
  /** legacy_version (0x0303 for TLS 1.2 and 1.3 hellos). */
  legacyVersion: number;
  /** Versions offered: supported_versions (RFC 8446 §4.2.1) without GREASE, else legacy_version. */
  versions: number[];
  /** Cipher suites in the client's order, without GREASE. */
  ciphers: number[];
  /** Extension types in the client's order, without GREASE. */
  extensions: number[];
  groups: number[];
  signatureAlgorithms: number[];
  /** server_name's host_name (RFC 6066 §3), or null when the client sent none. */
  sni: string | null;
  alpn: string[];
  /** An SSLv2-format ClientHello (the first byte has its high bit set). */
  sslv2: boolean;
  ja4: string;
}

export type HelloRead =
  | { kind: 'hello'; hello: ClientHello; length: number }
  /** More bytes are needed: the record (or the SSLv2 message) is not complete yet. */
  | { kind: 'incomplete' }
  /** Not a TLS ClientHello at all: what it is instead, in words. */
  | { kind: 'not-tls'; problem: string };

/** GREASE (RFC 8701 §2): 0x0A0A, 0x1A1A … 0xFAFA, never a real value. */
const isGrease = (v: number) => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);

/** A ClientHello fits one record in practice; 16 KB is the record limit (RFC 8446 §5.1). */
const MAX_HELLO = 1 << 14;

class Reader {
  constructor(
    private readonly b: Buffer,
    public p = 0,
    private readonly end = b.length,
  ) {}
  left = () => this.end - this.p;
  u8() {
    if (this.left() < 1) throw new RangeError('truncated');
    return this.b[this.p++];
  }
  u16() {
    if (this.left() < 2) throw new RangeError('truncated');
    const v = this.b.readUInt16BE(this.p);
    this.p += 2;
    return v;
  }
  bytes(n: number) {
    if (this.left() < n) throw new RangeError('truncated');
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }
  /** A vector with a length prefix of `size` bytes, as its own reader. */
  vector(size: 1 | 2) {
    const n = size === 1 ? this.u8() : this.u16();
    return new Reader(this.bytes(n));
  }
  u16List() {
    const out: number[] = [];
    while (this.left() >= 2) out.push(this.u16());
    return out;
  }
}

const hex4 = (v: number) => v.toString(16).padStart(4, '0');
const sha12 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

const JA4_VERSION: Record<number, string> = { 772: '13', 771: '12', 770: '11', 769: '10', 768: 's3', 2: 's2' };

/** The first and last characters of the first ALPN value, or of its hex form when either
 * byte is not alphanumeric (the JA4 specification, "ALPN Extension Value"). */
function ja4Alpn(first: Buffer | undefined): string {
  if (!first?.length) return '00';
  const alnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  const a = first[0];
  const z = first[first.length - 1];
  if (alnum(a) && alnum(z)) return String.fromCharCode(a, z);
  const h = first.toString('hex');
  return `${h[0]}${h[h.length - 1]}`;
}

/** JA4 (FoxIO, BSD 3-Clause): "t13d1516h2_8daaf6152771_e5627efa2ab1". */
export function ja4Of(h: Omit<ClientHello, 'ja4'>, firstAlpn: Buffer | undefined): string {
  const version = JA4_VERSION[Math.max(...h.versions)] ?? '00';
  const count = (n: number) => String(Math.min(n, 99)).padStart(2, '0');
  const a = `t${version}${h.sni !== null ? 'd' : 'i'}${count(h.ciphers.length)}${count(h.extensions.length)}${ja4Alpn(firstAlpn)}`;
  const ciphers = h.ciphers.map(hex4).sort();
  const b = ciphers.length ? sha12(ciphers.join(',')) : '000000000000';
  const exts = h.extensions
    .filter((e) => e !== 0x0000 && e !== 0x0010)
    .map(hex4)
    .sort();
  const sigs = h.signatureAlgorithms.map(hex4);
  const c = exts.length ? sha12(sigs.length ? `${exts.join(',')}_${sigs.join(',')}` : exts.join(',')) : '000000000000';
  return `${a}_${b}_${c}`;
}

/** RFC 8446 §4.1.2: legacy_version random(32) legacy_session_id<0..32> cipher_suites<2..2^16-2>
 * legacy_compression_methods<1..2^8-1> extensions<8..2^16-1> (absent before TLS 1.3 is allowed). */
function parseBody(body: Buffer): ClientHello {
  const r = new Reader(body);
  const legacyVersion = r.u16();
  r.bytes(32);
  r.vector(1);
  const ciphers = r
    .vector(2)
    .u16List()
    .filter((c) => !isGrease(c));
  r.vector(1);
  const extensions: number[] = [];
  let versions: number[] = [];
  let groups: number[] = [];
  let signatureAlgorithms: number[] = [];
  let sni: string | null = null;
  const alpnRaw: Buffer[] = [];
  if (r.left() >= 2) {
    const exts = r.vector(2);
    while (exts.left() >= 4) {
      const type = exts.u16();
      const data = exts.vector(2);
      if (isGrease(type)) continue;
      extensions.push(type);
      if (type === 0x0000) {
        // server_name_list: name_type(1) host_name<1..2^16-1> (RFC 6066 §3).
        const list = data.vector(2);
        while (list.left() >= 3 && sni === null) {
          const nameType = list.u8();
          const name = list.vector(2);
          if (nameType === 0) sni = name.bytes(name.left()).toString('latin1');
        }
      } else if (type === 0x000a)
        groups = data
          .vector(2)
          .u16List()
          .filter((g) => !isGrease(g));
      else if (type === 0x000d) signatureAlgorithms = data.vector(2).u16List();
      else if (type === 0x0010) {
        const list = data.vector(2);
        while (list.left() >= 1) {
          const proto = list.vector(1);
          alpnRaw.push(proto.bytes(proto.left()));
        }
      } else if (type === 0x002b) {
        versions = data
          .vector(1)
          .u16List()
          .filter((v) => !isGrease(v));
      }
    }
  }
  const base = {
    legacyVersion,
    versions: versions.length ? versions : [legacyVersion],
    ciphers,
    extensions,
    groups,
    signatureAlgorithms,
    sni,
    alpn: alpnRaw.map((a) => a.toString('latin1')),
    sslv2: false,
  };
  return { ...base, ja4: ja4Of(base, alpnRaw[0]) };
}

/** SSLv2-format hello (RFC 6101 Appendix E.2): length(2, high bit set) msg_type(1)=1
 * version(2) cipher_spec_length(2) session_id_length(2) challenge_length(2) cipher_specs… */
function parseSslv2(data: Buffer): HelloRead {
  const length = data.readUInt16BE(0) & 0x7fff;
  if (data.length < 2 + length) return { kind: 'incomplete' };
  if (data[2] !== 1 || length < 9) return { kind: 'not-tls', problem: 'an SSLv2 record that is not a ClientHello' };
  const version = data.readUInt16BE(3);
  const specLength = data.readUInt16BE(5);
  const specs = data.subarray(11, Math.min(11 + specLength, 2 + length));
  // Three-byte specs; those starting with 0x00 are TLS cipher suites in SSLv2 clothing.
  const ciphers: number[] = [];
  for (let i = 0; i + 3 <= specs.length; i += 3) if (specs[i] === 0) ciphers.push(specs.readUInt16BE(i + 1));
  const base = {
    legacyVersion: version,
    versions: [version],
    ciphers,
    extensions: [],
    groups: [],
    signatureAlgorithms: [],
    sni: null,
    alpn: [],
    sslv2: true,
  };
  return {
    kind: 'hello',
    hello: { ...base, ja4: ja4Of({ ...base, versions: [0x0002] }, undefined) },
    length: 2 + length,
  };
}

/** Reads the ClientHello at the start of `data` (what the client sent first, after STARTTLS's
 * 220 or on an implicit-TLS port). */
export function readClientHello(data: Buffer): HelloRead {
  if (data.length < 5) return { kind: 'incomplete' };
  if (data[0] & 0x80) return parseSslv2(data);
  if (data[0] !== CONTENT.handshake || data[1] !== 3)
    return {
      kind: 'not-tls',
      problem: `the first bytes are not a TLS handshake record (0x${data.subarray(0, 5).toString('hex')})`,
    };
  const length = data.readUInt16BE(3);
  if (length > MAX_HELLO) return { kind: 'not-tls', problem: `a first record of ${length} bytes, over the TLS limit` };
  if (data.length < 5 + length) return { kind: 'incomplete' };
  const record = data.subarray(5, 5 + length);
  if (record.length < 4 || record[0] !== HANDSHAKE.clientHello)
    return { kind: 'not-tls', problem: 'a handshake record that does not start with a ClientHello' };
  const bodyLength = record.readUIntBE(1, 3);
  // A hello split over several records is allowed (RFC 8446 §5.1) and never seen in practice.
  if (4 + bodyLength > record.length) return { kind: 'not-tls', problem: 'a ClientHello split over several records' };
  try {
    return { kind: 'hello', hello: parseBody(record.subarray(4, 4 + bodyLength)), length: 5 + length };
  } catch {
    return { kind: 'not-tls', problem: 'a ClientHello whose lengths do not add up' };
  }
}
