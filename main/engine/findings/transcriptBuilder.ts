import { APP_VERSION } from '../../../shared/appInfo';
import { STAGES, TRANSCRIPT_SCHEMA, type Outcome, type Stage, type Transcript } from '../../../shared/transcript';
import type { Conversation } from '../conversation';
import type { Recorder } from '../recorder';
import { annotateFindings } from '../replyAnnotation';
import { deriveFindings } from './deriveFindings';

/** The stage a session set out to reach: --quit-after, or else as far as its options go. */
export function goalStage(c: Conversation): Stage {
  const { opts } = c;
  if (opts.quitAfter) return opts.quitAfter === 'connect' ? 'banner' : opts.quitAfter;
  if (opts.to?.length) return 'data';
  if (opts.auth) return 'auth';
  if (opts.tls === 'starttls' || opts.tls === 'implicit') return 'tls';
  return 'ehlo';
}

/** How far the session got. QUIT only counts as progress once the goal was reached: a
 * session refused at AUTH that then says QUIT politely still stopped at AUTH. */
function outcome(c: Conversation, hasError: boolean): Outcome {
  const reached = c.progress.reached;
  const goalReached = reached.includes(goalStage(c));
  const counted = STAGES.filter((s) => reached.includes(s) && (s !== 'quit' || goalReached));
  return { ok: goalReached && !hasError, stage: counted.at(-1) ?? 'dns' };
}

export function buildTranscript(c: Conversation, recorder: Recorder): Transcript {
  const { opts } = c;
  const target = { host: opts.host, port: opts.port, tls: opts.tls, servername: opts.servername ?? null };
  const recorded = recorder.events.slice();
  const startedAt = recorder.startedAt.toISOString();
  // Findings are worded for the port's role: a practice scenario on 2527 that plays an MX
  // is explained as port 25. The transcript keeps the real port.
  const roleTarget = opts.portRole ? { ...target, port: opts.portRole } : target;
  const findings = deriveFindings({ target: roleTarget, events: recorded, tls: c.tls, startedAt });
  return {
    schema: TRANSCRIPT_SCHEMA,
    app: { name: 'smtp-lens', version: APP_VERSION },
    target,
    startedAt,
    // Every reply carries what it means and which findings it produced (issue #4).
    events: annotateFindings(recorded, findings),
    tls: c.tls,
    findings,
    outcome: outcome(
      c,
      findings.some((f) => f.severity === 'error'),
    ),
  };
}
