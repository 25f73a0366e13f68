// A domain as a sending MTA sees it: its MX set, in the order it would try them, and one
// probe of each MX (STARTTLS, stopping after TLS: nothing is ever sent), a few at a time. The
// findings about the MX set itself are the domain's; each probe keeps its own transcript.
import type { FindingId } from '../../../shared/findings/catalog';
import { materialize } from '../findings/deriveFindings';
import type { Finding, Transcript } from '../../../shared/transcript';
import type { DnsServer } from '../dns/dnsClient';
import { lookupMx, type MxHost, type MxSet } from '../dns/mxSet';
import { mapBounded } from '../mapBounded';
import { probe } from '../session';
import { checkDane, type DaneCard, type TlsaRecord } from './dane';
import { checkMtaSts, type MtaStsCard } from './mtaSts';
import { checkTlsRpt, type TlsRptCard } from './tlsRpt';

export const DOMAIN_SCHEMA = 'smtp-lens/domain@1';

export interface DomainProbe {
  host: string;
  preference: number;
  transcript: Transcript;
}

export interface DomainReport {
  schema: typeof DOMAIN_SCHEMA;
  domain: string;
  startedAt: string;
  /** The DNS servers asked, "IP:PORT". */
  resolvers: string[];
  port: number;
  mx: MxSet;
  /** The TLS-RPT record (RFC 8460); null when the domain takes no mail or DNS failed. */
  tlsRpt: TlsRptCard | null;
  /** The MTA-STS record and policy (RFC 8461); null when the domain takes no mail. */
  mtaSts: MtaStsCard | null;
  /** The TLSA records of each probed MX, matched against the chain it sent (RFC 7672). */
  dane: DaneCard[];
  probes: DomainProbe[];
  findings: Finding[];
  /** What a sending MTA would do, in a sentence. */
  verdict: string;
}

export interface DomainOptions {
  resolvers: DnsServer[];
  port: number;
  timeoutMs: number;
  /** Look at DNS only: no SMTP connection at all. */
  probe: boolean;
  ca?: string[];
  /** How many MX hosts are probed at once. */
  concurrency?: number;
  /** Where the MTA-STS policy host listens: 443 (RFC 8461 §3.3), elsewhere only in tests. */
  mtaStsPort?: number;
}

/** A few at a time: a domain with many MX hosts must not open them all at once. */
const DEFAULT_CONCURRENCY = 4;

/** A finding about the domain as a whole: it belongs to no event of any probe. */
const finding = (id: FindingId, vars: Record<string, string>): Finding => materialize({ id, vars, event: null });

function mxFindings(mx: MxSet): Finding[] {
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

const verifiedTls = (t: Transcript) => t.tls !== null && t.tls.verification.ok === true;
const reachedTls = (t: Transcript) => t.tls !== null;
const connected = (t: Transcript) => t.events.some((e) => e.type === 'connected');

/** A day: RFC 8461 §3.2 leaves max_age to the domain, and suggests weeks. */
const SHORT_MAX_AGE = 86_400;

/** Why an MX fails MTA-STS's TLS check, from its probe, or null when it passes. */
function stsFailure(t: Transcript): string | null {
  if (!t.tls) return t.events.some((e) => e.type === 'connected') ? 'it offers no STARTTLS' : null;
  const v = t.tls.verification;
  if (v.ok) return null;
  if (!v.hostnameOk) return `its certificate is not valid for the name ${v.checkedName}`;
  return `its certificate does not verify (${v.failingLink?.reason ?? 'no trusted root'})`;
}

function mtaStsFindings(domain: string, card: MtaStsCard | null, probes: readonly DomainProbe[]): Finding[] {
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

/** Under MTA-STS enforce, the MX a plain sender would use may be one an MTA-STS sender refuses:
 * the verdict says so, with why (RFC 8461 §4.2, §5). */
function enforceCaveat(card: MtaStsCard | null, probes: readonly DomainProbe[]): string {
  if (card?.policy?.mode !== 'enforce') return '';
  const first = probes.find((p) => p.transcript.events.some((e) => e.type === 'connected'));
  if (!first) return '';
  const listed = card.mxMatches.find((m) => m.host === first.host)?.matches ?? true;
  const why = !listed
    ? `${first.host} is not in the policy (mx: ${card.policy.mx.join(', ')})`
    : stsFailure(first.transcript);
  return why ? ` Senders that honour MTA-STS (mode enforce) would not deliver there: ${why}.` : '';
}

const tlsaText = (r: TlsaRecord) => `${r.usage} ${r.selector} ${r.matchingType} ${r.data.slice(0, 16)}…`;

function daneFindings(card: DaneCard, probe: DomainProbe | undefined): Finding[] {
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

function tlsRptFindings(domain: string, card: TlsRptCard | null): Finding[] {
  if (!card) return [];
  if (card.missing) return [finding('tlsrpt.missing', { domain })];
  if (card.problem) return [finding('tlsrpt.invalid', { domain, problem: card.problem, record: card.record ?? '' })];
  return [];
}

/** What a sending MTA would do: the first MX in order that answers is where mail goes. */
function verdictOf(mx: MxSet, probes: DomainProbe[], probed: boolean, port: number): string {
  const { domain } = mx;
  if (mx.kind === 'null') return `${domain} takes no mail: senders bounce at once.`;
  if (mx.kind === 'dns-error' || mx.kind === 'no-domain')
    return `Senders cannot find where mail for ${domain} goes: the DNS did not answer (see the findings).`;
  const reachable = mx.hosts.filter((h) => h.addresses.length && h.problem !== 'ip-literal');
  if (!reachable.length) return `No MX host of ${domain} has an address: mail to it is not delivered.`;
  if (!probed)
    return `A sending MTA would try ${reachable.map((h) => h.host).join(', then ')} (not probed: --no-probe).`;
  const first = probes.find((p) => connected(p.transcript));
  if (!first) return `No MX host of ${domain} answered on port ${port}: senders will queue the mail and retry.`;
  const how = verifiedTls(first.transcript)
    ? 'over verified TLS'
    : reachedTls(first.transcript)
      ? 'over TLS whose certificate does not verify (accepted by opportunistic STARTTLS; MTA-STS and DANE senders refuse it)'
      : 'without TLS (the server offers no STARTTLS, so the mail crosses the network in clear)';
  const skipped = probes.slice(0, probes.indexOf(first));
  const before = skipped.length ? ` after ${skipped.map((p) => p.host).join(', ')} did not answer` : '';
  return `A sending MTA would deliver to ${first.host} ${how}${before}.`;
}

export async function checkDomain(domain: string, o: DomainOptions): Promise<DomainReport> {
  const startedAt = new Date().toISOString();
  const mx = await lookupMx(domain, { servers: o.resolvers, timeoutMs: o.timeoutMs });
  const takesMail = mx.kind === 'mx' || mx.kind === 'implicit';
  const tlsRpt = takesMail ? await checkTlsRpt(domain, o.resolvers, o.timeoutMs) : null;
  const mtaSts = takesMail
    ? await checkMtaSts(
        domain,
        mx.hosts.map((h) => h.host),
        {
          servers: o.resolvers,
          timeoutMs: o.timeoutMs,
          ...(o.ca ? { ca: o.ca } : {}),
          ...(o.mtaStsPort ? { policyPort: o.mtaStsPort } : {}),
        },
      )
    : null;
  const targets: MxHost[] = o.probe ? mx.hosts.filter((h) => h.addresses.length && h.problem !== 'ip-literal') : [];
  const probes = await mapBounded(targets, o.concurrency ?? DEFAULT_CONCURRENCY, async (h) => ({
    host: h.host,
    preference: h.preference,
    transcript: await probe({
      host: h.host,
      port: o.port,
      tls: 'starttls',
      servername: h.host,
      quitAfter: 'tls',
      resolvers: o.resolvers,
      timeout: o.timeoutMs,
      ...(o.ca ? { ca: o.ca } : {}),
    }),
  }));
  const dane = await mapBounded(probes, o.concurrency ?? DEFAULT_CONCURRENCY, (p) =>
    checkDane(p.host, o.port, p.transcript.tls?.sentChain ?? null, o.resolvers, o.timeoutMs),
  );
  return {
    schema: DOMAIN_SCHEMA,
    domain,
    startedAt,
    resolvers: o.resolvers.map((s) => `${s.address}:${s.port}`),
    port: o.port,
    mx,
    tlsRpt,
    mtaSts,
    dane,
    probes,
    findings: [
      ...mxFindings(mx),
      ...mtaStsFindings(domain, mtaSts, probes),
      ...dane.flatMap((card) =>
        daneFindings(
          card,
          probes.find((p) => p.host === card.host),
        ),
      ),
      ...tlsRptFindings(domain, tlsRpt),
    ],
    verdict: verdictOf(mx, probes, o.probe, o.port) + enforceCaveat(mtaSts, probes),
  };
}
