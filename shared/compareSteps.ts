// The parts of the comparison (shared/compare.ts) that follow the conversation step by step:
// where each session left from, whether it reached the server, the reply at each step, the
// host the greeting names, and from these the differences in causal order, the first cause
// before what follows from it. shared/vantageWords.ts says them by client address.
import type { CertRef, FindingRef, ListDiff, TranscriptDiff } from './compare';
import { type EhloLists, commandFor, replyText } from './sessionFacts';
import type { ReplyEvent, Stage, Transcript } from './transcript';

/** One reply, as the comparison keeps it. `text` is the server's (untrusted: escape it where
 * it is formatted). */
export interface ReplyRef {
  code: number | null;
  enhanced: string | null;
  /** The reply's lines without their codes, joined by spaces (the enhanced code stays). */
  text: string;
  /** Why it failed, in the bounce vocabulary (shared/knowledge/bounceReason.ts), for a 4xx/5xx. */
  reason?: string;
  /** The finding ids this reply produced (smtp.greylisted, smtp.banner-rejected, ...). */
  findings?: string[];
}

export interface ReplyStep {
  /** "banner#1", "rcpt#2": the stage and its occurrence, so the second RCPT meets the second. */
  key: string;
  /** "greeting", "EHLO", "RCPT TO:<bob@example.org>", "end of data". */
  label: string;
  a: ReplyRef | null;
  b: ReplyRef | null;
  /** Both sides have the step and the reply codes differ. */
  changed: boolean;
}

/** Where a session left from: the proxy it went through, else the local address of its
 * connection (the address the server saw). Null where the transcript does not say. */
export interface VantageRef {
  proxy: string | null;
  localAddress: string | null;
}

/** Whether the session reached the server: a TCP connection (through the proxy, if any). */
export interface Reach {
  reached: boolean;
  /** Why not: the last dns, proxy or connect error. */
  failure: { stage: Stage; code: string; message: string } | null;
}

export interface TlsSide {
  protocol: string;
  cipher: string;
  leaf: CertRef | null;
  verified: boolean;
}

/** What differs, in causal order: what follows from an earlier difference is left out (a
 * session refused at the greeting has no EHLO to compare). Empty: the same answers. */
export type Difference =
  | { kind: 'reach'; failed: 'a' | 'b'; failure: NonNullable<Reach['failure']>; proxied: boolean; port: number }
  | { kind: 'greeting'; a: ReplyRef; b: ReplyRef }
  | { kind: 'banner-host'; a: string; b: string }
  | { kind: 'ehlo'; afterTls: boolean; onlyA: string[]; onlyB: string[]; changed: ListDiff['changed'] }
  | {
      kind: 'tls';
      certificate: boolean;
      protocol: boolean;
      cipher: boolean;
      verified: boolean;
      a: TlsSide | null;
      b: TlsSide | null;
    }
  | { kind: 'reply'; step: string; a: ReplyRef; b: ReplyRef; later: string[] }
  | { kind: 'findings'; onlyA: FindingRef[]; onlyB: FindingRef[] };

export function vantageOf(t: Transcript): VantageRef {
  const connect = t.events.find((e) => e.type === 'connect' && !e.inbound);
  const connected = t.events.find((e) => e.type === 'connected' && !e.inbound);
  return {
    proxy: t.target.proxy ?? (connect?.type === 'connect' ? (connect.via ?? null) : null),
    localAddress: connected?.type === 'connected' ? connected.localAddress : null,
  };
}

export function reachOf(t: Transcript): Reach {
  if (t.events.some((e) => e.type === 'connected')) return { reached: true, failure: null };
  const error = t.events.findLast(
    (e) => e.type === 'error' && (e.stage === 'dns' || e.stage === 'proxy' || e.stage === 'connect'),
  );
  return {
    reached: false,
    failure: error?.type === 'error' ? { stage: error.stage, code: error.code, message: error.message } : null,
  };
}

const replyRef = (r: ReplyEvent): ReplyRef => ({
  code: r.code,
  enhanced: r.enhanced,
  text: replyText(r),
  ...(r.annotation?.reason ? { reason: r.annotation.reason } : {}),
  ...(r.annotation?.findings?.length ? { findings: r.annotation.findings } : {}),
});

/** What a reply answered, in a few words: the greeting, the verb, or the command with its
 * address (MAIL and RCPT, without their parameters). */
function stepLabel(t: Transcript, index: number, r: ReplyEvent, tlsAt: number): string {
  if (r.stage === 'banner') return 'greeting';
  const line = commandFor(t.events, index)?.line;
  if (line === undefined) return r.stage.toUpperCase();
  if (line === '.') return 'end of data';
  const address = /^((?:MAIL FROM|RCPT TO):\s*<[^>]*>)/i.exec(line)?.[1];
  if (address) return address;
  const verb = line.split(' ')[0]!.toUpperCase();
  if (verb === 'EHLO' || verb === 'HELO') return tlsAt !== -1 && index > tlsAt ? `${verb}, in TLS` : verb;
  if (verb === 'AUTH') return line.split(' ').slice(0, 2).join(' ');
  return verb;
}

function replySteps(t: Transcript): { key: string; label: string; reply: ReplyRef }[] {
  const seen = new Map<string, number>();
  const tlsAt = t.events.findIndex((e) => e.type === 'tls-established');
  return t.events.flatMap((e, i) => {
    if (e.type !== 'reply') return [];
    const n = (seen.get(e.stage) ?? 0) + 1;
    seen.set(e.stage, n);
    return [{ key: `${e.stage}#${n}`, label: stepLabel(t, i, e, tlsAt), reply: replyRef(e) }];
  });
}

export function diffReplies(a: Transcript, b: Transcript): ReplyStep[] {
  const [sa, sb] = [replySteps(a), replySteps(b)];
  const inA = new Map(sa.map((s) => [s.key, s] as const));
  const inB = new Set(sb.map((s) => s.key));
  const rows: ReplyStep[] = sb.map((s) => {
    const other = inA.get(s.key)?.reply ?? null;
    return { key: s.key, label: s.label, a: other, b: s.reply, changed: other !== null && other.code !== s.reply.code };
  });
  for (const s of sa)
    if (!inB.has(s.key)) rows.push({ key: s.key, label: s.label, a: s.reply, b: null, changed: false });
  return rows;
}

/** The domain of "220 mx.example.com ESMTP ..." (RFC 5321 §4.3.1), lower case. */
export function bannerHostOf(steps: readonly ReplyStep[], side: 'a' | 'b'): string | null {
  const greeting = steps.find((s) => s.key === 'banner#1')?.[side];
  if (!greeting || greeting.code === null || greeting.code >= 300) return null;
  const first = greeting.text.split(' ')[0] ?? '';
  return /^(\[[^\]]+\]|[a-z0-9][a-z0-9.-]*)$/i.test(first) ? first.toLowerCase() : null;
}

/** The differences in causal order, each only where no earlier one explains it. */
export function differencesOf(
  d: Omit<TranscriptDiff, 'differences' | 'same'>,
  ehlo: { a: EhloLists; b: EhloLists },
  tlsSides: { a: TlsSide | null; b: TlsSide | null },
): Difference[] {
  if (d.reach.a.reached !== d.reach.b.reached) {
    const failed = d.reach.a.reached ? 'b' : 'a';
    const failure = d.reach[failed].failure ?? { stage: 'connect' as const, code: 'ERROR', message: 'no connection' };
    return [{ kind: 'reach', failed, failure, proxied: d.vantage[failed].proxy !== null, port: d.b.port }];
  }
  // A different greeting decides the rest: a refused session has nothing more to compare.
  const greeting = d.replies.find((s) => s.key === 'banner#1');
  if (greeting?.a && greeting.b && greeting.changed) return [{ kind: 'greeting', a: greeting.a, b: greeting.b }];
  const out: Difference[] = [];
  if (d.bannerHost.changed && d.bannerHost.a !== null && d.bannerHost.b !== null)
    out.push({ kind: 'banner-host', a: d.bannerHost.a, b: d.bannerHost.b });
  // Only lists both sides received: a side with no EHLO reply stopped earlier, for a reason
  // its reply names.
  for (const key of ['beforeTls', 'afterTls'] as const) {
    const list = d.capabilities[key];
    if (
      ehlo.a[key] !== null &&
      ehlo.b[key] !== null &&
      (list.added.length || list.removed.length || list.changed.length)
    )
      out.push({
        kind: 'ehlo',
        afterTls: key === 'afterTls',
        onlyA: list.removed,
        onlyB: list.added,
        changed: list.changed,
      });
  }
  // The first reply that differs after the greeting; the later ones usually follow from it.
  const [first, ...later] = d.replies.filter((s) => s.changed && s.key !== 'banner#1');
  const { a: ta, b: tb } = tlsSides;
  const both = ta !== null && tb !== null;
  const tls = {
    certificate: both && ta.leaf?.fingerprint256 !== tb.leaf?.fingerprint256,
    protocol: both && ta.protocol !== tb.protocol,
    cipher: both && ta.cipher !== tb.cipher,
    verified: both && ta.verified !== tb.verified,
  };
  // TLS on one side only is said by its cause when there is one: STARTTLS offered to one side
  // only, or refused on one.
  const explained =
    first?.key.startsWith('tls#') === true ||
    out.some((x) => x.kind === 'ehlo' && [...x.onlyA, ...x.onlyB].some((c) => /^starttls$/i.test(c.trim())));
  if (tls.certificate || tls.protocol || tls.cipher || tls.verified || ((ta === null) !== (tb === null) && !explained))
    out.push({ kind: 'tls', ...tls, a: ta, b: tb });
  if (first?.a && first.b)
    out.push({ kind: 'reply', step: first.label, a: first.a, b: first.b, later: later.map((s) => s.label) });
  if (!out.length && (d.findings.added.length || d.findings.removed.length))
    out.push({ kind: 'findings', onlyA: d.findings.removed, onlyB: d.findings.added });
  return out;
}
