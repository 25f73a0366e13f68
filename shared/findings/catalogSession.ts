// Catalog entries for the envelope and policy replies and the security probes (AUTH is in
// catalogAuth.ts). See catalog.ts for the entry format.

import { defineFindings } from './defineFindings';

export const SESSION_FINDINGS = defineFindings([
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
        title: 'Relay denied: on port 25 this server takes mail only for its own domains',
        explanation:
          'On port 25 this server accepts mail addressed to the domains it hosts. {recipient} is not one of them, so it answered "{reply}". ' +
          'Port 25 is for server-to-server delivery, not for sending mail out through the server.',
        fix:
          "To test delivery to {recipient}, connect to the MX host of that address's domain (`dig MX` the domain). To send mail out through this server, " +
          'use the submission port (587 or 465) and log in.',
      },
      'no-auth-mx': {
        title: 'Relay denied: this server takes mail only for its own domains',
        explanation:
          'The server refused {recipient} ("{reply}"). It offers no login at all (AUTH is not in its EHLO reply), so it works like an MX: it takes mail ' +
          'addressed to the domains it hosts, from anyone, and passes mail on to other domains for no one. {recipient} is not in one of its domains.',
        fix:
          "To test delivery to {recipient}, connect to the MX host of that address's domain (`dig MX` the domain). To send mail out, use your provider's " +
          'submission server (587 with STARTTLS, or 465) and log in there. If this server should accept mail for that domain, add it to its accepted domains ' +
          '(Postfix: mydestination, virtual_mailbox_domains or relay_domains; Exchange: accepted domains).',
      },
      'after-auth': {
        title: 'Relay denied although logged in: this account may not send this',
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
      "When logged in, send from the account's own address. The reply text usually names the rule that refused it.",
    refs: ['RFC 5321 §3.3', 'RFC 3463 §3.2'],
    vars: ['sender', 'reply'],
    variants: {
      'after-auth': {
        title: 'Logged in, but this account may not send as {sender}',
        explanation:
          'The login worked, yet the server refused the sender {sender}: "{reply}". Submission servers tie each account to the addresses it owns, so that no user ' +
          "can send in someone else's name.",
        fix:
          "Send from the account's own address (`--from`), or have the admin allow this address for the account (Postfix: smtpd_sender_login_maps with " +
          'reject_sender_login_mismatch; Exchange: Send As permission).',
      },
    },
  },
  {
    id: 'smtp.recipient-unknown',
    severity: 'error',
    title: 'The recipient {recipient} does not exist here',
    explanation:
      'The server answered "{reply}": it handles that domain but has no mailbox by that name. Typos, people who left and old aliases are the usual causes.',
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
    title: "Refused by the server's policy",
    explanation:
      'The server answered "{reply}". This is a policy decision, not a fault: the sending IP address may be on a blocklist or lack reverse DNS, the message may have failed ' +
      'SPF, DKIM or DMARC checks, or a content filter rejected it.',
    fix:
      'Read the reply text: it usually names the reason or gives a link. Look up the sending IP on the blocklist it names and ask for removal once the cause is fixed. ' +
      'Give the sending IP a PTR record that resolves back to it; make sure SPF includes it, DKIM signs the mail and DMARC aligns. Microsoft has a delisting portal (sender.office.com); Google has Postmaster Tools.',
    refs: ['RFC 3463 §3.8', 'RFC 7372 §3', 'RFC 7208 §8.4'],
    vars: ['reply', 'port'],
    variants: {
      'no-auth': {
        title: 'Refused by policy, and this session did not log in',
        explanation:
          'The server answered "{reply}". It offers AUTH on port {port}, and this session did not log in. Submission servers refuse senders and recipients ' +
          'from clients that have not logged in, and some word it as a plain policy refusal like this one (Postfix: smtpd_relay_restrictions = ' +
          'permit_sasl_authenticated, reject).',
        fix:
          'Log in first, inside TLS: `--auth-user` with `--auth-pass-env` or `--auth-pass-stdin`. If the refusal stays after logging in, it is a rule about this ' +
          'sender, recipient or IP address: the reply text and the server log name it.',
      },
      'after-data': {
        title: 'The message was refused after it was sent',
        explanation:
          'The server took the whole message and then answered "{reply}". At this point a content filter has judged it: spam or virus scanning, or a sender ' +
          'authentication check (SPF, DKIM, DMARC) against the From header.',
        fix: 'Read the reply: it often names the filter or the failed check. Check SPF, DKIM and DMARC for the From domain, and try a short plain-text message to see whether the content is the trigger.',
      },
    },
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
    vars: ['reply', 'limit', 'size'],
    variants: {
      declared: {
        explanation:
          'SMTP Lens declared the message size in MAIL FROM (SIZE={size}, RFC 1870), and the server refused it there, before any data was sent: "{reply}". ' +
          'Its EHLO reply announced its limit: SIZE {limit}. Declaring the size up front is what saves a sender from uploading a message only to have it refused at the end.',
      },
      'size-known': {
        explanation:
          'The server answered "{reply}": the message is bigger than it accepts. Its EHLO reply announced the limit: SIZE {limit}. Attachments grow by about ' +
          'a third when encoded for email, so a 20 MB file needs about 27 MB of room.',
      },
    },
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
      "lets clients wait up to 10 minutes for that reply. At other stages, check the server's DNS and policy services.",
    refs: ['RFC 5321 §4.5.3.2'],
    vars: ['stage', 'seconds'],
    variants: {
      unfinished: {
        title: "The server's reply did not finish during {stage}",
        explanation:
          'The reply began but was not complete within {seconds} seconds: the server was still sending it, slowly, or stopped in the middle. Each reply has a deadline, ' +
          'so a server that sends its reply a line at a time cannot hold the session for as long as it likes. What arrived is kept in the transcript, marked incomplete.',
        fix:
          'A healthy server sends a reply at once. Slow lines mean a server under heavy load, a tarpit that slows down clients on purpose (some anti-spam setups do, ' +
          'for clients they distrust), or a device in the path holding the traffic. Try from another network; if the server is yours, look for deliberate delays ' +
          '(Postfix smtpd_error_sleep_time, Exim delay ACLs). To see the whole reply, give each stage longer with --timeout.',
      },
      session: {
        title: 'The session ran out of time during {stage}',
        explanation:
          'The whole session has a deadline, so a server that answers every stage just before its timeout cannot hold a run for hours. It ran out while SMTP Lens ' +
          'waited at {stage}.',
        fix:
          'The server is slow at more than one step: --timings shows which stages took the time. A longer --timeout also gives the session longer ' +
          "(six stages' worth, at least the default).",
      },
    },
  },
  {
    id: 'smtp.protocol-violation',
    severity: 'error',
    title: "The conversation broke SMTP's rules",
    explanation:
      'Something in this session does not follow SMTP: {detail}. Either the server sent a reply SMTP does not allow, or the server says the client broke a rule.',
    fix: 'Read the detail above. A malformed reply is a server bug or a device in the path rewriting traffic; a complaint about the client names what the server expected instead.',
    refs: ['RFC 5321 §4.2', 'RFC 5321 §4.2.1'],
    vars: ['detail'],
    variants: {
      'malformed-reply': {
        title: 'The server sent a malformed reply',
        explanation:
          "The server's reply breaks SMTP's format: {detail}. Every reply line must start with a three-digit code followed by a hyphen (more lines follow) or a space " +
          '(last line), and all lines of one reply carry the same code.',
        fix:
          'This is a server bug or misconfiguration, or a device in the path that rewrites SMTP (some firewalls and load balancers do). Compare with a connection from another network, ' +
          "and report the transcript to the server's vendor.",
      },
      'client-rejected': {
        title: "The server says the client broke SMTP's rules",
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
    fix: "Shorten the text, usually a custom rejection message, the banner or a policy service's answer. Spread long texts over the lines of a multi-line reply.",
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
  {
    id: 'smtp.control-characters',
    severity: 'warning',
    title: "The server's replies hold terminal control or bidi characters",
    explanation:
      '{count} from this server, starting with {stage}, hold characters that are not text: the first is `{sample}`. An SMTP reply is a code and ' +
      'printable text (RFC 5321 §4.2; with SMTPUTF8, UTF-8 text, RFC 6531). Control characters such as ESC, NUL, BEL or backspace, and Unicode bidi or ' +
      'zero-width characters, have no place there. Printed to a terminal they can clear the screen, set the window title, write the clipboard, hide text or ' +
      'move the cursor to overwrite a refusal with a fake "250 Ok"; in a document they can reorder what the reader sees. SMTP Lens shows each one as a ' +
      'visible escape (such as `\\x1b` or `<U+202E>`) and never passes it on; the JSON transcript keeps the exact bytes.',
    fix:
      'Find what writes the banner and replies: a configured greeting (Postfix `smtpd_banner`, Exim `smtp_banner`, Exchange connector banner), a ' +
      'policy service or milter that puts its own text into rejections, or a proxy in the path. Make them send plain text. If you did not configure ' +
      'this, treat the server, or whatever sits in front of it, as hostile, and do not paste its raw output into a terminal.',
    refs: ['RFC 5321 §4.2', 'RFC 6531 §3.7.4', 'Unicode UAX #9'],
    vars: ['count', 'stage', 'sample'],
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
      'The only valid end of the message data is <CR><LF>.<CR><LF>. This server also took {sequence} as the end. If a sending server passes that sequence through unchanged, ' +
      "an attacker can hide a second message inside the first and have it delivered under the sending server's name and SPF/DKIM (SMTP smuggling: CVE-2023-51764 Postfix, " +
      'CVE-2023-51765 Sendmail, CVE-2023-51766 Exim).',
    fix:
      'Update the server and turn on strict line-ending handling. Postfix: `smtpd_forbid_bare_newline = normalize` (in the patch releases of 3.5 to 3.8 since ' +
      'December 2023, the default from 3.9); it exempts the clients in smtpd_forbid_bare_newline_exclusions, $mynetworks by default. Exim: 4.97.1 or later. ' +
      'Sendmail: 8.18.1 or later. Then run this probe again.',
    refs: ['RFC 5321 §4.1.1.4', 'RFC 5321 §2.3.8', 'CVE-2023-51764'],
    vars: ['sequence'],
  },
  {
    // The probe's good outcome, so a transcript attached to a ticket says what was tested.
    id: 'sec.smuggling-not-accepted',
    severity: 'info',
    title: 'Not open to SMTP smuggling: no non-standard end of message was accepted',
    explanation:
      'SMTP Lens ended the message with {count} non-standard sequences (<LF>.<LF>, <LF>.<CR><LF>, <CR><LF>.<LF>, <CR>.<CR><LF>), each followed by a pause, ' +
      'before the real <CR><LF>.<CR><LF>. The server answered none of them, so it does not end the data early, and nothing hidden after such a sequence would run as a command.',
    fix: 'Nothing to fix on this server. A sending server can still pass such sequences on to others; Postfix, Exim and Sendmail have settings for that too.',
    refs: ['RFC 5321 §4.1.1.4', 'CVE-2023-51764'],
    vars: ['count', 'reply'],
    variants: {
      rejected: {
        title: 'Not open to SMTP smuggling: bare line endings are refused',
        explanation:
          'The server refused the probe\'s message because it contained bare line endings ("{reply}"). That is the strict handling that closes SMTP smuggling: ' +
          'no non-standard sequence ends the data, and a message that holds one is not delivered.',
        fix:
          'Nothing to fix for smuggling. Strict handling also refuses mail from old scripts and devices that end lines with LF alone; if legitimate senders are hit, ' +
          "Postfix's `normalize` mode (smtpd_forbid_bare_newline) accepts their lines and still requires <CR><LF>.<CR><LF> at the end.",
      },
    },
  },
]);
