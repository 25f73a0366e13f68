// Practice scenarios for traps that look fine at first sight: a submission port that speaks
// TLS from the first byte, a STARTTLS implementation open to command injection, a server open
// to SMTP smuggling, and one whose advertised extensions break when a client uses them.
import { OWN_RECIPIENTS, type ScenarioInfo } from './scenarioTypes';

const OWN = [...OWN_RECIPIENTS];

export const TRAP_SCENARIOS: ScenarioInfo[] = [
  {
    name: 'implicit-tls-on-587-mistake',
    group: 'tls',
    realPort: 587,
    summary: 'A "587" that wrongly speaks TLS from the first byte: a STARTTLS client hears only silence.',
    notice:
      'The connection opens and then nothing happens: this listener waits for a TLS ClientHello while the client waits for "220". After the timeout ' +
      'SMTP Lens tries a TLS handshake on a new connection, and it succeeds: the port speaks TLS from the first byte, as 465 does, not 587. ' +
      'A mail client set to STARTTLS only reports a timeout. In auto mode SMTP Lens notices the silence and switches to TLS by itself.',
    explainFix:
      'If you run the server: port 587 must start in plain text and offer STARTTLS (RFC 6409, RFC 3207); TLS from the first byte belongs on 465 ' +
      "(RFC 8314). In Postfix's master.cf the `submission` entry must not carry `-o smtpd_tls_wrappermode=yes`, which belongs to the `submissions` " +
      '(`smtps`) entry on 465. Exim: take 587 out of tls_on_connect_ports. If you set up the client: 465 is "SSL/TLS", 587 is "STARTTLS"; choose the ' +
      'security setting that matches the port.',
    refs: ['RFC 8314 §3.3', 'RFC 6409 §3.1', 'RFC 3207 §4'],
    // The form's timeout: the lesson is the silence, and 30 s of it teaches nothing more than 5.
    client: { tls: 'starttls', auth: true, to: OWN, timeoutMs: 5_000 },
    expectedFindings: ['port.implicit-tls-expected'],
  },
  {
    name: 'starttls-injection-vulnerable',
    group: 'security',
    realPort: 587,
    summary:
      'Vulnerable on purpose: commands sent in plain text along with STARTTLS are run inside TLS (CVE-2011-0411).',
    notice:
      'An ordinary session looks perfect: STARTTLS, a valid certificate, AUTH after TLS, the message accepted. The flaw shows only when a command ' +
      'travels in the same packet as STARTTLS: this server keeps the plain-text bytes that came with STARTTLS and runs them after the handshake, as if ' +
      'they had arrived encrypted, so a reply arrives inside TLS to a command the client never sent there. A correct server throws those bytes away ' +
      '(RFC 3207 §4.2). An attacker on the path can use the flaw to slip commands into a protected session.',
    explainFix:
      'Update the server software. The fix is small: empty the input buffer when TLS starts, so nothing received in plain text is read afterwards ' +
      '(RFC 3207 §4.2). Postfix fixed CVE-2011-0411 in March 2011, and many other MTAs, appliances and proxies that handle STARTTLS had the same bug. ' +
      'Test every layer that terminates STARTTLS (load balancers and firewalls too), not only the MTA behind it.',
    refs: ['RFC 3207 §4.2', 'RFC 3207 §6', 'CVE-2011-0411'],
    client: { tls: 'starttls', auth: true, to: OWN, securityProbe: 'starttls-injection' },
    expectedFindings: ['sec.starttls-injection'],
  },
  {
    name: 'smuggling-vulnerable',
    group: 'security',
    realPort: 25,
    summary:
      'Vulnerable on purpose: a bare LF counts as a line end, so <LF>.<LF> ends the message (SMTP smuggling, CVE-2023-51764).',
    notice:
      'An ordinary session looks fine: the message is accepted. The flaw shows only with the smuggling probe: after the message SMTP Lens sends ' +
      '<LF>.<LF> and pauses, and this server answers "250 Ok: queued" at once. It took a bare line feed for CR LF, so it ended the data where ' +
      'RFC 5321 allows only <CR><LF>.<CR><LF>, and would have read anything after it as new commands. Through a sending server that passes such ' +
      'sequences on unchanged, an attacker can hide a second message, with a forged sender, inside the first one.',
    explainFix:
      'Postfix: set `smtpd_forbid_bare_newline = normalize` (the default from Postfix 3.9; `reject` is stricter) and empty ' +
      '`smtpd_forbid_bare_newline_exclusions` unless old local clients need it. Exim: 4.97.1 or later. Sendmail: 8.18.1 or later. ' +
      'Exchange Online and Microsoft 365 were fixed on the sending side. Check every layer that receives SMTP, filters and appliances too.',
    refs: ['RFC 5321 §4.1.1.4', 'RFC 5321 §2.3.8', 'CVE-2023-51764'],
    client: { tls: 'none', auth: false, to: OWN, securityProbe: 'smuggling' },
    expectedFindings: ['sec.smuggling-accepted'],
  },
  {
    name: 'broken-extensions',
    group: 'policy',
    realPort: 25,
    summary: 'An MX that offers PIPELINING and CHUNKING and breaks both, and has no SMTPUTF8.',
    notice:
      'The EHLO reply promises PIPELINING, so SMTP Lens sends MAIL FROM, RCPT TO and DATA in one write, as every MTA does. The replies come back ' +
      'in reverse order: a "354" arrives where the answer to MAIL belongs, and no reply can be trusted to mean its command, so SMTP Lens hangs up. ' +
      'One command at a time (--no-pipelining) the same server takes the mail. It also offers CHUNKING and refuses every BDAT (--bdat), and it ' +
      'does not offer SMTPUTF8, so a UTF-8 address (--to bøb@lab.test) is never sent at all.',
    explainFix:
      'Such servers are usually a filter, proxy or old appliance in front of a good MTA, rewriting the conversation. Fix that layer, or make it ' +
      'stop advertising what it cannot do: Postfix `smtpd_discard_ehlo_keywords = pipelining, chunking`; Exim `pipelining_advertise_hosts =` ' +
      'and `chunking_advertise_hosts =` (empty). SMTPUTF8: Postfix `smtputf8_enable = yes`, Exim `smtputf8_advertise_hosts = *`.',
    refs: ['RFC 2920 §3.1', 'RFC 3030 §2', 'RFC 6531 §3.2'],
    client: { tls: 'none', auth: false, to: OWN },
    expectedFindings: ['smtp.pipelining-broken'],
  },
];
