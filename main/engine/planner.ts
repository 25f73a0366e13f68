import { hasCapability } from '../../shared/sessionFacts';
import { STEP_REASONS as WHY } from '../../shared/knowledge/stepReasons';
import type { Stage } from '../../shared/transcript';
import type { Progress } from './conversation';
import type { SessionOptions } from './sessionOptions';

export type StepKind =
  | 'connect'
  | 'ehlo'
  | 'helo'
  | 'starttls'
  | 'auth'
  | 'mail'
  | 'envelope'
  | 'vrfy'
  | 'rcpt'
  | 'data'
  | 'message'
  | 'quit';

/** The next exchange, described before it happens (for Step mode and Learn mode). */
export interface PlannedStep {
  kind: StepKind;
  stage: Stage;
  /** Short name for a button or a row: "EHLO again after TLS". */
  label: string;
  /** Why the client does this now, in plain words. */
  why: string;
  /** For `rcpt`: which recipient. */
  rcptIndex?: number;
}

const step = (kind: StepKind, stage: Stage, label: string, why: string, rcptIndex?: number): PlannedStep =>
  rcptIndex === undefined ? { kind, stage, label, why } : { kind, stage, label, why, rcptIndex };

/** --bdat, where the server offers CHUNKING (RFC 3030 §2); elsewhere DATA, with a note. */
export function usesBdat(p: Progress, opts: SessionOptions): boolean {
  return opts.bdat === true && hasCapability(p.capabilities, 'CHUNKING');
}

/** Decides the next exchange from where the conversation stands. Pure: no I/O. */
export function planNext(p: Progress, opts: SessionOptions): PlannedStep | null {
  if (p.closed) return null;
  if (!p.connected) {
    return step(
      'connect',
      'connect',
      `Connect to ${opts.host}:${opts.port}`,
      opts.tls === 'implicit' ? WHY.connectImplicit : WHY.connect,
    );
  }
  const quit = step('quit', 'quit', 'QUIT', WHY.quit);
  if (p.quitSent) return null;
  if (p.ending) return quit;
  const qa = opts.quitAfter;
  if (qa === 'connect' || qa === 'banner') return quit;

  if (!p.greeted) {
    if (p.heloNeeded) return step('helo', 'ehlo', 'HELO (fallback)', WHY.helo);
    return p.tlsActive && opts.tls !== 'implicit'
      ? step('ehlo', 'ehlo', 'EHLO again after TLS', WHY.ehloAfterTls)
      : step('ehlo', 'ehlo', 'EHLO', WHY.ehlo);
  }
  if (qa === 'ehlo' && !p.tlsActive) return quit;

  const wantsStartTls = opts.tls === 'starttls' || opts.tls === 'auto';
  if (wantsStartTls && !p.tlsActive && !p.starttlsTried) {
    if (p.capabilities.includes('STARTTLS')) {
      return step('starttls', 'tls', 'STARTTLS', WHY.starttls);
    }
    // The user asked for TLS and the server cannot give it: stop rather than go on in clear.
    if (opts.tls === 'starttls') return quit;
  }
  if (qa === 'ehlo' || qa === 'tls') return quit;

  if (opts.auth && !p.authTried) {
    return step(
      'auth',
      'auth',
      'AUTH',
      `${WHY.auth} ${WHY.authEncoding} ${p.tlsActive ? WHY.authInsideTls : WHY.authInClear}`,
    );
  }
  if (qa === 'auth') return quit;
  if (opts.vrfy && !p.vrfyTried) return step('vrfy', 'rcpt', `VRFY ${opts.vrfy}`, WHY.vrfy);

  const to = opts.to ?? [];
  // A probe with no recipients never sends MAIL: it must not start a transaction it cannot finish.
  if (!to.length) return quit;
  if (!p.mailTried) {
    // RFC 2920 §3.1: MAIL and RCPT may be grouped, with DATA (or nothing) last.
    if (qa !== 'mail' && !opts.noPipelining && hasCapability(p.capabilities, 'PIPELINING')) {
      const rcpts = to.length === 1 ? 'RCPT TO' : `${to.length} RCPT TO`;
      const withData = qa !== 'rcpt' && !usesBdat(p, opts);
      return step(
        'envelope',
        'mail',
        `MAIL FROM, ${rcpts}${withData ? ' and DATA' : ''} in one write (PIPELINING)`,
        WHY.envelope,
      );
    }
    return step('mail', 'mail', 'MAIL FROM', WHY.mail);
  }
  if (qa === 'mail') return quit;
  if (p.rcptNext < to.length) {
    return step('rcpt', 'rcpt', `RCPT TO ${to[p.rcptNext]}`, WHY.rcpt, p.rcptNext);
  }
  if (p.rcptAccepted === 0 || qa === 'rcpt') return quit;
  if (usesBdat(p, opts)) return p.messageSent ? quit : step('message', 'data', 'Message in BDAT chunks', WHY.bdat);
  if (!p.dataTried) return step('data', 'data', 'DATA', WHY.data);
  if (!p.messageSent) return step('message', 'data', 'Message and final "."', WHY.message);
  return quit;
}
