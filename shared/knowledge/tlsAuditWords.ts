// The TLS audit in sentences: what the notes say in every face (CLI, app, exports).
import type { TlsAudit, TlsAuditVersion, TlsVersionName } from '../transcript';
import { suiteTraits, suiteWords } from './cipherSuiteTraits';
import { VERSION_LABELS as AUDIT_VERSION_LABELS } from './tlsVerdict';

/** "TLS 1.2: 2 of 123 suites accepted, in the server's order: A (ECDHE, CBC); B (…)". */
export function auditSuitesLine(version: TlsVersionName, v: TlsAuditVersion): string {
  const label = AUDIT_VERSION_LABELS[version];
  const asked = v.suites.length + v.refused + v.unanswered;
  const unanswered = v.unanswered ? ` (${v.unanswered} without an answer)` : '';
  const how = v.order === 'server' ? ", in the server's order" : '';
  const list = v.suites.map((name) => `${name} (${suiteWords(suiteTraits(name))})`).join('; ');
  const count = `${v.suites.length} of ${asked} suite${asked === 1 ? '' : 's'} accepted${unanswered}`;
  return list ? `${label}: ${count}${how}: ${list}.` : `${label}: ${count}.`;
}

/** Who chooses the suite, in words an admin can act on. */
export function auditOrderLine(version: TlsVersionName, v: TlsAuditVersion): string | null {
  const label = AUDIT_VERSION_LABELS[version];
  switch (v.order) {
    case 'server':
      return `${label}: the server chooses the suite: offered in two opposite orders, it picked ${v.suites[0]} both times.`;
    case 'client':
      return `${label}: the client chooses the suite: the server took whichever accepted suite came first in the offer (Postfix: tls_preempt_cipherlist = no, its default).`;
    case 'unclear':
      return `${label}: who chooses the suite is unclear: offered in two opposite orders, the server's picks fit neither rule.`;
    default:
      return null;
  }
}

export function auditGroupsLine(groups: NonNullable<TlsAudit['groups']>): string {
  const refused = groups.refused.length ? `; refused: ${groups.refused.join(', ')}` : '';
  const accepted = groups.accepted.length ? groups.accepted.join(', ') : 'none';
  return `Key exchange groups at ${AUDIT_VERSION_LABELS[groups.version as TlsVersionName] ?? groups.version}, each offered alone: accepted: ${accepted}${refused}.`;
}

export function auditDhLine(bits: readonly number[]): string {
  return `Finite-field DH primes the server used with DHE suites: ${bits.map((b) => `${b} bits`).join(', ')}.`;
}

/** "TLS audit: TLS 1.2 (2 suites) and TLS 1.3 (3 suites) accepted; 135 connections in 0.4 s." */
export function auditSummaryLine(audit: TlsAudit): string {
  const accepted = (Object.keys(AUDIT_VERSION_LABELS) as TlsVersionName[])
    .filter((v) => audit.versions[v]?.suites.length)
    .map(
      (v) =>
        `${AUDIT_VERSION_LABELS[v]} (${audit.versions[v].suites.length} suite${audit.versions[v].suites.length === 1 ? '' : 's'})`,
    );
  const what = accepted.length ? `${accepted.join(', ')} accepted` : 'no suite accepted';
  const incomplete = audit.complete ? '' : ' — incomplete (see what was not asked)';
  return `TLS audit: ${what}; ${audit.connections} connections in ${(audit.ms / 1000).toFixed(1)} s${incomplete}.`;
}
