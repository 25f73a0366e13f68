// Whether a session's TLS can be audited: one rule for the Certificates tab's "TLS audit" button
// and the `tls:audit` channel, so the button is never offered for a request main would refuse.
import { handshakeModeOf } from './sessionFacts';
import type { TlsInfo, TranscriptEvent } from './transcript';

export interface AuditRefusal {
  code: 'SESSION_RUNNING' | 'NO_TLS';
  message: string;
}

/** Why this session cannot be audited now, in words; null when it can. "Used TLS" is what the
 * audit needs to know how to connect: a TLS handshake was tried (STARTTLS or implicit), even one
 * that failed, since an audit shows why. */
export function auditRefusal(session: {
  finished: boolean;
  tls: TlsInfo | null;
  events: readonly TranscriptEvent[];
}): AuditRefusal | null {
  if (!session.finished)
    return {
      code: 'SESSION_RUNNING',
      message: 'The session is still running: the TLS audit can start once it has finished.',
    };
  if (session.tls === null && handshakeModeOf(session.events) === null)
    return {
      code: 'NO_TLS',
      message:
        'This session did not use TLS, so there is nothing to audit: run it with TLS set to STARTTLS or implicit TLS, then audit it.',
    };
  return null;
}
