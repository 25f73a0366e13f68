// The plain-text transcript: what `smtp-lens probe` prints and the "Text" export. Both people
// and grep read it, so every line starts with a time column and a direction marker.
import { APP_NAME } from '../appInfo';
import { isPreformatted } from '../findings/catalog';
import {
  challengeText,
  eventWords,
  isFailedReply,
  replyReading,
  replyTone,
  sendTone,
  type Tone,
} from '../presentation/eventWords';
import { ehloLists, type EhloLists } from '../sessionFacts';
import type { Finding, ReplyEvent, TlsInfo, Transcript, TranscriptEvent } from '../transcript';
import { type Palette, paletteFor } from './palette';
import { describeVerdict, chainSummary, tlsVersionsSummary } from '../knowledge/tlsVerdict';
import { findingsByEvent, outcomeLabel, startedLabel } from './exportFacts';
import { fixed1 } from './fastFormat';
import { ChunkedText } from './chunkedText';
import { wrap } from './wrap';
import { terminalText } from '../untrustedText';

export interface TextOptions {
  /** ANSI colours, for a terminal. */
  color?: boolean;
  /** Line width for wrapped finding text. */
  width?: number;
}

/**
 * Direction markers, as swaks prints them, so admins read them at once:
 *   ->  client to server      <-  server to client
 *   ~>  client, inside TLS    <~  server, inside TLS
 *   ==  what SMTP Lens did or saw     **  an error
 */
const MARK = { send: '->', reply: '<-', sendTls: '~>', replyTls: '<~', info: '==', error: '**' } as const;
const TIME_WIDTH = 9;
const INDENT = ' '.repeat(TIME_WIDTH + 5);
/** Annotations sit under the reply text they explain. */
const NOTE_INDENT = ' '.repeat(TIME_WIDTH + 6);

function time(t: number): string {
  return `${fixed1(t)}ms`.padStart(TIME_WIDTH);
}

/** The blank time column of a reply's second and later lines. */
const NO_TIME = ' '.repeat(TIME_WIDTH);

/** Each palette's colour per tone, made once (a transcript asks for one per event). */
const TONE_COLORS = new WeakMap<Palette, Record<Tone, (s: string) => string>>();

function toneColors(p: Palette): Record<Tone, (s: string) => string> {
  let colors = TONE_COLORS.get(p);
  if (!colors) {
    colors = {
      client: p.cyan,
      body: p.dim,
      ok: p.green,
      more: p.cyan,
      temp: p.yellow,
      perm: p.red,
      info: p.dim,
      tls: p.bold,
      error: p.red,
    };
    TONE_COLORS.set(p, colors);
  }
  return colors;
}

/** Each tone's colour in a terminal. */
function toneColor(p: Palette, tone: Tone): (s: string) => string {
  return toneColors(p)[tone];
}

/**
 * The reading of a failed reply in one dim line under it: code, enhanced code and the server
 * text it matched. Successful replies get none, to keep the transcript readable; the findings
 * below a reply say what to do.
 */
function annotationLines(e: ReplyEvent, p: Palette, width: number): string[] {
  if (!isFailedReply(e)) return [];
  // Escaped before wrapping: wrap() splits on whitespace, which would swallow a CR or a TAB.
  return wrap(terminalText(`↳ ${replyReading(e)}`, p.ctl), width - NOTE_INDENT.length).map(
    (l, i) => `${NOTE_INDENT}${i ? '  ' : ''}${p.dim(l)}`,
  );
}

/** Under the EHLO reply after STARTTLS: what the server offers now that it did not before
 * (RFC 3207 §4.2: the client must use the new list). Often it is AUTH. */
function ehloChangeLines({ beforeTls, afterTls }: EhloLists, index: number, p: Palette, width: number): string[] {
  if (!beforeTls || afterTls?.index !== index) return [];
  const before = new Set(beforeTls.capabilities.map((c) => c.toUpperCase()));
  const added = afterTls.capabilities.filter((c) => !before.has(c.toUpperCase()));
  if (!added.length) return [];
  return wrap(terminalText(`↳ new after TLS: ${added.join(' · ')}`, p.ctl), width - NOTE_INDENT.length).map(
    (l, i) => `${NOTE_INDENT}${i ? '  ' : ''}${p.dim(l)}`,
  );
}

/** One event's lines, as `probe` prints them (also `listen`, live, one event at a time). */
export function eventLines(e: TranscriptEvent, inTls: boolean, p: Palette): string[] {
  // Every text here may hold what a server (or an opened file) sent: escaped before colouring.
  // Written without closures or per-call tables: an export calls it once per event.
  switch (e.type) {
    case 'send':
      return [
        `${time(e.t)}  ${inTls ? MARK.sendTls : MARK.send}  ${toneColor(p, sendTone(e))(terminalText(e.line, p.ctl))}`,
      ];
    case 'reply': {
      const mark = inTls ? MARK.replyTls : MARK.reply;
      const color = toneColor(p, replyTone(e.code));
      const lines = e.lines;
      const out: string[] = [];
      for (let i = 0; i < lines.length; i++)
        out.push(`${i === 0 ? time(e.t) : NO_TIME}  ${mark}  ${color(terminalText(lines[i]!, p.ctl))}`);
      if (e.incomplete) out.push(`${NO_TIME}  ${MARK.error}  ${p.red('(the reply was cut off here)')}`);
      const challenge = challengeText(e);
      if (challenge) out.push(`${INDENT}${p.dim(terminalText(challenge, p.ctl))}`);
      return out;
    }
    default: {
      const words = eventWords(e);
      return [
        `${time(e.t)}  ${e.type === 'error' ? MARK.error : MARK.info}  ${toneColor(p, words.tone)(terminalText(words.text, p.ctl))}`,
      ];
    }
  }
}

function tlsLines(tls: TlsInfo, p: Palette): string[] {
  const verdict = describeVerdict(tls);
  const text = verdict.ok
    ? p.green(`✓ ${terminalText(verdict.text, p.ctl)}`)
    : p.red(`✗ ${terminalText(verdict.text, p.ctl)}`);
  return [`${INDENT}Certificate chain as sent: ${terminalText(chainSummary(tls), p.ctl)}`, `${INDENT}${text}`];
}

const SEVERITY_MARK = { error: '✖ error', warning: '▲ warning', info: '● info' } as const;

export function findingLines(f: Finding, p: Palette, width: number): string[] {
  const color = f.severity === 'error' ? p.red : f.severity === 'warning' ? p.yellow : p.cyan;
  // Findings quote what the server sent (and a file's findings are whatever the file says).
  const u = (text: string) => terminalText(text, p.ctl);
  const head = `${INDENT}${color(`${SEVERITY_MARK[f.severity]}  ${u(f.title)}`)}  ${p.dim(`[${u(f.id)}]`)}`;
  // Preformatted lines (the EHLO lists side by side) are shown as they are, never re-wrapped.
  const lines = (text: string) =>
    text.split('\n').flatMap((line) => (isPreformatted(line) ? [u(line)] : wrap(u(line), width - INDENT.length - 6)));
  const body = (label: string, text: string) =>
    lines(text).map((l, i) => `${INDENT}  ${i === 0 ? p.bold(label.padEnd(5)) : '     '}${l}`);
  const refs = f.refs.length ? [`${INDENT}  ${p.dim(u(`See: ${f.refs.join('; ')}`))}`] : [];
  return [head, ...body('Why:', f.explanation), ...body('Fix:', f.fix), ...refs];
}

/** The closing "Result:" line of a transcript. */
export function summary(t: Transcript, p: Palette): string[] {
  const count = (s: Finding['severity']) => t.findings.filter((f) => f.severity === s).length;
  const [errors, warnings] = [count('error'), count('warning')];
  const tls = t.tls
    ? `${t.tls.protocol}, ${describeVerdict(t.tls).ok ? 'certificate verified' : 'certificate NOT verified'}`
    : (servedTls(t) ?? 'no TLS');
  return [
    '',
    `${p.bold('Result:')} ${(t.outcome.ok ? p.green : p.red)(outcomeLabel(t.outcome))} · ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} · ${terminalText(tls, p.ctl)}`,
  ];
}

/** A session SMTP Lens served (role "server"): the TLS the client got, from its event; the
 * certificate was our own, so there is nothing to verify. */
function servedTls(t: Transcript): string | null {
  if (t.role !== 'server') return null;
  const e = t.events.find((x) => x.type === 'tls-established');
  return e?.type === 'tls-established' ? `${e.protocol}, ${e.cipher} with the client` : null;
}

/** "TLSv1.3, TLS_AES_256_GCM_SHA384 · certificate verified for mail.lab.test", or why there is none. */
export function tlsHeadline(t: Transcript): string {
  if (!t.tls) return servedTls(t) ?? (t.target.tls === 'none' ? 'not used (plain session)' : 'not established');
  return `${t.tls.protocol}, ${t.tls.cipher} · certificate ${describeVerdict(t.tls).text}`;
}

export function renderText(t: Transcript, options: TextOptions = {}): string {
  return renderTextParts(t, options).join('');
}

/** The text as a few long strings, in order, each ending with a line break: for the Markdown
 * export, which joins them into its fenced block without a copy of the whole text between. */
export function renderTextParts(t: Transcript, options: TextOptions = {}): string[] {
  const p = paletteFor(options.color ?? false);
  const width = options.width ?? 100;
  const mode = { none: 'plain', starttls: 'STARTTLS', implicit: 'implicit TLS', auto: 'auto-detect TLS' }[t.target.tls];
  const u = (text: string) => terminalText(text, p.ctl);
  // Every line ends with a line break; a 100,000-event session has as many lines.
  const text = new ChunkedText();
  const put = (lines: readonly string[]) => {
    for (const line of lines) text.add(`${line}\n`);
  };
  put([
    p.bold(
      u(
        `${APP_NAME} ${t.app.version} · ${t.target.host}:${t.target.port} · ${mode}${t.target.proxy ? ` · via ${t.target.proxy}` : ''} · ${startedLabel(t)}`,
      ),
    ),
    // The TLS summary in the header too: a reader of an exported file sees it first.
    p.dim(u(`TLS: ${tlsHeadline(t)}`)),
    ...(t.tlsVersions ? [p.dim(u(`TLS versions: ${tlsVersionsSummary(t.tlsVersions)}`))] : []),
    '',
  ]);
  const colors = toneColors(p);
  const byEvent = findingsByEvent(t.findings);
  const lists = ehloLists(t.events);
  const events = t.events;
  let inTls = false;
  for (let index = 0; index < events.length; index++) {
    const e = events[index]!;
    if (e.type === 'connect' || e.type === 'close') inTls = false;
    if (e.type === 'send') {
      // The most common line, added without the one-element array eventLines returns.
      text.add(
        `${time(e.t)}  ${inTls ? MARK.sendTls : MARK.send}  ${colors[sendTone(e)](terminalText(e.line, p.ctl))}\n`,
      );
    } else put(eventLines(e, inTls, p));
    if (e.type === 'reply') {
      if (isFailedReply(e)) put(annotationLines(e, p, width));
      if (lists.afterTls?.index === index) put(ehloChangeLines(lists, index, p, width));
    }
    if (e.type === 'tls-established') {
      inTls = true;
      if (t.tls) put(tlsLines(t.tls, p));
    }
    const findings = byEvent.get(index);
    if (findings) for (const f of findings) put(findingLines(f, p, width));
  }
  const general = t.findings.filter((f) => f.event === null);
  if (general.length) put(['', ...general.flatMap((f) => findingLines(f, p, width))]);
  put(summary(t, p));
  return text.parts();
}
