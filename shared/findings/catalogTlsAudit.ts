// Catalog entries for `--tls-audit`: weak suites, anonymous suites, key exchange without
// forward secrecy, CBC-only TLS 1.2 and small DH primes. The wording depends on the port's
// role: port 25 between servers is opportunistic TLS (RFC 7435), where encryption without
// authentication is the expected floor; on submission (587, 465) a client must verify the
// server (RFC 8314 §5.1), so the same suites are errors there.
import { defineFindings } from './defineFindings';

const POSTFIX_EXCLUDE =
  'Postfix: `smtpd_tls_exclude_ciphers = {exclude}` (and `smtpd_tls_mandatory_exclude_ciphers` for ports that require TLS), then `postfix reload`.';

export const TLS_AUDIT_FINDINGS = defineFindings([
  {
    id: 'tls.weak-cipher',
    severity: 'error',
    title: 'The server accepts {family} suites',
    explanation:
      'Offered alone, these suites were accepted: {suites} ({versions}). {why} A client that offers them, or a man in the middle that strips the better ones from a ' +
      'downgradable handshake, gets weak protection.',
    fix: `Remove them from the server's cipher list. ${POSTFIX_EXCLUDE} Exim: \`tls_require_ciphers\` without them. Windows/Exchange: disable them in SCHANNEL (IIS Crypto shows the list).`,
    refs: ['RFC 9325 §4.1', 'RFC 7465 (RC4)', 'CVE-2016-2183 (Sweet32)'],
    vars: ['family', 'suites', 'versions', 'why', 'exclude'],
    variants: {
      rc4: { title: 'The server accepts RC4 suites' },
      '3des': { severity: 'warning' },
      export: { title: 'The server accepts EXPORT suites (40- or 56-bit keys)' },
      null: { title: 'The server accepts NULL suites: TLS without encryption' },
    },
  },
  {
    id: 'tls.anonymous-suites',
    severity: 'error',
    title: 'The server accepts anonymous suites: TLS without a certificate',
    explanation:
      'Offered alone, these suites were accepted: {suites} ({versions}). With an anonymous (ADH, AECDH) suite the server sends no certificate, so the client cannot ' +
      'tell the server from anyone in the path. On a port where clients log in, a man in the middle offering only anonymous suites gets the password.',
    fix:
      "Remove anonymous suites from the server's cipher list for this port. Postfix: `-o smtpd_tls_exclude_ciphers=aNULL` on the service in master.cf (or " +
      '`smtpd_tls_mandatory_exclude_ciphers = aNULL` where TLS is required). Exim: add `:!aNULL` to `tls_require_ciphers`.',
    refs: ['RFC 8314 §5.1', 'RFC 9325 §4.1', 'RFC 7435 §1.3'],
    vars: ['suites', 'versions'],
    variants: {
      opportunistic: {
        severity: 'info',
        title: 'The server also accepts anonymous suites, as opportunistic TLS allows',
        explanation:
          'Offered alone, these suites were accepted: {suites} ({versions}). On port 25 between servers this is by design: a sending server that does not check ' +
          "certificates gains nothing from one, and RFC 7435 asks for encryption even without authentication rather than none. Postfix's default for " +
          '`smtpd_tls_security_level = may` permits them. Senders that verify (DANE, MTA-STS) never offer these suites, so they are not weakened.',
        fix: 'Nothing to do on port 25. Make sure submission ports (587, 465) do not accept them.',
      },
    },
  },
  {
    id: 'tls.no-forward-secrecy',
    severity: 'warning',
    title: 'The server accepts key exchange without forward secrecy',
    explanation:
      'Offered alone, these suites were accepted: {suites} ({versions}). With RSA (or static DH) key exchange the session key is protected by the ' +
      "server's long-term key: whoever gets that key later can decrypt every recorded session, passwords included.",
    fix: `Prefer ECDHE and DHE suites and drop RSA key exchange where no old client needs it. ${POSTFIX_EXCLUDE.replace('{exclude}', 'kRSA')}`,
    refs: ['RFC 9325 §4.1', 'RFC 7525 §6.3'],
    vars: ['suites', 'versions'],
    variants: {
      fallback: {
        severity: 'info',
        title: 'Suites without forward secrecy remain, as a fallback only',
        explanation:
          'Offered alone, these suites were accepted: {suites} ({versions}). The server chooses the suite, and it prefers ones with forward secrecy, so only ' +
          'a client that offers nothing better gets RSA key exchange.',
      },
    },
  },
  {
    id: 'tls.cbc-only',
    severity: 'warning',
    title: 'TLS 1.2 works only with CBC suites',
    explanation:
      'At TLS 1.2 the server accepted {suites}, all in CBC mode, and no AEAD suite (AES-GCM, ChaCha20-Poly1305). CBC with HMAC is the construction behind the ' +
      'padding-oracle attacks (Lucky Thirteen, POODLE for TLS); RFC 9325 recommends AEAD suites for TLS 1.2.{tls13}',
    fix: `Add ECDHE suites with AES-GCM or ChaCha20-Poly1305 to the server's list (Postfix: \`smtpd_tls_ciphers = medium\`, the default, includes them).`,
    refs: ['RFC 9325 §4.2'],
    vars: ['suites', 'tls13'],
  },
  {
    id: 'tls.weak-dh',
    severity: 'warning',
    title: 'The server uses a {bits}-bit DH prime',
    explanation:
      'With DHE suites the server sent a {bits}-bit finite-field prime. Primes under 2048 bits are within reach of well-funded attackers (Logjam, 2015); ' +
      'RFC 9325 asks for at least 2048 bits.',
    fix:
      'Use a 2048-bit (or larger) DH prime, or prefer ECDHE. When Postfix leaves the choice to OpenSSL (`smtpd_tls_dh1024_param_file` empty), OpenSSL picks ' +
      'a 1024-bit prime for anonymous suites with 128-bit ciphers; point that setting at 2048-bit parameters (`openssl dhparam -out /etc/postfix/dh2048.pem 2048`).',
    refs: ['RFC 9325 §4.1', 'RFC 7919'],
    vars: ['bits'],
  },
]);
