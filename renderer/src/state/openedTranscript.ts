// A transcript file opened in the window (Open…, drag and drop) is untrusted input, checked
// exactly as shared/transcriptSchema.ts checks it: the answer is always the one
// `parseTranscriptJson` gives. What differs is the cost. Nearly all of a long session's file is
// its events (100,000 of them), and zod takes hundreds of milliseconds over them, so each event
// is first tried against a hand-written test of the shapes this version writes; an event it does
// not recognise (a field it does not know, a newer kind) goes to the schema's own event check.
// The test is stricter than the schema: it accepts only known fields, each of the schema's type,
// so whatever it passes the schema passes too. Anything that fails, anywhere, is checked again
// by the shared function, whose answer (and problem sentence) is then the one returned.
import { STAGES, TRANSCRIPT_SCHEMA, type Transcript } from '../../../shared/transcript';
import {
  checkTranscript,
  MAX_TRANSCRIPT_DEPTH,
  nestedDeeperThan,
  parseTranscriptJson,
  type TranscriptCheck,
  transcriptSchema,
  transcriptSizeCheck,
} from '../../../shared/transcriptSchema';

type Json = Record<string, unknown>;

const eventSchema = transcriptSchema.shape.events.element;
const findingsSchema = transcriptSchema.shape.findings;

const STAGE_SET: ReadonlySet<unknown> = new Set(STAGES);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown) => Number.isSafeInteger(v);
const isString = (v: unknown) => typeof v === 'string';
const optString = (v: unknown) => v === undefined || typeof v === 'string';
const optTrue = (v: unknown) => v === undefined || v === true;
const stringOrNull = (v: unknown) => v === null || typeof v === 'string';
const isStage = (v: unknown) => STAGE_SET.has(v);
const maxLength = (v: unknown, n: number) => typeof v === 'string' && v.length <= n;
function isStrings(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const s of v) if (typeof s !== 'string') return false;
  return true;
}

/** True when `o` has no field outside `known`. */
function onlyKnown(o: Json, known: ReadonlySet<string>): boolean {
  for (const k in o) if (!known.has(k)) return false;
  return true;
}
const keys = (...names: string[]): ReadonlySet<string> => new Set(['t', 'type', ...names]);

const SEND = keys('stage', 'line', 'redacted', 'body', 'pipelined');
const REPLY = keys('stage', 'code', 'enhanced', 'lines', 'incomplete', 'malformed', 'bareLf', 'longLine', 'annotation');
const ANNOTATION_STRINGS = ['code', 'codeTitle', 'enhanced', 'enhancedTitle', 'signature', 'signatureId', 'challenge'];
const ANNOTATION: ReadonlySet<string> = new Set([...ANNOTATION_STRINGS, 'findings']);
const NOTE = keys('stage', 'text', 'code', 'data');
const CONNECT = keys('address', 'port', 'via');
const CONNECTED = keys('localAddress', 'localPort');
const TLS_START = keys('mode', 'servername');
const TLS_ESTABLISHED = keys('protocol', 'cipher', 'group');
const ERROR = keys('stage', 'code', 'message', 'deadline');
const CLOSE = keys('by');
const PROXY = keys('url', 'tcpMs', 'hopMs');

function isAnnotation(a: unknown): boolean {
  if (!isObject(a) || !onlyKnown(a, ANNOTATION)) return false;
  for (const k of ANNOTATION_STRINGS) if (!optString(a[k])) return false;
  return a.findings === undefined || isStrings(a.findings);
}

function isStringRecord(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
}

/** The events this version writes, field by field as the schema has them; false for anything
 * else (which the schema itself then checks). */
function isKnownEvent(e: unknown): boolean {
  if (!isObject(e) || !isTime(e.t)) return false;
  switch (e.type) {
    case 'send':
      return (
        onlyKnown(e, SEND) &&
        isStage(e.stage) &&
        isString(e.line) &&
        optTrue(e.redacted) &&
        optTrue(e.body) &&
        optTrue(e.pipelined)
      );
    case 'reply':
      return (
        onlyKnown(e, REPLY) &&
        isStage(e.stage) &&
        (e.code === null || isInt(e.code)) &&
        stringOrNull(e.enhanced) &&
        isStrings(e.lines) &&
        optTrue(e.incomplete) &&
        optString(e.malformed) &&
        optTrue(e.bareLf) &&
        (e.longLine === undefined || isNumber(e.longLine)) &&
        (e.annotation === undefined || isAnnotation(e.annotation))
      );
    case 'note':
      return (
        onlyKnown(e, NOTE) &&
        (e.stage === undefined || isStage(e.stage)) &&
        isString(e.text) &&
        optString(e.code) &&
        (e.data === undefined || isStringRecord(e.data))
      );
    case 'connect':
      return (
        onlyKnown(e, CONNECT) && isString(e.address) && isInt(e.port) && (e.via === undefined || maxLength(e.via, 700))
      );
    case 'connected':
      return onlyKnown(e, CONNECTED) && isString(e.localAddress) && isInt(e.localPort);
    case 'tls-start':
      return onlyKnown(e, TLS_START) && (e.mode === 'starttls' || e.mode === 'implicit') && stringOrNull(e.servername);
    case 'tls-established':
      return onlyKnown(e, TLS_ESTABLISHED) && isString(e.protocol) && isString(e.cipher) && stringOrNull(e.group);
    case 'error':
      return (
        onlyKnown(e, ERROR) &&
        isStage(e.stage) &&
        isString(e.code) &&
        isString(e.message) &&
        (e.deadline === undefined || e.deadline === 'reply' || e.deadline === 'session')
      );
    case 'close':
      return onlyKnown(e, CLOSE) && (e.by === 'client' || e.by === 'server');
    case 'proxy':
      return onlyKnown(e, PROXY) && maxLength(e.url, 700) && isNumber(e.tcpMs) && isNumber(e.hopMs);
    default:
      // dns, and kinds a newer version writes: the schema checks them.
      return false;
  }
}

/** An event the fast test did not recognise: within the depth limit (it sits at depth 3 of the
 * file) and as the schema wants it. */
function schemaEvent(e: unknown): boolean {
  if (e && typeof e === 'object' && nestedDeeperThan(e, MAX_TRANSCRIPT_DEPTH - 2)) return false;
  return eventSchema.safeParse(e).success;
}

/** The shared `checkTranscript`, with the events and findings checked here. */
function checkOpenedTranscript(data: unknown): TranscriptCheck {
  if (!isObject(data) || data.schema !== TRANSCRIPT_SCHEMA) return checkTranscript(data);
  const { events, findings } = data;
  if (!Array.isArray(events) || !Array.isArray(findings)) return checkTranscript(data);
  // A known event nests three levels at most (it sits at depth 3): always within the limit.
  for (const e of events) if (!isKnownEvent(e) && !schemaEvent(e)) return checkTranscript(data);
  // The findings (at depth 2) by the schema, and each one's event inside the file.
  if (nestedDeeperThan(findings, MAX_TRANSCRIPT_DEPTH - 1) || !findingsSchema.safeParse(findings).success)
    return checkTranscript(data);
  for (const f of findings as { event: number | null }[])
    if (f.event !== null && f.event >= events.length) return checkTranscript(data);
  // Everything else by the shared check itself, with both lists (checked above) left empty.
  if (!checkTranscript({ ...data, events: [], findings: [] }).ok) return checkTranscript(data);
  return { ok: true, transcript: data as unknown as Transcript };
}

/** `parseTranscriptJson` (shared/transcriptSchema.ts), checked by `checkOpenedTranscript`. */
export function parseOpenedTranscript(text: string): TranscriptCheck {
  if (transcriptSizeCheck(text.length)) return parseTranscriptJson(text);
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // Not JSON: the shared function says so, in its words.
    return parseTranscriptJson(text);
  }
  return checkOpenedTranscript(data);
}
