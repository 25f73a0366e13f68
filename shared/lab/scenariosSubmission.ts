// The practice scenarios where the server is configured as it should be: the two working
// submission ports, an MX that refuses to relay, and a login that fails.
import {
  FOREIGN_RECIPIENTS,
  LAB_DOMAIN,
  LAB_PASSWORD,
  LAB_USER,
  OWN_RECIPIENTS,
  type ScenarioInfo,
} from './scenarioTypes';

const OWN = [...OWN_RECIPIENTS];
const CREDENTIALS = `user ${LAB_USER}, password "${LAB_PASSWORD}"`;

export const SUBMISSION_SCENARIOS: ScenarioInfo[] = [
  {
    name: 'submission-ok',
    group: 'working',
    realPort: 587,
    summary: `Like port 587: STARTTLS, then AUTH (${CREDENTIALS}), then mail is accepted.`,
    notice:
      'The first EHLO reply offers STARTTLS but no AUTH. After "220 Ready to start TLS" and the handshake the client says EHLO again, because both sides ' +
      'forget everything said before TLS (RFC 3207 §4.2), and only this second reply offers AUTH PLAIN LOGIN CRAM-MD5. From the handshake on every line is ' +
      'encrypted (~> and <~ in the CLI). The message ends with "250 2.0.0 Ok: queued as …", and the practice server keeps it so you can read what arrived.',
    explainFix:
      'Nothing to fix: this is the configuration to copy for a submission port. Postfix: the `submission` service in master.cf (port 587) with ' +
      '`-o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=yes` and a client restriction of ' +
      '`permit_sasl_authenticated,reject`. Exim: listen on 587 (`daemon_smtp_ports = 25 : 587`), `tls_advertise_hosts = *`, and ' +
      '`server_advertise_condition = ${if def:tls_in_cipher}` on the PLAIN and LOGIN authenticators so AUTH appears only after STARTTLS. ' +
      'Exchange: the "Client Frontend" receive connector on 587 with TLS and "Offer basic authentication only after starting TLS" (BasicAuthRequireTLS).',
    refs: ['RFC 6409 §3.1', 'RFC 3207 §4.2', 'RFC 4954 §4'],
    client: { tls: 'starttls', auth: true, to: OWN },
    expectedFindings: [],
  },
  {
    name: 'implicit-tls-ok',
    group: 'working',
    realPort: 465,
    summary: `Like port 465: TLS from the first byte, then AUTH (${CREDENTIALS}) and mail.`,
    notice:
      'There is no STARTTLS: the TLS handshake happens before the server says a word, so even the 220 greeting arrives encrypted. EHLO is said only once, ' +
      'and its reply offers AUTH straight away because the connection is already encrypted. Port 465 is "submissions" (RFC 8314, 2018), the recommended ' +
      'way to submit mail, not a deprecated one.',
    explainFix:
      'Nothing to fix: this is implicit TLS for submission as RFC 8314 recommends. Postfix: the `submissions` service (called `smtps` in older master.cf ' +
      'files) on port 465 with `-o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes`. Exim: `tls_on_connect_ports = 465` and 465 in ' +
      'daemon_smtp_ports. Exchange receive connectors speak STARTTLS only; Exchange Online takes client submission on 587, not on 465.',
    refs: ['RFC 8314 §3.3'],
    client: { tls: 'implicit', auth: true, to: OWN },
    expectedFindings: [],
  },
  {
    name: 'relay-denied',
    group: 'policy',
    realPort: 25,
    summary: `Like an MX on port 25: STARTTLS, no AUTH; accepts mail for ${LAB_DOMAIN} only.`,
    notice:
      `The server accepts bob@${LAB_DOMAIN}, its own domain, but answers someone@example.org with "554 5.7.1 <someone@example.org>: Relay access denied": ` +
      'passing mail on to another domain is relaying, and this session did not log in. Neither EHLO reply offers AUTH, because this is a receiving MX, ' +
      `not a submission server. One recipient was accepted, so the message is still delivered to bob@${LAB_DOMAIN}.`,
    explainFix:
      'On an MX this refusal is correct: never open relaying. When your own users see it, they are sending through port 25 without logging in; point ' +
      'their clients at 587 (STARTTLS) or 465 (implicit TLS) with authentication. When the refused domain is one of yours, the server does not know it: ' +
      'Postfix takes mail only for mydestination, relay_domains and the virtual domains, and `smtpd_relay_restrictions = permit_mynetworks, ' +
      'permit_sasl_authenticated, reject_unauth_destination` does the refusing. Exim: add it to the relay_to_domains or local_domains list used by ' +
      'acl_check_rcpt. Exchange ("550 5.7.1 Unable to relay", or 5.7.54 in Exchange Online): add an accepted domain, or give the sending application an authenticated or IP-restricted ' +
      'relay receive connector.',
    refs: ['RFC 5321 §3.6.2', 'RFC 5321 §7.1', 'RFC 3463 §3.8'],
    client: { tls: 'starttls', auth: false, to: [...FOREIGN_RECIPIENTS, ...OWN] },
    expectedFindings: ['smtp.relay-denied'],
  },
  {
    name: 'auth-fails',
    group: 'policy',
    realPort: 587,
    summary: 'Every AUTH attempt is refused with "535 5.7.8 Error: authentication failed".',
    notice:
      'STARTTLS and the handshake succeed, the second EHLO offers AUTH, and the password is sent encrypted. The server answers ' +
      '"535 5.7.8 Error: authentication failed: authentication failure" to every user and password, even the right ones, and SMTP Lens stops before MAIL. ' +
      '535 means the credentials arrived and were refused; compare 530 (log in first) and 538 (encrypt first).',
    explainFix:
      'Check the user name (often the full address) and the password first. On the server, read the authentication log: Postfix hands AUTH to Dovecot ' +
      "or Cyrus SASL, so look at Dovecot's log with `auth_verbose = yes` and test with `doveadm auth test alice@lab.test`. Exim: the authenticator's " +
      'server_condition decides. Exchange Online answers "535 5.7.139 Authentication unsuccessful" when SMTP AUTH is disabled for the mailbox or the tenant ' +
      '(Set-CASMailbox -SmtpClientAuthenticationDisabled $false). Repeated failures may also trip fail2ban or an account lockout.',
    refs: ['RFC 4954 §6', 'RFC 3463 §3.8'],
    client: { tls: 'starttls', auth: true, to: OWN },
    expectedFindings: ['auth.failed'],
  },
];
