// Context-specific wording for entries whose base text lives in catalogConnection.ts: the
// greeting and the "STARTTLS first" refusal. The reply knowledge base picks these by
// the session's context; catalog.ts merges them into the entries, and an entry's own variant
// of the same name wins.

import type { VariantText } from './catalog';

export interface VariantExtension {
  /** Placeholders the variants use beyond the entry's own. */
  vars: string[];
  variants: Record<string, VariantText>;
}

export const CONNECTION_VARIANTS: Readonly<Record<string, VariantExtension>> = {
  'smtp.banner-rejected': {
    vars: ['port'],
    variants: {
      temporary: {
        title: 'The server is not taking connections right now',
        explanation:
          'Instead of the 220 greeting the server answered "{reply}". A 4xx greeting (usually 421) means "not now": the server is overloaded, shutting down or in ' +
          'maintenance, and closes the connection. A sending mail server keeps the message and retries later.',
        fix: 'Try again in a few minutes. If it persists and the server is yours, its log says why: a process limit (Postfix default_process_limit), a full disk, or a restart loop.',
      },
      'rate-limited': {
        title: 'Turned away at the greeting: too many connections',
        explanation:
          'Instead of the 220 greeting the server answered "{reply}": your address has more connections open, or opened them faster, than this server allows ' +
          'for one client. It is temporary.',
        fix:
          'Close other sessions to this server (other clients, tests running in parallel), wait a minute and try again. If the server is yours and the traffic ' +
          'is legitimate, raise its per-client connection limits (Exim: smtp_accept_max_per_host).',
      },
      blocklisted: {
        title: 'Turned away at the greeting by a blocklist or policy',
        explanation:
          'Instead of the 220 greeting the server answered "{reply}". It refuses your IP address before any mail is sent: the address is on a DNS blocklist, has ' +
          'no reverse DNS, or is in a range that should not send mail directly (home and mobile connections are listed as such, for example in the Spamhaus PBL).',
        fix:
          'Look up your public IP address on the list the reply names, and fix the cause before asking for removal. From a home or cloud connection, send through ' +
          "your provider's submission server (587 or 465, with login) instead of talking to MX servers on port 25 directly.",
      },
    },
  },
  'smtp.banner-slow': {
    vars: ['port'],
    variants: {
      port25: {
        explanation:
          'The server waited {seconds} seconds before its 220 greeting. On port 25 that is often deliberate: a greeting pause or "tarpit" (Postfix postscreen, ' +
          'Sendmail greet_pause, an Exim delay) holds the greeting back to catch spam software that talks before it is spoken to. Real mail servers wait: RFC 5321 ' +
          'gives them 5 minutes. A slow reverse DNS lookup on the server is the other common cause.',
        fix:
          "Nothing to do if the pause is deliberate: wait for the greeting, and never send before it. If it is not, check the server's DNS resolver. The deliberate " +
          "pause is set by Postfix postscreen_greet_wait, Sendmail greet_pause, or a `delay` in Exim's connect ACL.",
      },
      submission: {
        explanation:
          'The server waited {seconds} seconds before its 220 greeting on port {port}. Mail clients, printers and apps give up after 15 to 60 seconds and report ' +
          '"cannot connect", so a slow greeting on a submission port breaks them. Deliberate greeting pauses (tarpits, Postfix postscreen) belong on port 25 only; ' +
          'here the usual cause is a reverse DNS lookup of the client that times out, or an overloaded server.',
        fix: "Check the server's DNS resolver and its reverse lookups (a local caching resolver helps). Make sure no greeting pause or tarpit applies to the submission ports.",
      },
    },
  },
  'smtp.ehlo-rejected': {
    vars: ['name'],
    variants: {
      'not-fqdn': {
        explanation:
          'The server answered "{reply}" to the name "{name}". That is neither a fully-qualified domain name (like mail.example.com) nor an address literal ' +
          '(like [192.0.2.1]), and many servers refuse such names because spam software sends them.',
      },
      helo: {
        title: 'The server rejected HELO as well',
        explanation:
          'The server did not take EHLO, so the client fell back to the older HELO (RFC 5321 §4.1.4), and the server refused that too: "{reply}". Without a ' +
          'greeting the server accepts no mail on this connection.',
      },
    },
  },
  'tls.encryption-required': {
    vars: ['port'],
    variants: {
      'auth-after-tls': {
        title: 'This server offers AUTH only after TLS',
        explanation:
          'The client sent AUTH before STARTTLS and the server answered "{reply}". Its EHLO reply before TLS does not list AUTH at all; the one after TLS does. ' +
          'A server set up like this (Postfix smtpd_tls_auth_only = yes, or smtpd_tls_security_level = encrypt) never takes a password over an unencrypted ' +
          'connection, and after STARTTLS the client must send EHLO again and use the new list (RFC 3207 §4.2).',
        fix:
          "Send STARTTLS first, then EHLO again, then AUTH. In a mail client, set the outgoing server's security to STARTTLS on port 587 (or SSL/TLS on port 465), " +
          'not "none". With SMTP Lens: `--tls starttls`.',
      },
      'auth-before-tls': {
        title: 'The server wants TLS before any login',
        explanation:
          'The client sent AUTH over an unencrypted connection and the server answered "{reply}". It takes passwords only inside TLS; its EHLO reply before ' +
          'TLS does not list AUTH, which usually appears in the second EHLO, after STARTTLS (RFC 3207 §4.2).',
        fix:
          "Send STARTTLS first, then EHLO again, then AUTH. In a mail client, set the outgoing server's security to STARTTLS on port 587 (or SSL/TLS on port 465). " +
          'With SMTP Lens: `--tls starttls`.',
      },
      'starttls-skipped': {
        title: 'The server requires STARTTLS, and this session did not use it',
        explanation:
          'The server answered {command} with "{reply}". It offers STARTTLS and will not go on without it, but this session ran without TLS (`--tls none`).',
        fix: "Run again with `--tls starttls` or `--tls auto`. In a mail client, set the outgoing server's security to STARTTLS.",
      },
      'starttls-missing': {
        title: 'The server requires encryption but does not offer STARTTLS',
        explanation:
          'The server answered {command} with "{reply}", yet its EHLO reply does not list STARTTLS. Either STARTTLS is switched off on this port while encryption ' +
          'is enforced, or a device in the path (a firewall with SMTP inspection) removed it from the EHLO reply.',
        fix:
          'Try implicit TLS on port 465 (`--port 465 --tls implicit`). Compare with the EHLO reply seen from another network to rule out a device in the path; on the ' +
          'server, check that STARTTLS is advertised (Postfix smtpd_tls_security_level, Exim tls_advertise_hosts).',
      },
    },
  },
};
