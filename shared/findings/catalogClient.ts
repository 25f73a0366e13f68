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
  {
    id: 'client.header-missing',
    severity: 'warning',
    title: 'The message has no {missing} header',
    explanation:
      'RFC 5322 §3.6 requires Date and From in every message, and Message-ID should be there too. This message lacks {missing}. Gmail refuses or junks ' +
      'mail without them ("550 5.7.1 … not RFC 5322 compliant"), Microsoft 365 scores it as suspicious, and some servers add the missing ones with wrong values.',
    fix: "Fix the sending application or the device's mail template so that it writes Date, From and Message-ID; most mail libraries do when given a From address.",
    refs: ['RFC 5322 §3.6', 'RFC 5322 §3.6.4'],
    vars: ['missing'],
  },
  {
    id: 'client.8bit-without-8bitmime',
    severity: 'warning',
    title: 'The message has 8-bit data, and the client did not say BODY=8BITMIME',
    explanation:
      'Octets above 127 were sent without the BODY=8BITMIME parameter on MAIL FROM (RFC 6152 §3). A server that does not offer 8BITMIME may refuse or ' +
      'damage the message, and a strict relay must not pass it on as it is.',
    fix: 'Send the text as quoted-printable or base64 (Content-Transfer-Encoding), which every mail library does on request, or add BODY=8BITMIME when the server offers it.',
    refs: ['RFC 6152 §3', 'RFC 2045 §6'],
    vars: [],
  },
  {
    id: 'client.long-line',
    severity: 'warning',
    title: 'A line of {octets} octets, over the 998 SMTP allows',
    explanation:
      'RFC 5321 §4.5.3.1.6 limits a text line to 1,000 octets with its CRLF (RFC 5322 §2.1.1: 998 characters). Servers break such lines, refuse the ' +
      'message ("500 Line too long"), or, for HTML sent in one line, break the layout in the middle of a tag.',
    fix: 'Have the application encode the body as quoted-printable or base64, which wraps lines; or wrap long HTML before sending.',
    refs: ['RFC 5321 §4.5.3.1.6', 'RFC 5322 §2.1.1'],
    vars: ['octets'],
  },
  {
    id: 'client.bare-lf',
    severity: 'error',
    title: 'The client sent a bare {ending} {where}',
    explanation:
      'SMTP lines end with CRLF (RFC 5321 §2.3.8). Since the SMTP smuggling disclosures (CVE-2023-51764), Postfix 3.9 and later, Exchange Online and ' +
      'Gmail refuse bare line endings ("550 5.7.1 … bare <LF> received"), so this client will fail there even if older servers took it.',
    fix: "Fix the client's line endings: most libraries have an option (PHP mail() and some scripts write LF only); a mail library that writes CRLF fixes it for good.",
    refs: ['RFC 5321 §2.3.8', 'RFC 5321 §4.1.1.4'],
    vars: ['ending', 'where'],
  },
  {
    id: 'client.smtputf8-missing',
    severity: 'warning',
    title: 'A UTF-8 address without SMTPUTF8: {address}',
    explanation:
      'The address {address} has non-ASCII characters, and MAIL FROM did not carry the SMTPUTF8 parameter (RFC 6531 §3.4). Servers that do not support ' +
      'it, or are not told, refuse such addresses ("553 5.6.7").',
    fix: 'Send SMTPUTF8 with MAIL FROM when the server offers it, or use the ASCII form of the domain (its A-label, xn--…) and an ASCII local part.',
    refs: ['RFC 6531 §3.4', 'RFC 6531 §3.2'],
    vars: ['address'],
  },
  {
    id: 'client.provider-refusal',
    severity: 'warning',
    title: '{provider} ({endpoint}) would refuse this client',
    explanation:
      '{provider} requires {requirements}. This client {did}. Set the same way and pointed at {endpoint}, it would be refused there ' +
      '(source: {source}).',
    fix: 'Change what the client does on each point above, then send through this listener again: with --behave strict it refuses old TLS and anything before STARTTLS, as {provider} does.',
    refs: ['RFC 8314 §3', 'RFC 4954 §4'],
    vars: ['provider', 'endpoint', 'requirements', 'did', 'source'],
  },
  {
    id: 'client.pipelining-violation',
    severity: 'warning',
    title: 'The client sent more after {verb} in the same write',
    explanation:
      '{verb} must end a group of pipelined commands (RFC 2920 §3.1{starttls}): the client has to wait for its reply. This client went on in the same ' +
      'write with "{followedBy}". Servers answer such clients "554 5.5.0 Error: SMTP protocol synchronization" (Postfix) or drop the extra lines.',
    fix: 'Use a mail library that waits for each reply where SMTP requires it; most do. For STARTTLS in particular, the client must not send anything before the handshake.',
    refs: ['RFC 2920 §3.1', 'RFC 3207 §5'],
    vars: ['verb', 'followedBy', 'starttls'],
  },
  {
    id: 'client.implicit-tls-expected',
    severity: 'error',
    title: 'The client started TLS at once, on a STARTTLS port',
    explanation:
      'Its first bytes were a TLS ClientHello ({newest}), sent before the greeting: it expects TLS from the first byte, as on port 465 (RFC 8314 §3.3). ' +
      'This port speaks plain SMTP first and upgrades with STARTTLS (RFC 3207), so the two never agree; devices report "connection reset" or "timeout".',
    fix: 'Match the security setting to the port: "SSL/TLS" (implicit) with 465, "STARTTLS" with 587 or 25. Here: set the client to STARTTLS, or run the listener with --tls implicit.',
    refs: ['RFC 8314 §3.3', 'RFC 3207 §4'],
    vars: ['newest'],
  },
  {
    id: 'client.helo-only',
    severity: 'warning',
    title: 'The client said HELO, not EHLO',
    explanation:
      'HELO is the SMTP of 1982 (RFC 821): the server cannot tell the client about any extension, so there is no STARTTLS, no AUTH, no 8BITMIME and no ' +
      'SIZE in this session. Any server that requires TLS or a login refuses such a client.',
    fix: 'Turn on "ESMTP", "extended SMTP" or "authentication" in the device; a client that can only say HELO cannot send through Microsoft 365 or Gmail at all.',
    refs: ['RFC 5321 §4.1.1.1', 'RFC 5321 §2.2.1'],
    vars: [],
  },
  {
    id: 'client.login-not-address',
    severity: 'info',
    title: 'The client logs in as "{user}", not as a full address',
    explanation:
      'Microsoft 365, Gmail and most providers expect the full mailbox address as the user name (alice@example.com). A bare name works only on servers that ' +
      'add the domain themselves, and fails elsewhere with "535 5.7.8 Authentication credentials invalid".',
    fix: "Enter the whole address in the device's user name field.",
    refs: ['RFC 4954 §4', 'RFC 4616 §2'],
    vars: ['user'],
  },
  {
    id: 'client.auth-retry-storm',
    severity: 'warning',
    title: 'The client was refused {count} logins in one session, and kept trying',
    explanation:
      'It went on trying AUTH after being refused. Servers count such failures: Microsoft 365 and Gmail block the account or the address for a while ' +
      '("454 4.7.0 Too many login attempts"), and fail2ban-style rules on a self-hosted server ban the client\'s IP address.',
    fix: 'Fix the stored password once, then restart the device; a client that retries a wrong password at once should be set to wait, or to stop after one failure.',
    refs: ['RFC 4954 §6'],
    vars: ['count'],
  },
  {
    id: 'client.sender-not-login',
    severity: 'warning',
    title: 'It logged in as {user} but sends as {sender}',
    explanation:
      'MAIL FROM gives {sender}, and the login was {user}. Microsoft 365 refuses this unless the mailbox has "Send As" rights ("550 5.7.60 SendAsDenied"), ' +
      'Gmail rewrites the sender to the account, and Postfix with reject_sender_login_mismatch refuses it.',
    fix: 'Use the logged-in address as the sender, or give that mailbox the right to send as the other one (Microsoft 365: Send As; Gmail: "Send mail as").',
    refs: ['RFC 4954 §5', 'RFC 6409 §4.2'],
    vars: ['user', 'sender'],
  },
]);
