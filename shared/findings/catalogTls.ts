// Catalog entries for the certificate chain and the certificate itself (the TLS doctor). Written for an admin who has never heard of intermediates: each says
// which certificate, what a client makes of it, and what to change on the server.
// catalogConnection.ts includes these; the handshake and protocol entries are in catalogTlsHandshake.ts.

import { defineFindings } from './defineFindings';

const CHAIN_FIX_SERVERS =
  'Postfix: `smtpd_tls_chain_files = /etc/postfix/mail.key, /etc/postfix/fullchain.pem` (the key, then one file holding your certificate followed by the intermediate; ' +
  'with the older `smtpd_tls_cert_file`, point it at that full-chain file), then `postfix reload`. Exim: `tls_certificate = /etc/exim4/fullchain.pem`, same order. ' +
  'With Let\'s Encrypt use fullchain.pem, not cert.pem. Exchange: import the intermediate into the computer\'s "Intermediate Certification Authorities" store and restart the Transport service.';

export const TLS_CERTIFICATE_FINDINGS = defineFindings([
  {
    id: 'tls.chain-incomplete',
    severity: 'error',
    title: 'Incomplete certificate chain: the server does not send "{missingIssuerName}"',
    explanation:
      'A client trusts a server certificate only if it can follow signatures from it, certificate by certificate, to a root certificate it already has. CAs do not sign ' +
      'server certificates with their root directly but with an intermediate certificate, and the server must send that intermediate together with its own ' +
      "certificate (only the root may be left out). This server's certificate {subjectName} was signed by {missingIssuer}, but the server did not send that " +
      'certificate and SMTP Lens does not have it, so the chain breaks right after {subjectName}. Web browsers hide this mistake by downloading the missing ' +
      "certificate from the address written in the server's certificate ({aiaUrl}); most mail servers and many mail clients do not, and refuse the certificate.",
    fix:
      'Make the server send the full chain: its own certificate first, then the intermediate ({aiaUrl}). Your CA delivers the intermediate with the certificate, ' +
      `often as a "chain" or "fullchain" file. ${CHAIN_FIX_SERVERS} \`--fetch-intermediate\` downloads the missing certificate and shows whether it completes the chain. ` +
      'If {missingIssuerName} is not an intermediate but your own private root CA, nothing is missing: trust that root with `--ca FILE` instead.',
    refs: ['RFC 8446 §4.4.2', 'RFC 5246 §7.4.2', 'RFC 5280 §4.2.2.1'],
    vars: ['subject', 'subjectName', 'missingIssuer', 'missingIssuerName', 'aiaUrl', 'anchorName'],
    variants: {
      fetched: {
        title: 'The server does not send its intermediate certificate "{missingIssuerName}"',
        explanation:
          'The server sent its certificate {subjectName} but not the intermediate certificate that signed it, {missingIssuer}. SMTP Lens downloaded that certificate ' +
          "from the address written in the server's certificate ({aiaUrl}), and with it the chain reaches the trusted root {anchorName}. So the certificate itself is " +
          "fine: the server's configuration only leaves out the intermediate. Browsers download it silently, which is why a check in a browser can look fine; " +
          'most mail servers and many mail clients do not, and refuse the certificate.',
        fix:
          'Add that intermediate to what the server sends, right after its own certificate. Save it in PEM form: `curl -s {aiaUrl} | openssl x509 -inform DER -out ' +
          'intermediate.pem` (drop `-inform DER` if the file is PEM already), then `cat mail.crt intermediate.pem > fullchain.pem`. ' +
          `${CHAIN_FIX_SERVERS} Probe again: "Certificate chain as sent" should then list {missingIssuerName} after {subjectName}.`,
      },
      'store-completed': {
        title: 'The server does not send its intermediate certificate "{missingIssuerName}" (this computer has it)',
        explanation:
          'The server sent its certificate {subjectName} without the intermediate certificate that signed it, {missingIssuer}. This computer happens to have that ' +
          'intermediate in its trust store or in a --ca file, so SMTP Lens could verify the chain; clients without it cannot, and most mail servers and many mail ' +
          'clients refuse the certificate.',
      },
    },
  },
  {
    id: 'tls.hostname-mismatch',
    severity: 'error',
    title: 'The certificate is not valid for {checkedName}',
    explanation:
      'SMTP Lens checked the certificate against {checkedName}, the host you connected to. The certificate ({subject}) is valid only for: {certNames}. ' +
      'A client that checks certificates refuses it, because it cannot tell this server apart from an impostor.',
    fix:
      'If clients reach this server under one of the names in the certificate, probe it the same way (connect to that name, or add `--servername NAME`): that is the ' +
      'check that matters. Otherwise get a certificate that also lists {checkedName} among its Subject Alternative Names, install it and reload the mail service. ' +
      'A server that hosts several names must pick the certificate by the SNI name the client sends (Postfix: `tls_server_sni_maps`; Exim: `tls_certificate` ' +
      'expanded on `${tls_in_sni}`).',
    refs: ['RFC 9525 §6', 'RFC 7817', 'RFC 6066 §3'],
    vars: ['checkedName', 'certNames', 'subject', 'suggestedName', 'port'],
    variants: {
      servername: {
        explanation:
          'SMTP Lens checked the certificate against {checkedName}, the name given with --servername. The certificate ({subject}) is valid only for: {certNames}. ' +
          'A client that checks certificates refuses it, because it cannot tell this server apart from an impostor.',
      },
      ip: {
        title: 'Connected by IP address, so the certificate cannot match {checkedName}',
        explanation:
          'You connected to the IP address {checkedName} without --servername, so SMTP Lens checked the certificate against that address. The certificate ({subject}) ' +
          'names only: {certNames}. Mail server certificates rarely list IP addresses because mail programs connect by name, so this check fails even when the server is set up correctly.',
        fix:
          'Probe by the name your users put in their mail program (the submission host name), as they do: `smtp-lens probe {suggestedName} --port {port}`, or keep the ' +
          'address and add `--servername {suggestedName}`. If the name users configure is not among {certNames}, the certificate really is wrong for this server.',
      },
      'ip-mx': {
        title: 'Connected by IP address, so the certificate cannot match {checkedName}',
        explanation:
          'You connected to the IP address {checkedName} without --servername, so SMTP Lens checked the certificate against that address. The certificate ({subject}) ' +
          'names only: {certNames}. Mail server certificates rarely list IP addresses because mail servers connect by name, so this check fails even when the server is set up correctly.',
        fix:
          "Probe by name, as sending servers do: they look up the domain's MX records (`dig example.com MX`) and connect to the host names listed there. Check against " +
          'one of those: `smtp-lens probe {suggestedName} --port 25`, or keep the address and add `--servername {suggestedName}`. If the MX host name is not among ' +
          '{certNames}, the certificate really is wrong for this server.',
      },
    },
  },
  {
    id: 'tls.cert-expired',
    severity: 'error',
    title: 'The certificate expired {ago} ago',
    explanation:
      'The server certificate {subject} was valid until {notAfter}, {ago} ago. Every client that checks certificates refuses it: mail programs show a security ' +
      'warning or stop, and sending servers that require verified TLS (MTA-STS, DANE) stop delivering.',
    fix:
      'Renew the certificate, install it and reload the mail service (Postfix: `postfix reload`; Exchange: enable the new certificate for SMTP). With automatic renewal ' +
      '(certbot, acme.sh), check that renewal still runs and that its hook reloads the mail server too, not only the web server.',
    refs: ['RFC 5280 §4.1.2.5'],
    vars: ['subject', 'subjectName', 'notAfter', 'ago'],
    variants: {
      intermediate: {
        title: 'The intermediate certificate "{subjectName}" expired {ago} ago',
        explanation:
          "Along with its own certificate the server sends the intermediate CA certificate {subject}, and that one expired on {notAfter}, {ago} ago. The server's own " +
          'certificate may be fine; the chain is broken because the server still sends an old intermediate.',
        fix:
          "Replace the intermediate in the server's chain file with the current one from your CA (ACME clients write it into fullchain.pem and chain.pem at every renewal: " +
          'point the server at the new file), then reload the mail service.',
      },
    },
  },
  {
    id: 'tls.cert-not-yet-valid',
    severity: 'error',
    title: 'The certificate is not valid until {notBefore}',
    explanation:
      "The certificate {subject} only becomes valid on {notBefore}, {ahead} from now. Clients refuse it until then. Either a clock is wrong (this computer's, or the " +
      'one where the certificate was made), or a new certificate was installed before its start date.',
    fix: "Check this computer's date and time first: clock skew is the usual cause; turn on time synchronisation (NTP). If the clocks are right, put the previous certificate back until the new one is valid.",
    refs: ['RFC 5280 §4.1.2.5'],
    vars: ['subject', 'subjectName', 'notBefore', 'ahead'],
  },
  {
    id: 'tls.cert-expiring-soon',
    severity: 'warning',
    title: 'The certificate expires in {ahead}',
    explanation:
      'The certificate {subject} is valid until {notAfter}, {ahead} from now. After that date every client that checks certificates refuses it. Automatic renewal ' +
      'normally replaces a certificate 30 days before it expires, so less than 14 days left usually means renewal is failing.',
    fix:
      'Renew it before {notAfter}. With automatic renewal, check that it ran recently and that the mail server loaded the new file: a classic trap is a web server ' +
      'that gets the renewed certificate while the mail server keeps the old one in memory.',
    refs: ['RFC 5280 §4.1.2.5'],
    vars: ['subject', 'subjectName', 'notAfter', 'ahead'],
  },
  {
    id: 'tls.self-signed',
    severity: 'error',
    title: 'The certificate "{subjectName}" is self-signed',
    explanation:
      'The server certificate {subject} (for {certNames}) is signed with its own key, not by a certificate authority. Nothing vouches that it belongs to this server ' +
      '(anyone can make one just like it), so clients that check certificates refuse it. Many servers still run with the self-signed "snakeoil" certificate created at installation.',
    fix:
      "Get a certificate from a public CA for the name clients use (Let's Encrypt is free and renews automatically) and configure it in place of the self-signed one " +
      '(Postfix: `smtpd_tls_chain_files`; Exim: `tls_certificate` and `tls_privatekey`). For a private server with your own CA, issue the certificate from that CA and ' +
      "give SMTP Lens the CA's root certificate with `--ca FILE`.",
    refs: ['RFC 5280 §6.1'],
    vars: ['subject', 'subjectName', 'certNames'],
  },
  {
    id: 'tls.untrusted-root',
    severity: 'error',
    title: 'The chain ends at "{rootName}", a root this computer does not trust',
    explanation:
      'The chain from {subject} is complete, but it ends at the root CA {root}, which is not among the roots SMTP Lens trusts (the Mozilla list bundled with Node.js, ' +
      'NODE_EXTRA_CA_CERTS and any --ca file). For a company-internal CA that is expected. For a server the public uses it is not: the certificate comes from a CA ' +
      'nobody trusts, or a TLS-inspecting proxy or antivirus between you and the server re-signs the connection.',
    fix:
      "If {rootName} is your organisation's private CA, give its root certificate (PEM) to SMTP Lens with `--ca root.pem`, and install it on every client and sending " +
      'server that must trust this one. Take that file from whoever runs the CA, not from the server: a server can present any root it likes. For a server the public ' +
      'must reach, use a certificate from a publicly trusted CA. If you did not expect {rootName}, look for a proxy or security product between you and the server.',
    refs: ['RFC 5280 §6.1'],
    vars: ['root', 'rootName', 'subject', 'aiaUrl', 'top', 'limit'],
    variants: {
      'too-long': {
        title: 'The chain does not reach a trusted root within {limit} certificates',
        explanation:
          'Starting from {subject}, SMTP Lens followed each certificate to its issuer for {limit} certificates, up to {top}, without reaching a root it trusts ' +
          '(the Mozilla list bundled with Node.js, NODE_EXTRA_CA_CERTS and any --ca file). Real chains have two to four certificates. A chain this long ' +
          'that ends nowhere trusted is made up: anyone can create a certificate for any name and as many "intermediates" above it as they like. Nothing ' +
          'about this server is verified, and no credentials were sent.',
        fix:
          'Configure the server to send its own certificate and the one or two intermediates its CA gave it, nothing else. If you did not set this server up, ' +
          'treat the connection as intercepted: something between you and the server may be presenting its own certificates.',
      },
      loop: {
        title: 'The chain goes in a circle and never reaches a trusted root',
        explanation:
          'Starting from {subject}, the certificates issue each other: {top} was issued by {root}, which is already on the path. A path that loops never ' +
          'reaches a trust anchor (RFC 5280 §6.1), so nothing vouches for this server, and no credentials were sent. Real CAs do not issue certificates like this; ' +
          'it is a broken or forged chain.',
        fix:
          'Have the server send its own certificate and the intermediates its CA issued, in order, ending below a publicly trusted root (or your own CA, given ' +
          'to SMTP Lens with `--ca`). If you did not expect this, treat the connection as intercepted.',
      },
      'root-not-sent': {
        explanation:
          'The server sent {subject} and the intermediate {top}, as it should. That intermediate was issued by {root}, which the server did not send (servers ' +
          'need not send the root) and which is not among the roots SMTP Lens trusts (the Mozilla list bundled with Node.js, NODE_EXTRA_CA_CERTS and any --ca file). ' +
          "So the chain is complete from the server's side: the question is whether {rootName} should be trusted. For a company-internal CA that is expected; for a " +
          'server the public uses, the certificate comes from a CA nobody trusts.',
        fix:
          "If {rootName} is your organisation's private root CA, give its certificate (PEM) to SMTP Lens with `--ca root.pem`, and install it on every client and server " +
          'that must trust this one. If {rootName} is not a root but another intermediate, the server must send it too, after {top}. For a server the public must reach, ' +
          'use a certificate from a publicly trusted CA.',
      },
      fetched: {
        explanation:
          'The server sent only its certificate {subject}. Its issuer was missing, so SMTP Lens downloaded it from the address in the certificate ({aiaUrl}): it is the ' +
          'root CA {root}, which signed the server certificate directly. Nothing is missing from what the server sends (a root is never needed), but that root is not ' +
          'among the roots SMTP Lens trusts (the Mozilla list bundled with Node.js, NODE_EXTRA_CA_CERTS and any --ca file). For a company-internal CA that is expected; ' +
          'for a server the public uses, the certificate comes from a CA nobody trusts.',
      },
    },
  },
  {
    id: 'tls.weak-key',
    severity: 'warning',
    title: 'The certificate key is weak ({keyType}, {keyBits} bits)',
    explanation:
      'The certificate {subject} uses a {keyType} key of {keyBits} bits. RSA keys under 2048 bits (and elliptic-curve keys under 256 bits) are breakable or close to it; ' +
      'public CAs stopped issuing them years ago, and many TLS setups refuse them (OpenSSL 3.2 and later, and several Linux distributions, reject RSA keys under 2048 bits by default).',
    fix: 'Create a new key, at least RSA 2048 (3072 is better) or ECDSA P-256, get a certificate for it and install both.',
    refs: ['NIST SP 800-131A', 'CA/Browser Forum Baseline Requirements §6.1.5'],
    vars: ['subject', 'subjectName', 'keyType', 'keyBits'],
  },
  {
    id: 'tls.verification-disagreement',
    severity: 'error',
    title: 'SMTP Lens and the TLS library disagree about the certificate',
    explanation:
      'SMTP Lens checks the chain in two independent ways: its own path building, which explains each link, and the TLS library (OpenSSL in Node.js, ' +
      "BoringSSL in the desktop app). Here SMTP Lens's own check says {own}, and the TLS library says {library}. A certificate is called verified, and " +
      'credentials are sent, only when both agree, so this session treats the certificate as NOT verified.',
    fix:
      'Look at the other certificate findings: they name the link each check objects to. If there are none, the chain has something unusual that one of the ' +
      'two checks does not accept (an unusual extension, a name constraint, a key or signature type); compare with `openssl s_client -verify_return_error` ' +
      'and report the transcript to the SMTP Lens developers.',
    refs: ['RFC 5280 §6.1', 'RFC 6125 §6'],
    vars: ['own', 'library'],
  },
  {
    id: 'tls.weak-signature',
    severity: 'warning',
    title: 'The certificate "{subjectName}" is signed with {sigAlg}',
    explanation:
      'The certificate {subject} carries a {sigAlg} signature. MD5 and SHA-1 allow forged certificates through collision attacks, so such a signature proves little. ' +
      'Public CAs stopped using them years ago, and many TLS libraries reject them at their default settings.',
    fix: 'Have the certificate reissued with a SHA-256 (or stronger) signature. This concerns the certificates the server sends; the signature on a trusted root itself does not matter.',
    refs: ['RFC 9155', 'RFC 6151', 'RFC 6194'],
    vars: ['subject', 'subjectName', 'sigAlg'],
  },
]);
