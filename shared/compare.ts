// Compare two sessions, typically the same server before and after a fix, or the same server
// seen from two places at once (`smtp-lens diff --vantage`): which findings went away or
// appeared, the reply at each step, what the server offers in EHLO (before and after TLS),
// what changed in TLS (protocol, cipher, the chain by fingerprint), whether each side reached
// the server at all, and how long each stage took. A pure model from two transcripts: the CLI
// (`smtp-lens diff`) prints it, the UI draws it. `differences` names what differs in causal
// order (shared/vantageWords.ts words it by client address).
import { buildWaterfall } from './diagram/waterfallModel';
import { shortName } from './knowledge/tlsVerdict';
import {
  type Difference,
  type Reach,
  type ReplyStep,
  type TlsSide,
  type VantageRef,
  bannerHostOf,
  diffReplies,
  differencesOf,
  reachOf,
  vantageOf,
} from './compareSteps';
import { ehloLists } from './sessionFacts';
import type { CertInfo, Finding, Severity, Transcript } from './transcript';

export type { Difference, Reach, ReplyRef, ReplyStep, TlsSide, VantageRef } from './compareSteps';

export interface Change<T> {
  a: T;
  b: T;
  changed: boolean;
}

export interface SessionSummary {
  host: string;
  port: number;
  startedAt: string;
  ok: boolean;
  stage: string;
}

export interface FindingRef {
  id: string;
  severity: Severity;
  title: string;
}

export interface ListDiff {
  added: string[];
  removed: string[];
  /** Same keyword, other parameters: "SIZE 10485760" → "SIZE 52428800". */
  changed: { keyword: string; a: string; b: string }[];
  unchanged: string[];
}

export interface CertRef {
  name: string;
  fingerprint256: string;
  notAfter: string;
}

export interface ChainDiff {
  a: CertRef[];
  b: CertRef[];
  /** In b's chain but not in a's, and the reverse (matched by SHA-256 fingerprint). */
  added: CertRef[];
  removed: CertRef[];
  changed: boolean;
}

export interface StageTiming {
  /** "ehlo#2": the stage kind and its occurrence, so the second EHLO meets the second EHLO. */
  key: string;
  label: string;
  a: number | null;
  b: number | null;
  /** b − a in ms, when both sides have the stage. */
  delta: number | null;
}

export interface TranscriptDiff {
  a: SessionSummary;
  b: SessionSummary;
  sameTarget: boolean;
  vantage: { a: VantageRef; b: VantageRef; changed: boolean };
  reach: { a: Reach; b: Reach; changed: boolean };
  outcome: Change<string>;
  /** The reply at each step, in b's order with a's extra steps after. */
  replies: ReplyStep[];
  /** The host name the greeting gives (RFC 5321 §4.3.1: "220 domain text"), when both are 2xx. */
  bannerHost: Change<string | null>;
  findings: { added: FindingRef[]; removed: FindingRef[]; unchanged: FindingRef[] };
  capabilities: { beforeTls: ListDiff; afterTls: ListDiff };
  tls: {
    used: Change<boolean>;
    protocol: Change<string | null>;
    cipher: Change<string | null>;
    verified: Change<boolean | null>;
    chain: ChainDiff;
  };
  timing: { stages: StageTiming[]; total: Change<number> };
  differences: Difference[];
  /** Nothing but timings differ. */
  same: boolean;
}

function change<T>(a: T, b: T): Change<T> {
  return { a, b, changed: a !== b };
}

const summary = (t: Transcript): SessionSummary => ({
  host: t.target.host,
  port: t.target.port,
  startedAt: t.startedAt,
  ok: t.outcome.ok,
  stage: t.outcome.stage,
});
const ref = (f: Finding): FindingRef => ({ id: f.id, severity: f.severity, title: f.title });

/** By id, one per id: the same finding reported twice is still one problem to fix. */
function diffFindings(a: readonly Finding[], b: readonly Finding[]): TranscriptDiff['findings'] {
  const ids = (list: readonly Finding[]) => new Map(list.map((f) => [f.id, f] as const));
  const [ma, mb] = [ids(a), ids(b)];
  return {
    added: [...mb.values()].filter((f) => !ma.has(f.id)).map(ref),
    removed: [...ma.values()].filter((f) => !mb.has(f.id)).map(ref),
    unchanged: [...mb.values()].filter((f) => ma.has(f.id)).map(ref),
  };
}

const keyword = (cap: string) => cap.trim().split(/[ =]/)[0]!.toUpperCase();

/** EHLO keywords compared by keyword (RFC 5321 §4.1.1.1: case-insensitive), parameters apart. */
export function diffCapabilities(a: readonly string[] | null, b: readonly string[] | null): ListDiff {
  const byKeyword = (list: readonly string[] | null) =>
    new Map((list ?? []).map((c) => [keyword(c), c.trim()] as const));
  const [ma, mb] = [byKeyword(a), byKeyword(b)];
  const out: ListDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const [k, cap] of mb) {
    const before = ma.get(k);
    if (before === undefined) out.added.push(cap);
    else if (before.toUpperCase() !== cap.toUpperCase()) out.changed.push({ keyword: k, a: before, b: cap });
    else out.unchanged.push(cap);
  }
  for (const [k, cap] of ma) if (!mb.has(k)) out.removed.push(cap);
  return out;
}

const certRef = (c: CertInfo): CertRef => ({
  name: shortName(c.subject),
  fingerprint256: c.fingerprint256,
  notAfter: c.notAfter,
});

function diffChain(a: readonly CertInfo[], b: readonly CertInfo[]): ChainDiff {
  const [fa, fb] = [new Set(a.map((c) => c.fingerprint256)), new Set(b.map((c) => c.fingerprint256))];
  const added = b.filter((c) => !fa.has(c.fingerprint256)).map(certRef);
  const removed = a.filter((c) => !fb.has(c.fingerprint256)).map(certRef);
  const order = a.length !== b.length || a.some((c, i) => c.fingerprint256 !== b[i]?.fingerprint256);
  return { a: a.map(certRef), b: b.map(certRef), added, removed, changed: order };
}

function stageDurations(t: Transcript): { key: string; label: string; duration: number }[] {
  const seen = new Map<string, number>();
  const labels = new Map<string, number>();
  return buildWaterfall({ events: t.events, findings: t.findings }).stages.map((s) => {
    const n = (seen.get(s.kind) ?? 0) + 1;
    seen.set(s.kind, n);
    // Two RCPT TO stages read "RCPT TO", "RCPT TO (2)"; labels that already differ stay as they are.
    const l = (labels.get(s.label) ?? 0) + 1;
    labels.set(s.label, l);
    return { key: `${s.kind}#${n}`, label: l > 1 ? `${s.label} (${l})` : s.label, duration: s.duration };
  });
}

/** Stages in b's order, with a's stages that b lacks after the one they followed. */
function diffTiming(a: Transcript, b: Transcript): TranscriptDiff['timing'] {
  const [sa, sb] = [stageDurations(a), stageDurations(b)];
  const inA = new Map(sa.map((s) => [s.key, s] as const));
  const inB = new Map(sb.map((s) => [s.key, s] as const));
  const round = (n: number) => Math.round(n * 10) / 10;
  const rows: StageTiming[] = [];
  const row = (key: string, label: string): StageTiming => {
    const [da, db] = [inA.get(key)?.duration ?? null, inB.get(key)?.duration ?? null];
    // "TCP connect" and "TCP connect via proxy" (one side direct): the row says what both did.
    const other = inA.get(key)?.label;
    const shared = other !== undefined && other !== label && label.startsWith(other) ? other : label;
    return { key, label: shared, a: da, b: db, delta: da !== null && db !== null ? round(db - da) : null };
  };
  let ai = 0;
  for (const s of sb) {
    const match = sa.findIndex((x, i) => i >= ai && x.key === s.key);
    if (match !== -1) {
      for (; ai < match; ai++) if (!inB.has(sa[ai]!.key)) rows.push(row(sa[ai]!.key, sa[ai]!.label));
      ai = match + 1;
    }
    rows.push(row(s.key, s.label));
  }
  for (; ai < sa.length; ai++) if (!inB.has(sa[ai]!.key)) rows.push(row(sa[ai]!.key, sa[ai]!.label));
  const total = (t: Transcript) => round(t.events.at(-1)?.t ?? 0);
  return { stages: rows, total: change(total(a), total(b)) };
}

const tlsSide = (t: Transcript): TlsSide | null =>
  t.tls
    ? {
        protocol: t.tls.protocol,
        cipher: t.tls.cipher,
        leaf: t.tls.sentChain[0] ? certRef(t.tls.sentChain[0]) : null,
        verified: t.tls.verification.ok,
      }
    : null;

const empty = (d: ListDiff) => !d.added.length && !d.removed.length && !d.changed.length;

export function compareTranscripts(a: Transcript, b: Transcript): TranscriptDiff {
  const [la, lb] = [ehloLists(a.events), ehloLists(b.events)];
  const findings = diffFindings(a.findings, b.findings);
  const capabilities = {
    beforeTls: diffCapabilities(la.beforeTls?.capabilities ?? null, lb.beforeTls?.capabilities ?? null),
    afterTls: diffCapabilities(la.afterTls?.capabilities ?? null, lb.afterTls?.capabilities ?? null),
  };
  const tls = {
    used: change(a.tls !== null, b.tls !== null),
    protocol: change(a.tls?.protocol ?? null, b.tls?.protocol ?? null),
    cipher: change(a.tls?.cipher ?? null, b.tls?.cipher ?? null),
    verified: change(a.tls ? a.tls.verification.ok : null, b.tls ? b.tls.verification.ok : null),
    chain: diffChain(a.tls?.sentChain ?? [], b.tls?.sentChain ?? []),
  };
  const outcome = change(
    `${a.outcome.ok ? 'OK' : 'FAILED'} at ${a.outcome.stage}`,
    `${b.outcome.ok ? 'OK' : 'FAILED'} at ${b.outcome.stage}`,
  );
  const [va, vb] = [vantageOf(a), vantageOf(b)];
  const [ra, rb] = [reachOf(a), reachOf(b)];
  const replies = diffReplies(a, b);
  const bannerHost = change(bannerHostOf(replies, 'a'), bannerHostOf(replies, 'b'));
  const model = {
    a: summary(a),
    b: summary(b),
    sameTarget: a.target.host.toLowerCase() === b.target.host.toLowerCase() && a.target.port === b.target.port,
    vantage: {
      a: va,
      b: vb,
      changed: va.proxy !== vb.proxy || (va.proxy === null && va.localAddress !== vb.localAddress),
    },
    reach: { a: ra, b: rb, changed: ra.reached !== rb.reached },
    outcome,
    replies,
    bannerHost,
    findings,
    capabilities,
    tls,
    timing: diffTiming(a, b),
  };
  const differences = differencesOf(model, { a: la, b: lb }, { a: tlsSide(a), b: tlsSide(b) });
  const same =
    !outcome.changed &&
    !model.reach.changed &&
    !bannerHost.changed &&
    replies.every((s) => !s.changed && s.a !== null && s.b !== null) &&
    !findings.added.length &&
    !findings.removed.length &&
    empty(capabilities.beforeTls) &&
    empty(capabilities.afterTls) &&
    !tls.used.changed &&
    !tls.protocol.changed &&
    !tls.cipher.changed &&
    !tls.verified.changed &&
    !tls.chain.changed;
  return { ...model, differences, same };
}
