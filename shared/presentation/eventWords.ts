// The words for a transcript event, written once. Every face (the CLI's text, Markdown, HTML,
// the app's transcript rows, its terminal pane and its progress line) takes its phrase, its tone
// and the reading of a reply from here, and only formats them (ANSI, HTML, React). Pure and
// raw: the text may quote what a server sent, so each face still passes it through its door in
// shared/untrustedText.ts.
import { enhancedCodeTitle } from '../knowledge/enhancedStatusCodes';
import { replyCodeTitle } from '../knowledge/replyCodes';
import type { Timeouts } from '../timeouts';
import type { ReplyEvent, TlsMode, TranscriptEvent } from '../transcript';

/** How an event reads at a glance; each face maps it to a colour or a class. */
export type Tone = 'client' | 'body' | 'ok' | 'more' | 'temp' | 'perm' | 'info' | 'tls' | 'error';

/** A reply's tone from its code (RFC 5321 §4.2.1): 2yz done, 3yz go on, 4yz try again later,
 * 5yz refused. A line that is not a reply at all counts as refused. */
export function replyTone(code: number | null): Extract<Tone, 'ok' | 'more' | 'temp' | 'perm'> {
  if (code === null || code >= 500) return 'perm';
  if (code >= 400) return 'temp';
  return code >= 300 ? 'more' : 'ok';
}

/** A reply that did not do what was asked, so it gets its reading under it. */
export function isFailedReply(e: ReplyEvent): boolean {
  return e.code === null || e.code >= 400;
}

/**
 * The one-line reading of a reply: "554 Transaction failed · 5.7.1 Delivery not authorized,
 * message refused · Postfix: relay access denied". Transcripts saved before replies were
 * annotated get the same words from the knowledge tables.
 */
export function replyReading(e: ReplyEvent): string {
  if (e.code === null) return e.malformed ?? 'not a valid SMTP reply';
  const a = e.annotation ?? {};
  const codeTitle = a.codeTitle ?? replyCodeTitle(e.code);
  const enhancedTitle = a.enhancedTitle ?? (e.enhanced ? enhancedCodeTitle(e.enhanced) : null);
  const parts = [
    `${e.code} ${codeTitle}`,
    e.enhanced && enhancedTitle ? `${e.enhanced} ${enhancedTitle}` : null,
    // A generic signature that only repeats the code's title adds nothing.
    a.signature && a.signature.toLowerCase() !== codeTitle.toLowerCase() ? a.signature : null,
    // The bounce reason (docs/bounce-reasons.md), as `smtp-lens explain` names it for the same text.
    a.reason ? `reason: ${a.reason}${a.reasonBasis === 'codes' ? ' (from the codes)' : ''}` : null,
  ];
  return parts.filter((p): p is string => p !== null).join(' · ');
}

/** An AUTH 334 challenge as decoded (RFC 4954 §4), or null. */
export function challengeText(e: ReplyEvent): string | null {
  return e.annotation?.challenge !== undefined ? `(decoded: "${e.annotation.challenge}")` : null;
}

const proxyMs = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;

type InfoEvent = Exclude<TranscriptEvent, { type: 'send' | 'reply' }>;

/** The phrase and tone of everything that is not a line on the wire. */
export function eventWords(e: InfoEvent): { text: string; tone: Tone } {
  switch (e.type) {
    case 'dns':
      return e.error
        ? { text: `DNS lookup of ${e.host} failed: ${e.error}`, tone: 'error' }
        : { text: `Resolved ${e.host} to ${e.addresses.map((a) => a.address).join(', ')}`, tone: 'info' };
    case 'connect':
      return e.inbound
        ? { text: `A client connected from ${e.address} port ${e.port}`, tone: 'info' }
        : e.via
          ? { text: `Connecting to ${e.address} port ${e.port} through the proxy ${e.via}`, tone: 'info' }
          : { text: `Connecting to ${e.address} port ${e.port}`, tone: 'info' };
    case 'proxy':
      return {
        text: `The proxy opened the tunnel: ${proxyMs(e.tcpMs)} to reach the proxy, then ${proxyMs(e.hopMs)} for it to connect to the server`,
        tone: 'info',
      };
    case 'connected':
      return e.inbound
        ? { text: `… to SMTP Lens listening on ${e.localAddress}:${e.localPort}`, tone: 'info' }
        : { text: `Connected (from ${e.localAddress}:${e.localPort})`, tone: 'info' };
    case 'tls-start': {
      const mode = e.mode === 'implicit' ? 'implicit TLS' : 'STARTTLS';
      return { text: `TLS handshake (${mode}${e.servername ? `, SNI ${e.servername}` : ', no SNI'})`, tone: 'tls' };
    }
    case 'tls-established':
      return {
        text: `TLS established, encrypted from here on: ${e.protocol}, ${e.cipher}${e.group ? `, ${e.group}` : ''}`,
        tone: 'tls',
      };
    case 'note':
      return { text: e.text, tone: 'info' };
    case 'error':
      return { text: `${e.message} [${e.code}]`, tone: 'error' };
    case 'close':
      return { text: e.by === 'server' ? 'The server closed the connection' : 'Connection closed', tone: 'info' };
  }
}

/** The tone of a line the client sent: a command, or a line of the message. */
export function sendTone(e: Extract<TranscriptEvent, { type: 'send' }>): Tone {
  return e.body ? 'body' : 'client';
}

/** What the session is doing while it waits after `last`, for a progress line. */
/** How long a wait has lasted, and the deadline that will end it. */
export interface WaitClock {
  elapsedMs: number;
  timeouts: Timeouts;
  tlsMode: TlsMode;
}

/** The deadline the session is under after `last` (main/engine/sessionDeadline.ts enforces it). */
function waitLimit(last: TranscriptEvent | undefined, clock: WaitClock): number | null {
  const { timeouts, tlsMode } = clock;
  switch (last?.type) {
    case undefined:
    case 'dns':
    case 'connect':
      return timeouts.connect;
    case 'connected':
      return tlsMode === 'auto' ? timeouts.autoDetect : tlsMode === 'implicit' ? timeouts.tls : timeouts.greeting;
    case 'tls-start':
      return timeouts.tls;
    case 'send':
      return last.body || last.line === '.' ? timeouts.dataEnd : timeouts.command;
    default:
      return null;
  }
}

const wholeSeconds = (ms: number) => `${Math.floor(ms / 1000)} s`;

/** The progress line with its clock: "… 12 s so far; gives up after 30 s". Under a second,
 * the clock is left out, so a quick exchange does not flicker. In auto mode the wait for a
 * greeting is short on purpose: it says what comes after it. */
export function progressWithClock(last: TranscriptEvent | undefined, clock: WaitClock): string {
  const words = progressWords(last);
  const limit = waitLimit(last, clock);
  if (limit === null || clock.elapsedMs < 1000) return words;
  const then = last?.type === 'connected' && clock.tlsMode === 'auto' ? 'tries TLS after' : 'gives up after';
  return `${words} ${wholeSeconds(clock.elapsedMs)} so far; ${then} ${wholeSeconds(limit)}.`;
}

export function progressWords(last: TranscriptEvent | undefined): string {
  if (!last) return 'Starting…';
  switch (last.type) {
    case 'dns':
      return 'Connecting…';
    case 'connect':
    case 'tls-start':
      return `${eventWords(last).text}…`;
    case 'connected':
      return `${eventWords(last).text}; waiting for the greeting…`;
    case 'send':
      return `Waiting for the server's answer to ${last.body || last.line === '.' ? 'the message' : last.line.split(' ')[0]}…`;
    default:
      return 'Working…';
  }
}
