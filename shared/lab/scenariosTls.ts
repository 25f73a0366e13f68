// The practice scenarios about setting up TLS: a server that insists on it, one that lacks it,
// and four that present a broken certificate after STARTTLS.
import { LAB_HOSTNAME, OWN_RECIPIENTS, type ScenarioInfo } from './scenarioTypes';

const OWN = [...OWN_RECIPIENTS];
/** The certificate scenarios: a mail client set up for 587 that means to log in and send. */
const SUBMITTING_CLIENT = { tls: 'starttls' as const, auth: true, to: OWN };
const WITHHELD =
  'Because verification failed, SMTP Lens does not send the password: over a connection that could be intercepted it would go to the interceptor.';

export const TLS_SCENARIOS: ScenarioInfo[] = [
  {
    name: 'tls-required',
    group: 'tls',
    realPort: 587,
    summary:
      'Like port 587 set to require TLS: MAIL or AUTH before STARTTLS gets "530 5.7.0 Must issue a STARTTLS command first".',
    notice:
      'This client does not use STARTTLS. EHLO works and its reply lists STARTTLS but no AUTH. MAIL FROM is then answered ' +
      '"530 5.7.0 Must issue a STARTTLS command first", and so is every command but EHLO, STARTTLS, NOOP and QUIT (RFC 3207 §4). ' +
      'Switch the client to STARTTLS and log in, and the same server takes the message.',
    explainFix:
      'On a submission port the server is right and the client must change: connection security STARTTLS on 587, or SSL/TLS on 465. ' +
      'The server side of this is Postfix `smtpd_tls_security_level = encrypt` (in master.cf for the submission service only: RFC 3207 §4 forbids ' +
      'requiring TLS on a publicly referenced MX, so leave port 25 at `may`). Exim: `deny !encrypted = *` in the MAIL ACL for port 587. ' +
      'Exchange: `Set-ReceiveConnector -RequireTLS $true` on the client connector.',
    refs: ['RFC 3207 §4', 'RFC 8314 §3.3'],
    client: { tls: 'none', auth: false, to: OWN },
    expectedFindings: ['tls.encryption-required'],
  },
  {
    name: 'no-starttls',
    group: 'tls',
    realPort: 587,
    summary: 'A server without TLS: no STARTTLS in EHLO ("502" if tried), and AUTH offered in plain text.',
    notice:
      'The EHLO reply has no STARTTLS, yet it offers AUTH PLAIN LOGIN: a password sent here would cross the network readable by anyone on the path. ' +
      'The client asked for STARTTLS, so SMTP Lens stops after EHLO rather than go on unencrypted, and sends no password. Typing STARTTLS anyway ' +
      'gets "502 5.5.1 Error: command not implemented".',
    explainFix:
      'Install a certificate and turn TLS on. Postfix: `smtpd_tls_chain_files` (key, certificate and intermediate), `smtpd_tls_security_level = may` ' +
      'on port 25 and `encrypt` on 587, and `smtpd_tls_auth_only = yes` so AUTH is never offered in plain text. Exim: tls_certificate, tls_privatekey, ' +
      '`tls_advertise_hosts = *`, and `server_advertise_condition = ${if def:tls_in_cipher}` on the authenticators. Exchange: ' +
      '`Enable-ExchangeCertificate -Services SMTP` and require TLS for basic authentication on the connector. If the server has TLS and clients still ' +
      'see no STARTTLS, a firewall with SMTP inspection (Cisco `inspect esmtp`) may be removing it.',
    refs: ['RFC 3207 §4', 'RFC 4954 §4'],
    client: SUBMITTING_CLIENT,
    expectedFindings: ['tls.starttls-not-offered', 'auth.offered-before-tls'],
  },
  {
    name: 'missing-intermediate',
    group: 'tls',
    realPort: 587,
    summary: 'STARTTLS with a certificate sent without its intermediate CA: clients cannot build the chain.',
    notice:
      `The handshake succeeds, but the server sends one certificate (${LAB_HOSTNAME}) where it should send two: the intermediate "SMTP Lens Test ` +
      'Intermediate CA" is missing, so the chain cannot be built up to the trusted root even with the lab root CA trusted. Browsers hide this mistake by ' +
      `downloading the intermediate from the AIA URL; mail clients and servers do not. ${WITHHELD}`,
    explainFix:
      'Configure the full chain: the server certificate followed by the intermediate. Postfix: `smtpd_tls_chain_files` with the key, the certificate ' +
      'and the intermediate (with certbot that is fullchain.pem, not cert.pem), then `postfix reload`. Exim: `tls_certificate = .../fullchain.pem`. ' +
      'Exchange builds the chain from the Windows store: import the intermediate into "Intermediate Certification Authorities" of the computer account. ' +
      'Check with `openssl s_client -starttls smtp -connect HOST:587 -showcerts`: it must show two certificates.',
    refs: ['RFC 8446 §4.4.2', 'RFC 5246 §7.4.2', 'RFC 5280 §4.2.2.1', 'RFC 3207 §4.1'],
    client: SUBMITTING_CLIENT,
    expectedFindings: ['tls.chain-incomplete', 'auth.withheld'],
  },
  {
    name: 'hostname-mismatch',
    group: 'tls',
    realPort: 587,
    summary: `STARTTLS with a certificate for wrong.example.net, not ${LAB_HOSTNAME}.`,
    notice:
      `The chain is complete and trusted, but the certificate names only wrong.example.net while the client asked for ${LAB_HOSTNAME} (the SNI ` +
      'name, which is also the name checked). Anyone can get a valid certificate for some name; it proves nothing unless it is for the name you ' +
      `connected to. ${WITHHELD}`,
    explainFix:
      'Get a certificate whose subjectAltName lists the name clients use (the MX host name, or the submission name such as mail.example.com), or point ' +
      'clients at a name the certificate already covers. Postfix: `smtpd_tls_chain_files`; for several names use one certificate with all of them, or ' +
      'per-name certificates with `tls_server_sni_maps` (Postfix 3.4 and later). Exim: tls_certificate can depend on `${tls_in_sni}`. Exchange: assign a ' +
      "certificate with the right name (Enable-ExchangeCertificate -Services SMTP) and make the connector's FQDN and TlsCertificateName match it.",
    refs: ['RFC 9525 §6', 'RFC 6066 §3', 'RFC 3207 §4.1'],
    client: SUBMITTING_CLIENT,
    expectedFindings: ['tls.hostname-mismatch', 'auth.withheld'],
  },
  {
    name: 'expired-cert',
    group: 'tls',
    realPort: 587,
    summary: 'STARTTLS with a certificate that expired 30 days ago.',
    notice:
      "The chain is complete and trusted and the name is right, but the certificate's notAfter date is 30 days in the past. Mail clients refuse it or " +
      `ask the user to accept it anyway, which teaches users to click through real attacks. ${WITHHELD}`,
    explainFix:
      'Renew the certificate and make the server load the new one. Postfix reads certificates when its processes start: run `postfix reload` after ' +
      'renewing (a certbot deploy hook does it). Exim: restart or reload after renewing. Exchange: install the new certificate, ' +
      '`Enable-ExchangeCertificate -Services SMTP`, update TlsCertificateName on the connectors, then remove the expired one. Monitor expiry dates: ' +
      'SMTP Lens warns when a certificate is close to its end.',
    refs: ['RFC 5280 §4.1.2.5', 'RFC 5280 §6.1.3', 'RFC 3207 §4.1'],
    client: SUBMITTING_CLIENT,
    expectedFindings: ['tls.cert-expired', 'auth.withheld'],
  },
  {
    name: 'self-signed',
    group: 'tls',
    realPort: 587,
    summary: 'STARTTLS with a self-signed certificate that no client trusts.',
    notice:
      'The server sends a single certificate whose issuer is itself. Nothing vouches for it, so an interceptor could present one just like it. ' +
      `Trusting the lab root CA does not help: this certificate was not issued by it. ${WITHHELD}`,
    explainFix:
      "Use a certificate from a CA your clients trust (Let's Encrypt works for mail servers too), or, for internal use only, your own CA installed on " +
      'every client. Common culprits are defaults left in place: Debian\'s "snakeoil" certificate (/etc/ssl/certs/ssl-cert-snakeoil.pem) in Postfix\'s ' +
      'smtpd_tls_chain_files, the certificate exim4 generates at installation, and the self-signed "Microsoft Exchange" certificate, which must be ' +
      'replaced with `Enable-ExchangeCertificate -Services SMTP` on a CA-issued one.',
    refs: ['RFC 5280 §6.1', 'RFC 3207 §4.1'],
    client: SUBMITTING_CLIENT,
    expectedFindings: ['tls.self-signed', 'auth.withheld'],
  },
];
