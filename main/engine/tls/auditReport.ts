// Runs `--tls-audit` after a session and writes it into the transcript: one note per version
// and per part of the audit (so every face shows it in order, and the findings rules read it
// from the notes), the version map as `tlsVersions`, and the whole audit as `tlsAudit`.
import type { NoteCode } from '../../../shared/noteCodes';
import {
  auditDhLine,
  auditGroupsLine,
  auditOrderLine,
  auditSummaryLine,
  auditSuitesLine,
} from '../../../shared/knowledge/tlsAuditWords';
import { tlsVersionLine } from '../../../shared/knowledge/tlsVerdict';
import {
  TLS_VERSION_NAMES,
  type TlsAudit,
  type TlsVersionCheck,
  type TlsVersionName,
  type Transcript,
} from '../../../shared/transcript';
import { SmtpSession } from '../session';
import type { SessionOptions } from '../sessionOptions';
import { type AuditOptions, auditTls, AUDIT_DEFAULTS } from './cipherAudit';
import { tlsModeOf, versionTargetFor } from './versionReport';

export async function runTlsAudit(session: SmtpSession, options: AuditOptions = {}): Promise<TlsAudit | null> {
  const note = (text: string, code: NoteCode, data?: Record<string, string>) =>
    session.recorder.record({ type: 'note', stage: 'tls', text, code, ...(data ? { data } : {}) });
  const mode = tlsModeOf(session.transcript());
  if (!mode) {
    note(
      'The TLS audit did not run: this session did not use TLS. Use --tls starttls or --tls implicit.',
      'tls-versions-skipped',
    );
    return null;
  }
  const concurrency = options.concurrency ?? AUDIT_DEFAULTS.concurrency;
  note(
    `Auditing TLS: every cipher suite offered alone, each on a new connection (${mode === 'starttls' ? 'EHLO and STARTTLS each time' : 'implicit TLS'}), ${concurrency} at a time; the server's ServerHello shows what it accepts.`,
    'tls-audit-start',
  );
  const audit = await auditTls(versionTargetFor(session.options, mode), options);
  for (const version of TLS_VERSION_NAMES) {
    const v = audit.versions[version];
    note(tlsVersionLine(version, v.check), 'tls-version', { version, result: v.check.result });
    if (v.check.result !== 'accepted') continue;
    note(auditSuitesLine(version, v), 'tls-audit-suites', {
      version,
      suites: v.suites.join(' '),
      order: v.order ?? '',
    });
    const order = auditOrderLine(version, v);
    if (order) note(order, 'tls-audit-order', { version, order: v.order ?? '' });
  }
  if (audit.groups) note(auditGroupsLine(audit.groups), 'tls-audit-groups', { version: audit.groups.version });
  if (audit.dhBits.length) note(auditDhLine(audit.dhBits), 'tls-audit-dh', { bits: audit.dhBits.join(' ') });
  note(`Not testable here: ${audit.notTestable.join('; ')}.`, 'tls-audit-not-testable');
  note(auditSummaryLine(audit), 'tls-audit', { complete: String(audit.complete) });
  return audit;
}

export function versionMapOf(audit: TlsAudit): Record<TlsVersionName, TlsVersionCheck> {
  return Object.fromEntries(TLS_VERSION_NAMES.map((v) => [v, audit.versions[v].check])) as Record<
    TlsVersionName,
    TlsVersionCheck
  >;
}

/** A whole probe with the audit: the CLI's `probe --tls-audit`, the app's "TLS audit". */
export async function probeWithTlsAudit(
  sessionOptions: SessionOptions,
  options: AuditOptions = {},
): Promise<Transcript> {
  const session = new SmtpSession(sessionOptions);
  await session.run();
  const audit = await runTlsAudit(session, options);
  const transcript = session.transcript();
  return audit ? { ...transcript, tlsVersions: versionMapOf(audit), tlsAudit: audit } : transcript;
}
