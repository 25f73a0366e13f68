// The port sweep's result: what `smtp-lens sweep` prints, what `--json` writes and
// what the UI's port grid draws. One row per port, each cell already worded (a short label
// and a sentence for its hover), so the CLI and the UI say the same thing. Keep changes
// additive, as for the transcript schema. No Node imports: the renderer reads this file.
import type { ChainProblem, Severity, Transcript } from './transcript';

export const SWEEP_SCHEMA = 'smtp-lens/sweep@1';

/** Relay (RFC 5321), submissions with implicit TLS (RFC 8314 §3.3), submission with
 * STARTTLS (RFC 6409), and the common non-standard alternative. */
export const DEFAULT_SWEEP_PORTS: readonly number[] = [25, 465, 587, 2525];

/** A grid cell: `value` for code, `label` for the cell (a few words), `hint` for its hover. */
export interface SweepCell<V extends string> {
  value: V;
  label: string;
  hint: string;
}

/** What happened to the TCP connection. `not-tried`: DNS failed, or the sweep was stopped. */
export type Reachability = 'connected' | 'refused' | 'timed-out' | 'unreachable' | 'reset' | 'failed' | 'not-tried';

/**
 * What the port turned out to speak, detected on the wire, never assumed from its number:
 * - `plaintext-smtp`: an SMTP greeting in clear (STARTTLS may follow);
 * - `implicit-tls`: a TLS handshake from the first byte, then an SMTP greeting inside it;
 * - `tls-no-greeting`: TLS from the first byte, but no SMTP greeting inside;
 * - `not-smtp`: another protocol (`protocol` names it when recognised);
 * - `silent`: accepted the connection, then said nothing (or hung up), in clear or TLS;
 * - `nothing`: no connection.
 */
export type Speaks = 'plaintext-smtp' | 'implicit-tls' | 'tls-no-greeting' | 'not-smtp' | 'silent' | 'nothing';

/** `not-applicable` on implicit-TLS ports; `unknown` when no EHLO reply was read. */
export type StarttlsState = 'offered' | 'not-offered' | 'not-applicable' | 'unknown';

/** AUTH before TLS is `not-applicable` on implicit-TLS ports; AUTH after TLS is when there was no TLS. */
export type AuthState = 'offered' | 'none' | 'not-applicable' | 'unknown';

export type TlsState = 'established' | 'failed' | 'none';

export type CertificateState = 'verified' | 'not-verified' | 'none';

/**
 * The port's verdict, for the recommendation:
 * - `submission-ready`: TLS with a verified certificate, and AUTH inside it: a mail client can use it;
 * - `submission-cert-problem`: the same, but the certificate failed verification;
 * - `submission-in-clear`: AUTH is offered, but only without TLS;
 * - `server-to-server`: SMTP without AUTH: where other mail servers deliver (MX, relay);
 * - `broken-tls`: STARTTLS was offered but did not work;
 * - `refuses-service`: SMTP, but the greeting or EHLO was a refusal;
 * - `no-smtp`: connected, but no SMTP conversation;
 * - `unreachable`: no connection.
 */
export type PortUse =
  | 'submission-ready'
  | 'submission-cert-problem'
  | 'submission-in-clear'
  | 'server-to-server'
  | 'broken-tls'
  | 'refuses-service'
  | 'no-smtp'
  | 'unreachable';

export interface SweepFinding {
  id: string;
  severity: Severity;
  title: string;
}

/** The certificate the server sent first (the leaf), for the grid and for comparing ports. */
export interface LeafSummary {
  /** Common name, or the whole subject when it has none. */
  subject: string;
  issuer: string;
  san: string[];
  notAfter: string;
  fingerprint256: string;
}

export interface SweepRow {
  port: number;
  /** The address connected to (the sweep resolves the host once for every port). */
  address: string | null;
  reach: SweepCell<Reachability> & {
    /** TCP handshake time of the first connection, when it connected. */
    connectMs: number | null;
    /** The error code when it did not (ECONNREFUSED, TIMEOUT, EHOSTUNREACH, ...). */
    code: string | null;
  };
  speaks: SweepCell<Speaks> & {
    /** For `not-smtp`: the protocol recognised ("HTTP (a web server)", "SSH", ...), else null. */
    protocol: string | null;
  };
  /** The greeting (RFC 5321 §4.3.1), with how long it took after connecting (or after the TLS handshake). */
  banner: { code: number | null; lines: string[]; text: string; waitedMs: number | null } | null;
  /** EHLO keywords before and after TLS (RFC 3207 §4.2: the client forgets the first list).
   * On implicit-TLS ports there is no "before": the first EHLO is already inside TLS. */
  ehlo: { beforeTls: string[] | null; afterTls: string[] | null };
  starttls: SweepCell<StarttlsState>;
  authBeforeTls: SweepCell<AuthState> & { mechanisms: string[] };
  authAfterTls: SweepCell<AuthState> & { mechanisms: string[] };
  tls: SweepCell<TlsState> & {
    mode: 'starttls' | 'implicit' | null;
    protocol: string | null;
    cipher: string | null;
    group: string | null;
  };
  /** The same chain analysis as `probe` (Transcript.tls.verification). */
  certificate: SweepCell<CertificateState> & {
    problems: ChainProblem['kind'][];
    leaf: LeafSummary | null;
    /** "2 certificates: mail.example.com ← Intermediate ← (trust store) Root". */
    chain: string | null;
  };
  /** Each finding id once, worst first, as in the transcript. */
  findings: SweepFinding[];
  use: SweepCell<PortUse>;
  /** Wall time of this port's session. */
  durationMs: number;
  /** The port's whole session, for "open this row's transcript". */
  transcript: Transcript;
}

export type SweepPatternId =
  /** 25 timed out while other ports answered: an outbound port 25 block (ISP, cloud provider). */
  | 'port25-blocked'
  /** Another port timed out while others answered: a firewall drops it. */
  | 'port-filtered'
  | 'auth-before-tls'
  | 'starttls-inconsistent'
  /** Different leaf certificates (SHA-256 fingerprints) on different ports. */
  | 'different-certificates'
  /** TLS from the first byte on a port other than 465. */
  | 'implicit-tls-port'
  /** 465 answered in plaintext: clients set to SSL/TLS fail. */
  | 'plaintext-on-465'
  | 'silent-port'
  /** Certificates were checked against an IP address: no --servername was given. */
  | 'servername-is-address';

export interface SweepPattern {
  id: SweepPatternId;
  severity: 'warning' | 'info';
  /** The ports it is about. */
  ports: number[];
  title: string;
  /** What it means and what to do, in a few sentences. */
  text: string;
}

export interface SubmissionChoice {
  port: number;
  tls: 'implicit' | 'starttls';
  mechanisms: string[];
}

export interface SweepRecommendation {
  /** Ports a mail client or app can use as they are, best first (implicit TLS first: RFC 8314 §3.3). */
  submission: SubmissionChoice[];
  /** Ports that speak SMTP but offer no AUTH: server-to-server mail (MX, relay). */
  serverToServer: number[];
  /** One sentence: what to use. */
  headline: string;
  /** Why the other ports are not in the headline, one sentence each. */
  details: string[];
}

export interface SweepResult {
  schema: typeof SWEEP_SCHEMA;
  app: { name: 'smtp-lens'; version: string };
  host: string;
  /** SNI and the name certificates are checked against; null means the host. */
  servername: string | null;
  /** The one lookup for every port; null when HOST was an address. */
  dns: { addresses: { address: string; family: 4 | 6 }[]; error: string | null } | null;
  /** The address every port was probed on, or null when DNS failed. */
  address: string | null;
  ports: number[];
  startedAt: string;
  durationMs: number;
  /** In the order of `ports`. */
  rows: SweepRow[];
  recommendation: SweepRecommendation;
  patterns: SweepPattern[];
}
