// The last line of defence before an export leaves SMTP Lens. Credentials are redacted where
// they are recorded (main/engine/auth.ts), so this should never fire; it exists so that a bug
// there, a hand-edited transcript or a new code path cannot put a password into a ticket.
// Whoever knows a secret (the CLI was given the password, a UI session its credentials) passes
// it here; the guard looks for it and for every form it takes on the wire.
//
// No Node imports: the renderer runs this too (shared/).
import { REDACTED, type Transcript } from '../transcript';

export interface KnownSecret {
  /** The password or XOAUTH2 token. */
  secret: string;
  /** The user it belongs to, for the SASL forms that combine both. */
  user?: string;
}

/** Thrown (or returned as a value) instead of writing an export that holds a secret. */
export class SecretLeakError extends Error {
  readonly code = 'SECRET_IN_EXPORT';
  constructor(readonly where: string) {
    super(`Refusing to write this export: it contains a password or token (${where}). Nothing was written.`);
    this.name = 'SecretLeakError';
  }
}

/** Shorter secrets would match ordinary text; auth.ts uses the same floor. */
const MIN_LENGTH = 4;

const utf8 = (text: string) => new TextEncoder().encode(text);

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The base64 text that encodes `bytes` wherever they sit inside a longer base64 string: the
 * encoding of a substring depends on its offset modulo 3, so for each of the three offsets the
 * characters that depend only on the secret's own bytes are kept (the partial groups at either
 * end are dropped).
 */
function embeddedBase64(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = base64(padded);
    const start = offset === 0 ? 0 : 4;
    const fullGroups = Math.floor((offset + bytes.length) / 3);
    const core = encoded.slice(start, fullGroups * 4);
    if (core.length >= MIN_LENGTH) out.push(core);
  }
  return out;
}

/**
 * Every string whose presence means a secret leaked: the secret itself, its base64 form
 * anywhere inside base64 text, and the exact SASL responses (PLAIN: RFC 4616 §2; XOAUTH2;
 * LOGIN sends the password base64-encoded alone).
 */
export function secretNeedles(secrets: readonly KnownSecret[]): string[] {
  const needles = new Set<string>();
  for (const { secret, user } of secrets) {
    if (secret.length < MIN_LENGTH) continue;
    needles.add(secret);
    const cores = embeddedBase64(utf8(secret));
    for (const core of cores) needles.add(core);
    // The three cores find the secret inside any base64 text, SASL responses included; only
    // a secret too short to give all three needs its exact wire forms as well.
    if (cores.length === 3) continue;
    needles.add(base64(utf8(secret)));
    if (user !== undefined) {
      needles.add(base64(utf8(`\0${user}\0${secret}`)));
      needles.add(base64(utf8(`user=${user}\x01auth=Bearer ${secret}\x01\x01`)));
    }
  }
  return [...needles];
}

/** The first needle found in `text`, or null. */
export function findSecret(text: string, needles: readonly string[]): string | null {
  for (const needle of needles) if (text.includes(needle)) return needle;
  return null;
}

/** The path of the first string value in the transcript that holds a needle, or null: checked
 * before escaping (HTML, Markdown, JSON) could disguise it in the rendered file. A plain walk, as
 * it visits every field of a 100,000-event session; the path is built only on the way back from
 * a find, so a clean walk allocates nothing. */
function pathOfSecret(value: unknown, needles: readonly string[], shortest: number): (string | number)[] | null {
  if (typeof value === 'string') {
    // Most fields (a type, a stage, a short reply) are shorter than any needle.
    if (value.length < shortest) return null;
    for (const needle of needles) if (value.includes(needle)) return [];
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfSecret(value[i], needles, shortest);
      if (found) return [i, ...found];
    }
    return null;
  }
  for (const key in value) {
    const found = pathOfSecret((value as Record<string, unknown>)[key], needles, shortest);
    if (found) return [key, ...found];
  }
  return null;
}

/** Marks each place a secret was, in what the user sees instead of the refused file. */
export const SECRET_REMOVED = '[secret removed]';

function mask(text: string, needles: readonly string[]): string {
  let out = text;
  for (const needle of needles) out = out.split(needle).join(SECRET_REMOVED);
  return out;
}

/** The transcript with every form of the secrets replaced by SECRET_REMOVED: what the CLI shows
 * when it refuses to write the real one, so the user still sees the session. */
export function maskSecrets(t: Transcript, secrets: readonly KnownSecret[]): Transcript {
  const needles = secretNeedles(secrets).sort((a, b) => b.length - a.length);
  if (!needles.length) return t;
  return JSON.parse(JSON.stringify(t), (_key, value) =>
    typeof value === 'string' ? mask(value, needles) : value,
  ) as Transcript;
}

/** What an event is, for the refusal message: the place a user would look. */
function eventPlace(e: Transcript['events'][number], needles: readonly string[]): string {
  const quoted = (line: string) => `"${mask(line, needles).slice(0, 80)}"`;
  switch (e.type) {
    case 'send':
      return e.body ? 'a line of the message sent after DATA' : `a command SMTP Lens sent, ${quoted(e.line)}`;
    case 'reply':
      return `a reply from the server, ${quoted(e.lines.find((l) => needles.some((n) => l.includes(n))) ?? e.lines[0] ?? '')}`;
    case 'note':
      return `a note, ${quoted(e.text)}`;
    case 'error':
      return `an error message, ${quoted(e.message)}`;
    default:
      return `the ${e.type} details`;
  }
}

/** Where the secret sits, in words a user can act on: which event and what it is, with the
 * line itself shown masked. Certificates and other fields outside the events are named by
 * their path. */
function placeOf(t: Transcript, path: (string | number)[], needles: readonly string[]): string {
  const event = path[0] === 'events' && typeof path[1] === 'number' ? t.events[path[1]] : undefined;
  if (event) return `found in event ${path[1]}: ${eventPlace(event, needles)}`;
  return `found in the transcript's ${path.join('.')}`;
}

/** An AUTH line that carries an initial response which is not the redaction marker: the
 * engine never records one, so a transcript with one was made or edited elsewhere. */
function unredactedAuth(t: Transcript): number {
  return t.events.findIndex((e) => {
    if (e.type !== 'send' || e.body) return false;
    const m = /^AUTH\s+\S+\s+(\S+)/i.exec(e.line);
    return m !== null && m[1] !== REDACTED && m[1] !== '=';
  });
}

/**
 * Checks a transcript and the file rendered from it. Returns null when clean, otherwise the
 * error to report; the caller must then write nothing.
 */
export function checkExport(t: Transcript, output: string, secrets: readonly KnownSecret[]): SecretLeakError | null {
  const auth = unredactedAuth(t);
  if (auth !== -1) return new SecretLeakError(`event ${auth} is an AUTH command with its credentials in clear`);
  const needles = secretNeedles(secrets);
  if (!needles.length) return null;
  let shortest = Number.POSITIVE_INFINITY;
  for (const needle of needles) shortest = Math.min(shortest, needle.length);
  const path = pathOfSecret(t, needles, shortest);
  if (path) return new SecretLeakError(placeOf(t, path, needles));
  if (findSecret(output, needles) !== null) return new SecretLeakError('found in the rendered file');
  return null;
}
