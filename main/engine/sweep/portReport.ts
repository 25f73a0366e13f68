// One row of the sweep grid, derived from one port's transcript. Pure: the same transcript
// always gives the same row, so a saved sweep can be re-read and rows can be unit-tested.
import type { PortUse, SweepCell, SweepFinding, SweepRow } from '../../../shared/sweep';
import type { Severity, Transcript } from '../../../shared/transcript';
import { bannerOf, reachCell, speaksCell } from './connectionCells';
import { authAfterCell, authBeforeCell, certificateCell, ehloOf, starttlsCell, tlsCell } from './securityCells';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Each id once (a finding can repeat at several events), worst first. */
export function findingSummary(t: Transcript): SweepFinding[] {
  const byId = new Map<string, SweepFinding>();
  for (const f of t.findings) {
    const seen = byId.get(f.id);
    if (!seen || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[seen.severity])
      byId.set(f.id, { id: f.id, severity: f.severity, title: f.title });
  }
  return [...byId.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

type Parts = Omit<SweepRow, 'use' | 'findings' | 'durationMs' | 'transcript' | 'port' | 'address'>;
const use = (value: PortUse, label: string, hint: string): SweepCell<PortUse> => ({ value, label, hint });

/** What this port is good for. Submission needs AUTH inside TLS (RFC 6409 §4.3, RFC 8314 §3);
 * SMTP without AUTH is where other servers deliver (RFC 5321). */
export function portUseCell(p: Parts): SweepCell<PortUse> {
  if (p.reach.value !== 'connected') return use('unreachable', 'unreachable', p.reach.hint);
  if (p.speaks.value !== 'plaintext-smtp' && p.speaks.value !== 'implicit-tls')
    return use('no-smtp', 'no SMTP', p.speaks.hint);
  const code = p.banner?.code ?? null;
  if (code === null || code < 200 || code >= 300) {
    return use(
      'refuses-service',
      'refuses',
      `The greeting was a refusal ("${p.banner?.text ?? ''}"): the server will not talk to this client (RFC 5321 §3.1).`,
    );
  }
  if (!p.ehlo.beforeTls && !p.ehlo.afterTls) {
    return use(
      'refuses-service',
      'EHLO failed',
      'The server greeted but did not answer EHLO with its capabilities; see the transcript.',
    );
  }
  const mode = p.tls.mode === 'implicit' ? 'implicit TLS' : 'STARTTLS';
  if (p.tls.value === 'established' && p.authAfterTls.value === 'offered') {
    const mechanisms = p.authAfterTls.mechanisms.join(' ');
    if (p.certificate.value === 'verified') {
      return use(
        'submission-ready',
        'mail clients',
        `Ready for mail clients and apps: ${mode} with a verified certificate, then AUTH ${mechanisms}.`,
      );
    }
    return use(
      'submission-cert-problem',
      'clients, bad cert',
      `AUTH ${mechanisms} inside ${mode}, but the certificate failed verification (${p.certificate.label}): clients refuse it or warn until it is fixed.`,
    );
  }
  if (p.tls.value === 'failed') return use('broken-tls', 'TLS broken', p.tls.hint);
  if (p.authBeforeTls.value === 'offered') {
    return use(
      'submission-in-clear',
      'AUTH in clear',
      `AUTH ${p.authBeforeTls.mechanisms.join(' ')} is offered only without TLS: a password sent here can be read by anyone on the path.`,
    );
  }
  const tls = p.tls.value === 'established' ? `with ${mode}` : 'without TLS';
  return use(
    'server-to-server',
    'server-to-server',
    `SMTP ${tls} and no AUTH: this is where other mail servers deliver (MX, relay); a mail client cannot log in here.`,
  );
}

export function portReport(port: number, address: string | null, transcript: Transcript, durationMs: number): SweepRow {
  const reach = reachCell(transcript);
  const speaks = speaksCell(transcript, reach);
  const ehlo = ehloOf(transcript);
  const tls = tlsCell(transcript);
  const starttls = starttlsCell(transcript, ehlo);
  const parts: Parts = {
    reach,
    speaks,
    banner: bannerOf(transcript),
    ehlo,
    starttls,
    authBeforeTls: authBeforeCell(transcript, ehlo),
    authAfterTls: authAfterCell(ehlo, starttls, tls),
    tls,
    certificate: certificateCell(transcript),
  };
  return {
    port,
    address,
    ...parts,
    findings: findingSummary(transcript),
    use: portUseCell(parts),
    durationMs: Math.round(durationMs),
    transcript,
  };
}
