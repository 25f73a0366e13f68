// The transcript schema (shared/transcript.ts) as a runtime check, for everything that reads a
// transcript SMTP Lens did not just record: `smtp-lens show` and `diff`, the history folder,
// the renderer's Open / drag and drop, and transcripts sent over IPC for export.
//
// Objects are "loose": fields this version does not know are kept, because @1 only ever
// grows additively (transcript.ts) and a newer file must not lose data by being re-exported.
// The parse functions return the input object itself, not zod's copy, so the key order and
// every byte of a re-export stay as they were (JSON round-trip: export, import, export = same).
import * as z from 'zod';
import { STAGES, TLS_MODES, TRANSCRIPT_SCHEMA, type Transcript } from './transcript';

const stage = z.enum(STAGES as [string, ...string[]]);
const severity = z.enum(['error', 'warning', 'info']);
const t = z.number().finite().nonnegative();

const annotation = z.looseObject({
  code: z.string().optional(),
  codeTitle: z.string().optional(),
  enhanced: z.string().optional(),
  enhancedTitle: z.string().optional(),
  signature: z.string().optional(),
  signatureId: z.string().optional(),
  challenge: z.string().optional(),
  findings: z.array(z.string()).optional(),
});

const event = z.discriminatedUnion('type', [
  z.looseObject({
    t,
    type: z.literal('dns'),
    host: z.string(),
    addresses: z.array(z.looseObject({ address: z.string(), family: z.union([z.literal(4), z.literal(6)]) })),
    error: z.string().optional(),
    server: z.string().optional(),
    ad: z.boolean().optional(),
  }),
  z.looseObject({
    t,
    type: z.literal('connect'),
    address: z.string(),
    port: z.number().int(),
    via: z.string().max(700).optional(),
  }),
  z.looseObject({ t, type: z.literal('proxy'), url: z.string().max(700), tcpMs: z.number(), hopMs: z.number() }),
  z.looseObject({ t, type: z.literal('connected'), localAddress: z.string(), localPort: z.number().int() }),
  z.looseObject({
    t,
    type: z.literal('send'),
    stage,
    line: z.string(),
    redacted: z.literal(true).optional(),
    body: z.literal(true).optional(),
    pipelined: z.literal(true).optional(),
  }),
  z.looseObject({
    t,
    type: z.literal('reply'),
    stage,
    code: z.number().int().nullable(),
    enhanced: z.string().nullable(),
    lines: z.array(z.string()),
    incomplete: z.literal(true).optional(),
    malformed: z.string().optional(),
    bareLf: z.literal(true).optional(),
    longLine: z.number().optional(),
    annotation: annotation.optional(),
  }),
  z.looseObject({
    t,
    type: z.literal('tls-start'),
    mode: z.enum(['starttls', 'implicit']),
    servername: z.string().nullable(),
  }),
  z.looseObject({
    t,
    type: z.literal('tls-established'),
    protocol: z.string(),
    cipher: z.string(),
    group: z.string().nullable(),
  }),
  z.looseObject({
    t,
    type: z.literal('note'),
    stage: stage.optional(),
    text: z.string(),
    code: z.string().optional(),
    data: z.record(z.string(), z.string()).optional(),
  }),
  z.looseObject({
    t,
    type: z.literal('error'),
    stage,
    code: z.string(),
    message: z.string(),
    deadline: z.enum(['reply', 'session']).optional(),
  }),
  z.looseObject({ t, type: z.literal('close'), by: z.enum(['client', 'server']) }),
]);

const cert = z.looseObject({
  subject: z.string(),
  issuer: z.string(),
  san: z.array(z.string()),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprint256: z.string(),
  serialNumber: z.string(),
  keyType: z.string(),
  keyBits: z.number().nullable(),
  sigAlg: z.string(),
  aiaIssuers: z.array(z.string()),
  isCA: z.boolean(),
  selfIssued: z.boolean(),
  pem: z.string(),
});

// Chain problems are many small shapes; their `kind` and `index` are what every reader uses.
const problem = z.looseObject({ kind: z.string(), index: z.number().int().optional() });

const verification = z.looseObject({
  ok: z.boolean(),
  chainOk: z.boolean(),
  hostnameOk: z.boolean(),
  checkedName: z.string(),
  anchor: z.string().nullable(),
  storeAdded: z.array(cert),
  failingLink: z.looseObject({ index: z.number().int(), reason: z.string() }).nullable(),
  libraryCode: z.string().nullable(),
  problems: z.array(problem),
});

const tls = z.looseObject({
  mode: z.enum(['starttls', 'implicit']),
  protocol: z.string(),
  cipher: z.string(),
  group: z.string().nullable(),
  servername: z.string().nullable(),
  sentChain: z.array(cert),
  sentChainSource: z.enum(['handshake', 'library']),
  verification,
  aiaFetch: z
    .looseObject({
      attempts: z.array(z.looseObject({ url: z.string(), ok: z.boolean(), detail: z.string(), cert: cert.nullable() })),
      fetched: z.array(cert),
      completed: verification.nullable(),
    })
    .optional(),
});

const finding = z.looseObject({
  id: z.string().min(1),
  severity,
  title: z.string(),
  explanation: z.string(),
  fix: z.string(),
  refs: z.array(z.string()),
  event: z.number().int().nonnegative().nullable(),
});

const versionCheck = z.looseObject({
  result: z.enum(['accepted', 'refused', 'not-testable', 'inconclusive']),
  cipher: z.string().optional(),
  detail: z.string(),
});

const suiteNames = z.array(z.string().max(80)).max(400);
const auditVersion = z.looseObject({
  check: versionCheck,
  suites: suiteNames,
  refused: z.number().int().min(0),
  unanswered: z.number().int().min(0),
  order: z.enum(['server', 'client', 'unclear']).optional(),
});
const tlsAudit = z.looseObject({
  versions: z.record(z.string(), auditVersion),
  groups: z
    .looseObject({
      version: z.string(),
      accepted: z.array(z.string().max(40)).max(64),
      refused: z.array(z.string().max(40)).max(64),
    })
    .nullable(),
  dhBits: z.array(z.number().int().min(0).max(100_000)).max(16),
  notTestable: z.array(z.string().max(400)).max(32),
  connections: z.number().int().min(0),
  ms: z.number().min(0),
  complete: z.boolean(),
});

export const transcriptSchema = z.looseObject({
  schema: z.literal(TRANSCRIPT_SCHEMA),
  app: z.looseObject({ name: z.literal('smtp-lens'), version: z.string() }),
  target: z.looseObject({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    tls: z.enum(TLS_MODES as [string, ...string[]]),
    servername: z.string().nullable(),
    proxy: z.string().max(700).optional(),
  }),
  startedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO-8601 date'),
  events: z.array(event),
  tls: tls.nullable(),
  findings: z.array(finding),
  outcome: z.looseObject({
    ok: z.boolean(),
    stage,
    // Only words are made of it: a value that is not what we write is dropped, not fatal.
    stopped: z
      .object({ stage, reply: z.number().int().min(100).max(999).optional(), error: z.string().max(64).optional() })
      .optional()
      .catch(undefined),
  }),
  tlsVersions: z.record(z.string(), versionCheck).optional(),
  tlsAudit: tlsAudit.optional(),
  role: z.enum(['client', 'server']).optional(),
  client: z.looseObject({ address: z.string().max(64), port: z.number().int() }).optional(),
});

export type TranscriptCheck = { ok: true; transcript: Transcript } | { ok: false; problem: string };

const SCHEMA_FAMILY = /^smtp-lens\/transcript@(\d+)$/;

/** The largest transcript file SMTP Lens opens (Open, drag and drop, `show`, `diff`, the
 * history). A session that sent a 25 MB message fits; a file of hundreds of MB would take the
 * window (or the CLI) gigabytes to parse. */
export const MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024;

/** A transcript nests about eight levels (tls.aiaFetch.attempts[].cert.san[]); fields a newer
 * version adds are kept, so some room is left for them. */
export const MAX_TRANSCRIPT_DEPTH = 64;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Refuses a file by its size before it is read, or null when it may be opened. `bytes`
 * null: the size is not known (a pipe), only that it goes on past the limit. */
export function transcriptSizeCheck(bytes: number | null): Extract<TranscriptCheck, { ok: false }> | null {
  if (bytes !== null && bytes <= MAX_TRANSCRIPT_BYTES) return null;
  const size = bytes === null ? `over ${mib(MAX_TRANSCRIPT_BYTES)}` : mib(bytes);
  return {
    ok: false,
    problem: `This file is ${size}, too large to be opened: SMTP Lens opens transcripts of up to ${mib(MAX_TRANSCRIPT_BYTES)}.`,
  };
}

/** True when arrays and objects nest deeper than `limit`. Counted with a stack of its own,
 * never by recursion: a hostile file nested 200,000 deep must get an answer, not a stack
 * overflow, and every recursive walk (the schema check, JSON.stringify) comes after this. */
export function nestedDeeperThan(data: unknown, limit: number): boolean {
  const pending: [value: object, depth: number][] = [[data as object, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (depth > limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child && typeof child === 'object') pending.push([child as object, depth + 1]);
    }
  }
  return false;
}

/** Checks a parsed JSON value. The problem is one sentence a user can act on. */
export function checkTranscript(data: unknown): TranscriptCheck {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, problem: 'This is not an SMTP Lens transcript: the file does not hold a JSON object.' };
  }
  if (nestedDeeperThan(data, MAX_TRANSCRIPT_DEPTH)) {
    return {
      ok: false,
      problem: `This is not an SMTP Lens transcript: it is nested deeper than ${MAX_TRANSCRIPT_DEPTH} levels.`,
    };
  }
  const schema = (data as { schema?: unknown }).schema;
  if (schema !== TRANSCRIPT_SCHEMA) {
    const version = typeof schema === 'string' ? SCHEMA_FAMILY.exec(schema)?.[1] : undefined;
    if (version) {
      return {
        ok: false,
        problem: `This transcript uses schema "${schema}", which this version of SMTP Lens does not know (it reads "${TRANSCRIPT_SCHEMA}"). Update SMTP Lens to open it.`,
      };
    }
    return {
      ok: false,
      problem: `This JSON file is not an SMTP Lens transcript: it has no "schema": "${TRANSCRIPT_SCHEMA}".`,
    };
  }
  const parsed = transcriptSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the transcript';
    return { ok: false, problem: `This SMTP Lens transcript is damaged: ${where}: ${issue?.message ?? 'invalid'}.` };
  }
  const tr = data as Transcript;
  // Finding → event links must point inside the file, or every face would draw them wrong.
  const bad = tr.findings.find((f) => f.event !== null && f.event >= tr.events.length);
  if (bad)
    return {
      ok: false,
      problem: `This SMTP Lens transcript is damaged: finding ${bad.id} points at event ${bad.event}, but there are only ${tr.events.length} events.`,
    };
  return { ok: true, transcript: tr };
}

/** Parses and checks the text of a transcript file (what Open, drag and drop, `show` read). */
export function parseTranscriptJson(text: string): TranscriptCheck {
  // Callers check the size before reading; this catches text that came another way. A string
  // has at most as many characters as its UTF-8 form has octets.
  const tooLarge = transcriptSizeCheck(text.length);
  if (tooLarge) return tooLarge;
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return {
      ok: false,
      problem: `This file is not valid JSON, so it is not an SMTP Lens transcript (${(err as Error).message}).`,
    };
  }
  return checkTranscript(data);
}
