// TLS cipher suites a client may offer, by IANA code (the TLS Cipher Suites registry), with
// the key exchange each uses. Only what a reading of a ClientHello needs: whether anything
// offered has forward secrecy, and a name to show. Unknown codes are shown in hex.
export type KeyExchange = 'tls13' | 'ecdhe' | 'dhe' | 'rsa' | 'other';

const SUITES: Record<number, [string, KeyExchange]> = {
  4865: ['TLS_AES_128_GCM_SHA256', 'tls13'],
  4866: ['TLS_AES_256_GCM_SHA384', 'tls13'],
  4867: ['TLS_CHACHA20_POLY1305_SHA256', 'tls13'],
  4868: ['TLS_AES_128_CCM_SHA256', 'tls13'],
  4869: ['TLS_AES_128_CCM_8_SHA256', 'tls13'],
  49195: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ecdhe'],
  49196: ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ecdhe'],
  49199: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ecdhe'],
  49200: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ecdhe'],
  52392: ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ecdhe'],
  52393: ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ecdhe'],
  49161: ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ecdhe'],
  49162: ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ecdhe'],
  49171: ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ecdhe'],
  49172: ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ecdhe'],
  49187: ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'ecdhe'],
  49188: ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'ecdhe'],
  49191: ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'ecdhe'],
  49192: ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'ecdhe'],
  49170: ['TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', 'ecdhe'],
  49169: ['TLS_ECDHE_RSA_WITH_RC4_128_SHA', 'ecdhe'],
  49159: ['TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', 'ecdhe'],
  49160: ['TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', 'ecdhe'],
  158: ['TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'dhe'],
  159: ['TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'dhe'],
  52394: ['TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'dhe'],
  51: ['TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 'dhe'],
  57: ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 'dhe'],
  103: ['TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'dhe'],
  107: ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 'dhe'],
  22: ['TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', 'dhe'],
  156: ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'rsa'],
  157: ['TLS_RSA_WITH_AES_256_GCM_SHA384', 'rsa'],
  47: ['TLS_RSA_WITH_AES_128_CBC_SHA', 'rsa'],
  53: ['TLS_RSA_WITH_AES_256_CBC_SHA', 'rsa'],
  60: ['TLS_RSA_WITH_AES_128_CBC_SHA256', 'rsa'],
  61: ['TLS_RSA_WITH_AES_256_CBC_SHA256', 'rsa'],
  10: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'rsa'],
  5: ['TLS_RSA_WITH_RC4_128_SHA', 'rsa'],
  4: ['TLS_RSA_WITH_RC4_128_MD5', 'rsa'],
  255: ['TLS_EMPTY_RENEGOTIATION_INFO_SCSV', 'other'],
  22016: ['TLS_FALLBACK_SCSV', 'other'],
};

export function cipherSuiteName(code: number): string {
  return SUITES[code]?.[0] ?? `0x${code.toString(16).padStart(4, '0')}`;
}

export function keyExchangeOf(code: number): KeyExchange {
  return SUITES[code]?.[1] ?? 'other';
}
