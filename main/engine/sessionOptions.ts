import type { AuthMechanism, SessionRequest } from '../../shared/sessionRequest';

export type { AuthMechanism };

export interface Credentials {
  user: string;
  /** The password, or the OAuth 2.0 access token for XOAUTH2. Never recorded. */
  secret: string;
  /** Chosen from what the server offers when absent. */
  mechanism?: AuthMechanism;
}

/** How long each stage may take. RFC 5321 §4.5.3.2 gives servers minutes; a diagnostic tool
 * waits less, and says which stage timed out. Each is a deadline for the whole stage (a reply
 * that arrives one line a second still ends on time), and `session` bounds them all together. */
export interface Timeouts {
  connect: number;
  greeting: number;
  command: number;
  tls: number;
  dataEnd: number;
  /** In `auto` mode: how long to wait for a plaintext greeting before trying TLS. */
  autoDetect: number;
  /** The whole session: the time spent waiting for the server across every step (the time a
   * user takes between Steps does not count). */
  session: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connect: 10_000,
  greeting: 30_000,
  command: 30_000,
  tls: 15_000,
  dataEnd: 60_000,
  autoDetect: 3_000,
  session: 180_000,
};

/** With one number for every stage, the session may take this many stages' worth, and at
 * least its default: a session waits about six times (greeting, EHLO, STARTTLS, the handshake,
 * EHLO again, QUIT), more with AUTH and a message. */
const SESSION_STAGES = 6;

/**
 * What one session is asked to do: the request every face builds (shared/sessionRequest.ts,
 * where each option is described), as the engine takes it. The practice CA is already among
 * `ca`, credentials are checked, and the CLI's -4/-6 and the sweep's per-stage timeouts join in.
 */
export type SessionOptions = Omit<SessionRequest, 'trustLabCa' | 'timeoutMs' | 'auth'> & {
  /** Force IPv4 or IPv6 (-4 / -6). */
  family?: 4 | 6;
  auth?: Credentials;
  /** One number sets every stage's timeout; an object sets some of them. */
  timeout?: number | Partial<Timeouts>;
};

export function resolveTimeouts(timeout: SessionOptions['timeout'], defaults: Timeouts = DEFAULT_TIMEOUTS): Timeouts {
  if (typeof timeout === 'number') {
    return {
      connect: timeout,
      greeting: timeout,
      command: timeout,
      tls: timeout,
      dataEnd: timeout,
      autoDetect: Math.min(timeout, defaults.autoDetect),
      session: Math.max(defaults.session, SESSION_STAGES * timeout),
    };
  }
  return { ...defaults, ...timeout };
}

/** The parts of a request (a session's or a sweep's) that the engine takes in another form. */
interface RequestTrust {
  ca?: string[];
  trustLabCa?: boolean;
  timeoutMs?: number;
}

/** The engine's options for a checked request; `labCa` is the practice server's root, added
 * when the request trusts it. Every other option passes through under its own name. */
export function optionsFromRequest<R extends RequestTrust>(
  request: R,
  labCa?: string,
): Omit<R, keyof RequestTrust> & { ca?: string[]; timeout?: number } {
  const { trustLabCa, timeoutMs, ca, ...rest } = request;
  const anchors = [...(ca ?? []), ...(trustLabCa && labCa ? [labCa] : [])];
  return {
    ...rest,
    ...(anchors.length ? { ca: anchors } : {}),
    ...(timeoutMs ? { timeout: timeoutMs } : {}),
  };
}
