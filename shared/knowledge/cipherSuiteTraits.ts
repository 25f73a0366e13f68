// What a cipher suite's IANA name says about it. The name spells the parts out
// (TLS_{key exchange}_{authentication}_WITH_{cipher}_{MAC}, RFC 5246 Appendix A.5), so the traits
// are read from it rather than kept in a second table. TLS 1.3 names carry only the AEAD and the
// hash: the key exchange is always (EC)DHE there (RFC 8446 §4.2.8), outside the suite.

/** The weak families the audit names (RFC 9325 §4.1 lists what must not be negotiated). */
export type WeakFamily = 'null' | 'export' | 'des' | 'rc4' | '3des';

export interface SuiteTraits {
  name: string;
  /** "ECDHE", "DHE", "RSA", "ECDH" (static), "DH" (static), "anon DH", "anon ECDH", or "(EC)DHE" for TLS 1.3. */
  keyExchange: string;
  /** An ephemeral key exchange: a stolen server key does not decrypt recorded sessions. */
  forwardSecrecy: boolean;
  /** No certificate at all: the client cannot know whom it talks to (anonymous DH, RFC 5246 A.5). */
  anonymous: boolean;
  /** GCM, CCM or ChaCha20-Poly1305: no CBC padding oracles (RFC 9325 §4.2). */
  aead: boolean;
  /** Defined for TLS 1.2 only: AEAD ciphers and SHA-256/384 MACs (RFC 5246 §1.2). */
  tls12Only: boolean;
  weak: WeakFamily[];
}

const TLS13_NAME = /^TLS_(AES|CHACHA20)_[A-Z0-9_]+$/;

/** Traits of a suite from its IANA name ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"). */
export function suiteTraits(name: string): SuiteTraits {
  const [, exchange = '', rest = name] = /^TLS_(.+?)_WITH_(.+)$/.exec(name) ?? [];
  if (!exchange && TLS13_NAME.test(name))
    return {
      name,
      keyExchange: '(EC)DHE',
      forwardSecrecy: true,
      anonymous: false,
      aead: true,
      tls12Only: false,
      weak: [],
    };
  const anonymous = /(^|_)anon(_|$)/.test(exchange);
  const ephemeral = /^(EC)?DHE_/.test(exchange) || anonymous;
  const aead = /GCM|CCM|CHACHA20_POLY1305/.test(rest);
  const weak: WeakFamily[] = [];
  if (/^NULL_/.test(rest)) weak.push('null');
  if (/EXPORT/.test(exchange)) weak.push('export');
  if (/(^|_)DES(40)?_CBC/.test(rest)) weak.push('des');
  if (/(^|_)RC4_/.test(rest)) weak.push('rc4');
  // 64-bit blocks: Sweet32 (CVE-2016-2183) applies to 3DES and IDEA alike.
  if (/3DES_EDE|IDEA/.test(rest)) weak.push('3des');
  return {
    name,
    keyExchange: keyExchangeOf(exchange),
    forwardSecrecy: ephemeral,
    anonymous,
    aead,
    tls12Only: aead || /_SHA(256|384)$/.test(rest),
    weak,
  };
}

function keyExchangeOf(exchange: string): string {
  if (/^ECDHE_/.test(exchange)) return 'ECDHE';
  if (/^DHE_/.test(exchange)) return 'DHE';
  if (/^ECDH_anon/.test(exchange)) return 'anon ECDH';
  if (/^DH_anon/.test(exchange)) return 'anon DH';
  if (/^ECDH_/.test(exchange)) return 'ECDH';
  if (/^DH_/.test(exchange)) return 'DH';
  return 'RSA';
}

/** "ECDHE, AEAD" or "RSA key exchange: no forward secrecy, CBC, 3DES": a suite in a few words. */
export function suiteWords(t: SuiteTraits): string {
  const parts: string[] = [];
  if (t.anonymous) parts.push('anonymous: no certificate');
  else if (!t.forwardSecrecy) parts.push(`${t.keyExchange} key exchange: no forward secrecy`);
  else parts.push(t.keyExchange);
  if (!t.weak.includes('null')) parts.push(t.aead ? 'AEAD' : /RC4/.test(t.name) ? 'stream cipher' : 'CBC');
  for (const w of t.weak) parts.push(WEAK_WORDS[w]);
  return parts.join(', ');
}

export const WEAK_WORDS: Record<WeakFamily, string> = {
  null: 'NULL: no encryption',
  export: 'EXPORT: 40- or 56-bit keys',
  des: 'single DES: 56-bit key',
  rc4: 'RC4',
  '3des': '64-bit block cipher (Sweet32)',
};
