// Catalog entries for the sending domain's SPF and DMARC records: looked up with
// `--sender-domain`, or when a receiver's reply cites them (Gmail 5.7.26/5.7.27, Microsoft
// 5.7.515, Yahoo 5.7.9). See catalog.ts for the entry format.

import { defineFindings } from './defineFindings';

export const SENDER_FINDINGS = defineFindings([
  {
    id: 'spf.fail',
    severity: 'error',
    title: 'SPF of {domain} does not pass{who}: {result}',
    explanation:
      'A receiver that gets mail with a MAIL FROM address at {domain}{who} evaluates the SPF record of {domain} and gets "{result}": {meaning}. Gmail (5.7.26 and ' +
      '5.7.27), Microsoft (5.7.515) and Yahoo refuse or junk mail whose domain neither passes SPF nor carries a DKIM signature of its own, and under a DMARC ' +
      'policy of reject such mail is refused outright.',
    fix:
      'If the address is a server that really sends for {domain}, add it to the record (`ip4:ADDRESS`, or the `include:` of the provider that sends for you), ' +
      'keep the record within ten DNS lookups, and publish exactly one `v=spf1` record. Sign the mail with DKIM for {domain} as well, so that it passes DMARC ' +
      'where SPF breaks (forwarding).',
    refs: ['RFC 7208 §2.6', 'RFC 7208 §4.6.4'],
    vars: ['domain', 'who', 'result', 'meaning'],
  },
  {
    id: 'dmarc.missing',
    severity: 'warning',
    title: '{domain} publishes no DMARC record',
    explanation:
      'There is no TXT record beginning "v=DMARC1" at _dmarc.{domain} (nor at its organizational domain). Since 2024 Gmail and Yahoo require one of bulk senders, ' +
      'and Microsoft followed in 2025; mail from such a domain is refused with 5.7.26 (Gmail) or 5.7.515 (Microsoft) once the volume is high. Without it, nobody ' +
      'tells the domain who sends in its name.',
    fix:
      'Publish `_dmarc.{domain}. TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain}"`, read the reports for a few weeks, then move to `p=quarantine` ' +
      'and `p=reject` once every real sender passes SPF or DKIM aligned with {domain}.',
    refs: ['RFC 7489 §6.1', 'RFC 7489 §6.3'],
    vars: ['domain'],
  },
  {
    id: 'dmarc.fail',
    severity: 'warning',
    title: 'Mail from {domain}{who} passes DMARC only with a DKIM signature of {domain} (policy {policy})',
    explanation:
      'DMARC passes when SPF passes for a domain aligned with the From domain, or when a DKIM signature aligned with it verifies. Here SPF gives "{spf}", so ' +
      'SPF does not carry DMARC, and only a DKIM signature with d={domain}{alignment} can. Without one, the receiver applies the published policy: {consequence}. ' +
      'Gmail says so with 5.7.26 ("unauthenticated email from {domain} is not accepted due to domain\u2019s DMARC policy").',
    fix:
      'Sign every message from {domain} with DKIM under d={domain} (publish the selector\u2019s key in the DNS), and make SPF pass for the servers that send: ' +
      'either makes DMARC pass. Check the aggregate reports at the record\u2019s rua= to find the sources that fail.',
    refs: ['RFC 7489 §3.1', 'RFC 7489 §6.6.2'],
    vars: ['domain', 'who', 'spf', 'policy', 'alignment', 'consequence'],
  },
]);
