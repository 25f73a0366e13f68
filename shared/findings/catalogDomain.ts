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
  {
    id: 'mta-sts.record-invalid',
    severity: 'error',
    title: 'The MTA-STS record of {domain} is not usable: {problem}',
    explanation:
      'Senders look for one TXT record at _mta-sts.{domain} of the form "v=STSv1; id=…". When it is missing its id, does not parse, or there is more than one, ' +
      'they treat the domain as having no MTA-STS policy, so its policy protects nothing.',
    fix: 'Publish exactly one record, for example `_mta-sts.{domain}. TXT "v=STSv1; id=20261203T120000"`, and change the id whenever the policy changes.',
    refs: ['RFC 8461 §3.1'],
    vars: ['domain', 'problem'],
  },
  {
    id: 'mta-sts.policy-unavailable',
    severity: 'error',
    title: 'The MTA-STS policy of {domain} cannot be used: {problem}',
    explanation:
      'The _mta-sts record says {domain} has a policy, so senders fetch https://mta-sts.{domain}/.well-known/mta-sts.txt. It must answer 200, without a redirect, ' +
      'as text/plain, over HTTPS with a certificate valid for mta-sts.{domain}. Here it did not, so senders that have no earlier copy of the policy deliver without it.',
    fix:
      'Serve the policy at exactly that address with status 200 and `Content-Type: text/plain`, from a web server whose certificate names mta-sts.{domain} ' +
      '(and sends its intermediate). A redirect to another host is not followed.',
    refs: ['RFC 8461 §3.2', 'RFC 8461 §3.3'],
    vars: ['domain', 'problem'],
  },
  {
    id: 'mta-sts.mx-not-in-policy',
    severity: 'error',
    title: 'The MX host {host} is not in the MTA-STS policy of {domain}',
    explanation:
      'The policy lists the MX hosts senders may deliver to ({patterns}); {host} matches none of them (a "*." pattern matches exactly one label). In mode {mode}, ' +
      'senders that honour MTA-STS {consequence}.',
    fix: 'Add `mx: {host}` (or a matching `mx: *.` pattern) to the policy, and change the id in the _mta-sts record so senders fetch it again.',
    refs: ['RFC 8461 §4.1'],
    vars: ['domain', 'host', 'patterns', 'mode', 'consequence'],
  },
  {
    id: 'mta-sts.cert-fails',
    severity: 'error',
    title: 'Under MTA-STS enforce, {host} fails: {why}',
    explanation:
      'The policy of {domain} is in enforce mode, so a sender that honours it delivers to {host} only over TLS with a certificate that verifies for the name {host}. ' +
      'The probe above saw: {why}. Senders that honour MTA-STS will not deliver here, and queue the mail until it expires.',
    fix:
      'Give {host} a certificate from a publicly trusted CA that names {host}, with its intermediate sent, and offer STARTTLS. Until then, switch the policy to ' +
      '`mode: testing` (and change the id) so mail keeps flowing while reports come in.',
    refs: ['RFC 8461 §4.2', 'RFC 8461 §5'],
    vars: ['domain', 'host', 'why'],
  },
  {
    id: 'mta-sts.testing',
    severity: 'info',
    title: 'The MTA-STS policy of {domain} is in mode {mode}: failures are reported, not enforced',
    explanation:
      'In mode testing, senders check the MX certificates and report failures (to the TLS-RPT address, if any) but deliver anyway; mode none switches the policy off. ' +
      'That is the right way to start, but it does not yet protect mail against a downgrade.',
    fix: 'Once the TLS-RPT reports show no failures, set `mode: enforce` and change the id in the _mta-sts record.',
    refs: ['RFC 8461 §5'],
    vars: ['domain', 'mode'],
  },
  {
    id: 'mta-sts.max-age-short',
    severity: 'warning',
    title: 'The MTA-STS policy of {domain} is cached for only {maxAge} seconds',
    explanation:
      'max_age says how long senders keep the policy. Under a day, an attacker who blocks the policy fetch for a while makes senders forget the policy, which is ' +
      'what MTA-STS is meant to prevent. RFC 8461 suggests weeks.',
    fix: 'Set `max_age: 604800` (a week) or more once the policy is stable; 86400 while it is being changed.',
    refs: ['RFC 8461 §3.2'],
    vars: ['domain', 'maxAge'],
  },
  {
    id: 'dane.mismatch',
    severity: 'error',
    title: 'No TLSA record of {host} matches the certificates it presented',
    explanation:
      'The TLSA records at {name} ({records}) pin a certificate or key that is not in the chain {host} sent ({chain}). Senders that use DANE refuse to ' +
      'deliver to {host} and queue the mail. The usual cause is a certificate renewed with a new key while the TLSA record still hashes the old one.',
    fix:
      'Publish a TLSA record for the key in use now (for DANE-EE: `3 1 1` and the SHA-256 of the certificate\u2019s public key), wait for the old record\u2019s TTL, ' +
      'and only then drop the old one. Renewing with the same key (`--reuse-key` in certbot) keeps a `3 1 1` record valid.',
    refs: ['RFC 7672 §3.1', 'RFC 7671 §8.1'],
    vars: ['host', 'name', 'records', 'chain'],
  },
  {
    id: 'dane.not-validated',
    severity: 'warning',
    title: 'The TLSA records of {host} are not DNSSEC-validated: DANE cannot be relied on',
    explanation:
      'The resolver answered the TLSA query for {name} without the AD bit: the zone is not signed, its delegation is not secure, or the resolver does not ' +
      'validate. Senders use TLSA records only from a validated answer, so these change nothing.',
    fix: 'Sign the zone with DNSSEC and publish its DS record at the parent; check with `delv {name} TLSA`. If the resolver is the issue, ask a validating one with `--resolver`.',
    refs: ['RFC 7672 §2.2', 'RFC 6698 §4.1'],
    vars: ['host', 'name'],
  },
  {
    id: 'dane.pkix-usage',
    severity: 'warning',
    title: 'A TLSA record of {host} uses usage {usage}, which SMTP does not use',
    explanation:
      'Usages 0 (PKIX-TA) and 1 (PKIX-EE) also require a public-CA path, which SMTP senders do not check; RFC 7672 tells them to treat such records as ' +
      'unusable. Only usages 2 (DANE-TA) and 3 (DANE-EE) count for mail.',
    fix: 'Replace it with a `3 1 1` record (the SHA-256 of the server\u2019s public key), or `2 1 1` for the issuing CA\u2019s key.',
    refs: ['RFC 7672 §3.1.3'],
    vars: ['host', 'usage'],
  },
  {
    id: 'dane.no-rollover',
    severity: 'info',
    title: '{host} has a single TLSA record: the next key change will break DANE delivery',
    explanation:
      'With one record, a certificate renewed with a new key fails DANE at once, until the DNS catches up. Publishing the next key\u2019s record ahead of the ' +
      'change (or a DANE-TA record for the issuer as well) keeps mail flowing.',
    fix: 'Publish the record for the next key (or `2 1 1` for the issuer) beside the current one, at least two TTLs before the change.',
    refs: ['RFC 7671 §8.1'],
    vars: ['host'],
  },
  {
    id: 'dane.ok',
    severity: 'info',
    title: 'DANE: a validated TLSA record of {host} matches its {which}',
    explanation:
      'The TLSA record {record} at {name} came in a DNSSEC-validated answer and matches {host}’s {which}, in the chain exactly as it was sent. DANE senders deliver here.',
    fix: 'Nothing to fix. Keep the record in step with the key: publish the next one before a key change.',
    refs: ['RFC 7672 §3.1'],
    vars: ['host', 'which', 'record', 'name'],
  },
  {
    id: 'port.25-blocked',
    severity: 'error',
    title:
      'No MX of {domain} answers on port {port} from here, while other ports do: this network blocks outbound port {port}',
    explanation:
      'Every MX host of {domain} ({hosts}) timed out or refused on port {port}, yet {reachable} answered on {ports}. That pattern is not the mail servers: it is the ' +
      'network SMTP Lens runs on. Most residential ISPs and cloud providers (AWS, Azure, Google Cloud) block outbound port 25 to stop spam from infected or rented machines.',
    fix:
      'Run the probe from a host that may send mail (your MTA, or a server whose provider has lifted the block), or through a proxy there. To test submission ' +
      'instead, probe port 587 (STARTTLS) or 465 (implicit TLS) with `smtp-lens probe HOST --port 587`.',
    refs: ['RFC 5321 §2.1', 'RFC 6409 §3.1'],
    vars: ['domain', 'port', 'hosts', 'reachable', 'ports'],
  },
]);
