// Runs the engine against scripted hostile servers, one seeded session after another, and
// checks what must hold whatever a server does: no crash, no hang past the deadlines, bounded
// memory, a valid transcript holding every event recorded, no secret in it, and no control
// character in the text a terminal or a Markdown renderer gets.
import { createTestPki } from '../../main/lab/pki';
import { SmtpSession } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { renderMarkdown } from '../../shared/export/markdown';
import { renderText } from '../../shared/export/textTranscript';
import type { TlsMode, Transcript, TranscriptEvent } from '../../shared/transcript';
import { checkTranscript } from '../../shared/transcriptSchema';
import { pick, seededRandom, type Random } from '../helpers/seededRandom';
import { startScriptedServer, type ServerIdentity } from './scriptedServer';

/** C0 (except LF), DEL, C1, bidi, zero-width and line/paragraph separators. */
export const UNSAFE_FOR_TERMINAL =
  /[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
/** The CLI's own colours: SGR sequences only. */
const SGR = /\x1b\[[0-9;]*m/g;
const SECRET = 'fuzz-Secret-7b1c';

export interface FuzzOptions {
  sessions: number;
  firstSeed?: number;
  concurrency?: number;
  /** The sessions' stage timeout. Short, so that silent servers cost little. */
  timeoutMs?: number;
  /** A session still running this long after it started is a hang. */
  hangAfterMs?: number;
  onProgress?: (done: number, stats: FuzzStats) => void;
}

export interface FuzzProblem {
  seed: number;
  what: string;
}

export interface FuzzStats {
  sessions: number;
  crashes: FuzzProblem[];
  hangs: FuzzProblem[];
  badTranscripts: FuzzProblem[];
  unsafeText: FuzzProblem[];
  secretLeaks: FuzzProblem[];
  peakRssMiB: number;
  longestSessionMs: number;
  events: number;
  /** How sessions ended: the stage reached, and ok or not. */
  outcomes: Record<string, number>;
}

function sessionOptions(
  r: Random,
  port: number,
  implicit: boolean,
  rootPem: string,
  timeoutMs: number,
): SessionOptions {
  const tls: TlsMode = implicit
    ? pick(r, ['implicit', 'auto'] as const)
    : pick(r, ['none', 'starttls', 'starttls', 'auto'] as const);
  return {
    host: '127.0.0.1',
    port,
    tls,
    servername: 'mail.lab.test',
    ca: [rootPem],
    ehlo: 'fuzz.client.test',
    ...(r() < 0.4 ? { auth: { user: 'alice', secret: SECRET } } : {}),
    ...(r() < 0.1 ? { allowPlaintextAuth: true, allowUnverifiedAuth: true } : {}),
    ...(r() < 0.6 ? { to: ['bob@fuzz.test'] } : {}),
    ...(r() < 0.2 ? { quitAfter: pick(r, ['banner', 'ehlo', 'tls', 'auth', 'mail'] as const) } : {}),
    timeout: timeoutMs,
  };
}

/** Run to the end, or in steps with pauses (a server may flood while nobody reads), or by hand. */
async function drive(session: SmtpSession, r: Random): Promise<void> {
  const how = r();
  if (how < 0.2) {
    for (let i = 0; i < 4 && !session.finished; i++) {
      await session.step();
      await new Promise((resolve) => setTimeout(resolve, Math.floor(r() * 150)));
    }
  } else if (how < 0.3) {
    for (const line of ['EHLO fuzz.client.test', 'NOOP', 'MAIL FROM:<a@fuzz.test>', 'QUIT']) {
      if (session.finished) break;
      await session.send(line);
    }
    return;
  }
  await session.run();
}

function textProblems(t: Transcript): string | null {
  const faces: [string, string][] = [
    ['text', renderText(t, { color: false })],
    ['text in colour', renderText(t, { color: true }).replace(SGR, '')],
    ['markdown', renderMarkdown(t)],
  ];
  for (const [face, text] of faces) {
    const m = UNSAFE_FOR_TERMINAL.exec(text);
    if (m)
      return `${face} holds U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))}`;
  }
  return null;
}

function leaksSecret(json: string): boolean {
  const forms = [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(`\0alice\0${SECRET}`).toString('base64')];
  return forms.some((f) => json.includes(f));
}

async function oneSession(
  seed: number,
  identity: ServerIdentity,
  rootPem: string,
  opts: Required<Omit<FuzzOptions, 'onProgress' | 'firstSeed'>>,
  stats: FuzzStats,
): Promise<void> {
  const r = seededRandom(seed);
  const implicit = r() < 0.2;
  const server = await startScriptedServer(seed, implicit, identity);
  const session = new SmtpSession(sessionOptions(r, server.port, implicit, rootPem, opts.timeoutMs));
  const seen: TranscriptEvent[] = [];
  session.subscribe((e) => seen.push(e));
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), opts.hangAfterMs)));
  try {
    const result = await Promise.race([drive(session, r).then(() => 'done' as const), hang]);
    if (result === 'hang') {
      stats.hangs.push({ seed, what: `still running after ${opts.hangAfterMs} ms (${seen.length} events)` });
      session.abort();
    }
  } catch (err) {
    stats.crashes.push({ seed, what: (err as Error).stack ?? String(err) });
  } finally {
    clearTimeout(timer);
    stats.longestSessionMs = Math.max(stats.longestSessionMs, Date.now() - started);
  }
  try {
    const t = session.transcript();
    stats.events += t.events.length;
    const json = JSON.stringify(t);
    const check = checkTranscript(JSON.parse(json));
    if (!check.ok) stats.badTranscripts.push({ seed, what: check.problem });
    else if (t.events.length !== seen.length || t.events.some((e, i) => e.type !== seen[i].type || e.t !== seen[i].t)) {
      stats.badTranscripts.push({ seed, what: `${seen.length} events recorded, ${t.events.length} in the transcript` });
    }
    if (leaksSecret(json)) stats.secretLeaks.push({ seed, what: 'the AUTH secret is in the transcript' });
    const unsafe = textProblems(t);
    if (unsafe) stats.unsafeText.push({ seed, what: unsafe });
    const key = `${t.outcome.ok ? 'ok' : 'failed'} at ${t.outcome.stage}`;
    stats.outcomes[key] = (stats.outcomes[key] ?? 0) + 1;
  } catch (err) {
    stats.crashes.push({ seed, what: `after the session: ${(err as Error).stack ?? String(err)}` });
  } finally {
    session.abort();
    await server.close();
  }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzStats> {
  const opts = { concurrency: 8, timeoutMs: 400, hangAfterMs: 20_000, ...options };
  const pki = await createTestPki();
  const identity = { key: pki.leaves.good.keyPem, cert: pki.leaves.good.chainPem };
  const stats: FuzzStats = {
    sessions: 0,
    crashes: [],
    hangs: [],
    badTranscripts: [],
    unsafeText: [],
    secretLeaks: [],
    peakRssMiB: 0,
    longestSessionMs: 0,
    events: 0,
    outcomes: {},
  };
  const sample = () => (stats.peakRssMiB = Math.max(stats.peakRssMiB, Math.round(process.memoryUsage().rss / 2 ** 20)));
  sample();
  const sampler = setInterval(sample, 50);
  let next = 0;
  const first = options.firstSeed ?? 1;
  const worker = async () => {
    while (next < opts.sessions) {
      const seed = first + next++;
      await oneSession(seed, identity, pki.root.certPem, opts, stats);
      stats.sessions++;
      options.onProgress?.(stats.sessions, stats);
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    clearInterval(sampler);
    sample();
  }
  return stats;
}
