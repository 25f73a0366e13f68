import { createDecipheriv, createHmac, getCiphers } from 'node:crypto';

/** TLS 1.3 record protection, read side only: just enough of the key schedule (RFC 8446 §7)
 * to open the server's encrypted handshake flight with a secret taken from the key log.
 * Nothing here ever encrypts, and nothing here sees a private key. */

export interface Tls13Suite {
  code: number;
  name: string;
  /** Hash of the suite; HKDF runs over it (RFC 8446 §7.1). */
  hash: 'sha256' | 'sha384';
  /** Node/OpenSSL cipher name for the AEAD. */
  aead: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305' | 'aes-128-ccm';
  keyLength: number;
  tagLength: number;
}

/** RFC 8446 §B.4. */
const SUITES: Record<number, Tls13Suite> = {
  4865: {
    code: 0x1301,
    name: 'TLS_AES_128_GCM_SHA256',
    hash: 'sha256',
    aead: 'aes-128-gcm',
    keyLength: 16,
    tagLength: 16,
  },
  4866: {
    code: 0x1302,
    name: 'TLS_AES_256_GCM_SHA384',
    hash: 'sha384',
    aead: 'aes-256-gcm',
    keyLength: 32,
    tagLength: 16,
  },
  4867: {
    code: 0x1303,
    name: 'TLS_CHACHA20_POLY1305_SHA256',
    hash: 'sha256',
    aead: 'chacha20-poly1305',
    keyLength: 32,
    tagLength: 16,
  },
  4868: {
    code: 0x1304,
    name: 'TLS_AES_128_CCM_SHA256',
    hash: 'sha256',
    aead: 'aes-128-ccm',
    keyLength: 16,
    tagLength: 16,
  },
  4869: {
    code: 0x1305,
    name: 'TLS_AES_128_CCM_8_SHA256',
    hash: 'sha256',
    aead: 'aes-128-ccm',
    keyLength: 16,
    tagLength: 8,
  },
};

export function tls13Suite(code: number): Tls13Suite | null {
  return SUITES[code] ?? null;
}

/** HKDF-Expand (RFC 5869 §2.3). crypto.hkdfSync always runs Extract first, and TLS 1.3
 * hands us an already-extracted secret, so Expand is written out over HMAC. */
export function hkdfExpand(hash: string, prk: Buffer, info: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  let total = 0;
  for (let i = 1; total < length; i++) {
    previous = createHmac(hash, prk)
      .update(previous)
      .update(info)
      .update(Buffer.from([i]))
      .digest();
    blocks.push(previous);
    total += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** HKDF-Expand-Label (RFC 8446 §7.1): the info is struct HkdfLabel { uint16 length;
 * opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }. */
export function hkdfExpandLabel(hash: string, secret: Buffer, label: string, context: Buffer, length: number): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, fullLabel.length]),
    fullLabel,
    Buffer.from([context.length]),
    context,
  ]);
  return hkdfExpand(hash, secret, info, length);
}

/** Traffic key and IV from a traffic secret (RFC 8446 §7.3). */
export function trafficKeys(suite: Tls13Suite, secret: Buffer): { key: Buffer; iv: Buffer } {
  return {
    key: hkdfExpandLabel(suite.hash, secret, 'key', Buffer.alloc(0), suite.keyLength),
    iv: hkdfExpandLabel(suite.hash, secret, 'iv', Buffer.alloc(0), 12),
  };
}

/** Whether this runtime can open records of the suite at all (Electron's BoringSSL, for
 * one, may not expose chacha20-poly1305 or CCM through createDecipheriv). */
export function runtimeSupports(suite: Tls13Suite): boolean {
  return getCiphers().includes(suite.aead);
}

export interface OpenedRecord {
  /** The real content type from TLSInnerPlaintext (RFC 8446 §5.2). */
  type: number;
  content: Buffer;
}

/** Opens the records protected under one traffic secret, in order. The sequence number
 * starts at 0 for each key and counts every record the key protects (RFC 8446 §5.3). */
export class RecordOpener {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private sequence = 0n;

  constructor(
    readonly suite: Tls13Suite,
    secret: Buffer,
  ) {
    const keys = trafficKeys(suite, secret);
    this.key = keys.key;
    this.iv = keys.iv;
  }

  /** RFC 8446 §5.3: the 64-bit sequence number, left-padded to the IV length and XORed in. */
  private nonce(): Buffer {
    const nonce = Buffer.from(this.iv);
    const seq = Buffer.alloc(8);
    seq.writeBigUInt64BE(this.sequence);
    for (let i = 0; i < 8; i++) nonce[nonce.length - 8 + i] ^= seq[i];
    return nonce;
  }

  /** header: the 5-byte record header, which is the AAD (RFC 8446 §5.2).
   * Throws when authentication fails; the caller turns that into a reason. */
  open(header: Buffer, encrypted: Buffer): OpenedRecord {
    const { tagLength } = this.suite;
    if (encrypted.length < tagLength + 1) throw new Error('record shorter than its authentication tag');
    const ciphertext = encrypted.subarray(0, encrypted.length - tagLength);
    const tag = encrypted.subarray(encrypted.length - tagLength);
    const nonce = this.nonce();
    // The AEAD type differs per suite; Node's typings split CCM from GCM/ChaCha overloads.
    const decipher =
      this.suite.aead === 'aes-128-ccm'
        ? createDecipheriv('aes-128-ccm', this.key, nonce, { authTagLength: tagLength })
        : createDecipheriv(this.suite.aead as 'aes-128-gcm', this.key, nonce, { authTagLength: tagLength });
    decipher.setAuthTag(tag);
    decipher.setAAD(header, { plaintextLength: ciphertext.length });
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    this.sequence += 1n;
    // TLSInnerPlaintext = content || ContentType type || uint8 zeros[length_of_padding]:
    // the type is the last non-zero byte (RFC 8446 §5.2, §5.4).
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    if (end < 0) throw new Error('record holds only padding, no content type');
    return { type: plain[end], content: plain.subarray(0, end) };
  }
}

/** One line of the NSS key log format that Node emits through the TLSSocket 'keylog'
 * event: "<LABEL> <client_random hex> <secret hex>". */
export interface KeylogEntry {
  label: string;
  clientRandom: string;
  secret: Buffer;
}

export function parseKeylogLine(line: Buffer | string): KeylogEntry | null {
  const text = (typeof line === 'string' ? line : line.toString('latin1')).trim();
  const m = /^([A-Z0-9_]+) ([0-9a-fA-F]+) ([0-9a-fA-F]+)$/.exec(text);
  if (!m) return null;
  return { label: m[1], clientRandom: m[2].toLowerCase(), secret: Buffer.from(m[3], 'hex') };
}

/** The key log lines seen for one connection. */
export class KeyLog {
  private readonly entries: KeylogEntry[] = [];

  add(line: Buffer | string): void {
    const entry = parseKeylogLine(line);
    if (entry) this.entries.push(entry);
  }

  /** The secret with this label, preferring the line for our ClientHello's random (it stays
   * the same after a HelloRetryRequest, RFC 8446 §4.1.2). */
  secret(label: string, clientRandom: string | null): Buffer | null {
    const matching = this.entries.filter((e) => e.label === label);
    return (matching.find((e) => e.clientRandom === clientRandom) ?? matching.at(-1))?.secret ?? null;
  }
}
