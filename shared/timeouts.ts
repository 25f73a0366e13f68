// How long SMTP Lens waits at each stage. Shared: the engine enforces these, and the window
// shows them while it waits ("12 s so far, gives up at 30 s").

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

export function resolveTimeouts(
  timeout: number | Partial<Timeouts> | undefined,
  defaults: Timeouts = DEFAULT_TIMEOUTS,
): Timeouts {
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
