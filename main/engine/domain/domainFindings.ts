// The domain's findings, from its cards and its probes: each names the domain or the MX host
// it is about and belongs to no event of any one probe. The catalog words them.
import type { FindingId } from '../../../shared/findings/catalog';
import type { Finding, Transcript } from '../../../shared/transcript';
import { materialize } from '../findings/deriveFindings';
import { cutForDisplay } from '../../../shared/untrustedText';
import type {
  DaneCard,
  DomainProbe,
  MtaStsCard,
  MxSet,
  SenderCard,
  SpfResult,
  TlsRptCard,
  TlsaRecord,
} from '../../../shared/domain';

/** A value quoted from the DNS or a web server can be as long as the answer (a TXT record of
 * 64 KB): a finding quotes only its start, and says how much it left out. */
const QUOTE_LIMIT = 300;
const bounded = (value: string) => {
  const cut = cutForDisplay(value, QUOTE_LIMIT);
  return cut.omitted ? `${cut.text}… (${cut.omitted} more characters)` : cut.text;
};

/** A finding about the domain as a whole: it belongs to no event of any probe. */
export const finding = (id: FindingId, vars: Record<string, string>): Finding =>
  materialize({ id, vars: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, bounded(v)])), event: null });

export function mxFindings(mx: MxSet): Finding[] {
  const { domain } = mx;
  const out: Finding[] = [];
  if (mx.kind === 'dns-error') out.push(finding('dns.failure', { domain, reason: mx.error ?? 'no answer' }));
  if (mx.kind === 'no-domain')
    out.push(finding('dns.failure', { domain, reason: `the DNS says ${domain} does not exist (NXDOMAIN)` }));
  if (mx.kind === 'null') out.push(finding('dns.null-mx', { domain }));
  if (mx.kind === 'implicit') {
    const addresses = mx.hosts[0]?.addresses.map((a) => a.address) ?? [];
    out.push(finding('dns.no-mx', { domain, addresses: addresses.length ? ` (${addresses.join(', ')})` : '' }));
  }
  const usable = mx.hosts.filter((h) => h.addresses.length && h.problem !== 'ip-literal');
  for (const h of mx.hosts) {
    if (h.problem === 'does-not-resolve' || h.problem === 'dns-error') {
      const others = usable.length
        ? ` and tries the next (${usable.map((u) => u.host).join(', ')})`
        : '; there is no other MX, so mail to this domain is not delivered';
      if (mx.kind === 'mx') out.push(finding('dns.mx-unresolvable', { domain, host: h.host, others }));
    }
    if (h.problem === 'ip-literal')
      out.push(
        finding('dns.mx-invalid-target', { domain, host: h.host, what: 'an IP address, not a host name', target: '' }),
      );
    if (h.problem === 'cname')
      out.push(
        finding('dns.mx-invalid-target', {
          domain,
          host: h.host,
          what: `an alias (a CNAME for ${h.alias})`,
          target: ` (here ${h.alias})`,
        }),
      );
  }
  return out;
}

export const verifiedTls = (t: Transcript) => t.tls !== null && t.tls.verification.ok === true;
export const reachedTls = (t: Transcript) => t.tls !== null;
export const connected = (t: Transcript) => t.events.some((e) => e.type === 'connected');

/** A day: RFC 8461 §3.2 leaves max_age to the domain, and suggests weeks. */
const SHORT_MAX_AGE = 86_400;

/** Why an MX fails MTA-STS's TLS check, from its probe, or null when it passes. */
export function stsFailure(t: Transcript): string | null {
  if (!t.tls) return t.events.some((e) => e.type === 'connected') ? 'it offers no STARTTLS' : null;
  const v = t.tls.verification;
  if (v.ok) return null;
  if (!v.hostnameOk) return `its certificate is not valid for the name ${v.checkedName}`;
  return `its certificate does not verify (${v.failingLink?.reason ?? 'no trusted root'})`;
}

export function mtaStsFindings(domain: string, card: MtaStsCard | null, probes: readonly DomainProbe[]): Finding[] {
  if (!card || card.missing) return [];
  if (card.recordProblem) return [finding('mta-sts.record-invalid', { domain, problem: card.recordProblem })];
  if (card.policyProblem || !card.policy)
    return [finding('mta-sts.policy-unavailable', { domain, problem: card.policyProblem ?? 'no policy' })];
  const { mode, mx, maxAge } = card.policy;
  const out: Finding[] = [];
  if (mode !== 'enforce') out.push(finding('mta-sts.testing', { domain, mode }));
  if (maxAge < SHORT_MAX_AGE) out.push(finding('mta-sts.max-age-short', { domain, maxAge: String(maxAge) }));
  if (mode === 'none') return out;
  const consequence = mode === 'enforce' ? 'will not deliver to it' : 'report it, and still deliver';
  for (const m of card.mxMatches.filter((x) => !x.matches))
    out.push(finding('mta-sts.mx-not-in-policy', { domain, host: m.host, patterns: mx.join(', '), mode, consequence }));
  if (mode === 'enforce')
    for (const p of probes) {
      const why = stsFailure(p.transcript);
      if (why) out.push(finding('mta-sts.cert-fails', { domain, host: p.host, why }));
    }
  return out;
}

const tlsaText = (r: TlsaRecord) => `${r.usage} ${r.selector} ${r.matchingType} ${r.data.slice(0, 16)}…`;

export function daneFindings(card: DaneCard, probe: DomainProbe | undefined): Finding[] {
  if (!card.records.length) return [];
  const { host, name } = card;
  const out: Finding[] = [];
  for (const r of card.records.filter((x) => x.usage === 0 || x.usage === 1))
    out.push(finding('dane.pkix-usage', { host, usage: String(r.usage) }));
  // RFC 7672 §3.1.3: with no DANE-TA or DANE-EE record, the MX is not DANE-protected at all.
  if (!card.records.some((r) => r.usage === 2 || r.usage === 3)) return out;
  if (!card.validated) return [...out, finding('dane.not-validated', { host, name })];
  const chain = probe?.transcript.tls?.sentChain ?? [];
  if (card.match) {
    const which =
      card.match.certIndex === 0 ? 'own certificate' : `issuer (${chain[card.match.certIndex]?.subject ?? 'a CA'})`;
    out.push(finding('dane.ok', { host, name, which, record: tlsaText(card.match.record) }));
  } else if (chain.length) {
    const names = chain.map((c) => /CN=([^,]+)/.exec(c.subject)?.[1] ?? c.subject).join(' ← ');
    out.push(finding('dane.mismatch', { host, name, records: card.records.map(tlsaText).join('; '), chain: names }));
  }
  if (card.records.length === 1) out.push(finding('dane.no-rollover', { host }));
  return out;
}

export function tlsRptFindings(domain: string, card: TlsRptCard | null): Finding[] {
  if (!card) return [];
  if (card.missing) return [finding('tlsrpt.missing', { domain })];
  if (card.problem) return [finding('tlsrpt.invalid', { domain, problem: card.problem, record: card.record ?? '' })];
  return [];
}

/** RFC 7208 §2.6, in the words a receiver's postmaster would use. */
const SPF_MEANING: Record<SpfResult, string> = {
  pass: 'the address is allowed to send for the domain',
  fail: 'the record says this address must not send for the domain (-all)',
  softfail: 'the record says this address is probably not allowed (~all); most receivers junk such mail',
  neutral: 'the record says nothing about this address (?all), which counts as no SPF pass',
  none: 'the domain publishes no SPF record, so nothing can pass',
  temperror: 'a DNS lookup failed on the way, so the receiver defers the mail or treats it as unauthenticated',
  permerror:
    'the record is broken (bad syntax, several records, or more than ten DNS lookups), which receivers treat as a failure',
};

const whoFrom = (card: SenderCard) =>
  card.clientIp ? ` from ${card.clientIp}${card.clientIpSource === 'this-machine' ? ' (this machine)' : ''}` : '';

const DMARC_CONSEQUENCE: Record<string, string> = {
  reject: 'p=reject, so it refuses the mail',
  quarantine: 'p=quarantine, so it puts the mail in the spam folder',
  none: 'p=none, so it delivers, and only reports the failure to the domain',
};

export function senderFindings(card: SenderCard | null): Finding[] {
  if (!card) return [];
  const { domain } = card;
  const out: Finding[] = [];
  const who = whoFrom(card);
  const result: SpfResult | null = card.spf.result ?? (card.spf.record ? null : 'none');
  if (result && result !== 'pass') out.push(finding('spf.fail', { domain, who, result, meaning: SPF_MEANING[result] }));
  const d = card.dmarc;
  if (!d.record && !d.problem) out.push(finding('dmarc.missing', { domain }));
  if (d.record && d.policy && d.resultWithoutDkim === 'fail')
    out.push(
      finding('dmarc.fail', {
        domain,
        who,
        spf: card.spf.result ?? 'not evaluated',
        policy: d.policy,
        alignment: d.adkim === 's' ? ' exactly (adkim=s)' : ' (or a subdomain of it)',
        consequence: DMARC_CONSEQUENCE[d.policy] ?? `p=${d.policy}`,
      }),
    );
  return out;
}

/** Every MX silent on 25 while another port of the same hosts answers: the network between,
 * not the mail servers. Only said on port 25, where ISPs and clouds block (RFC 5321 §2.1). */
export function port25Finding(
  domain: string,
  port: number,
  probes: readonly DomainProbe[],
  otherPorts: readonly { host: string; port: number }[],
): Finding[] {
  if (!probes.length || probes.some((p) => connected(p.transcript)) || !otherPorts.length) return [];
  const hosts = [...new Set(otherPorts.map((o) => o.host))];
  const ports = [...new Set(otherPorts.map((o) => o.port))].sort((a, b) => a - b);
  return [
    finding('port.25-blocked', {
      domain,
      port: String(port),
      hosts: probes.map((p) => p.host).join(', '),
      reachable: hosts.join(', '),
      ports: ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(', ')}`,
    }),
  ];
}
