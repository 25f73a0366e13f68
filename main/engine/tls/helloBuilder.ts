// A ClientHello built by hand, for the TLS audit. Node's TLS (OpenSSL 3 without its legacy
// provider, or BoringSSL inside Electron) cannot offer RC4, 3DES, EXPORT or single-DES suites,
// yet those are what an audit must ask about. The server's answer to the hello alone (its
// ServerHello, RFC 5246 §7.4.1.3 and RFC 8446 §4.1.3) shows whether it accepts a suite, so the
// audit sends the hello and reads that answer, as testssl.sh's socket mode and nmap's
// ssl-enum-ciphers do; no handshake is completed and no key is ever used.
import { randomBytes } from 'node:crypto';
import type { TlsVersionName } from '../../../shared/transcript';

export const VERSION_CODE: Record<TlsVersionName, number> = {
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

/** NamedGroup codes offered (RFC 8446 §4.2.7, RFC 7919, the X25519MLKEM768 hybrid). */
export const AUDIT_GROUPS: readonly number[] = [29, 23, 24, 25, 30, 256, 257, 258, 259, 260, 4588];
export const X25519 = 29;

/** Every signature scheme a server might need, old ones included (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1). */
const SIGNATURE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601,
  0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202,
];

export interface HelloSpec {
  version: TlsVersionName;
  /** Cipher suite codes, in the order the client prefers them. */
  suites: readonly number[];
  groups: readonly number[];
  /** SNI host name, or null for an IP address (RFC 6066 §3). */
  servername: string | null;
  /** TLS 1.3 key shares (RFC 8446 §4.2.8). An empty list asks the server to name its group in
   * a HelloRetryRequest. */
  keyShares?: ReadonlyArray<{ group: number; key: Buffer }>;
}

const u8 = (n: number) => Buffer.from([n & 0xff]);
const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const vec16 = (body: Buffer) => Buffer.concat([u16(body.length), body]);
const vec8 = (body: Buffer) => Buffer.concat([u8(body.length), body]);
const list16 = (values: readonly number[]) => vec16(Buffer.concat(values.map(u16)));
const extension = (type: number, body: Buffer) => Buffer.concat([u16(type), vec16(body)]);

function extensionsFor(spec: HelloSpec): Buffer[] {
  const tls13 = spec.version === 'TLSv1.3';
  const list: Buffer[] = [];
  if (spec.servername) {
    const name = Buffer.from(spec.servername, 'ascii');
    list.push(extension(0, vec16(Buffer.concat([u8(0), vec16(name)]))));
  }
  list.push(extension(11, vec8(u8(0)))); // ec_point_formats: uncompressed (RFC 8422 §5.1.2)
  list.push(extension(10, list16(spec.groups)));
  if (spec.version === 'TLSv1.2' || tls13) list.push(extension(13, list16(SIGNATURE_SCHEMES)));
  list.push(extension(23, Buffer.alloc(0))); // extended_master_secret (RFC 7627)
  list.push(extension(0xff01, vec8(Buffer.alloc(0)))); // renegotiation_info (RFC 5746 §3.4)
  if (tls13) {
    list.push(extension(43, vec8(u16(VERSION_CODE['TLSv1.3']))));
    list.push(extension(45, vec8(u8(1)))); // psk_key_exchange_modes: psk_dhe_ke
    const shares = (spec.keyShares ?? []).map((s) => Buffer.concat([u16(s.group), vec16(s.key)]));
    list.push(extension(51, vec16(Buffer.concat(shares))));
  }
  return list;
}

/** The hello as one TLS record: record header, handshake header, body (RFC 8446 §4.1.2). */
export function buildClientHello(spec: HelloSpec): Buffer {
  const tls13 = spec.version === 'TLSv1.3';
  const extensions = extensionsFor(spec);
  const head = Buffer.concat([
    // TLS 1.3 hellos say 1.2 here and name 1.3 in supported_versions (RFC 8446 §4.1.2).
    u16(tls13 ? VERSION_CODE['TLSv1.2'] : VERSION_CODE[spec.version]),
    randomBytes(32),
    // A session id in TLS 1.3 hellos keeps middleboxes calm (RFC 8446 §D.4).
    vec8(tls13 ? randomBytes(32) : Buffer.alloc(0)),
    list16(spec.suites),
    vec8(u8(0)), // compression: null only
  ]);
  // Some servers stall on hellos of 256 to 511 bytes; padding them to 512 avoids it (RFC 7685 §1).
  // The size counted is the handshake message's: its 4-byte header, the body, and the padding
  // extension's own 4-byte header.
  const message = 4 + head.length + 2 + extensions.reduce((n, e) => n + e.length, 0);
  if (message >= 256 && message < 512) extensions.push(extension(21, Buffer.alloc(Math.max(0, 512 - message - 4))));
  const body = Buffer.concat([head, vec16(Buffer.concat(extensions))]);
  const handshake = Buffer.concat([u8(1), u24(body.length), body]);
  return Buffer.concat([u8(22), u16(0x0301), u16(handshake.length), handshake]);
}
