// Catalog entries for the client side (`smtp-lens listen`, where SMTP Lens is the server a
// device or an application talks to): what the client offered and did, and what real servers
// would make of it. See catalog.ts for the entry format.

import { defineFindings } from './defineFindings';

export const CLIENT_FINDINGS = defineFindings([
  {
    id: 'client.tls-outdated',
    severity: 'error',
    title: 'The client offers nothing newer than {newest}',
    explanation:
      'Its ClientHello offers {versions}. TLS 1.0 and 1.1 are deprecated (RFC 8996), and Microsoft 365, Gmail and most providers refuse them: the ' +
      'handshake fails before any mail is sent, which devices report as "cannot connect" or "TLS error". Printers, scanners and old CMS plugins are the ' +
      'usual senders of such hellos. JA4 {ja4}.',
    fix:
      "Update the device's firmware or the application's TLS library, or turn on TLS 1.2 in its settings (some have a switch). If it cannot be updated, " +
      'let it send through a local relay that accepts TLS 1.0 on the LAN only and delivers onward with TLS 1.2 or later, and plan its replacement.',
    refs: ['RFC 8996', 'RFC 8446 §4.2.1'],
    vars: ['newest', 'versions', 'ja4'],
  },
  {
    id: 'client.no-sni',
    severity: 'info',
    title: 'The client does not say which server it wants (no SNI)',
    explanation:
      'Its ClientHello has no server_name. A server with certificates for several names cannot pick the right one, and sends its default certificate, ' +
      'which the client may then reject. Clients leave SNI out when they connect by IP address (RFC 6066 §3 forbids IP literals in it), or when they are old.',
    fix: "Configure the client with the server's host name (smtp.example.com), not its IP address, so that it sends SNI and checks the certificate against that name.",
    refs: ['RFC 6066 §3'],
    vars: [],
  },
  {
    id: 'client.no-starttls',
    severity: 'warning',
    title: 'The client did not use STARTTLS, although it was offered',
    explanation:
      'The EHLO reply listed STARTTLS, and the client went on in plain text: {what} crossed the network unencrypted. Servers that require TLS (Microsoft 365 ' +
      'on smtp.office365.com, Gmail on smtp.gmail.com, any Postfix with smtpd_tls_security_level = encrypt) answer this client "530 Must issue a STARTTLS command first".',
    fix: 'Set the client\'s security to "STARTTLS" (often labelled TLS, or "use secure connection"), with port 587; or "SSL/TLS" with port 465.',
    refs: ['RFC 3207 §4', 'RFC 8314 §3'],
    vars: ['what'],
  },
  {
    id: 'client.auth-before-tls',
    severity: 'error',
    title: 'The client sent its credentials before TLS ({mechanism})',
    explanation:
      'It sent AUTH {mechanism} on an unencrypted connection: anyone on the path could read the user name and the password. SMTP Lens recorded only that ' +
      'credentials were sent, never the password. Servers configured as RFC 4954 §4 advises refuse AUTH before TLS, so this client would also fail there.',
    fix: 'Change the password the client used, then set the client to use STARTTLS (port 587) or SSL/TLS (port 465) before it logs in.',
    refs: ['RFC 4954 §4', 'RFC 3207 §6'],
    vars: ['mechanism'],
  },
  {
    id: 'client.bad-ehlo-name',
    severity: 'warning',
    title: 'The client introduces itself as "{name}"',
    explanation:
      "EHLO (or HELO) must give the client's fully qualified domain name, or its address as a literal in brackets such as [192.0.2.10] (RFC 5321 §4.1.4, " +
      '§4.1.3). "{name}" is {why}. Many receivers (Postfix reject_invalid_helo_hostname or reject_non_fqdn_helo_hostname, spam filters) refuse or score such names.',
    fix: 'Set the device\'s "host name" or "EHLO/HELO name" to its full DNS name, one that resolves to its address; or leave it to send its address in brackets.',
    refs: ['RFC 5321 §4.1.4', 'RFC 5321 §4.1.3'],
    vars: ['name', 'why'],
  },
]);
