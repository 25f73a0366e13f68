// When is a stage of the waterfall "unusually slow", and what most likely made it so.
//
// A stage is flagged when BOTH of these hold:
//  1. Absolute: it took at least SLOW_FLOOR_MS[its kind]. Below that floor nothing is worth a
//     word, however it compares with the rest: on loopback every exchange takes 0.5 ms, and a
//     6 ms TLS handshake is twelve times that and perfectly healthy.
//  2. Relative: it took at least RELATIVE_FACTOR times the session's round-trip time, so that
//     distance alone is never called slowness. The round trip is estimated as the smaller of
//     the TCP connect (exactly one round trip, no server work) and the median of the plain
//     command round trips (EHLO, STARTTLS, MAIL, RCPT, DATA, QUIT: a round trip plus ordinary
//     server work). The smaller one, because each of them can only overstate it: a lost SYN
//     inflates the connect, a busy server every command. This keeps a 1.2 s greeting from a
//     server 300 ms away from being blamed on the server, while a server that takes 2 s for
//     every command 20 ms away is flagged at every command.
// With no plain round trip to compare with (a session that ended at the greeting), only the
// absolute floor applies. A stage that failed (no reply, a timeout) is shown as failed instead.
//
// These flags explain the picture; they are not findings. The findings rules keep their own
// thresholds (smtp.banner-slow fires at 5 s), because a finding asks the user to act.

export type StageKind =
  | 'dns'
  | 'connect'
  | 'greeting'
  | 'tls'
  | 'ehlo'
  | 'starttls'
  | 'auth'
  | 'mail'
  | 'rcpt'
  | 'data'
  | 'data-transfer'
  | 'end-of-data'
  | 'quit'
  | 'command';

export const RELATIVE_FACTOR = 5;

export const SLOW_FLOOR_MS: Record<StageKind, number> = {
  // A cached answer takes under 1 ms, an uncached one tens of ms.
  dns: 500,
  // Linux retransmits an unanswered SYN after 1 s: a connect of 1 s or more lost a packet.
  connect: 1000,
  // Servers greet within a round trip or two unless something holds the greeting back.
  greeting: 1000,
  // A handshake is two round trips plus one signature; half a second is a lot.
  tls: 500,
  ehlo: 1000,
  starttls: 1000,
  auth: 1000,
  mail: 1000,
  rcpt: 1000,
  data: 1000,
  // The client writes the whole message at once; only a large message on a slow uplink takes long.
  'data-transfer': 2000,
  // The server checks the message before it answers: a second or two is common, more is not.
  'end-of-data': 2000,
  quit: 1000,
  command: 1000,
};

const REASONS: Record<StageKind, string> = {
  dns: 'a slow resolver: the first one in /etc/resolv.conf timing out before another answers, or an uncached lookup through a slow recursive server',
  connect:
    'a distant or congested path, or a firewall dropping SYN packets (an unanswered SYN is retried after 1 s, then 3 s)',
  greeting:
    "typical of a tarpit or a Postfix postscreen greet pause (deliberate, on port 25), or of the server's reverse DNS lookup of the client timing out",
  tls: 'server CPU or key size (a 4096-bit RSA key is slow to sign with), OCSP stapling fetched during the handshake, or a long certificate chain on a slow link',
  ehlo: 'checks the server runs on the client at EHLO: reverse DNS, DNS blocklists, the EHLO name',
  starttls: 'a busy server (it prepares its TLS context at STARTTLS)',
  auth: "a slow password backend (LDAP, SQL, the IMAP server's auth service), or a deliberate delay after a failed login (Dovecot auth_failure_delay)",
  mail: 'sender checks: SPF and DNS lookups of the sender domain, or sender address verification',
  rcpt: 'recipient checks: a directory lookup (LDAP, SQL), a verification callout to the next server, or a policy service (greylisting, rate limits)',
  data: 'a busy server, or policy checks that run once all recipients are known',
  'data-transfer': 'upload bandwidth: a large message on a slow link',
  'end-of-data':
    'content scanning before the server answers: antivirus, spam filters, milters (rspamd, SpamAssassin, amavis), or a proxy relaying the message on first',
  quit: 'a server that does work at QUIT, or an overloaded one',
  command: 'an overloaded server, or a deliberate delay',
};

/** Servers slow down on purpose before error replies, to make guessing expensive. */
const ERROR_DELAY =
  'a deliberate delay before an error reply (Postfix smtpd_error_sleep_time, Exim tarpitting), which slows down address guessing';

/** Stages whose round trip is the network plus an idle server's ordinary work. */
const BASELINE_KINDS: ReadonlySet<StageKind> = new Set(['ehlo', 'starttls', 'mail', 'rcpt', 'data', 'quit', 'command']);

export interface TimedStage {
  kind: StageKind;
  duration: number;
  /** The reply code that ended it, if any. */
  code: number | null;
  outcome: 'ok' | 'rejected' | 'failed' | 'pending';
}

const done = (s: TimedStage) => s.outcome !== 'failed' && s.outcome !== 'pending';

/** The session's round-trip time as rule 2 estimates it; null when nothing measured it.
 * `withConnect: false` leaves the connect out, for judging the connect itself. */
export function roundTripMs(stages: readonly TimedStage[], withConnect = true): number | null {
  const trips = stages.filter((s) => BASELINE_KINDS.has(s.kind) && done(s)).map((s) => s.duration);
  trips.sort((a, b) => a - b);
  const mid = Math.floor(trips.length / 2);
  const median = !trips.length ? null : trips.length % 2 ? trips[mid] : (trips[mid - 1] + trips[mid]) / 2;
  const connect = withConnect ? (stages.find((s) => s.kind === 'connect' && done(s))?.duration ?? null) : null;
  const known = [median, connect].filter((n): n is number => n !== null);
  return known.length ? Math.min(...known) : null;
}

/** Why the stage is slow, or null when it is not (see the rules at the top of this file). */
export function slowReason(stage: TimedStage, roundTrip: number | null): string | null {
  if (stage.outcome === 'failed' || stage.outcome === 'pending') return null;
  if (stage.duration < SLOW_FLOOR_MS[stage.kind]) return null;
  if (roundTrip !== null && stage.duration < RELATIVE_FACTOR * roundTrip) return null;
  if (stage.outcome === 'rejected' && stage.kind !== 'greeting' && stage.kind !== 'end-of-data') return ERROR_DELAY;
  return REASONS[stage.kind];
}

/** The slow reason of every stage, in order (null: not slow). */
export function slowReasons(stages: readonly TimedStage[]): (string | null)[] {
  const roundTrip = roundTripMs(stages);
  const withoutConnect = roundTripMs(stages, false);
  return stages.map((s) => slowReason(s, s.kind === 'connect' ? withoutConnect : roundTrip));
}
