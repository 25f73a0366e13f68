// Catalog entries for a domain's mail routing: the MX set and the DNS answers behind it
// (`smtp-lens domain`). See catalog.ts for the entry format.

import { defineFindings } from './defineFindings';

export const DOMAIN_FINDINGS = defineFindings([
  {
    id: 'dns.no-mx',
    severity: 'info',
    title: '{domain} has no MX record: mail goes to the domain’s own address',
    explanation:
      'The MX query for {domain} came back empty, so a sending MTA treats the domain itself as its mail host ("implicit MX") and delivers to its A or AAAA ' +
      'address{addresses}. That works, but it is rarely what was meant: the web server usually answers there, not a mail server.',
    fix:
      'Publish an MX record naming the mail server, for example `{domain}. MX 10 mail.{domain}.`. If the domain must never receive mail, publish a null MX ' +
      '(an MX of preference 0 naming the root, ".") instead, so senders bounce at once rather than retry for days.',
    refs: ['RFC 5321 §5.1'],
    vars: ['domain', 'addresses'],
  },
  {
    id: 'dns.null-mx',
    severity: 'error',
    title: '{domain} takes no mail: it publishes a null MX',
    explanation:
      'The only MX record of {domain} names no host, only the root "." with preference 0: that is the null MX, and the domain says it accepts no mail at all. Every sender bounces mail to it at once, with 556 5.1.10 ' +
      '(RFC 7505 §4). That is right for a domain that only sends, or is parked.',
    fix: 'If {domain} should receive mail, replace the null MX with MX records naming its mail servers. If not, nothing is wrong: tell the sender the address does not exist.',
    refs: ['RFC 7505 §3'],
    vars: ['domain'],
  },
  {
    id: 'dns.mx-unresolvable',
    severity: 'error',
    title: 'The MX host {host} has no address',
    explanation:
      'The MX record of {domain} names {host}, but neither an A nor an AAAA query for {host} returned an address. A sending MTA skips this MX{others}.',
    fix:
      'Give {host} an A (and AAAA) record, or correct the MX record to name the mail server that exists. A typo in the MX target, or a host renamed without ' +
      'updating the MX, is the usual cause.',
    refs: ['RFC 5321 §5.1'],
    vars: ['domain', 'host', 'others'],
  },
  {
    id: 'dns.mx-invalid-target',
    severity: 'warning',
    title: 'The MX of {domain} names {host}, which is {what}',
    explanation:
      'An MX record must name a host that has its own A or AAAA records. {host} is {what}. Many MTAs still deliver, but some refuse, and the behaviour is ' +
      'not something to rely on.',
    fix: 'Point the MX record at the real host name{target}: the name the mail server’s own A/AAAA records are on.',
    refs: ['RFC 2181 §10.3', 'RFC 5321 §5.1'],
    vars: ['domain', 'host', 'what', 'target'],
  },
  {
    id: 'dns.failure',
    severity: 'error',
    title: 'DNS could not answer for {domain}: a DNS problem, not a mail problem',
    explanation: 'SMTP Lens could not find where mail for {domain} goes: {reason}. No mail server was asked anything.',
    fix:
      'Check the DNS first: the domain’s delegation and its name servers (`dig +trace {domain} MX`), and for SERVFAIL from a validating resolver, its DNSSEC ' +
      'signatures (`delv {domain} MX`). If the resolver itself is the problem, try another with `--resolver`.',
    refs: ['RFC 1035 §4.1.1'],
    vars: ['domain', 'reason'],
  },
  {
    id: 'tlsrpt.missing',
    severity: 'info',
    title: '{domain} publishes no TLS-RPT record: senders never tell it about TLS failures',
    explanation:
      'There is no TXT record at _smtp._tls.{domain} beginning "v=TLSRPTv1". Senders that meet an expired certificate, a missing STARTTLS or an MTA-STS or ' +
      'DANE failure at its MX have nowhere to report it, so such a failure is found only when someone notices mail missing.',
    fix: 'Publish `_smtp._tls.{domain}. TXT "v=TLSRPTv1; rua=mailto:tls-reports@{domain}"` and read the daily JSON reports (or send them to a report service over https:).',
    refs: ['RFC 8460 §3'],
    vars: ['domain'],
  },
  {
    id: 'tlsrpt.invalid',
    severity: 'warning',
    title: 'The TLS-RPT record of {domain} is not usable: {problem}',
    explanation:
      'The TXT record at _smtp._tls.{domain} reads "{record}". Senders use it only if it is the one record beginning "v=TLSRPTv1;" and its rua= names mailto: ' +
      'or https: addresses; otherwise they send no reports at all.',
    fix: 'Publish exactly one record, for example `_smtp._tls.{domain}. TXT "v=TLSRPTv1; rua=mailto:tls-reports@{domain}"`.',
    refs: ['RFC 8460 §3'],
    vars: ['domain', 'problem', 'record'],
  },
]);
