// The domain report as sections of rows, in words: the one place that decides what the text,
// Markdown and HTML exports and the app's Domain tab say about each card. Each face only lays
// the rows out. Values from the network (DNS names, TXT records, a web server's media type)
// stay raw here; every face escapes them where it formats them.
import type { DomainReport, SenderCard } from '../domain';
import type { Transcript } from '../transcript';
import { outcomeLabel, utcLabel } from './exportFacts';

export type Tone = 'ok' | 'warn' | 'bad' | 'plain';

export interface DomainRow {
  cells: string[];
  tone: Tone;
  /** For an MX or probe row: its index in report.probes, so a face can open the transcript. */
  probe?: number;
}

export interface DomainSection {
  id: 'mx' | 'mta-sts' | 'dane' | 'tls-rpt' | 'sender' | 'probes';
  heading: string;
  /** One line under the heading (the policy in a sentence), with its tone. */
  summary: { text: string; tone: Tone } | null;
  columns: string[];
  rows: DomainRow[];
}

export interface DomainDocument {
  title: string;
  dns: string;
  sections: DomainSection[];
  verdict: string;
}

function dnsLine(r: DomainReport): string {
  const answered = r.mx.queries.filter((q) => q.rcode === 'NOERROR' || q.rcode === 'NXDOMAIN');
  const dnssec = !answered.length
    ? 'no usable answer'
    : answered.every((q) => q.ad)
      ? 'the resolver says these answers are DNSSEC-validated (AD)'
      : 'not DNSSEC-validated: the resolver did not set the AD bit (an unsigned zone, or a resolver that does not validate)';
  return `DNS: asked ${r.resolvers.join(', ')} · ${dnssec}`;
}

function mxSection(r: DomainReport): DomainSection {
  const heading = {
    mx: 'MX, in the order a sending MTA tries them',
    implicit: 'No MX record: mail goes to the domain’s own address (implicit MX)',
    null: 'Null MX ("0 ."): this domain takes no mail',
    'no-domain': `The DNS says ${r.domain} does not exist (NXDOMAIN)`,
    'dns-error': 'The MX lookup failed',
  }[r.mx.kind];
  const rows = r.mx.hosts.map((h): DomainRow => {
    const note =
      h.problem === 'cname'
        ? `an alias for ${h.alias ?? ''}`
        : h.problem === 'ip-literal'
          ? 'an IP literal'
          : h.addresses.length
            ? ''
            : 'no address';
    const probe = r.probes.findIndex((p) => p.host === h.host);
    return {
      cells: [String(h.preference), h.host, h.addresses.map((a) => a.address).join(', '), note],
      tone: !h.addresses.length ? 'bad' : note ? 'warn' : 'plain',
      ...(probe === -1 ? {} : { probe }),
    };
  });
  return {
    id: 'mx',
    heading,
    summary: r.mx.kind === 'dns-error' ? { text: r.mx.error ?? 'no answer', tone: 'bad' } : null,
    columns: ['Preference', 'Host', 'Addresses', 'Note'],
    rows,
  };
}

function mtaStsSection(r: DomainReport): DomainSection | null {
  const m = r.mtaSts;
  if (!m) return null;
  const summary = m.missing
    ? { text: 'no policy (no _mta-sts record)', tone: 'plain' as const }
    : m.recordProblem
      ? { text: `record not usable: ${m.recordProblem}`, tone: 'bad' as const }
      : m.policyProblem || !m.policy
        ? { text: `policy not usable: ${m.policyProblem ?? ''}`, tone: 'bad' as const }
        : {
            text: `mode ${m.policy.mode}, id ${m.id}, max_age ${m.policy.maxAge} s, mx ${m.policy.mx.join(', ')}`,
            tone: m.policy.mode === 'enforce' ? ('ok' as const) : ('warn' as const),
          };
  return {
    id: 'mta-sts',
    heading: 'MTA-STS',
    summary,
    columns: ['MX host', 'Policy'],
    rows: m.mxMatches.map((x) => ({
      cells: [x.host, x.matches ? 'in the policy' : 'NOT in the policy'],
      tone: x.matches ? 'ok' : 'bad',
    })),
  };
}

function daneSection(r: DomainReport): DomainSection | null {
  if (!r.dane.some((d) => d.records.length || d.problem)) return null;
  return {
    id: 'dane',
    heading: 'DANE (TLSA)',
    summary: null,
    columns: ['MX host', 'TLSA'],
    rows: r.dane.map((d): DomainRow => {
      if (d.problem) return { cells: [d.host, d.problem], tone: 'warn' };
      if (!d.records.length) return { cells: [d.host, 'no TLSA record'], tone: 'plain' };
      const count = `${d.records.length} record${d.records.length === 1 ? '' : 's'}`;
      if (!d.validated) return { cells: [d.host, `${count}, not validated (no AD bit)`], tone: 'warn' };
      if (!d.match) return { cells: [d.host, `${count}, NO record matches the chain as sent`], tone: 'bad' };
      const { usage, selector, matchingType } = d.match.record;
      const what = d.match.certIndex === 0 ? 'certificate' : 'issuer';
      return { cells: [d.host, `${count}, matches the ${what} (${usage} ${selector} ${matchingType})`], tone: 'ok' };
    }),
  };
}

function tlsRptSection(r: DomainReport): DomainSection | null {
  const t = r.tlsRpt;
  if (!t) return null;
  const summary = t.missing
    ? { text: 'no record: failures are never reported', tone: 'warn' as const }
    : t.problem
      ? { text: `not usable: ${t.problem}`, tone: 'warn' as const }
      : { text: `reports go to ${t.rua.join(', ')}`, tone: 'ok' as const };
  return { id: 'tls-rpt', heading: 'TLS-RPT', summary, columns: [], rows: [] };
}

const ALIGNMENT = { r: 'relaxed', s: 'strict' } as const;

function senderSection(card: SenderCard | null): DomainSection | null {
  if (!card) return null;
  const where = card.clientIp
    ? ` for ${card.clientIp} (${card.clientIpSource === 'given' ? 'given' : 'this machine’s address'})`
    : '';
  const spf = card.spf.result
    ? `${card.spf.result}${card.spf.record ? ` · ${card.spf.record}` : ''}`
    : (card.spf.record ?? 'no v=spf1 record');
  const d = card.dmarc;
  const dmarc = d.problem
    ? d.problem
    : d.record
      ? `p=${d.policy ?? '?'}${d.subdomainPolicy ? ` sp=${d.subdomainPolicy}` : ''}, alignment SPF ${ALIGNMENT[d.aspf]}, DKIM ${ALIGNMENT[d.adkim]} · ${d.rua.length ? `reports to ${d.rua.join(', ')}` : 'no rua= (nobody gets reports)'}`
      : 'no record';
  return {
    id: 'sender',
    heading: `Sender ${card.domain}, as a receiver checks it${where}`,
    summary: null,
    columns: ['Check', 'Result'],
    rows: [
      { cells: ['SPF', spf], tone: card.spf.result === 'pass' ? 'ok' : 'bad' },
      { cells: ['DMARC', dmarc], tone: !d.record ? 'warn' : d.resultWithoutDkim === 'pass' ? 'ok' : 'warn' },
    ],
  };
}

/** One probe in a line: how far it got, the TLS, and the worst problem it found. */
export function probeSummary(t: Transcript): { text: string; tone: Tone } {
  const tls = t.tls
    ? `${t.tls.protocol}, certificate ${t.tls.verification.ok ? 'verified' : 'NOT verified'}`
    : 'no TLS';
  const problems = t.findings.filter((f) => f.severity !== 'info');
  const worst = problems.find((f) => f.severity === 'error') ?? problems[0];
  const text = `${t.outcome.ok ? 'OK' : outcomeLabel(t.outcome)} · ${tls}${worst ? ` · ${worst.title} [${worst.id}]` : ''}`;
  const tone = !t.outcome.ok || worst?.severity === 'error' ? 'bad' : worst || !t.tls?.verification.ok ? 'warn' : 'ok';
  return { text, tone };
}

function probesSection(r: DomainReport): DomainSection | null {
  if (!r.probes.length) return null;
  return {
    id: 'probes',
    heading: `Probes on port ${r.port} (STARTTLS, stopping after TLS; no mail is sent)`,
    summary: null,
    columns: ['MX host', 'Result'],
    rows: r.probes.map((p, i) => {
      const s = probeSummary(p.transcript);
      return { cells: [p.host, s.text], tone: s.tone, probe: i };
    }),
  };
}

export function domainDocument(r: DomainReport): DomainDocument {
  return {
    title: `SMTP Lens domain report · ${r.domain} · ${utcLabel(r.startedAt)}`,
    dns: dnsLine(r),
    sections: [
      mxSection(r),
      mtaStsSection(r),
      daneSection(r),
      tlsRptSection(r),
      senderSection(r.sender),
      probesSection(r),
    ].filter((s): s is DomainSection => s !== null),
    verdict: r.verdict,
  };
}
