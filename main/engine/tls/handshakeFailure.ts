// Turns a failed handshake into a kind the catalog can explain. OpenSSL's one line ("wrong
// version number", "sslv3 alert handshake failure") is accurate but means nothing to most
// admins, and BoringSSL (Electron) words the same failures differently. So we classify by the
// TLS alert number where there is one (RFC 8446 §6, RFC 5246 §7.2: the same on every
// library), then by the library's error code, and always keep the library's reason beside it.

import { alertName } from './tlsRecords';

export type HandshakeFailureKind =
  | 'not-tls' // the answer was not TLS at all
  | 'version' // no TLS version in common
  | 'cipher' // no cipher suite / group / signature algorithm in common
  | 'sni' // the server does not know the SNI name
  | 'client-cert' // the server wants a client certificate
  | 'server-error' // the server failed internally (often its own certificate or key)
  | 'legacy-signature' // the server signs with SHA-1/MD5, refused at our security level
  | 'weak-dh' // Diffie-Hellman group too small (Logjam, RFC 7919)
  | 'renegotiation' // no secure renegotiation (RFC 5746)
  | 'reset' // hung up without an alert
  | 'local' // this runtime could not even offer the handshake
  | 'timeout'
  | 'other';

export interface HandshakeFailureInput {
  /** Node's error code: ERR_SSL_*, ECONNRESET, or ours (TIMEOUT, CLOSED). */
  code: string;
  message: string;
  /** The alert the server sent, read from the handshake bytes, if any. */
  alert?: number | null;
  /** The version the server picked in its ServerHello, if one arrived. */
  serverVersion?: string | null;
}

export interface HandshakeDiagnosis {
  kind: HandshakeFailureKind;
  /** Short words for a line of output: "the server refused this TLS version". */
  words: string;
  /** The alert name, when the server sent one. */
  alert: string | null;
  /** The library's own verdict: code and reason, without source file paths. */
  library: string;
}

const ALERT_KINDS: Record<number, HandshakeFailureKind> = {
  40: 'cipher', // handshake_failure: RFC 8446 §6.2 "unable to negotiate an acceptable set of security parameters"
  71: 'cipher', // insufficient_security
  70: 'version', // protocol_version
  112: 'sni', // unrecognized_name (RFC 6066 §3)
  116: 'client-cert', // certificate_required (RFC 8446 §4.4.2.4)
  41: 'client-cert',
  42: 'client-cert',
  43: 'client-cert',
  44: 'client-cert',
  45: 'client-cert',
  46: 'client-cert',
  48: 'client-cert', // unknown_ca: the server did not trust a client certificate
  49: 'client-cert', // access_denied
  80: 'server-error', // internal_error
};

const CODE_KINDS: [RegExp, HandshakeFailureKind][] = [
  [
    /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL|HTTPS?_(PROXY_)?REQUEST|RECORD_LENGTH_MISMATCH/,
    'not-tls',
  ],
  [/NO_PROTOCOLS_AVAILABLE|NO_CIPHERS_AVAILABLE|NO_CIPHER_MATCH|ERR_INVALID_ARG/, 'local'],
  [/UNSUPPORTED_PROTOCOL|VERSION_TOO_LOW|UNSUPPORTED_PROTOCOL_FOR_CUSTOM_KEY/, 'version'],
  [/LEGACY_SIGALG|WRONG_SIGNATURE_TYPE|NO_SUITABLE_SIGNATURE_ALGORITHM/, 'legacy-signature'],
  [/DH_KEY_TOO_SMALL|BAD_DH_P_LENGTH/, 'weak-dh'],
  [/UNSAFE_LEGACY_RENEGOTIATION/, 'renegotiation'],
  [/NO_SHARED_CIPHER|NO_SHARED_GROUP/, 'cipher'],
  [/^(ECONNRESET|EPIPE|CLOSED)$/, 'reset'],
  [/^TIMEOUT$/, 'timeout'],
];

/** "tlsv1 alert protocol version" from "…:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/…". */
export function libraryReason(message: string): string {
  const routine = /SSL routines:[^:]*:([^:\n]+)/.exec(message);
  const alert = /SSL alert number (\d+)/.exec(message);
  // tlsStep records the cleaned form ("the TLS handshake failed: <reason>"); read that too.
  const reason = routine
    ? routine[1].trim()
    : message
        .split('\n')[0]
        .replace(/^the TLS handshake failed: /, '')
        .replace(/, SSL alert number \d+$/, '')
        .trim();
  return alert ? `${reason}, SSL alert number ${alert[1]}` : reason;
}

/** The alert number from what the library said: OpenSSL appends "SSL alert number N";
 * BoringSSL only names it in the code (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION). */
function alertFromLibrary(code: string, message: string): number | null {
  const n = /SSL alert number (\d+)/.exec(message);
  if (n) return Number(n[1]);
  const named = /ALERT_([A-Z_]+)$/.exec(code) ?? /(UNRECOGNIZED_NAME)$/.exec(code);
  if (!named) return null;
  const wanted = named[1].toLowerCase();
  for (let d = 0; d < 256; d++) if (alertName(d) === wanted) return d;
  return null;
}

const VERSION_LABEL: Record<string, string> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
  SSLv3: 'SSL 3.0',
};

/** "TLSv1.1" -> "TLS 1.1" */
export function versionLabel(version: string): string {
  return VERSION_LABEL[version] ?? version;
}

function wordsFor(kind: HandshakeFailureKind, alert: string | null, input: HandshakeFailureInput): string {
  const viaAlert = alert ? ` (alert ${alert})` : '';
  switch (kind) {
    case 'not-tls':
      return 'the server did not answer in TLS';
    case 'version':
      return input.serverVersion && !alert
        ? `the server answered with ${versionLabel(input.serverVersion)}, a version this client did not offer`
        : `the server refused the TLS version(s) offered${viaAlert}`;
    case 'cipher':
      return `the server found no cipher suite, key exchange or signature algorithm in common${viaAlert}`;
    case 'sni':
      return `the server does not know the name sent in SNI${viaAlert}`;
    case 'client-cert':
      return `the server requires a client certificate, and SMTP Lens sends none${viaAlert}`;
    case 'server-error':
      return `the server failed internally during the handshake${viaAlert}`;
    case 'legacy-signature':
      return 'the server signed the handshake with an outdated algorithm (SHA-1 or MD5)';
    case 'weak-dh':
      return "the server's Diffie-Hellman key exchange is too weak (under 2048 bits)";
    case 'renegotiation':
      return 'the server does not support secure renegotiation (RFC 5746)';
    case 'reset':
      return 'the server hung up during the handshake without saying why (no TLS alert)';
    case 'local':
      return 'this runtime could not offer that handshake';
    case 'timeout':
      return 'the server did not finish the handshake in time';
    case 'other':
      return alert ? `the server sent the alert ${alert}` : 'the handshake failed';
  }
}

export function diagnoseHandshake(input: HandshakeFailureInput): HandshakeDiagnosis {
  const alertNumber = input.alert ?? alertFromLibrary(input.code, input.message);
  const alert = alertNumber === null ? null : alertName(alertNumber);
  const byCode = CODE_KINDS.find(([re]) => re.test(input.code))?.[1];
  // The alert is the server's own statement, so it wins over how the library framed it; but a
  // client-side verdict about bytes that were not TLS stays 'not-tls' whatever came before.
  const kind =
    byCode === 'not-tls' || byCode === 'local'
      ? byCode
      : ((alertNumber !== null ? ALERT_KINDS[alertNumber] : undefined) ?? byCode ?? 'other');
  const reason = libraryReason(input.message);
  return {
    kind,
    words: wordsFor(kind, alert, input),
    alert,
    library: reason ? `${input.code}: ${reason}` : input.code,
  };
}
