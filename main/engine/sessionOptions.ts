import type { QuitAfter, TlsMode } from '../../shared/transcript';

export type AuthMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2';
export const AUTH_MECHANISMS: readonly AuthMechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'];

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

export interface SessionOptions {
  host: string;
  port: number;
  tls: TlsMode;
  /** Force IPv4 or IPv6 (-4 / -6). */
  family?: 4 | 6;
  /** The EHLO name; defaults to this machine's FQDN or an address literal (RFC 5321 §4.1.4). */
  ehlo?: string;
  /** SNI and the name the certificate must match; defaults to host. */
  servername?: string;
  /** Extra trust anchors, as PEM text. */
  ca?: string[];
  auth?: Credentials;
  /** Send credentials without TLS. Off by default: anyone on the path could read them. */
  allowPlaintextAuth?: boolean;
  /** Send credentials over TLS whose certificate failed verification (possible interception). */
  allowUnverifiedAuth?: boolean;
  from?: string;
  to?: string[];
  /** The message to send after DATA; a test message is generated when recipients are given without one. */
  data?: string;
  quitAfter?: QuitAfter;
  /** When the chain is incomplete, download the missing issuer from the AIA URL and show the
   * chain as it would be built (RFC 5280 §4.2.2.1). Off by default: it contacts a third host. */
  fetchIntermediate?: boolean;
  /** Security probe, only when asked for (DESIGN.md): pipeline a NOOP with STARTTLS and see
   * whether the server runs it inside TLS (the CVE-2011-0411 class of bug). */
  probeStarttlsInjection?: boolean;
  /** Security probe, only when asked for (DESIGN.md): end the message with non-standard
   * sequences (<LF>.<LF> and kin) before the real one and see whether the server stops there. */
  probeSmuggling?: boolean;
  /** The port this server stands in for, when it listens elsewhere (a practice scenario on
   * 2527 that plays an MX on 25): findings are worded for that role. */
  portRole?: number;
  /** One number sets every stage's timeout; an object sets some of them. */
  timeout?: number | Partial<Timeouts>;
}

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
