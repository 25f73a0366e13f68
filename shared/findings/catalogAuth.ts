// Catalog entries for AUTH (RFC 4954). See catalog.ts for the entry format. The variants are
// picked by the engine from the session's context: the port, whether TLS was up, whether a
// login was tried, and what the EHLO lists before and after TLS offered.

import { defineFindings } from './defineFindings';

export const AUTH_FINDINGS = defineFindings([
  {
    id: 'auth.not-offered',
    severity: 'error',
    title: 'The server does not offer AUTH on port {port}',
    explanation:
      "AUTH is not in the server's EHLO reply, so there is no way to log in on this connection. That is normal on port 25, which is for server-to-server " +
      'delivery. On a submission port it usually means AUTH appears only after STARTTLS, or login is not set up.',
    fix:
      'Use a submission port (587 with STARTTLS, 465 with implicit TLS) and start TLS before logging in. On the server: Postfix needs `smtpd_sasl_auth_enable = yes` ' +
      '(usually on the submission services in master.cf) with Dovecot or Cyrus SASL; Exim needs authenticators; Exchange needs Basic or Integrated authentication on the client receive connector.',
    refs: ['RFC 4954 §3', 'RFC 6409 §3.1'],
    vars: ['port'],
    variants: {
      'before-tls': {
        title: 'AUTH is not offered before TLS',
        explanation:
          'On this unencrypted connection the server lists STARTTLS but no AUTH. Most submission servers offer AUTH only after STARTTLS, so that passwords never ' +
          'travel in clear (Postfix `smtpd_tls_auth_only = yes`), and this session did not start TLS. After STARTTLS the client sends EHLO again and gets a new list (RFC 3207 §4.2).',
        fix:
          "Start TLS first: `--tls starttls` (or `--tls auto`), then log in after the second EHLO. In a mail client, set the outgoing server's security to STARTTLS on port 587, " +
          'or SSL/TLS on port 465.',
      },
      'after-tls': {
        title: 'The server does not offer AUTH, not even after TLS',
        explanation:
          "Even with TLS up, the server's EHLO reply does not list AUTH, so this server takes no logins on port {port}. Either it is not a submission server (an MX, or a relay for trusted networks only), " +
          'or authentication is not set up on this port.',
      },
      port25: {
        severity: 'warning',
        title: 'No AUTH on port 25, as usual',
        explanation:
          'Port 25 is where mail servers deliver to each other, and they do not log in there: the receiving server accepts mail for its own domains from anyone and ' +
          'relays for no one. So MX servers usually do not offer AUTH on port 25, and this one does not.',
        fix:
          'To send mail through this server as a user, connect to its submission port, 587 with STARTTLS or 465 with implicit TLS, and log in there. ' +
          "To test delivery to this server's own domains, leave out `--auth-user`.",
      },
    },
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
    variants: {
      'before-tls': {
        explanation:
          'You asked to log in with {mechanism}, but before TLS the server offers only: {offered}. Many servers offer more mechanisms after STARTTLS, ' +
          'and this session did not start TLS.',
        fix: 'Start TLS first (`--tls starttls`) and look at the AUTH line of the second EHLO, or pick one of the mechanisms offered now with `--auth-mech`.',
      },
    },
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
    vars: ['reply', 'mechanism'],
    variants: {
      'in-clear': {
        title: 'Login failed, and the password crossed the network unencrypted',
        explanation:
          'The server refused the credentials: "{reply}". This login used {mechanism} without TLS, so the user name and password could be read by anyone on the ' +
          'path, even though they were refused.',
        fix:
          'Change the password unless the whole network path was yours. Then log in only inside TLS (`--tls starttls` on port 587, or port 465), and check the user name ' +
          '(often the full email address) and the password.',
      },
    },
  },
  {
    id: 'auth.required',
    severity: 'error',
    title: 'The server requires a login before {command}',
    explanation:
      'The server answered {command} with "{reply}": on this connection it only takes mail from logged-in users. That is the normal rule on submission ports (587, 465).',
    fix:
      'Log in first: give `--auth-user` and a password (`--auth-pass-env` or `--auth-pass-stdin`). In a mail client, turn on "my outgoing server requires authentication". ' +
      'To deliver to a domain this server hosts, use port 25 instead, where no login is needed.',
    refs: ['RFC 4954 §6', 'RFC 6409 §4.3'],
    vars: ['reply', 'command'],
    variants: {
      'auth-after-tls': {
        title: 'Log in first, after starting TLS',
        explanation:
          'The server answered {command} with "{reply}": it takes mail only from logged-in users. This session could not have logged in yet, because the server offers ' +
          'AUTH only after STARTTLS and this session did not start TLS.',
        fix:
          'Use `--tls starttls` (or port 465 with `--tls implicit`) together with `--auth-user`. In a mail client: security STARTTLS on port 587, and ' +
          '"outgoing server requires authentication".',
      },
      port25: {
        title: 'This server wants a login even on port 25',
        explanation:
          'The server answered {command} with "{reply}". An MX accepts mail for its own domains on port 25 without a login, so this server is not acting as the MX ' +
          'for this mail: it is a submission or smart-host service that also listens on port 25.',
        fix:
          "To deliver to the recipient, connect to the MX of the recipient's domain (`dig MX` the domain). To send through this server, use its submission port " +
          '(587 or 465) and log in.',
      },
    },
  },
  {
    id: 'auth.encryption-required',
    severity: 'error',
    title: 'This login method needs an encrypted connection',
    explanation:
      'The server answered "{reply}": the chosen mechanism is only allowed over TLS (reply 538, enhanced code 5.7.11).',
    fix: 'Start TLS first (`--tls starttls` on port 587, or `--tls implicit` on port 465), then log in.',
    refs: ['RFC 4954 §6', 'RFC 3207 §4'],
    vars: ['reply', 'mechanism'],
    variants: {
      'tls-up': {
        explanation:
          'The server answered "{reply}" although TLS is up: it does not count this connection as encrypted. That happens when TLS ends at a proxy or load ' +
          'balancer in front of the mail server, which then sees plain text.',
        fix: 'Check what terminates TLS in front of the server; the mail server itself must run the TLS session, or trust the proxy (for example with the PROXY protocol).',
      },
      'starttls-offered': {
        explanation:
          'The server answered "{reply}": it accepts {mechanism} only over an encrypted connection (reply 538, RFC 4954 §6). It offers STARTTLS, but this session did not use it.',
        fix: "Let the session encrypt before logging in: `--tls starttls`, or leave `--tls` at auto. In a mail client, set the outgoing server's security to STARTTLS.",
      },
      'no-starttls': {
        explanation:
          'The server answered "{reply}": it accepts {mechanism} only over an encrypted connection (reply 538, RFC 4954 §6), yet it does not offer STARTTLS on this connection.',
        fix: 'Use the implicit-TLS port if the server has one (`--port 465 --tls implicit`). If STARTTLS should be offered, check whether a firewall with SMTP inspection strips it from the EHLO reply.',
      },
    },
  },
  {
    id: 'auth.withheld',
    severity: 'error',
    title: 'SMTP Lens did not send your credentials',
    explanation: 'SMTP Lens refused to log in because this connection is not safe for credentials.',
    fix: 'Make the connection safe (TLS with a certificate that verifies) and try again.',
    refs: ['RFC 4954 §4', 'RFC 7817'],
    vars: ['mechanism'],
    variants: {
      plaintext: {
        title: 'Credentials not sent: the connection is not encrypted',
        explanation:
          'SMTP Lens did not log in, because the connection is plain text. Anyone on the path (the Wi-Fi, the provider, a compromised router) ' +
          'could read the password; base64 does not hide it.',
        fix:
          'Use STARTTLS (`--tls starttls`, port 587) or implicit TLS (`--tls implicit`, port 465). Only on a lab or a network you fully control, override with ' +
          '`--allow-plaintext-auth`: the password is then exposed to everything on the path, so change it afterwards if the path was not private.',
      },
      unverified: {
        title: 'Credentials not sent: the certificate did not verify',
        explanation:
          'The connection is encrypted, but the certificate failed verification, so SMTP Lens cannot tell the real server from an impostor in the middle. ' +
          'Logging in could hand the password to the impostor.',
        fix:
          'Fix the certificate problem reported above, or connect with the name on the certificate; for a private CA, pass it with `--ca FILE`. `--allow-unverified-auth` ' +
          'sends the credentials anyway. Use it only when you know why verification fails and trust the network path: encryption without verification does not stop a man in the middle.',
      },
    },
  },
]);
