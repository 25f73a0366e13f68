// Catalog entries for AUTH, the envelope and policy replies, and the security probes.
// See catalog.ts for the entry format.

import type { CatalogEntry } from './catalog';

export const SESSION_FINDINGS: readonly CatalogEntry[] = [
  // ---- AUTH ----------------------------------------------------------------------------
  {
    id: 'auth.not-offered',
    severity: 'error',
    title: 'The server does not offer AUTH on port {port}',
    explanation:
      'AUTH is not in the server\'s EHLO reply, so there is no way to log in on this connection. That is normal on port 25, which is for server-to-server ' +
      'delivery. On a submission port it usually means AUTH appears only after STARTTLS, or login is not set up.',
    fix:
      'Use a submission port (587 with STARTTLS, 465 with implicit TLS) and start TLS before logging in. On the server: Postfix needs `smtpd_sasl_auth_enable = yes` ' +
      '(usually on the submission services in master.cf) with Dovecot or Cyrus SASL; Exim needs authenticators; Exchange needs Basic or Integrated authentication on the client receive connector.',
    refs: ['RFC 4954 §3', 'RFC 6409 §3.1'],
    vars: ['port'],
  },
  {
    id: 'auth.offered-before-tls',
    severity: 'warning',
    title: 'Passwords could travel unencrypted ({mechanisms})',
    explanation:
      'Before any encryption the server already offers {mechanisms}. These send the password in a form anyone on the path can read: base64 is an encoding, not encryption. ' +
      'A misconfigured client, or an attacker who deletes STARTTLS from the EHLO reply, can get the password sent in clear.',
    fix:
      'Offer AUTH only after TLS. Postfix: `smtpd_tls_auth_only = yes`. Exim: `server_advertise_condition = ${if def:tls_in_cipher}` in each authenticator. ' +
      'Exchange: on the receive connector use BasicAuthRequireTLS instead of plain BasicAuth. Better still, move users to port 465 (implicit TLS).',
    refs: ['RFC 4954 §4', 'RFC 4616', 'RFC 3207 §6'],
    vars: ['mechanisms'],
  },
  {
    id: 'auth.mechanism-unsupported',
    severity: 'error',
    title: 'The server does not offer {mechanism}',
    explanation: 'You asked to log in with {mechanism}, but the server only offers: {offered}.',
    fix:
      'Pick one of the offered mechanisms with `--auth-mech`. PLAIN and LOGIN are fine inside TLS; XOAUTH2 needs an OAuth access token instead of a password. ' +
      'If the list looks short, compare it before and after STARTTLS.',
    refs: ['RFC 4954 §4'],
    vars: ['mechanism', 'offered'],
  },
  {
    id: 'auth.failed',
    severity: 'error',
    title: 'Login failed',
    explanation:
      'The server refused the credentials: "{reply}". Most often the user name or password is wrong. Large providers also answer 535 when password logins are ' +
      'switched off for the account or tenant (Microsoft 365 "SmtpClientAuthentication is disabled"), or ask for an app password (Gmail 534 5.7.9).',
    fix:
      'Check the user name (often the full email address) and the password. Microsoft 365: SMTP AUTH must be enabled for the mailbox, and Microsoft is retiring password ' +
      '(Basic) logins for it in favour of OAuth. Gmail and Google Workspace: use OAuth (XOAUTH2) or an app password. On your own server the log says why ' +
      '(Postfix with Dovecot: "SASL PLAIN authentication failed").',
    refs: ['RFC 4954 §6'],
    vars: ['reply'],
  },
  {
    id: 'auth.required',
    severity: 'error',
    title: 'The server requires a login before {command}',
    explanation: 'The server answered {command} with "{reply}": on this connection it only takes mail from logged-in users. That is the normal rule on submission ports (587, 465).',
    fix:
      'Log in first: give `--auth-user` and a password (`--auth-pass-env` or `--auth-pass-stdin`). In a mail client, turn on "my outgoing server requires authentication". ' +
      'To deliver to a domain this server hosts, use port 25 instead, where no login is needed.',
    refs: ['RFC 4954 §6', 'RFC 6409 §4.3'],
    vars: ['reply', 'command'],
  },
  {
    id: 'auth.encryption-required',
    severity: 'error',
    title: 'This login method needs an encrypted connection',
    explanation: 'The server answered "{reply}": the chosen mechanism is only allowed over TLS (reply 538, enhanced code 5.7.11).',
    fix: 'Start TLS first (`--tls starttls` on port 587, or `--tls implicit` on port 465), then log in.',
    refs: ['RFC 4954 §6'],
    vars: ['reply'],
  },
  {
    id: 'auth.withheld',
    severity: 'error',
    title: 'SMTP Lens did not send your credentials',
    explanation: 'SMTP Lens refused to log in with {mechanism} because this connection is not safe for credentials.',
    fix: 'Make the connection safe (TLS with a certificate that verifies) and try again.',
    refs: ['RFC 4954 §4', 'RFC 7817'],
    vars: ['mechanism'],
    variants: {
      plaintext: {
        title: 'Credentials not sent: the connection is not encrypted',
        explanation:
          'SMTP Lens did not log in with {mechanism}, because the connection is plain text. Anyone on the path (the Wi-Fi, the provider, a compromised router) ' +
          'could read the password; base64 does not hide it.',
        fix:
          'Use STARTTLS (`--tls starttls`, port 587) or implicit TLS (`--tls implicit`, port 465). Only on a lab or a network you fully control, override with ' +
          '`--allow-plaintext-auth`: the password is then exposed to everything on the path, so change it afterwards if the path was not private.',
      },
      unverified: {
        title: 'Credentials not sent: the certificate did not verify',
        explanation:
          'The connection is encrypted, but the certificate failed verification, so SMTP Lens cannot tell the real server from an impostor in the middle. ' +
          'Logging in with {mechanism} could hand the password to the impostor.',
        fix:
          'Fix the certificate problem reported above, or connect with the name on the certificate; for a private CA, pass it with `--ca FILE`. `--allow-unverified-auth` ' +
          'sends the credentials anyway. Use it only when you know why verification fails and trust the network path: encryption without verification does not stop a man in the middle.',
      },
    },
  },

  // ---- Envelope and policy -------------------------------------------------------------
  {
    id: 'smtp.relay-denied',
    severity: 'error',
    title: 'The server will not relay mail to {recipient}',
    explanation:
      'The server answered "{reply}". A server accepts mail for the domains it hosts; it passes mail on to other domains (relays) only for senders it trusts, ' +
      'usually logged-in users or its own networks. Refusing everyone else is what stops it from being an open relay.',
    fix:
      'To send mail out through this server, log in on the submission port. If the server should receive mail for that domain, add the domain to its accepted domains ' +
      '(Postfix: mydestination, virtual_mailbox_domains or relay_domains; Exchange: accepted domains).',
    refs: ['RFC 5321 §3.6.2', 'RFC 5321 §7.1', 'RFC 3463 §3.8'],
    vars: ['recipient', 'reply'],
    variants: {
      'no-auth': {
        title: 'Relay denied: you are not logged in',
        explanation:
          'The server refused to pass mail on to {recipient} ("{reply}") because this session did not log in. Servers relay only for authenticated users or trusted networks.',
        fix:
          'Use the submission port, 587 with STARTTLS or 465 with implicit TLS, and log in (`--auth-user`). In a mail client, turn on "outgoing server requires authentication". ' +
          'Devices that cannot log in (scanners, old apps) need an explicit exception for their IP address (Postfix: mynetworks; Exchange: a receive connector for anonymous relay limited to that address).',
      },
      'no-auth-port25': {
        title: 'Port 25 accepts mail only for this server\'s own domains',
        explanation:
          'On port 25 this server accepts mail addressed to the domains it hosts. {recipient} is not one of them, so it answered "{reply}". ' +
          'Port 25 is for server-to-server delivery, not for sending mail out through the server.',
        fix:
          'To test delivery to {recipient}, connect to the MX host of that address\'s domain (`dig MX` the domain). To send mail out through this server, ' +
          'use the submission port (587 or 465) and log in.',
      },
      'after-auth': {
        title: 'Logged in, but this account may not send this',
        explanation:
          'The login worked, yet the server refused {recipient} ("{reply}"). A policy limits what this account may do: which sender addresses it may use, or which recipients it may reach.',
        fix:
          'Send from an address the account owns. Postfix: check smtpd_sender_login_maps with reject_sender_login_mismatch, and that permit_sasl_authenticated comes ' +
          'before reject_unauth_destination in smtpd_relay_restrictions. Exchange: check the connector permissions and the Send As rights of the account.',
      },
    },
  },
  {
    id: 'smtp.sender-rejected',
    severity: 'error',
    title: 'The sender address {sender} was refused',
    explanation:
      'The server answered MAIL FROM with "{reply}". Usual reasons: the sender\'s domain does not exist in DNS (so bounces could not come back), the address is badly written, ' +
      'SPF does not allow this host to send for the domain, or a logged-in account used an address it does not own.',
    fix:
      'Use a sender address in a real domain that has MX or A records; when testing, use a domain you control rather than an invented one. ' +
      'When logged in, send from the account\'s own address. The reply text usually names the rule that refused it.',
    refs: ['RFC 5321 §3.3', 'RFC 3463 §3.2'],
    vars: ['sender', 'reply'],
  },
  {
    id: 'smtp.recipient-unknown',
    severity: 'error',
    title: 'The recipient {recipient} does not exist here',
    explanation: 'The server answered "{reply}": it handles that domain but has no mailbox by that name. Typos, people who left and old aliases are the usual causes.',
    fix:
      'Check the spelling. If the mailbox should exist, check the server: Postfix looks recipients up in local_recipient_maps or virtual_mailbox_maps and the reply ' +
      'names the table ("User unknown in virtual mailbox table"). Exchange Online: check that the recipient exists, or is synced from on-premises.',
    refs: ['RFC 5321 §3.3', 'RFC 3463 §3.2'],
    vars: ['recipient', 'reply'],
  },
  {
    id: 'smtp.greylisted',
    severity: 'warning',
    title: 'Greylisted: the server asks you to come back later',
    explanation:
      'The server answered "{reply}". Greylisting refuses mail for a while when it sees a new combination of sending IP, sender and recipient. ' +
      'Real mail servers retry and get through; much spam software never retries.',
    fix:
      'Nothing is broken. A real mail server retries and succeeds, usually after a few minutes. To check, run the same probe again after the delay, from the same IP address. ' +
      'If you send from many IP addresses (a pool at a mail provider), each one is greylisted separately: ask the receiving admin to exempt them.',
    refs: ['RFC 6647', 'RFC 5321 §4.5.4.1'],
    vars: ['reply'],
  },
  {
    id: 'smtp.rate-limited',
    severity: 'warning',
    title: 'The server is limiting how much you send',
    explanation:
      'The server answered "{reply}": too many connections, messages or recipients from your address in a short time, or a slow-down because of reputation. ' +
      'It is temporary; the server wants you to come back later and more slowly.',
    fix:
      'Wait and retry with fewer connections at once. On your sending server, lower the concurrency and rate per destination (Postfix: default_destination_concurrency_limit, ' +
      'smtp_destination_rate_delay). With large providers, follow their bulk-sender rules: SPF, DKIM and DMARC in place, and volume increased gradually.',
    refs: ['RFC 5321 §3.8', 'RFC 5321 §4.5.4.1'],
    vars: ['reply'],
  },
  {
    id: 'smtp.policy-rejected',
    severity: 'error',
    title: 'Refused by the server\'s policy',
    explanation:
      'The server answered "{reply}". This is a policy decision, not a fault: the sending IP address may be on a blocklist or lack reverse DNS, the message may have failed ' +
      'SPF, DKIM or DMARC checks, or a content filter rejected it.',
    fix:
      'Read the reply text: it usually names the reason or gives a link. Look up the sending IP on the blocklist it names and ask for removal once the cause is fixed. ' +
      'Give the sending IP a PTR record that resolves back to it; make sure SPF includes it, DKIM signs the mail and DMARC aligns. Microsoft has a delisting portal (sender.office.com); Google has Postmaster Tools.',
    refs: ['RFC 3463 §3.8', 'RFC 7372 §3', 'RFC 7208 §8.4'],
    vars: ['reply'],
  },
  {
    id: 'smtp.message-too-large',
    severity: 'error',
    title: 'The message is too large for the server',
    explanation:
      'The server answered "{reply}": the message is bigger than its size limit. Attachments grow by about a third when encoded for email, so a 20 MB file needs about 27 MB of room.',
    fix:
      'Send a smaller message, or share big files by link. On your own receiving server, raise the limit: Postfix message_size_limit (mailbox_size_limit must not be smaller), ' +
      'Exim message_size_limit, Exchange MaxReceiveSize on the connector and the organisation limits. The SIZE value in the EHLO reply shows the current limit.',
    refs: ['RFC 1870', 'RFC 5321 §4.5.3.1.7', 'RFC 3463 §3.4'],
    vars: ['reply'],
  },
  {
    id: 'smtp.temporary-failure',
    severity: 'warning',
    title: 'Temporary failure: try again later',
    explanation:
      'The server answered "{reply}". A 4xx reply means the problem should pass: the server is busy, short of disk space, cannot reach a database or DNS, or is restarting. ' +
      'A sending mail server keeps the message and retries.',
    fix:
      'Try again in a few minutes. If it persists and the server is yours, its log says what failed (disk space, a lookup table, the content filter, DNS). ' +
      'Mail servers keep retrying for days before they give up (Postfix: maximal_queue_lifetime, 5 days by default).',
    refs: ['RFC 5321 §4.2.1', 'RFC 5321 §4.5.4.1'],
    vars: ['reply'],
  },
  {
    id: 'smtp.timeout',
    severity: 'error',
    title: 'The server stopped answering during {stage}',
    explanation:
      'No reply came within {seconds} seconds. The server may be overloaded or stuck on a slow lookup (DNS, a content filter, a policy service), or a firewall dropped the connection without telling either side.',
    fix:
      'Try again and see whether it stops at the same stage. After the message data, slow content filters (antivirus, spam scanning) are the usual cause, and RFC 5321 ' +
      'lets clients wait up to 10 minutes for that reply. At other stages, check the server\'s DNS and policy services.',
    refs: ['RFC 5321 §4.5.3.2'],
    vars: ['stage', 'seconds'],
  },
  {
    id: 'smtp.protocol-violation',
    severity: 'error',
    title: 'The conversation broke SMTP\'s rules',
    explanation:
      'Something in this session does not follow SMTP: {detail}. Either the server sent a reply SMTP does not allow, or the server says the client broke a rule.',
    fix: 'Read the detail above. A malformed reply is a server bug or a device in the path rewriting traffic; a complaint about the client names what the server expected instead.',
    refs: ['RFC 5321 §4.2', 'RFC 5321 §4.2.1'],
    vars: ['detail'],
    variants: {
      'malformed-reply': {
        title: 'The server sent a malformed reply',
        explanation:
          'The server\'s reply breaks SMTP\'s format: {detail}. Every reply line must start with a three-digit code followed by a hyphen (more lines follow) or a space ' +
          '(last line), and all lines of one reply carry the same code.',
        fix:
          'This is a server bug or misconfiguration, or a device in the path that rewrites SMTP (some firewalls and load balancers do). Compare with a connection from another network, ' +
          'and report the transcript to the server\'s vendor.',
      },
      'client-rejected': {
        title: 'The server says the client broke SMTP\'s rules',
        explanation:
          'The server refused part of the session as a protocol error: {detail}. Common causes are commands sent before the greeting or without waiting for replies when ' +
          'PIPELINING was not offered, and lines ending in a bare LF instead of CR LF.',
        fix:
          'Send one command at a time unless the server offers PIPELINING, wait for the 220 greeting before the first command, and end every line with CR LF. Scripts that pipe ' +
          'text into nc or telnet often break these rules; Postfix 3.9 and later refuse them by default (smtpd_forbid_unauth_pipelining).',
      },
    },
  },
  {
    id: 'smtp.line-too-long',
    severity: 'warning',
    title: 'A reply line was {length} bytes long',
    explanation:
      'SMTP limits a reply line to 512 bytes, counting the code and the final CR LF. This server sent a line of {length} bytes. Strict clients may cut it or treat it as an error.',
    fix: 'Shorten the text, usually a custom rejection message, the banner or a policy service\'s answer. Spread long texts over the lines of a multi-line reply.',
    refs: ['RFC 5321 §4.5.3.1.5'],
    vars: ['length'],
  },
  {
    id: 'smtp.bare-lf',
    severity: 'warning',
    title: 'The server ended lines with a bare LF during {stage}',
    explanation:
      'SMTP lines end with CR LF. During {stage} the server ended lines with LF alone. Most clients cope, but it points to non-standard software or a proxy in the path, ' +
      'and inconsistent line-ending handling is what SMTP smuggling exploits.',
    fix: 'Check the server software, and any proxy or load balancer that rewrites SMTP, and make it send CR LF.',
    refs: ['RFC 5321 §2.3.8', 'RFC 5321 §4.2'],
    vars: ['stage'],
  },

  // ---- Security probes -----------------------------------------------------------------
  {
    id: 'sec.starttls-injection',
    severity: 'error',
    title: 'The server ran a command that was injected before TLS',
    explanation:
      'SMTP Lens sent STARTTLS and, in the same packet, {command}. A correct server throws away whatever follows STARTTLS in its plain-text buffer. This server kept it and ' +
      'ran it after the TLS handshake, as if it had arrived encrypted, so an attacker on the path can slip commands into a protected session (the CVE-2011-0411 class of bug).',
    fix: 'Update the mail server software; most servers fixed this in 2011. The server must empty its input buffer when TLS starts.',
    refs: ['RFC 3207 §4.2', 'RFC 3207 §6', 'CVE-2011-0411'],
    vars: ['command'],
  },
  {
    id: 'sec.smuggling-accepted',
    severity: 'error',
    title: 'The server accepted a non-standard end of message ({sequence})',
    explanation:
      'The only valid end of the message data is CR LF . CR LF. This server also took {sequence} as the end. If a sending server passes that sequence through unchanged, ' +
      'an attacker can hide a second message inside the first and have it delivered under the sending server\'s name and SPF/DKIM (SMTP smuggling: CVE-2023-51764 Postfix, ' +
      'CVE-2023-51765 Sendmail, CVE-2023-51766 Exim).',
    fix:
      'Update the server and turn on strict line-ending handling: Postfix smtpd_forbid_bare_newline (on by default from Postfix 3.9, in "normalize" mode), Exim 4.97.1 or later, ' +
      'Sendmail 8.18.1 or later.',
    refs: ['RFC 5321 §4.1.1.4', 'RFC 5321 §2.3.8', 'CVE-2023-51764'],
    vars: ['sequence'],
  },
];
