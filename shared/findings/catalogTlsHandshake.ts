// Catalog entries for the TLS handshake and protocol versions. The engine classifies
// a failed handshake by its TLS alert and library code (main/engine/tls/handshakeFailure.ts)
// and picks the variant; {reason} is that classification in words, {library} the TLS
// library's own code and reason, kept so admins can search for it.

import { defineFindings } from './defineFindings';

export const TLS_HANDSHAKE_FINDINGS = defineFindings([
  {
    id: 'tls.weak-protocol',
    severity: 'warning',
    title: 'The server still accepts {versions}',
    explanation:
      'With `--tls-versions`, SMTP Lens completed a handshake using {versions}. These versions are deprecated (RFC 8996, 2021) because of known weaknesses, and current ' +
      'mail software no longer uses them. A server that still accepts them lets old or badly configured clients connect with weak protection.',
    fix:
      'Allow only TLS 1.2 and 1.3. Postfix 3.6 and later: `smtpd_tls_protocols = >=TLSv1.2` and `smtpd_tls_mandatory_protocols = >=TLSv1.2` (older: `!SSLv2, !SSLv3, !TLSv1, !TLSv1.1`). ' +
      'Exim: `openssl_options = +no_tlsv1 +no_tlsv1_1`. Exchange: turn off TLS 1.0 and 1.1 in Windows (SCHANNEL). On port 25, remember that senders that fail the ' +
      'handshake may fall back to plain text.',
    refs: ['RFC 8996', 'RFC 9325 §3.1.1'],
    vars: ['versions'],
  },
  {
    id: 'tls.handshake-failed',
    severity: 'error',
    title: 'The TLS handshake failed',
    explanation:
      'Client and server could not set up TLS: {reason}. The TLS library reported "{library}". Common causes: no TLS version or cipher in common, a server ' +
      'that cannot load its certificate, or a device in the path interfering.',
    fix:
      "Compare what each side allows: `--tls-versions` shows which TLS versions the server accepts. Then read the server's log at the time of the test; it usually " +
      'names the cause (a certificate or key it cannot load, protocol or cipher settings).',
    refs: ['RFC 8446 §6', 'RFC 5246 §7.2'],
    vars: ['reason', 'library', 'servername', 'serverVersion', 'firstBytes'],
    variants: {
      'not-tls': {
        title: 'The server did not answer in TLS',
        explanation:
          'SMTP Lens sent a TLS hello, and what came back was not TLS ("{library}"; OpenSSL calls this "wrong version number" or "packet length too long"). ' +
          "The port may speak another protocol, or a device in the path, such as a firewall with SMTP inspection, may be answering in the server's place.",
        fix:
          'Check the port and the TLS mode: 465 speaks TLS from the first byte (`--tls implicit`); 25 and 587 start in plain text and switch with STARTTLS ' +
          '(`--tls starttls`). Look for a firewall with SMTP inspection ("fixup", "ESMTP inspection") between you and the server.',
      },
      'starttls-text': {
        title: 'The server agreed to STARTTLS, then did not speak TLS',
        explanation:
          'The server answered STARTTLS with 220, but then replied to the TLS hello in plain text ("{firstBytes}"). Servers do this when TLS is switched on in ' +
          'their settings but cannot start (a missing or unreadable certificate or key), or when a proxy or firewall in the path answers in their place.',
        fix:
          'Read the server log at the time of the test for TLS errors (Postfix: "cannot load certificate" or "TLS library problem"; Exim: "TLS error on connection"). ' +
          'Check that the certificate and key files exist and can be read by the mail service. Look for SMTP inspection on a firewall in the path.',
      },
      version: {
        title: 'The TLS handshake failed: no TLS version in common',
        explanation:
          'SMTP Lens offers TLS 1.2 and 1.3, as current mail software does, and the server did not accept them: {reason}. The server most likely speaks only ' +
          'TLS 1.0 or 1.1, which are deprecated (RFC 8996), so current mail clients and servers cannot talk to it securely. The TLS library reported "{library}".',
        fix:
          "`--tls-versions` shows which versions the server accepts. Update the server's TLS library and mail software and allow TLS 1.2 and 1.3 (Postfix: " +
          '`smtpd_tls_protocols = >=TLSv1.2`; Exim: check `openssl_options` and the OpenSSL or GnuTLS version; Exchange: enable TLS 1.2 in the Windows SCHANNEL settings).',
      },
      cipher: {
        title: 'The TLS handshake failed: no cipher in common',
        explanation:
          'The server refused the handshake: {reason}. Both sides speak TLS but share no cipher suite, key exchange group or signature algorithm. Usual causes: a server ' +
          'restricted to old ciphers (RC4, 3DES, export grades), a cipher list edited by hand, or a certificate key the server cannot use with what was offered. ' +
          'The TLS library reported "{library}".',
        fix:
          'Go back to the default cipher settings on the server (Postfix: remove custom `smtpd_tls_mandatory_ciphers`, `smtpd_tls_exclude_ciphers` and `tls_high_cipherlist`; ' +
          'Exim: `tls_require_ciphers`). The server log at the time of the test usually says "no shared cipher".',
      },
      sni: {
        title: 'The server does not know the name {servername}',
        explanation:
          'The server refused the handshake because of the name SMTP Lens sent in SNI ({servername}): {reason}. It has no certificate configured for that name. ' +
          'The TLS library reported "{library}".',
        fix:
          'Check the name: `--servername` sets what is sent (by default, the host you connect to). On the server, add the name to its SNI configuration (Postfix: ' +
          '`tls_server_sni_maps`; Exim: `tls_certificate` expanded on `${tls_in_sni}`), or connect with a name the server knows.',
      },
      'client-cert': {
        title: 'The server requires a client certificate',
        explanation:
          'The server ended the handshake: {reason}. SMTP Lens presents no client certificate, and this server demands one (mutual TLS). That is unusual for mail; ' +
          'some internal relays and partner links use it. The TLS library reported "{library}".',
        fix:
          'If the server should accept ordinary clients, turn the requirement off (Postfix: `smtpd_tls_req_ccert = no`; Exim: `tls_verify_hosts`). Otherwise this port ' +
          'is only for clients that have such a certificate.',
      },
      'server-error': {
        title: 'The server failed during the TLS handshake',
        explanation:
          'The server aborted the handshake with an internal error: {reason}. The problem is on the server: typically it cannot load its certificate or private key, ' +
          'the key does not belong to the certificate, or its TLS library is misconfigured. The TLS library reported "{library}".',
        fix:
          "Read the server's log at the time of the test. Check that the certificate and key files exist, can be read by the mail service and belong together " +
          '(`openssl x509 -noout -pubkey -in cert.pem` and `openssl pkey -pubout -in key.pem` must print the same key).',
      },
      'legacy-signature': {
        title: 'The server signs the handshake with SHA-1 or MD5',
        explanation:
          'The handshake failed because {reason}. Current TLS libraries refuse SHA-1 and MD5 signatures in the handshake (RFC 9155); this usually goes with a server ' +
          'that only speaks TLS 1.0 or 1.1. The TLS library reported "{library}".',
        fix: "Update the server's TLS library and allow TLS 1.2 and 1.3, which sign with SHA-256 or better. `--tls-versions` shows what the server accepts.",
      },
      'weak-dh': {
        title: "The server's Diffie-Hellman key exchange is too weak",
        explanation:
          'The server offered a Diffie-Hellman key exchange with a group under 2048 bits ("{library}"). Such groups can be broken (the Logjam attack), so current TLS ' +
          'libraries refuse them.',
        fix:
          'Remove custom Diffie-Hellman parameters of 1024 bits or less (Postfix: an `smtpd_tls_dh1024_param_file` pointing at a 1024-bit file; recent Postfix uses ' +
          'built-in 2048-bit groups when it is unset), or prefer ECDHE key exchange.',
      },
      reset: {
        title: 'The server hung up during the TLS handshake',
        explanation:
          'The server closed the connection in the middle of the handshake without a TLS alert to say why ("{library}"). Servers do this when they dislike the hello ' +
          '(a TLS version, cipher or SNI name they do not accept, on older or stricter software), when their TLS setup is broken, or when a firewall or ' +
          'intrusion-prevention system cuts the connection.',
        fix: 'Read the server log at the time of the test. Run `--tls-versions` to see whether another TLS version works. Try from another network to rule out a firewall in between.',
      },
    },
  },
]);
