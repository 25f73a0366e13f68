// Catalog entries for the ESMTP extensions a client uses: PIPELINING, CHUNKING, SMTPUTF8,
// 8BITMIME, DSN and REQUIRETLS. Problems with these show only when a client uses them. See
// catalog.ts for the entry format.

import { defineFindings } from './defineFindings';

export const EXTENSION_FINDINGS = defineFindings([
  {
    id: 'smtp.pipelining-broken',
    severity: 'error',
    title: 'The server offers PIPELINING and breaks it',
    explanation:
      'Its EHLO reply lists PIPELINING, so SMTP Lens sent {command} with the commands around it in one write, as every MTA does. A server that offers PIPELINING ' +
      'must answer each command of such a batch, in order (RFC 2920 §3.1). This one did not: "{reply}" came where that reply belongs. Senders that pipeline ' +
      'then read each answer as the answer to another command.',
    fix:
      'Look for a proxy, filter or load balancer in front of the server that reorders or merges replies, and fix it, or stop advertising PIPELINING ' +
      '(Postfix: `smtpd_discard_ehlo_keywords = pipelining`). To see the rest of the session meanwhile, probe with `--no-pipelining`.',
    refs: ['RFC 2920 §3.1', 'RFC 2920 §3.2'],
    vars: ['command', 'reply', 'got', 'expected'],
    variants: {
      missing: {
        title: 'The server lost a pipelined command',
        explanation:
          'Its EHLO reply lists PIPELINING, so SMTP Lens sent its commands in one write, as every MTA does. Only {got} of the {expected} replies came: nothing ' +
          'answered {command}. A server that offers PIPELINING must answer every command of a batch (RFC 2920 §3.1); senders that pipeline wait here until they time out.',
      },
    },
  },
  {
    id: 'smtp.bdat-refused',
    severity: 'error',
    title: 'The server refused BDAT',
    explanation:
      'The message was sent in BDAT chunks (RFC 3030), and the server refused {command} with "{reply}". Senders that use CHUNKING when it is offered, ' +
      'Exchange and Microsoft 365 among them, then cannot deliver here.',
    fix:
      'If the server advertises CHUNKING, it must take BDAT: look for a filter or proxy in front of it that does not speak CHUNKING, or stop advertising it ' +
      '(Postfix: `smtpd_discard_ehlo_keywords = chunking`). Send with DATA meanwhile (`smtp-lens probe` without `--bdat`).',
    refs: ['RFC 3030 §2', 'RFC 3030 §4'],
    vars: ['command', 'reply'],
  },
  {
    id: 'smtp.utf8-not-offered',
    severity: 'error',
    title: 'A UTF-8 address, and the server does not offer SMTPUTF8',
    explanation:
      '{address} holds non-ASCII characters, and the server does not offer SMTPUTF8 (RFC 6531). A client must not send such an address there (RFC 6531 §3.2), ' +
      'so SMTP Lens did not start the transaction; an MTA would bounce the message with 5.6.7 or similar. Older relays and many filters still lack SMTPUTF8.',
    fix:
      'Where only the domain is non-ASCII, write it as its A-label: {alabel}. A non-ASCII local part needs every server on the way to support SMTPUTF8 ' +
      '(Postfix 3.0 and later: `smtputf8_enable = yes`; Exim 4.86 and later: `smtputf8_advertise_hosts`), or an ASCII alias for the mailbox.',
    refs: ['RFC 6531 §3.2', 'RFC 6531 §3.4', 'RFC 5891'],
    vars: ['address', 'alabel'],
  },
  {
    id: 'smtp.8bitmime-not-offered',
    severity: 'error',
    title: '8-bit content, and the server does not offer 8BITMIME',
    explanation:
      'The message holds 8-bit characters (UTF-8 text without an encoding), and the server does not offer 8BITMIME. A client must not send 8-bit data to ' +
      'such a server (RFC 6152 §3), so SMTP Lens did not start the transaction.',
    fix: 'Encode the body as quoted-printable or base64 (`Content-Transfer-Encoding`), as mail clients do, or send through a server that offers 8BITMIME (all current MTAs do).',
    refs: ['RFC 6152 §3', 'RFC 2045 §6'],
    vars: [],
  },
  {
    id: 'smtp.dsn-not-offered',
    severity: 'info',
    title: 'The server does not offer DSN: {params} left off',
    explanation:
      'Delivery status notification parameters (RFC 3461) were asked for, and the server does not list DSN in its EHLO reply, so they were not sent. ' +
      "The message still goes, with the server's own defaults: a bounce on failure, nothing on success.",
    fix: 'Nothing to fix if the defaults are fine. To get success notices from this server, it must offer DSN (Postfix offers it by default; `smtpd_discard_ehlo_keywords` may hide it).',
    refs: ['RFC 3461 §4', 'RFC 3461 §5.2'],
    vars: ['params'],
  },
  {
    id: 'smtp.requiretls-unavailable',
    severity: 'error',
    title: 'REQUIRETLS cannot be honoured here: {why}',
    explanation:
      'REQUIRETLS (RFC 8689) asks every server on the way to deliver only over TLS with a verified certificate, and to bounce rather than fall back to plain text. ' +
      'It may only be sent where it is offered, over such a connection; here {why}, so SMTP Lens did not start the transaction (RFC 8689 §4.1).',
    fix:
      'Use a connection with STARTTLS and a certificate that verifies, to a server that offers REQUIRETLS. Few do yet; without it, MTA-STS or DANE on the ' +
      'recipient domain is what protects delivery from downgrade.',
    refs: ['RFC 8689 §4.1', 'RFC 8689 §5'],
    vars: ['why'],
  },
]);
