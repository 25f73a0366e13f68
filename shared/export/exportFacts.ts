// Facts every export states the same way (Markdown, HTML, file names): the target, the
// outcome, the finding counts. Text output words them itself (textTranscript.ts).
import type { Finding, Outcome, Severity, StoppedAt, Transcript } from '../transcript';
import { worstSeverity } from '../diagram/ladderModel';

const MODE_WORDS = { none: 'plain', starttls: 'STARTTLS', implicit: 'implicit TLS', auto: 'auto-detect TLS' } as const;

/** "127.0.0.1:2527 · STARTTLS · SNI mail.lab.test · via socks5h://127.0.0.1:1080" */
export function targetLabel(t: Transcript): string {
  const host = t.target.host.includes(':') ? `[${t.target.host}]` : t.target.host;
  const mode = t.tls ? (t.tls.mode === 'implicit' ? 'implicit TLS' : 'STARTTLS') : MODE_WORDS[t.target.tls];
  const sni = t.target.servername ? ` · SNI ${t.target.servername}` : '';
  const via = t.target.proxy ? ` · via ${t.target.proxy}` : '';
  return `${host}:${t.target.port} · ${mode}${sni}${via}`;
}

/** An ISO 8601 UTC time as people read it: "2026-11-27 17:59:46 UTC". */
export function utcLabel(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

/** When the session started: "2026-11-27 17:59:46 UTC". */
export function startedLabel(t: Transcript): string {
  return utcLabel(t.startedAt);
}

/** The outcome in the same words everywhere (CLI result line, exports, the window), naming
 * what failed rather than the last stage that worked: "OK — reached QUIT", "FAILED — finished,
 * with errors", "FAILED — refused at RCPT (554)", "FAILED — connection refused". */
export function outcomeLabel(outcome: Outcome): string {
  if (outcome.ok) return `OK — reached ${outcome.stage.toUpperCase()}`;
  if (outcome.stage === 'quit') return 'FAILED — finished, with errors';
  const why = outcome.stopped ? stoppedWords(outcome.stopped) : null;
  return `FAILED — ${why ?? `stopped after ${outcome.stage.toUpperCase()}`}`;
}

const ERROR_WORDS: Record<string, (at: string) => string> = {
  ECONNREFUSED: () => 'connection refused',
  ECONNRESET: (at) => `connection reset at ${at}`,
  EHOSTUNREACH: () => 'host unreachable',
  ENETUNREACH: () => 'network unreachable',
  ENOTFOUND: () => 'the name does not resolve',
  EAI_AGAIN: () => 'the name could not be looked up (DNS)',
  TIMEOUT: (at) => (at === 'CONNECT' ? 'connection timed out' : `no reply at ${at} (timed out)`),
  ABORTED: (at) => `aborted by you at ${at}`,
  CLOSED: (at) => `the server closed the connection at ${at}`,
  AUTH_WITHHELD_UNVERIFIED: () => 'credentials not sent: the certificate did not verify',
  AUTH_WITHHELD_PLAINTEXT: () => 'credentials not sent: the connection is not encrypted',
  PIPELINING_BROKEN: (at) => `the server broke PIPELINING at ${at}`,
  SMTPUTF8_NOT_OFFERED: () => 'not sent: a UTF-8 address, and no SMTPUTF8',
  '8BITMIME_NOT_OFFERED': () => 'not sent: 8-bit content, and no 8BITMIME',
  REQUIRETLS_UNAVAILABLE: () => 'not sent: REQUIRETLS cannot be honoured',
  PROXY_DOWN: () => 'the proxy cannot be reached',
  PROXY_TIMEOUT: () => 'the proxy did not answer in time',
  PROXY_AUTH_REQUIRED: () => 'the proxy wants a login',
  PROXY_AUTH_FAILED: () => 'the proxy refused the login',
  PROXY_NOT_ALLOWED: () => 'the proxy may not connect there',
  PROXY_TARGET_REFUSED: () => 'connection refused behind the proxy',
  PROXY_TARGET_UNREACHABLE: () => 'the proxy cannot reach the server',
};

function stoppedWords(s: StoppedAt): string | null {
  const at = String(s.stage).toUpperCase();
  if (typeof s.reply === 'number') return `refused at ${at} (${s.reply})`;
  if (typeof s.error !== 'string') return null;
  const known = Object.hasOwn(ERROR_WORDS, s.error) ? ERROR_WORDS[s.error] : null;
  if (known) return known(at);
  return s.stage === 'tls' ? 'TLS handshake failed' : `error at ${at}`;
}

export function findingCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "1 error, 2 warnings" or "no findings". */
export function countsLabel(findings: readonly Finding[]): string {
  const c = findingCounts(findings);
  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => c[s])
    .map((s) => `${c[s]} ${s === 'info' ? 'info' : c[s] === 1 ? s : `${s}s`}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** The finding that matters most: the first of the worst severity. */
export function worstFinding(findings: readonly Finding[]): Finding | null {
  const worst = worstSeverity(findings);
  return worst ? (findings.find((f) => f.severity === worst) ?? null) : null;
}

/** Findings in reading order: under their step first, then the session-wide ones. */
export function findingsByEvent(findings: readonly Finding[]): Map<number, Finding[]> {
  const byEvent = new Map<number, Finding[]>();
  for (const f of findings) {
    if (f.event === null) continue;
    const list = byEvent.get(f.event);
    if (list) list.push(f);
    else byEvent.set(f.event, [f]);
  }
  return byEvent;
}

/** A file name for an export: smtp-lens-HOST-PORT-20261127T175946Z.EXT, safe on every OS. */
export function exportFileName(t: Transcript, extension: string): string {
  const host = t.target.host.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 80) || 'host';
  const stamp = t.startedAt.replace(/[-:]/g, '').replace(/\.\d+/, '').slice(0, 16);
  return `smtp-lens-${host}-${t.target.port}-${stamp}.${extension}`;
}
