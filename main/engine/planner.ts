import type { Stage } from '../../shared/transcript';
import type { Progress } from './conversation';
import type { SessionOptions } from './sessionOptions';

export type StepKind = 'connect' | 'ehlo' | 'helo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'message' | 'quit';

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

const QUIT_WHY = 'QUIT ends the session politely; the server answers 221 and closes (RFC 5321 §4.1.1.10).';

/** Decides the next exchange from where the conversation stands. Pure: no I/O. */
export function planNext(p: Progress, opts: SessionOptions): PlannedStep | null {
  if (p.closed) return null;
  if (!p.connected) {
    return step('connect', 'connect', `Connect to ${opts.host}:${opts.port}`,
      opts.tls === 'implicit'
        ? 'Open a TCP connection and start TLS at once (implicit TLS, RFC 8314), then wait for the greeting.'
        : 'Open a TCP connection and wait for the server\'s 220 greeting (RFC 5321 §4.3.1).');
  }
  const quit = step('quit', 'quit', 'QUIT', QUIT_WHY);
  if (p.quitSent) return null;
  if (p.ending) return quit;
  const qa = opts.quitAfter;
  if (qa === 'connect' || qa === 'banner') return quit;

  if (!p.greeted) {
    if (p.heloNeeded) return step('helo', 'ehlo', 'HELO (fallback)', 'The server refused EHLO, so the client falls back to the older HELO (RFC 5321 §4.1.4).');
    return p.tlsActive && opts.tls !== 'implicit'
      ? step('ehlo', 'ehlo', 'EHLO again after TLS', 'TLS is up. The server forgot everything said before, so the client introduces itself again and gets the capability list anew (RFC 3207 §4.2).')
      : step('ehlo', 'ehlo', 'EHLO', 'The client introduces itself and asks which extensions the server supports (RFC 5321 §4.1.1.1).');
  }
  if (qa === 'ehlo' && !p.tlsActive) return quit;

  const wantsStartTls = opts.tls === 'starttls' || opts.tls === 'auto';
  if (wantsStartTls && !p.tlsActive && !p.starttlsTried) {
    if (p.capabilities.includes('STARTTLS')) {
      return step('starttls', 'tls', 'STARTTLS', 'The server offers STARTTLS, so the client asks to encrypt this connection before anything sensitive is sent (RFC 3207).');
    }
    // The user asked for TLS and the server cannot give it: stop rather than go on in clear.
    if (opts.tls === 'starttls') return quit;
  }
  if (qa === 'ehlo' || qa === 'tls') return quit;

  if (opts.auth && !p.authTried) {
    return step('auth', 'auth', 'AUTH', 'The client proves who it is, so the server will accept mail for relay (RFC 4954).');
  }
  if (qa === 'auth') return quit;

  const to = opts.to ?? [];
  // DESIGN.md: a probe with no recipients never sends MAIL.
  if (!to.length) return quit;
  if (!p.mailTried) return step('mail', 'mail', 'MAIL FROM', 'The client starts a transaction and names the sender (the envelope "return path", RFC 5321 §4.1.1.2).');
  if (qa === 'mail') return quit;
  if (p.rcptNext < to.length) {
    return step('rcpt', 'rcpt', `RCPT TO ${to[p.rcptNext]}`, 'The client names a recipient; the server decides here whether it will take mail for that address (RFC 5321 §4.1.1.3).', p.rcptNext);
  }
  if (p.rcptAccepted === 0 || qa === 'rcpt') return quit;
  if (!p.dataTried) return step('data', 'data', 'DATA', 'The client asks to send the message itself; the server answers 354 to say "go ahead" (RFC 5321 §4.1.1.4).');
  if (!p.messageSent) return step('message', 'data', 'Message and final "."', 'The client sends the headers and body, then a line with a single "." to mark the end (RFC 5321 §4.5.2).');
  return quit;
}
