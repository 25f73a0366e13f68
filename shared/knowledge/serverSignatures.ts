// Reply texts of real mail servers, mapped to finding ids. Each server words the same refusal
// differently ("Relay access denied", "relay not permitted", "Unable to relay"); recognising
// the wording lets SMTP Lens name the server and add advice for that product. The list is
// checked in order and the first match wins, so specific patterns come before general ones.

import type { FindingId } from '../findings/catalog';
import { identifyServer, vendorReading } from './serverIdentity';
export interface ServerSignature {
  /** e.g. 'postfix.relay-denied' */
  id: string;
  server:
    | 'Postfix'
    | 'Exim'
    | 'Exchange'
    | 'Exchange Online'
    | 'Gmail'
    | 'Sendmail'
    | 'Microsoft 365'
    | 'Generic'
    | string;
  /** e.g. 'Postfix: relay access denied' */
  label: string;
  /** A finding id (and a key of FINDINGS in shared/findings/catalog.ts). */
  findingId: FindingId;
  /** codes: the reply code must be one of these; enhanced: the enhanced code must match; text: tested on the reply text. */
  match: { codes?: number[]; enhanced?: RegExp; text: RegExp };
  /** Server-specific advice appended to the finding's fix, e.g. which Postfix parameter is involved. */
  advice?: string;
}

const S = (
  id: string,
  server: ServerSignature['server'],
  label: string,
  findingId: FindingId,
  match: ServerSignature['match'],
  advice?: string,
): ServerSignature =>
  advice === undefined ? { id, server, label, findingId, match } : { id, server, label, findingId, match, advice };

export const SERVER_SIGNATURES: readonly ServerSignature[] = [
  // ---- Microsoft: Exchange, Exchange Online, Outlook.com (specific enhanced codes first) ----
  S(
    'exchange.relay-non-accepted',
    'Exchange',
    'Exchange: unable to relay recipient in non-accepted domain',
    'smtp.relay-denied',
    { enhanced: /^5\.7\.54$/, text: /unable to relay/i },
    'Exchange (on-premises and Online) accepts anonymous mail only for its accepted domains. Relaying to other domains needs a login, an on-premises receive connector that allows relay for your IP addresses, or in Exchange Online an inbound connector for your own servers.',
  ),
  S(
    'exo.smtp-auth-disabled',
    'Exchange Online',
    'Exchange Online: SMTP AUTH disabled',
    'auth.failed',
    { enhanced: /^5\.7\.139$/, text: /./ },
    'SMTP AUTH is off for the tenant or the mailbox, or blocked by security defaults. Enable it per mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false) or tenant-wide (Set-TransportConfig), or move the client to OAuth.',
  ),
  S(
    'exo.client-not-authenticated',
    'Exchange Online',
    'Exchange Online: client not authenticated',
    'auth.required',
    { enhanced: /^5\.7\.57$/, text: /not authenticated/i },
    'smtp.office365.com (port 587) only accepts mail after login. Devices that cannot log in should send to your MX endpoint (yourdomain-com.mail.protection.outlook.com) on port 25 instead, or use an inbound connector.',
  ),
  S(
    'exo.ip-not-accepted',
    'Exchange Online',
    'Exchange Online: traffic not accepted from this IP',
    'smtp.policy-rejected',
    { enhanced: /^5\.7\.708$/, text: /traffic not accepted from this IP/i },
    'Microsoft refuses this IP address, typically a new or low-reputation address such as a cloud VM. Send through a relay with an established reputation.',
  ),
  S(
    'exo.server-busy',
    'Exchange Online',
    'Exchange Online: server busy (throttling)',
    'smtp.rate-limited',
    { enhanced: /^4\.7\.500$/, text: /server busy/i },
    'Exchange Online Protection throttles IP addresses it does not know yet. Keep retrying as normal and raise the volume gradually.',
  ),
  S(
    'ms.banned-ip',
    'Microsoft 365',
    'Microsoft: banned sending IP',
    'smtp.policy-rejected',
    { enhanced: /^5\.7\.6(0[6-9]|[1-4]\d)$/, text: /banned sending IP/i },
    "The IP address is on Microsoft's own block list. Fix the cause (compromised account, open relay, spam), then request removal at https://sender.office.com.",
  ),
  S(
    'exo.unregistered-domain',
    'Exchange Online',
    'Exchange Online: sending from unregistered domain',
    'smtp.policy-rejected',
    { enhanced: /^5\.7\.750$/, text: /unregistered domain/i },
    'The tenant tried to send from domains it has not verified. Add and verify the domain in Microsoft 365, or fix the sender address.',
  ),
  S(
    'exo.external-forwarding',
    'Exchange Online',
    'Exchange Online: external forwarding not allowed',
    'smtp.policy-rejected',
    { enhanced: /^5\.7\.520$/, text: /external forwarding/i },
    'The outbound spam policy blocks automatic forwarding to outside addresses. An admin can allow it for specific users in the anti-spam outbound policy.',
  ),
  S(
    'exo.bad-outbound-sender',
    'Exchange Online',
    'Exchange Online: bad outbound sender',
    'smtp.policy-rejected',
    { text: /bad outbound sender/i },
    'The account is blocked from sending, usually after sending spam. Secure the account, then release it under "Restricted entities" in the Defender portal.',
  ),
  S(
    'exo.submission-quota',
    'Exchange Online',
    'Exchange Online: sending limit exceeded',
    'smtp.rate-limited',
    { text: /SubmissionQuotaExceeded/i },
    "The mailbox went over Exchange Online's sending limits (recipients per day or per message). Wait for the limit to reset or use a bulk-mail service.",
  ),
  S(
    'exo.send-as-denied',
    'Exchange Online',
    'Exchange Online: Send As denied',
    'smtp.sender-rejected',
    { text: /SendAsDenied/i },
    "The logged-in mailbox has no Send As right on the From address. Grant it (Add-RecipientPermission) or send from the mailbox's own address.",
  ),
  S(
    'exchange.send-as',
    'Exchange',
    'Exchange: no permission to send as this sender',
    'smtp.sender-rejected',
    { text: /does not have permissions? to send as this sender/i },
    "The authenticated account may not use this From address. Grant Send As, or send from the account's own address.",
  ),
  S(
    'exo.dbeb',
    'Exchange Online',
    'Exchange Online: recipient rejected by directory-based edge blocking',
    'smtp.recipient-unknown',
    { text: /Recipient address rejected: Access denied\. AS\(201806281\)/i },
    'Directory-based edge blocking refuses addresses that are not in Microsoft 365. Create the recipient, or make sure it is synced from on-premises.',
  ),
  S(
    'exchange.recipient-not-found',
    'Exchange',
    'Exchange: recipient not found',
    'smtp.recipient-unknown',
    { text: /RESOLVER\.ADR\.Recip(ient)?NotFound|Recipient not found by SMTP address lookup/i },
    "Exchange found no mailbox, contact or group with this address. Check the recipient's email addresses in the admin centre.",
  ),
  S(
    'exchange.unable-to-relay',
    'Exchange',
    'Exchange: unable to relay',
    'smtp.relay-denied',
    { text: /unable to relay/i },
    'Exchange relays only for authenticated users (port 587, the Client Frontend connector) or for IP addresses on a receive connector with the Ms-Exch-SMTP-Accept-Any-Recipient permission.',
  ),
  S(
    'exchange.bare-linefeeds',
    'Exchange',
    'Exchange: bare linefeeds are only allowed with BDAT',
    'smtp.protocol-violation',
    { text: /BareLinefeedsAreIllegal|bare linefeeds?,? which cannot be sent via DATA/i },
    'The message has lines that end in LF alone. Exchange refuses them after DATA (RFC 5321 §2.3.8 wants CR LF) and takes them only in BDAT chunks (RFC 3030), where no line ends are read. Fix the sender to end lines with CR LF, or send with CHUNKING (`--bdat`).',
  ),
  S(
    'exchange.client-not-authenticated',
    'Exchange',
    'Exchange: client was not authenticated',
    'auth.required',
    { codes: [530], text: /client was not authenticated/i },
    'The receive connector does not allow anonymous users. Log in, or send to a connector that accepts anonymous mail for your domains.',
  ),
  S(
    'exchange.auth-unsuccessful',
    'Exchange',
    'Exchange: authentication unsuccessful',
    'auth.failed',
    { codes: [535], text: /Authentication unsuccessful/i },
    'Exchange usually expects DOMAIN\\user or the user principal name. In Exchange Online, also check that SMTP AUTH is enabled for the mailbox.',
  ),
  S(
    'exchange.temp-auth-failure',
    'Exchange',
    'Exchange: temporary authentication failure',
    'smtp.temporary-failure',
    { codes: [454], text: /Temporary authentication failure/i },
    'Exchange could not reach a domain controller or its authentication service. Check AD connectivity from the Exchange server.',
  ),
  S(
    'exchange.size',
    'Exchange',
    'Exchange: message size exceeds maximum',
    'smtp.message-too-large',
    { text: /exceeds fixed maximum message size/i },
    'Limits apply at several levels: the receive connector (MaxMessageSize), the transport configuration (MaxReceiveSize) and the mailbox. The smallest one wins.',
  ),
  S(
    'exchange.back-pressure',
    'Exchange',
    'Exchange: insufficient system resources (back pressure)',
    'smtp.temporary-failure',
    { text: /Insufficient system resources/i },
    'Exchange back pressure: the transport server is short of disk space or memory for its queue database. Free space on the queue drive.',
  ),
  S(
    'exchange.temporary-server-error',
    'Exchange',
    'Exchange: temporary server error',
    'smtp.temporary-failure',
    { text: /Temporary server error\. Please try again later/i },
    'Exchange front end could not hand the message to a back-end transport service (the PRX codes). Check DNS settings and the Transport service on the Mailbox servers.',
  ),
  S('exchange.service-not-available', 'Exchange', 'Exchange: service not available', 'smtp.temporary-failure', {
    codes: [421],
    text: /Service not available, closing transmission channel/i,
  }),
  S(
    'outlook.block-list',
    'Microsoft 365',
    'Outlook.com: network on block list',
    'smtp.policy-rejected',
    { text: /on our block list/i },
    'Outlook.com blocks this IP range. Ask your provider to fix its reputation, or request delisting at https://sender.office.com.',
  ),

  // ---- Gmail / Google Workspace ----
  S(
    'gmail.bad-credentials',
    'Gmail',
    'Gmail: username and password not accepted',
    'auth.failed',
    { codes: [535], text: /Username and Password not accepted/i },
    'Google no longer accepts the account password for SMTP. Use OAuth (XOAUTH2), or an app password if 2-step verification is on and app passwords are allowed.',
  ),
  S(
    'gmail.app-password',
    'Gmail',
    'Gmail: application-specific password required',
    'auth.failed',
    { codes: [534], text: /Application-specific password required/i },
    'The account has 2-step verification: create an app password for this client, or use OAuth (XOAUTH2).',
  ),
  S(
    'gmail.auth-required',
    'Gmail',
    'Gmail: authentication required',
    'auth.required',
    { codes: [530], text: /Authentication Required/i },
    'smtp.gmail.com only takes mail from logged-in users. To deliver to Gmail users, connect to the MX hosts (gmail-smtp-in.l.google.com) on port 25.',
  ),
  S(
    'gmail.unusual-rate',
    'Gmail',
    'Gmail: unusual rate of unsolicited mail',
    'smtp.rate-limited',
    { text: /unusual rate of\s+unsolicited mail/i },
    'Google rate-limits this IP because of spam complaints or volume. Check Postmaster Tools, authenticate with SPF, DKIM and DMARC, and slow down.',
  ),
  S('gmail.receiving-rate', 'Gmail', 'Gmail: recipient receiving mail too fast', 'smtp.rate-limited', {
    text: /receiving mail at a rate that\s+prevents/i,
  }),
  S('gmail.try-again-later', 'Gmail', 'Gmail: try again later', 'smtp.rate-limited', {
    codes: [421],
    text: /Try again later, closing connection/i,
  }),
  S(
    'gmail.dmarc',
    'Gmail',
    'Gmail: unauthenticated email blocked by DMARC',
    'smtp.policy-rejected',
    { text: /unauthenticated email.*DMARC/is },
    'The message failed DMARC for the From domain, whose policy is reject. Sign with DKIM for that domain, or send from servers in its SPF record, aligned with the From address.',
  ),
  S(
    'gmail.sender-unauthenticated',
    'Gmail',
    'Gmail: sender unauthenticated',
    'smtp.policy-rejected',
    { text: /sender is unauthenticated/i },
    'Gmail requires every sender to pass SPF or DKIM. Publish SPF for the sending domain and sign with DKIM.',
  ),
  S(
    'gmail.spf',
    'Gmail',
    'Gmail: SPF check failed',
    'smtp.policy-rejected',
    { text: /fails to pass SPF checks/i },
    'Add the sending IP address to the SPF record of the MAIL FROM domain.',
  ),
  S(
    'gmail.no-ptr',
    'Gmail',
    'Gmail: no PTR record',
    'smtp.policy-rejected',
    { text: /does not have a PTR record/i },
    'Ask whoever owns the IP address (your provider) to set a PTR record that names a host which resolves back to the same address.',
  ),
  S(
    'gmail.ip-not-authorized',
    'Gmail',
    'Gmail: IP not authorized to send directly',
    'smtp.policy-rejected',
    { text: /not authorized to send email directly to our servers/i },
    "This IP address is listed as a dynamic or end-user address. Send through your provider's mail server (submission port, with login) instead.",
  ),
  S('gmail.likely-spam', 'Gmail', 'Gmail: likely unsolicited mail', 'smtp.policy-rejected', {
    text: /likely\s+unsolicited mail/i,
  }),
  S('gmail.no-such-user', 'Gmail', 'Gmail: account does not exist', 'smtp.recipient-unknown', {
    text: /email account that you tried to reach does not exist/i,
  }),
  S(
    'gmail.over-quota',
    'Gmail',
    'Gmail: recipient inbox out of storage',
    'smtp.temporary-failure',
    { text: /out of storage space/i },
    "The recipient's mailbox is full. Senders retry; the recipient has to free space.",
  ),
  S(
    'gmail.size',
    'Gmail',
    'Gmail: message exceeds size limit',
    'smtp.message-too-large',
    { text: /exceeded Google's message size limits/i },
    'Gmail accepts messages up to about 25 MB including encoding; share large files by link.',
  ),

  // ---- Postfix ----
  S(
    'postfix.relay-denied',
    'Postfix',
    'Postfix: relay access denied',
    'smtp.relay-denied',
    { text: /Relay access denied/i },
    'The recipient domain is not in mydestination, virtual_mailbox_domains or relay_domains, and the client passed none of the permit rules in smtpd_relay_restrictions (permit_mynetworks, permit_sasl_authenticated). A 454 means soft_bounce or defer_unauth_destination is on.',
  ),
  // 530 only: smtp-server (nodemailer) sends the same words with 538, which RFC 4954 §6 gives to
  // "this AUTH mechanism needs encryption", so that one is auth.encryption-required.
  S(
    'postfix.starttls-required',
    'Postfix',
    'Postfix: must issue STARTTLS first',
    'tls.encryption-required',
    { codes: [530], text: /Must issue a STARTTLS command first/i },
    'Postfix sends this when smtpd_tls_security_level = encrypt, as is usual on the submission service in master.cf.',
  ),
  S(
    'postfix.tls-unavailable',
    'Postfix',
    'Postfix: TLS not available due to local problem',
    'tls.starttls-failed',
    { text: /TLS not available due to local problem/i },
    'Postfix could not load its certificate or key. `postfix check` and the mail log show which file is wrong (smtpd_tls_chain_files, or smtpd_tls_cert_file and smtpd_tls_key_file).',
  ),
  S(
    'postfix.auth-failed',
    'Postfix',
    'Postfix: authentication failed',
    'auth.failed',
    { codes: [535], text: /Error: authentication failed/i },
    'Postfix hands logins to Dovecot or Cyrus SASL; their log says why (unknown user, wrong password, wrong realm).',
  ),
  S(
    'postfix.auth-not-enabled',
    'Postfix',
    'Postfix: authentication not enabled',
    'auth.not-offered',
    { text: /authentication not enabled/i },
    'smtpd_sasl_auth_enable is off for this service. It is normally enabled only on the submission services in master.cf.',
  ),
  S(
    'postfix.sender-not-logged-in',
    'Postfix',
    'Postfix: sender address requires login',
    'auth.required',
    { text: /Sender address rejected: not logged in/i },
    'reject_sender_login_mismatch: this sender address belongs to an account, so Postfix wants that account to log in before using it.',
  ),
  S(
    'postfix.sender-not-owned',
    'Postfix',
    'Postfix: sender address not owned by user',
    'smtp.sender-rejected',
    { text: /Sender address rejected: not owned by user/i },
    "smtpd_sender_login_maps says another account owns this address (reject_sender_login_mismatch). Send from the logged-in account's own address or extend the map.",
  ),
  S(
    'postfix.sender-domain-not-found',
    'Postfix',
    'Postfix: sender domain not found',
    'smtp.sender-rejected',
    { text: /Sender address rejected: Domain not found/i },
    "reject_unknown_sender_domain: the sender's domain has no MX or A record. Use a real domain, or fix its DNS.",
  ),
  S('postfix.sender-null-mx', 'Postfix', 'Postfix: sender domain publishes null MX', 'smtp.sender-rejected', {
    text: /Sender address rejected: .*does not accept mail \(nullMX\)/i,
  }),
  S(
    'postfix.sender-not-fqdn',
    'Postfix',
    'Postfix: sender needs fully-qualified address',
    'smtp.sender-rejected',
    { text: /Sender address rejected: need fully-qualified address/i },
    'reject_non_fqdn_sender: write the sender as user@example.com, not a bare user name.',
  ),
  // Before the "User unknown in ... table" entries: the same words about the sender (Postfix
  // reject_unlisted_sender) must not read as an unknown recipient.
  S(
    'postfix.sender-unknown',
    'Postfix',
    'Postfix: sender address unknown here',
    'smtp.sender-rejected',
    { text: /Sender address rejected: User unknown/i },
    'reject_unlisted_sender (smtpd_reject_unlisted_sender): the sender is in a domain this server hosts, but no such user exists there. Send from a real address of that domain.',
  ),
  S('postfix.recipient-null-mx', 'Postfix', 'Postfix: recipient domain publishes null MX', 'smtp.recipient-unknown', {
    text: /Recipient address rejected: .*does not accept mail \(nullMX\)/i,
  }),
  S(
    'postfix.user-unknown-virtual',
    'Postfix',
    'Postfix: user unknown in virtual mailbox table',
    'smtp.recipient-unknown',
    { text: /User unknown in virtual (mailbox|alias) table/i },
    'The address is missing from virtual_mailbox_maps (or virtual_alias_maps). Add it, run postmap on the table if it is a hash file, and check the mailbox exists.',
  ),
  S(
    'postfix.user-unknown-local',
    'Postfix',
    'Postfix: user unknown in local recipient table',
    'smtp.recipient-unknown',
    { text: /User unknown in local recipient table/i },
    'The domain is in mydestination, so Postfix looks the user up in local_recipient_maps (system users and aliases). Add the user or an alias.',
  ),
  S(
    'postfix.user-unknown-relay',
    'Postfix',
    'Postfix: user unknown in relay recipient table',
    'smtp.recipient-unknown',
    { text: /User unknown in relay recipient table/i },
    'The address is missing from relay_recipient_maps on this gateway. Update the map from the server behind it.',
  ),
  S(
    'postfix.helo-not-fqdn',
    'Postfix',
    'Postfix: HELO needs a fully-qualified hostname',
    'smtp.ehlo-rejected',
    { text: /Helo command rejected: need fully-qualified hostname/i },
    'reject_non_fqdn_helo_hostname. Postfix checks the HELO name late, at RCPT TO (smtpd_delay_reject = yes), so the refusal shows up there.',
  ),
  S(
    'postfix.helo-invalid',
    'Postfix',
    'Postfix: invalid HELO name',
    'smtp.ehlo-rejected',
    { text: /Helo command rejected: Invalid name/i },
    'reject_invalid_helo_hostname: the EHLO name has characters a host name cannot have.',
  ),
  S(
    'generic.spf-fail',
    'Generic',
    'SPF check failed (policyd-spf and similar)',
    'smtp.policy-rejected',
    { text: /SPF (fail|check failed|validation failed|policy)/i },
    'Add the sending IP address to the SPF record of the MAIL FROM domain, or send through a server that is already in it.',
  ),
  S(
    'postfix.dnsbl',
    'Postfix',
    'Postfix: client blocked using a DNS blocklist',
    'smtp.policy-rejected',
    { text: /blocked using/i },
    "reject_rbl_client (or postscreen_dnsbl_sites): your IP address is on the named DNS blocklist. Look it up on the list's website and request removal after fixing the cause.",
  ),
  S(
    'postfix.no-reverse-dns',
    'Postfix',
    'Postfix: cannot find your hostname',
    'smtp.policy-rejected',
    { text: /Client host rejected: cannot find your (reverse )?hostname/i },
    'reject_unknown_client_hostname (or reject_unknown_reverse_client_hostname): the client IP needs a PTR record whose name resolves back to the same IP.',
  ),
  S(
    'postfix.client-access-denied',
    'Postfix',
    'Postfix: access denied by an access table',
    'smtp.policy-rejected',
    { text: /(Client host|Recipient address|Sender address) rejected: Access denied/i },
    'A check_*_access table (or a restriction class) has a REJECT entry for this client, sender or recipient.',
  ),
  S(
    'postfix.too-many-connections',
    'Postfix',
    'Postfix: too many connections from this client',
    'smtp.rate-limited',
    { text: /Error: too many connections from/i },
    'anvil limits: smtpd_client_connection_count_limit and smtpd_client_connection_rate_limit.',
  ),
  S(
    'postfix.too-many-recipients',
    'Postfix',
    'Postfix: too many recipients',
    'smtp.rate-limited',
    { text: /Error: too many recipients/i },
    'smtpd_recipient_limit (1000 by default): send the remaining recipients in another transaction.',
  ),
  S(
    'postfix.too-many-errors',
    'Postfix',
    'Postfix: too many errors',
    'smtp.temporary-failure',
    { text: /Error: too many errors/i },
    'The client made more mistakes than smtpd_hard_error_limit allows (for example many rejected recipients), so Postfix ended the session. Fix the earlier errors.',
  ),
  S(
    'postfix.insufficient-storage',
    'Postfix',
    'Postfix: insufficient system storage',
    'smtp.temporary-failure',
    { text: /Insufficient system storage/i },
    'The queue file system has less free space than queue_minfree (or 1.5 x message_size_limit). Free disk space.',
  ),
  S(
    'postfix.queue-write-error',
    'Postfix',
    'Postfix: queue file write error',
    'smtp.temporary-failure',
    { text: /queue file write error/i },
    'Postfix could not write the message to its queue: disk full, permissions, or a content filter (milter, before-queue filter) that failed.',
  ),
  S(
    'postfix.config-error',
    'Postfix',
    'Postfix: server configuration error',
    'smtp.temporary-failure',
    { text: /Server configuration (error|problem)/i },
    'A lookup table or restriction is broken. The mail log names it; `postconf -n` and `postfix check` help.',
  ),
  S(
    'postfix.size',
    'Postfix',
    'Postfix: message size exceeds fixed limit',
    'smtp.message-too-large',
    { text: /Message size exceeds fixed limit/i },
    'message_size_limit (10240000 bytes by default).',
  ),
  S(
    'postfix.bare-lf',
    'Postfix',
    'Postfix: bare <LF> received',
    'smtp.protocol-violation',
    { text: /bare <(LF|CR)> received/i },
    'smtpd_forbid_bare_newline: the client ended a line with LF alone. Lines must end with CR LF.',
  ),
  S(
    'postfix.pipelining',
    'Postfix',
    'Postfix: SMTP protocol synchronization error',
    'smtp.protocol-violation',
    { text: /SMTP protocol synchronization/i },
    'The client sent commands before the greeting, or several at once without PIPELINING (smtpd_forbid_unauth_pipelining, on by default from Postfix 3.9). Wait for each reply.',
  ),
  S(
    'postfix.improper-pipelining',
    'Postfix',
    'Postfix: improper use of SMTP command pipelining',
    'smtp.protocol-violation',
    { text: /Improper use of SMTP command pipelining/i },
    'reject_unauth_pipelining: wait for each reply unless the server advertises PIPELINING.',
  ),
  S(
    'postscreen.protocol-error',
    'Postfix',
    'Postfix postscreen: protocol error',
    'smtp.protocol-violation',
    { codes: [550, 521], text: /^Protocol error$/i },
    "postscreen's deep protocol tests (postscreen_pipelining_enable, postscreen_non_smtp_command_enable, postscreen_bare_newline_enable) caught the client breaking the protocol.",
  ),
  S('postscreen.ports-busy', 'Postfix', 'Postfix postscreen: all server ports are busy', 'smtp.temporary-failure', {
    text: /All server ports are busy/i,
  }),
  S(
    'postgrey.greylisted',
    'Postfix',
    'Postgrey: greylisted',
    'smtp.greylisted',
    { text: /Greylisted, see http/i },
    'Postgrey (a Postfix policy service) delays first-time triplets for postgrey --delay seconds (300 by default).',
  ),

  // ---- Exim ----
  S(
    'exim.relay-not-permitted',
    'Exim',
    'Exim: relay not permitted',
    'smtp.relay-denied',
    { text: /relay not permitted/i },
    'The recipient domain is not in local_domains or relay_to_domains, and the client is neither in relay_from_hosts nor authenticated.',
  ),
  S(
    'exim.auth-failed',
    'Exim',
    'Exim: incorrect authentication data',
    'auth.failed',
    { codes: [535], text: /Incorrect authentication data/i },
    'The authenticator (for example dovecot or plaintext with server_condition) rejected the credentials; exim -bd -d+auth shows why.',
  ),
  S(
    'exim.auth-not-advertised',
    'Exim',
    'Exim: AUTH used when not advertised',
    'auth.not-offered',
    { text: /AUTH command used when not advertised/i },
    "Exim offers AUTH only where auth_advertise_hosts and the authenticators' server_advertise_condition allow, usually only after TLS.",
  ),
  S(
    'exim.unrouteable',
    'Exim',
    'Exim: unrouteable address',
    'smtp.recipient-unknown',
    { text: /Unrouteable address/i },
    'No router accepted the address: the user does not exist, or the domain is not set up in the routers.',
  ),
  S(
    'exim.sender-verify',
    'Exim',
    'Exim: sender verify failed',
    'smtp.sender-rejected',
    { text: /Sender verify failed/i },
    'verify = sender in the RCPT ACL: the sender address could not be verified (no such domain, or its server refused the address).',
  ),
  S(
    'exim.admin-prohibition',
    'Exim',
    'Exim: administrative prohibition',
    'smtp.policy-rejected',
    { text: /Administrative prohibition/i },
    'A deny in an ACL without its own message. The Exim mainlog shows which ACL statement fired.',
  ),
  S(
    'exim.blacklist',
    'Exim',
    'Exim: listed in a DNS blocklist',
    'smtp.policy-rejected',
    { text: /is in a black ?list at/i },
    'A dnslists condition in the ACL matched your IP address. Request removal from the list it names.',
  ),
  S(
    'exim.sync-error',
    'Exim',
    'Exim: SMTP synchronization error',
    'smtp.protocol-violation',
    { text: /SMTP synchronization error/i },
    'Exim saw input before it was allowed (before the greeting, or without PIPELINING). Wait for each reply.',
  ),
  S('exim.helo-syntax', 'Exim', 'Exim: syntactically invalid HELO', 'smtp.ehlo-rejected', {
    text: /Syntactically invalid (HELO|EHLO) argument/i,
  }),
  S(
    'exim.size',
    'Exim',
    'Exim: message size exceeds maximum permitted',
    'smtp.message-too-large',
    { text: /Message size exceeds maximum permitted/i },
    "Exim's message_size_limit (50M by default).",
  ),
  S('exim.temporary', 'Exim', 'Exim: temporary local problem', 'smtp.temporary-failure', {
    text: /Temporary local problem/i,
  }),

  // ---- Sendmail ----
  S(
    'sendmail.relaying-denied',
    'Sendmail',
    'Sendmail: relaying denied',
    'smtp.relay-denied',
    { text: /Relaying denied/i },
    'Relaying is allowed for hosts with RELAY in the access database or in relay-domains, and for authenticated users; everything else is denied.',
  ),
  S(
    'sendmail.sender-domain',
    'Sendmail',
    'Sendmail: domain of sender address does not exist',
    'smtp.sender-rejected',
    { text: /Domain of sender address .* does not (exist|resolve)/i },
    "Sendmail checks that the sender's domain resolves (FEATURE(`accept_unresolvable_domains') turns the check off).",
  ),
  S('sendmail.user-unknown', 'Sendmail', 'Sendmail: user unknown', 'smtp.recipient-unknown', {
    text: /\.\.\. User unknown/i,
  }),
  S(
    'sendmail.rate-limit',
    'Sendmail',
    'Sendmail: connection rate limit exceeded',
    'smtp.rate-limited',
    { text: /Connection rate limit exceeded/i },
    "FEATURE(`ratecontrol') or the ClientRate entry in the access database.",
  ),
  S(
    'sendmail.disk-space',
    'Sendmail',
    'Sendmail: insufficient disk space',
    'smtp.temporary-failure',
    { text: /Insufficient disk space/i },
    'The queue directory is below MinFreeBlocks. Free disk space.',
  ),
  S('sendmail.shutting-down', 'Sendmail', 'Sendmail: service shutting down', 'smtp.temporary-failure', {
    codes: [421],
    text: /Service shutting down/i,
  }),

  // ---- Generic fallbacks: wording many servers share ----
  S('generic.greylisted', 'Generic', 'Greylisting', 'smtp.greylisted', {
    codes: [450, 451, 452, 421],
    text: /greylist/i,
  }),
  S('generic.too-many-connections', 'Generic', 'Too many connections', 'smtp.rate-limited', {
    text: /too many (concurrent )?(SMTP )?connections/i,
  }),
  S('generic.rate-limit', 'Generic', 'Rate limited', 'smtp.rate-limited', {
    text: /rate limit|throttl|too many messages/i,
  }),
  S('generic.starttls-required', 'Generic', 'STARTTLS required', 'tls.encryption-required', {
    codes: [530],
    text: /STARTTLS/i,
  }),
  S(
    'generic.encryption-required-for-auth',
    'Generic',
    'Encryption required for this AUTH mechanism',
    'auth.encryption-required',
    { codes: [538], text: /./ },
  ),
  S('generic.auth-required', 'Generic', 'Authentication required', 'auth.required', { codes: [530], text: /auth/i }),
  S('generic.auth-failed', 'Generic', 'Authentication failed', 'auth.failed', { codes: [535], text: /./ }),
  S('generic.mailbox-full', 'Generic', 'Mailbox full', 'smtp.temporary-failure', {
    text: /mailbox (is )?full|over quota|quota exceeded/i,
  }),
  S('generic.user-unknown', 'Generic', 'Unknown recipient', 'smtp.recipient-unknown', {
    text: /(user|recipient|mailbox) (unknown|not found|does not exist)|no such (user|mailbox|recipient)|unknown user/i,
  }),
  S('generic.blocklist', 'Generic', 'Listed on a blocklist', 'smtp.policy-rejected', {
    text: /block ?list|black ?list|spamhaus|spamcop|barracuda/i,
  }),
];

/** Strip reply codes and enhanced codes from the start of each line, and join the lines. */
function replyBody(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\d{3}(?:[ -]|$)/, '').replace(/^\s*[245]\.\d{1,3}\.\d{1,3}(?:\s+|$)/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The first signature that matches a reply, or null. `text` may be the reply text alone or the
 * raw reply lines (with codes, joined by newlines); when code or enhanced is null they are
 * read from the first line if present. `server` is the product the server names itself
 * (identifyServer): a vendor's reading is a fact only for that vendor.
 */
export function matchServerSignature(
  code: number | null,
  enhanced: string | null,
  text: string,
  server: string | null = null,
): ServerSignature | null {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const lead = /^(\d{3})(?:[ -](?:\s*([245]\.\d{1,3}\.\d{1,3})(?=\s|$))?)?/.exec(first);
  const c = code ?? (lead ? Number(lead[1]) : null);
  const e = enhanced ?? lead?.[2] ?? /^([245]\.\d{1,3}\.\d{1,3})(?=\s|$)/.exec(first)?.[1] ?? null;
  const body = replyBody(text);
  // The reply can name its server too ("… prod.outlook.com]", "… - gsmtp").
  const named = server ?? identifyServer([text]);
  for (const sig of SERVER_SIGNATURES) {
    const { codes, enhanced: enhancedRe, text: textRe } = sig.match;
    if (codes && (c === null || !codes.includes(c))) continue;
    if (enhancedRe && (e === null || !enhancedRe.test(e))) continue;
    if (!textRe.test(body)) continue;
    const trust = vendorReading(sig.server, named);
    if (trust === 'no') continue;
    return trust === 'fact' ? sig : hedged(sig);
  }
  return null;
}

/** A vendor's reading for a server that does not say which product it is: said as a guess. */
function hedged(sig: ServerSignature): ServerSignature {
  const prefix = `${sig.server}: `;
  const what = sig.label.startsWith(prefix) ? sig.label.slice(prefix.length) : sig.label;
  return {
    ...sig,
    label: `${what} (${sig.server}'s wording)`,
    ...(sig.advice ? { advice: `If this is ${sig.server}: ${sig.advice}` } : {}),
  };
}
