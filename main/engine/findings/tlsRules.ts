import { isIP } from 'node:net';
import type { CertInfo, ChainProblem, Severity, TlsInfo } from '../../../shared/transcript';
import type { RawFinding, Rule } from './rule';

const DAY = 86_400_000;

/** "3 days", "1 day", "5 hours" */
export function humanSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) {
    const days = Math.floor(abs / DAY);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  const hours = Math.max(1, Math.floor(abs / 3_600_000));
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

function certAt(tls: TlsInfo, index: number): CertInfo | undefined {
  return [...tls.sentChain, ...tls.verification.storeAdded][index];
}

function problemFinding(tls: TlsInfo, p: ChainProblem, now: number): Omit<RawFinding, 'event'> | null {
  const cert = 'index' in p ? certAt(tls, p.index) : undefined;
  const subject = cert?.subject ?? '';
  switch (p.kind) {
    case 'incomplete':
      return { id: 'tls.chain-incomplete', vars: { missingIssuer: p.missingIssuer, aiaUrl: p.aiaUrl ?? 'none given', subject }, ...(p.completedByStore ? { severity: 'warning' as Severity } : {}) };
    case 'hostname':
      return { id: 'tls.hostname-mismatch', vars: { checkedName: p.checkedName, certNames: p.names.join(', ') || '(none)' }, ...(isIP(p.checkedName) ? { variant: 'ip' } : {}) };
    case 'expired':
      return { id: 'tls.cert-expired', vars: { subject, notAfter: cert?.notAfter.slice(0, 10) ?? '', ago: humanSpan(now - Date.parse(cert?.notAfter ?? '')) } };
    case 'not-yet-valid':
      return { id: 'tls.cert-not-yet-valid', vars: { subject, notBefore: cert?.notBefore.slice(0, 10) ?? '', ahead: humanSpan(Date.parse(cert?.notBefore ?? '') - now) } };
    case 'expiring-soon':
      return { id: 'tls.cert-expiring-soon', vars: { subject, notAfter: cert?.notAfter.slice(0, 10) ?? '', ahead: humanSpan(Date.parse(cert?.notAfter ?? '') - now) } };
    case 'self-signed':
      return { id: 'tls.self-signed', vars: { subject } };
    case 'untrusted-root':
      return { id: 'tls.untrusted-root', vars: { root: p.root, subject } };
    case 'weak-key':
      return { id: 'tls.weak-key', vars: { subject, keyType: cert?.keyType ?? '', keyBits: String(cert?.keyBits ?? '') } };
    case 'weak-signature':
      return { id: 'tls.weak-signature', vars: { subject, sigAlg: cert?.sigAlg ?? '' } };
    case 'unused':
      return null;
  }
}

/**
 * Port 25 between servers uses opportunistic TLS: a sending MTA delivers anyway when the
 * certificate is bad (RFC 7672 §1.3 describes why), so there it is a warning. For submission
 * (587, 465) the client must verify (RFC 8314 §5.1), so it is an error.
 */
function contextSeverity(port: number, severity: Severity | undefined): Severity | undefined {
  return port === 25 && (severity ?? 'error') === 'error' ? 'warning' : severity;
}

export const tlsRules: Rule = ({ events, tls, target, startedAt }) => {
  const found: RawFinding[] = [];
  const established = events.findIndex((e) => e.type === 'tls-established');
  const now = Date.parse(startedAt);
  if (tls && established !== -1) {
    for (const problem of tls.verification.problems) {
      const finding = problemFinding(tls, problem, now);
      if (!finding) continue;
      const severity = contextSeverity(target.port, finding.severity);
      found.push({ ...finding, event: established, ...(severity ? { severity } : {}) });
    }
  }
  const plaintextAnswer = events.some((e) => e.type === 'note' && e.code === 'tls-got-plaintext');
  events.forEach((e, index) => {
    if (e.type === 'error' && e.stage === 'tls' && e.code !== 'TIMEOUT' && !plaintextAnswer) {
      found.push({ id: 'tls.handshake-failed', event: index, vars: { reason: `${e.message} (${e.code})` } });
    }
  });
  return found;
};
