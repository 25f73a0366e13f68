/** The TLS record layer and the few handshake messages SMTP Lens reads from the server:
 * ServerHello, Certificate, Finished, and alerts. RFC 8446 (TLS 1.3) and RFC 5246 (TLS 1.2). */

/** ContentType (RFC 8446 §5.1; 24 is heartbeat, RFC 6520). */
export const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23, heartbeat: 24 } as const;

/** HandshakeType (RFC 8446 §4; 25 is compressed_certificate, RFC 8879 §4). */
export const HANDSHAKE = {
  clientHello: 1,
  serverHello: 2,
  certificate: 11,
  finished: 20,
  compressedCertificate: 25,
} as const;

/** A record's fragment may be at most 2^14 plus expansion: 256 in TLS 1.3 (§5.2), 2048 in
 * TLS 1.2 (RFC 5246 §6.2.3). Anything bigger means the peer is not speaking TLS to us. */
const MAX_RECORD_BODY = (1 << 14) + 2048;

export interface TlsRecord {
  type: number;
  /** The 5-byte TLSPlaintext/TLSCiphertext header; it is the AAD in TLS 1.3 (§5.2). */
  header: Buffer;
  body: Buffer;
}

/** Splits bytes into records (RFC 8446 §5.1: type(1) legacy_record_version(2) length(2)).
 * A trailing partial record is left out; `error` says why splitting stopped early. */
export function splitRecords(data: Buffer): { records: TlsRecord[]; error: string | null } {
  const records: TlsRecord[] = [];
  let offset = 0;
  while (offset + 5 <= data.length) {
    const type = data[offset];
    const major = data[offset + 1];
    const length = data.readUInt16BE(offset + 3);
    if (type < CONTENT.changeCipherSpec || type > CONTENT.heartbeat || major !== 3) {
      return { records, error: `byte ${offset} is not a TLS record header` };
    }
    if (length > MAX_RECORD_BODY)
      return { records, error: `record at byte ${offset} is ${length} bytes, over the TLS limit` };
    if (offset + 5 + length > data.length) break;
    records.push({
      type,
      header: data.subarray(offset, offset + 5),
      body: data.subarray(offset + 5, offset + 5 + length),
    });
    offset += 5 + length;
  }
  return { records, error: null };
}

/** Handshake messages may be split across records and several may share one record
 * (RFC 8446 §5.1; RFC 5246 §6.2.1). Fragments are appended in arrival order. */
export class HandshakeReassembler {
  private pending = Buffer.alloc(0);

  push(fragment: Buffer): Array<{ type: number; body: Buffer }> {
    this.pending = this.pending.length ? Buffer.concat([this.pending, fragment]) : Buffer.from(fragment);
    const messages: Array<{ type: number; body: Buffer }> = [];
    // Handshake header: msg_type(1) length(3) (RFC 8446 §4).
    while (this.pending.length >= 4) {
      const length = this.pending.readUIntBE(1, 3);
      if (this.pending.length < 4 + length) break;
      messages.push({ type: this.pending[0], body: this.pending.subarray(4, 4 + length) });
      this.pending = this.pending.subarray(4 + length);
    }
    return messages;
  }
}

/** RFC 8446 §4.1.3: a ServerHello with this random is a HelloRetryRequest (SHA-256 of
 * "HelloRetryRequest"). */
export const HELLO_RETRY_RANDOM = Buffer.from(
  'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c',
  'hex',
);

export type TlsVersionName = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

const VERSION_NAMES: Record<number, TlsVersionName> = { 769: 'TLSv1', 770: 'TLSv1.1', 771: 'TLSv1.2', 772: 'TLSv1.3' };

/** ProtocolVersion codes (RFC 8446 §4.2.1, RFC 5246 Appendix E). */
export function versionName(code: number): TlsVersionName | null {
  return VERSION_NAMES[code] ?? null;
}

export interface ServerHello {
  /** Negotiated version: supported_versions if present (RFC 8446 §4.2.1), else legacy_version. */
  version: number;
  cipherSuite: number;
  /** key_share group (RFC 8446 §4.2.8); for a HelloRetryRequest, the selected_group. */
  group: number | null;
  helloRetry: boolean;
}

/** RFC 8446 §4.1.3 / RFC 5246 §7.4.1.3: legacy_version(2) random(32) session_id<0..32>
 * cipher_suite(2) compression(1) extensions<0..2^16-1> (optional before TLS 1.3). */
export function parseServerHello(body: Buffer): ServerHello | null {
  if (body.length < 38) return null;
  let version = body.readUInt16BE(0);
  const helloRetry = body.subarray(2, 34).equals(HELLO_RETRY_RANDOM);
  let p = 34;
  p += 1 + body[p];
  if (p + 3 > body.length) return null;
  const cipherSuite = body.readUInt16BE(p);
  p += 3;
  let group: number | null = null;
  if (p + 2 <= body.length) {
    const end = Math.min(body.length, p + 2 + body.readUInt16BE(p));
    p += 2;
    while (p + 4 <= end) {
      const type = body.readUInt16BE(p);
      const length = body.readUInt16BE(p + 2);
      const data = body.subarray(p + 4, Math.min(end, p + 4 + length));
      if (type === 43 && data.length >= 2) version = data.readUInt16BE(0); // supported_versions
      if (type === 51 && data.length >= 2) group = data.readUInt16BE(0); // key_share
      p += 4 + length;
    }
  }
  return { version, cipherSuite, group, helloRetry };
}

/** The version negotiated by the (non-retry) ServerHello in these server bytes, or null if
 * none has arrived complete. Bytes after the ServerHello are never looked at. */
export function serverHelloVersion(data: Buffer): number | null {
  const handshake = new HandshakeReassembler();
  for (const record of splitRecords(data).records) {
    if (record.type !== CONTENT.handshake) continue;
    for (const m of handshake.push(record.body)) {
      if (m.type !== HANDSHAKE.serverHello) continue;
      const hello = parseServerHello(m.body);
      if (hello && !hello.helloRetry) return hello.version;
    }
  }
  return null;
}

/** Where the random ends in a ClientHello that opens the client's byte stream: record
 * header 5 + handshake header 4 + legacy_version 2 + random 32 (RFC 8446 §4.1.2). */
export const CLIENT_RANDOM_END = 43;

export function clientHelloRandom(head: Buffer): string | null {
  if (head.length < CLIENT_RANDOM_END || head[0] !== CONTENT.handshake || head[5] !== HANDSHAKE.clientHello)
    return null;
  return head.subarray(11, CLIENT_RANDOM_END).toString('hex');
}

/** A uint24 length (RFC 8446 §3.3 vectors with a 2^24-1 ceiling). */
function readU24(body: Buffer, p: number): number {
  if (p + 3 > body.length) throw new Error('truncated length');
  return body.readUIntBE(p, 3);
}

/** TLS 1.2 and earlier (RFC 5246 §7.4.2): opaque ASN.1Cert<1..2^24-1>;
 * ASN.1Cert certificate_list<0..2^24-1>. Throws on malformed input. */
export function parseCertificate12(body: Buffer): Buffer[] {
  const end = 3 + readU24(body, 0);
  if (end > body.length) throw new Error('certificate_list overruns the message');
  const certs: Buffer[] = [];
  for (let p = 3; p < end; ) {
    const length = readU24(body, p);
    if (p + 3 + length > end || length === 0) throw new Error('bad ASN.1Cert length');
    certs.push(Buffer.from(body.subarray(p + 3, p + 3 + length)));
    p += 3 + length;
  }
  return certs;
}

/** TLS 1.3 (RFC 8446 §4.4.2): opaque certificate_request_context<0..2^8-1>;
 * CertificateEntry certificate_list<0..2^24-1>, where each entry is
 * opaque cert_data<1..2^24-1> followed by Extension extensions<0..2^16-1>.
 * Raw public keys (RFC 7250) would also land here; servers of mail hosts send X.509. */
export function parseCertificate13(body: Buffer): Buffer[] {
  if (body.length < 1) throw new Error('empty Certificate');
  let p = 1 + body[0];
  const end = p + 3 + readU24(body, p);
  if (end > body.length) throw new Error('certificate_list overruns the message');
  p += 3;
  const certs: Buffer[] = [];
  while (p < end) {
    const length = readU24(body, p);
    if (p + 3 + length + 2 > end || length === 0) throw new Error('bad cert_data length');
    certs.push(Buffer.from(body.subarray(p + 3, p + 3 + length)));
    p += 3 + length;
    p += 2 + body.readUInt16BE(p);
  }
  if (p !== end) throw new Error('CertificateEntry extensions overrun the list');
  return certs;
}

/** AlertDescription names (RFC 8446 §6, plus the RFC 5246 §7.2 values TLS 1.3 retired). */
const ALERT_NAMES: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

export function alertName(description: number): string {
  return ALERT_NAMES[description] ?? `unknown_alert_${description}`;
}

/** NamedGroup names (RFC 8446 §4.2.7, RFC 7919 for ffdhe, draft-ietf-tls-ecdhe-mlkem). */
const GROUP_NAMES: Record<number, string> = {
  23: 'secp256r1',
  24: 'secp384r1',
  25: 'secp521r1',
  29: 'x25519',
  30: 'x448',
  256: 'ffdhe2048',
  257: 'ffdhe3072',
  258: 'ffdhe4096',
  259: 'ffdhe6144',
  260: 'ffdhe8192',
  4587: 'SecP256r1MLKEM768',
  4588: 'X25519MLKEM768',
  4589: 'SecP384r1MLKEM1024',
  25497: 'X25519Kyber768Draft00',
};

export function groupName(code: number): string {
  return GROUP_NAMES[code] ?? `0x${code.toString(16).padStart(4, '0')}`;
}

/** Follows record boundaries in a byte stream without keeping the bodies. Used on the
 * client's side of the connection to notice when the client's handshake is over. */
export class RecordWatcher {
  private readonly header = Buffer.alloc(5);
  private headerLength = 0;
  private skip = 0;

  /** Calls onRecord(type) as each record header completes. */
  feed(chunk: Buffer, onRecord: (type: number) => void): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.header[this.headerLength++] = chunk[i++];
      if (this.headerLength === 5) {
        this.headerLength = 0;
        this.skip = this.header.readUInt16BE(3);
        onRecord(this.header[0]);
      }
    }
  }
}
