// `smtp-lens domain` as text: the MX set in the order a sender tries it, one line per probe,
// the policy cards, the domain's findings and the verdict. What came from the network (names
// from DNS, TXT records, a web server's media type) is escaped where it is formatted, as in
// the transcript's text; the caller's terminalSafe is the last guard over the whole.
import type { DomainReport } from '../engine/domain/domainReport';
import { outcomeLabel, utcLabel } from '../../shared/export/exportFacts';
import { paletteFor } from '../../shared/export/palette';
import { findingLines } from '../../shared/export/textTranscript';
import type { Transcript } from '../../shared/transcript';
import { terminalText } from '../../shared/untrustedText';

function probeLine(t: Transcript, u: (text: string) => string): string {
  const tls = t.tls
    ? `${t.tls.protocol}, certificate ${t.tls.verification.ok ? 'verified' : 'NOT verified'}`
    : 'no TLS';
  const problems = t.findings.filter((f) => f.severity !== 'info');
  const worst = problems.find((f) => f.severity === 'error') ?? problems[0];
  return `${t.outcome.ok ? 'OK' : outcomeLabel(t.outcome)} · ${tls}${worst ? ` · ${u(worst.title)} [${worst.id}]` : ''}`;
}

export function renderDomainText(r: DomainReport, color = false, width = 100): string {
  const p = paletteFor(color);
  const u = (text: string) => terminalText(text, p.ctl);
  const out: string[] = [];
  out.push(p.bold(`SMTP Lens domain report · ${r.domain} · ${utcLabel(r.startedAt)}`));
  const answered = r.mx.queries.filter((q) => q.rcode === 'NOERROR' || q.rcode === 'NXDOMAIN');
  const dnssec = !answered.length
    ? 'no usable answer'
    : answered.every((q) => q.ad)
      ? 'the resolver says these answers are DNSSEC-validated (AD)'
      : 'not DNSSEC-validated: the resolver did not set the AD bit (an unsigned zone, or a resolver that does not validate)';
  out.push(`DNS: asked ${r.resolvers.join(', ')} · ${dnssec}`, '');
  const kind = {
    mx: 'MX, in the order a sending MTA tries them:',
    implicit: 'No MX record: mail goes to the domain’s own address (implicit MX):',
    null: 'Null MX ("0 ."): this domain takes no mail.',
    'no-domain': `The DNS says ${r.domain} does not exist (NXDOMAIN).`,
    'dns-error': `The MX lookup failed: ${u(r.mx.error ?? '')}`,
  }[r.mx.kind];
  out.push(p.bold(kind));
  for (const h of r.mx.hosts) {
    const addresses = h.addresses.map((a) => a.address).join(', ') || p.red('no address');
    const note =
      h.problem === 'cname'
        ? p.yellow(` (an alias for ${u(h.alias ?? '')})`)
        : h.problem === 'ip-literal'
          ? p.yellow(' (an IP literal)')
          : '';
    out.push(`  ${String(h.preference).padStart(4)}  ${u(h.host).padEnd(32)} ${addresses}${note}`);
  }
  if (r.mtaSts) {
    const m = r.mtaSts;
    const line = m.missing
      ? 'no policy (no _mta-sts record)'
      : m.recordProblem
        ? p.red(`record not usable: ${m.recordProblem}`)
        : m.policyProblem || !m.policy
          ? p.red(`policy not usable: ${u(m.policyProblem ?? '')}`)
          : `mode ${m.policy.mode}, id ${m.id}, max_age ${m.policy.maxAge} s, mx ${u(m.policy.mx.join(', '))}`;
    out.push('', `${p.bold('MTA-STS:')} ${line}`);
    for (const x of m.mxMatches)
      out.push(`  ${u(x.host).padEnd(32)} ${x.matches ? 'in the policy' : p.red('NOT in the policy')}`);
  }
  if (r.dane.some((d) => d.records.length)) {
    out.push('', p.bold('DANE (TLSA):'));
    for (const d of r.dane) {
      if (!d.records.length) {
        out.push(`  ${u(d.host).padEnd(32)} no TLSA record`);
        continue;
      }
      const state = !d.validated
        ? p.yellow('not validated (no AD bit)')
        : d.match
          ? `matches the ${d.match.certIndex === 0 ? 'certificate' : 'issuer'} (${d.match.record.usage} ${d.match.record.selector} ${d.match.record.matchingType})`
          : p.red('NO record matches the chain as sent');
      out.push(`  ${u(d.host).padEnd(32)} ${d.records.length} record${d.records.length === 1 ? '' : 's'}, ${state}`);
    }
  }
  if (r.tlsRpt) {
    const t = r.tlsRpt;
    out.push(
      '',
      `${p.bold('TLS-RPT:')} ${t.missing ? 'no record: failures are never reported' : t.problem ? p.yellow(`not usable: ${u(t.problem)}`) : `reports go to ${u(t.rua.join(', '))}`}`,
    );
  }
  if (r.probes.length) {
    out.push('', p.bold(`Probes on port ${r.port} (STARTTLS, stopping after TLS; no mail is sent):`));
    for (const probe of r.probes) out.push(`  ${u(probe.host).padEnd(32)} ${probeLine(probe.transcript, u)}`);
  }
  if (r.findings.length) {
    out.push('', p.bold('Findings'));
    // The same block as under a step of a transcript (shared/export/textTranscript.ts).
    for (const f of r.findings) out.push(...findingLines(f, p, width));
  }
  out.push('', `${p.bold('Verdict:')} ${u(r.verdict)}`, '');
  return out.join('\n');
}
