// The transcript schema (docs/transcript-schema.md). Every face of SMTP Lens (CLI, UI,
// exports) reads this one shape, so changes here are schema changes: keep them additive and
// bump TRANSCRIPT_SCHEMA if a field ever changes meaning.

import type { NoteCode } from './noteCodes';

export const TRANSCRIPT_SCHEMA = 'smtp-lens/transcript@1';

export type TlsMode = 'none' | 'starttls' | 'implicit' | 'auto';
export const TLS_MODES: readonly TlsMode[] = ['none', 'starttls', 'implicit', 'auto'];

/** Where in the conversation something happened, in the order a session moves through them. */
export type Stage =
  | 'dns'
  | 'proxy'
  | 'connect'
  | 'banner'
  | 'ehlo'
  | 'tls'
  | 'auth'
  | 'mail'
  | 'rcpt'
  | 'data'
  | 'quit';
export const STAGES: readonly Stage[] = [
  'dns',
  'proxy',
  'connect',
  'banner',
  'ehlo',
  'tls',
  'auth',
  'mail',
  'rcpt',
  'data',
  'quit',
];

/** `--quit-after` values (docs/ARCHITECTURE.md, CLI). */
export type QuitAfter = 'connect' | 'banner' | 'ehlo' | 'tls' | 'auth' | 'mail' | 'rcpt' | 'data';
export const QUIT_AFTER: readonly QuitAfter[] = ['connect', 'banner', 'ehlo', 'tls', 'auth', 'mail', 'rcpt', 'data'];

export interface Target {
  host: string;
  port: number;
  tls: TlsMode;
  /** SNI and the name the certificate is checked against; null means "the host". */
  servername: string | null;
  /** The proxy the session went through, when it did: its vantage point is the proxy's. */
  proxy?: string;
}

interface EventBase {
  /** Milliseconds since the session started (0.1 ms resolution). */
  t: number;
}

export interface DnsEvent extends EventBase {
  type: 'dns';
  host: string;
  addresses: { address: string; family: 4 | 6 }[];
  /** Resolver error code (ENOTFOUND, EAI_AGAIN, ...) when the lookup failed. */
  error?: string;
  /** The DNS server asked ("127.0.0.1:53"), when SMTP Lens asked one itself (--resolver)
   * rather than the operating system. */
  server?: string;
  /** That server set the AD bit: it says the answers are DNSSEC-validated. */
  ad?: boolean;
}

export interface ConnectEvent extends EventBase {
  type: 'connect';
  address: string;
  port: number;
  /** A client connected to SMTP Lens (listen mode): address and port are the client's. */
  inbound?: true;
  /** The proxy the connection goes through ("socks5h://127.0.0.1:1080", never a password).
   * Then `address` is what the proxy was asked for: a name when the proxy resolves it. */
  via?: string;
}

/** The proxy opened the tunnel to the target (after a `connect` event with `via`). */
export interface ProxyEvent extends EventBase {
  type: 'proxy';
  /** The proxy, as in the connect event's `via`. */
  url: string;
  /** The TCP connection to the proxy, in ms. */
  tcpMs: number;
  /** The proxy's own connection to the target (its SOCKS or CONNECT answer), in ms. */
  hopMs: number;
}

export interface ConnectedEvent extends EventBase {
  type: 'connected';
  localAddress: string;
  localPort: number;
  /** Listen mode: the listener's own address and port. */
  inbound?: true;
}

export interface SendEvent extends EventBase {
  type: 'send';
  stage: Stage;
  /** The exact line sent, without CRLF. For AUTH, secrets are replaced by REDACTED. */
  line: string;
  redacted?: true;
  /** A line of the message content sent after DATA (dot-stuffed, as on the wire). */
  body?: true;
  /** One of the commands sent together in one write (PIPELINING, RFC 2920): consecutive
   * pipelined sends are one batch, and their replies follow in the same order. */
  pipelined?: true;
}

export interface ReplyEvent extends EventBase {
  type: 'reply';
  stage: Stage;
  /** The reply code, or null when the reply was malformed. */
  code: number | null;
  /** RFC 3463 enhanced status code such as "5.7.1", when the server sent one. */
  enhanced: string | null;
  /** The raw reply lines as received, without line endings. */
  lines: string[];
  /** The connection closed before the last line of a multi-line reply arrived. */
  incomplete?: true;
  /** Why the reply is not valid SMTP (RFC 5321 §4.2), when it isn't. */
  malformed?: string;
  /** The server ended lines with a bare LF instead of CRLF (RFC 5321 §2.3.8). */
  bareLf?: true;
  /** Octets in the longest line, when over the 512-octet limit (RFC 5321 §4.5.3.1.5). */
  longLine?: number;
  /** Filled by the knowledge catalog: what this reply means. */
  annotation?: ReplyAnnotation;
}

export interface ReplyAnnotation {
  /** Meaning of the basic code (RFC 5321 §4.2.3). */
  code?: string;
  /** The same in a few words, for a compact line: "Transaction failed". */
  codeTitle?: string;
  /** Meaning of the enhanced status code (RFC 3463 / IANA registry). */
  enhanced?: string;
  /** The same in a few words: the registry title, e.g. "Delivery not authorized, message refused". */
  enhancedTitle?: string;
  /** A known server text this reply matched, e.g. "Postfix: relay access denied". */
  signature?: string;
  /** Id of that server signature (shared/knowledge/serverSignatures.ts), e.g. "postfix.relay-denied". */
  signatureId?: string;
  /** Decoded text of an AUTH 334 challenge (RFC 4954 §4), e.g. "Username:". */
  challenge?: string;
  /** Finding ids this reply produced. */
  findings?: string[];
  /** For a 4xx/5xx: why delivery failed, in Sisimai's vocabulary (shared/knowledge/bounceReason.ts),
   * the same reading `smtp-lens explain` gives the same text. */
  reason?: string;
  /** 'text' when the words named the reason, 'codes' when only the codes did. */
  reasonBasis?: 'text' | 'codes';
}

export interface TlsStartEvent extends EventBase {
  type: 'tls-start';
  mode: 'starttls' | 'implicit';
  /** The SNI name sent, or null when connecting by IP address (RFC 6066 §3 forbids IP literals). */
  servername: string | null;
}

export interface TlsEstablishedEvent extends EventBase {
  type: 'tls-established';
  protocol: string;
  cipher: string;
  /** Key-exchange group (X25519, P-256, ...) where the runtime reports it. */
  group: string | null;
}

export interface NoteEvent extends EventBase {
  type: 'note';
  stage?: Stage;
  text: string;
  /** A machine-readable name for the fact, for the findings rules (shared/noteCodes.ts). */
  code?: NoteCode;
  /** Values the findings rules quote (byte counts, names). */
  data?: Record<string, string>;
}

/** Which deadline ended a wait that was more than silence: a reply that began and did not
 * finish within its stage's timeout, or the session's overall deadline. */
export type Deadline = 'reply' | 'session';

export interface ErrorEvent extends EventBase {
  type: 'error';
  stage: Stage;
  /** A stable code: a Node errno (ECONNREFUSED), an OpenSSL code, or one of ours (TIMEOUT, ABORTED). */
  code: string;
  message: string;
  /** For TIMEOUT: set when a deadline, not silence, ended the wait. */
  deadline?: Deadline;
}

export interface CloseEvent extends EventBase {
  type: 'close';
  by: 'client' | 'server';
}

export type TranscriptEvent =
  | DnsEvent
  | ConnectEvent
  | ProxyEvent
  | ConnectedEvent
  | SendEvent
  | ReplyEvent
  | TlsStartEvent
  | TlsEstablishedEvent
  | NoteEvent
  | ErrorEvent
  | CloseEvent;

/** What SMTP Lens records about one certificate. */
export interface CertInfo {
  subject: string;
  issuer: string;
  san: string[];
  notBefore: string;
  notAfter: string;
  fingerprint256: string;
  serialNumber: string;
  keyType: string;
  keyBits: number | null;
  sigAlg: string;
  /** AIA "CA Issuers" URLs (RFC 5280 §4.2.2.1): where the issuer certificate can be fetched. */
  aiaIssuers: string[];
  isCA: boolean;
  selfIssued: boolean;
  pem: string;
}

export interface Verification {
  /** True only when the chain reaches a trust anchor, every certificate is in date, the name
   * matches, and the TLS library agrees. Nothing is reported verified, and no credential is
   * sent, unless this is true. */
  ok: boolean;
  chainOk: boolean;
  hostnameOk: boolean;
  /** The name the certificate was checked against. */
  checkedName: string;
  /** Subject of the trust anchor the path ended at, if one was reached. */
  anchor: string | null;
  /** Certificates the local trust store added to complete the path (never part of sentChain). */
  storeAdded: CertInfo[];
  /** The link that failed: index into sentChain, and why in words. */
  failingLink: { index: number; reason: string } | null;
  /** The TLS library's own verdict code, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  libraryCode: string | null;
  /** Everything found wrong with the chain, in path order. */
  problems: ChainProblem[];
}

/** One thing wrong with the certificate chain; `index` points into sentChain. */
export type ChainProblem =
  | { kind: 'incomplete'; index: number; missingIssuer: string; aiaUrl: string | null; completedByStore: boolean }
  | { kind: 'self-signed'; index: number }
  /** The chain ends at a root the trust store lacks. `notSent`: the server sent its
   * intermediates but (as it may) not the root, so the root is known only by name. */
  | { kind: 'untrusted-root'; index: number; root: string; notSent?: true }
  | { kind: 'expired'; index: number }
  | { kind: 'not-yet-valid'; index: number }
  | { kind: 'expiring-soon'; index: number; days: number }
  | { kind: 'hostname'; checkedName: string; names: string[] }
  | { kind: 'weak-key'; index: number }
  | { kind: 'weak-signature'; index: number }
  | { kind: 'unused'; index: number }
  /** Path building stopped after `limit` certificates without reaching a trust anchor. */
  | { kind: 'too-long'; index: number; limit: number }
  /** The certificate at `index` was issued by one already on the path (`backTo`): the chain
   * goes in a circle and never reaches a trust anchor. */
  | { kind: 'loop'; index: number; backTo: number }
  /** SMTP Lens's own verdict and the TLS library's differ. Either way the certificate is not
   * called verified: both must agree (fail closed). `libraryCode` null: the library accepted it. */
  | { kind: 'disagreement'; ownVerdict: boolean; libraryCode: string | null };

/** `--fetch-intermediate`: what SMTP Lens downloaded from the AIA "CA Issuers" URLs
 * (RFC 5280 §4.2.2.1) to show the chain as a client that follows AIA would build it. */
export interface AiaFetch {
  attempts: { url: string; ok: boolean; detail: string; cert: CertInfo | null }[];
  /** The certificates downloaded, in path order (never part of sentChain). */
  fetched: CertInfo[];
  /** The verdict if the server had sent sentChain followed by `fetched`; indexes point into
   * [...sentChain, ...fetched, ...verification.storeAdded]. Null when nothing usable came back. */
  completed: Verification | null;
}

export interface TlsInfo {
  mode: 'starttls' | 'implicit';
  protocol: string;
  cipher: string;
  group: string | null;
  servername: string | null;
  /** Exactly the certificates the server sent, in the order it sent them. */
  sentChain: CertInfo[];
  /** How sentChain was obtained: read from the handshake itself, or reconstructed from the library. */
  sentChainSource: 'handshake' | 'library';
  verification: Verification;
  aiaFetch?: AiaFetch;
}

export type TlsVersionName = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const TLS_VERSION_NAMES: readonly TlsVersionName[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** `--tls-versions`: one handshake per version on a fresh connection.
 * - accepted: the handshake completed with exactly this version;
 * - refused: the server declined it (an alert, another version, or a hang-up);
 * - not-testable: this runtime cannot offer the version (BoringSSL in Electron may lack 1.0/1.1),
 *   so nothing is known about the server;
 * - inconclusive: the attempt failed before TLS (connection, greeting, STARTTLS). */
export interface TlsVersionCheck {
  result: 'accepted' | 'refused' | 'not-testable' | 'inconclusive';
  /** Cipher negotiated when accepted. */
  cipher?: string;
  /** Why, in words, with the library's code where there was one. */
  detail: string;
}

/** One TLS version in `--tls-audit`. */
export interface TlsAuditVersion {
  check: TlsVersionCheck;
  /** Suites accepted (IANA names): in the server's order when the server chooses, else by code. */
  suites: string[];
  /** Suites offered alone that the server refused. */
  refused: number;
  /** Suites whose question got no usable answer, or was never asked (time budget). */
  unanswered: number;
  /** Who picks the suite when several are offered; absent with fewer than two suites. */
  order?: 'server' | 'client' | 'unclear';
}

/** `--tls-audit`: suites per version, order, groups (main/engine/tls/cipherAudit.ts). */
export interface TlsAudit {
  versions: Record<TlsVersionName, TlsAuditVersion>;
  /** Key exchange groups, tried one at a time at the highest version with (EC)DHE. */
  groups: { version: TlsVersionName; accepted: string[]; refused: string[] } | null;
  /** Sizes of the finite-field DH primes seen with DHE suites, in bits. */
  dhBits: number[];
  /** What this audit could not find out, in words. */
  notTestable: string[];
  connections: number;
  ms: number;
  /** False when the time budget ran out before every question was asked. */
  complete: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  explanation: string;
  fix: string;
  refs: string[];
  /** Index of the event this finding belongs to, or null for the session as a whole. */
  event: number | null;
}

export interface Outcome {
  ok: boolean;
  /** The last stage the session reached. */
  stage: Stage;
  /** When it stopped short: where, and what stopped it (the refusing reply's code, or the
   * error's code such as ECONNREFUSED, TIMEOUT or ABORTED). */
  stopped?: StoppedAt;
}

export interface StoppedAt {
  stage: Stage;
  reply?: number;
  error?: string;
}

export interface Transcript {
  schema: typeof TRANSCRIPT_SCHEMA;
  app: { name: 'smtp-lens'; version: string };
  target: Target;
  startedAt: string;
  events: TranscriptEvent[];
  tls: TlsInfo | null;
  findings: Finding[];
  outcome: Outcome;
  /** Present with `--tls-versions`: the TLS version accept map. */
  tlsVersions?: Record<TlsVersionName, TlsVersionCheck>;
  /** Present with `--tls-audit`. */
  tlsAudit?: TlsAudit;
  /** "server" for a session `smtp-lens listen` served: then `target` is the listener, `client`
   * the peer, "send" events are the client's lines and "reply" events ours. Absent: a probe. */
  role?: 'client' | 'server';
  client?: { address: string; port: number };
}

/** The marker that replaces credentials in a send event (redacted at the source). */
export const REDACTED = '[redacted]';
