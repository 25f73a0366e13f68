// The transcript part of the HTML export: one row per event with its time and direction, the
// catalog's reading under a failed reply, and each finding highlighted under the step it
// belongs to. Every value from the session goes through escapeHtml.
import { challengeText, eventWords, isFailedReply, replyReading, replyTone } from '../presentation/eventWords';
import type { Finding, ReplyEvent, Transcript } from '../transcript';
import { inlineParts, textBlocks } from './catalogText';
import { ChunkedText } from './chunkedText';
import { findingsByEvent } from './exportFacts';
import { fixed1 } from './fastFormat';
import { displayText, hasUnsafeChars, untrustedParts } from '../untrustedText';

/** Printable ASCII without & < > " ': nearly every line of a session. Such text is safe as it
 * is (nothing unsafe, nothing special), and one test of this plain class says so. */
const NOTHING_TO_ESCAPE = /^[\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]*$/;

/** & < > " ' as entities. A loop rather than a replace with a callback: an address line
 * (RCPT TO:<...>) has two to replace, and a session has tens of thousands of them. */
function escapeSpecial(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Everything above '>' and the common characters below it fall through at once.
    if (code > 62 || (code !== 38 && code !== 60 && code !== 62 && code !== 34 && code !== 39)) continue;
    if (i > from) out += text.slice(from, i);
    out += code === 38 ? '&amp;' : code === 60 ? '&lt;' : code === 62 ? '&gt;' : code === 34 ? '&quot;' : '&#39;';
    from = i + 1;
  }
  if (from === 0) return text;
  return from < text.length ? out + text.slice(from) : out;
}

/**
 * Escapes text for HTML content and attribute values, fast because the HTML export escapes
 * every line of a 100,000-event session. Server banners and replies are attacker-controlled:
 * nothing in them may become markup, and controls and bidi characters (which XML cannot carry
 * or which reorder what is read) become visible escapes (shared/untrustedText.ts).
 */
export function escapeHtml(text: string): string {
  if (NOTHING_TO_ESCAPE.test(text)) return text;
  return escapeSpecial(displayText(text));
}

/** Server text as HTML content: like escapeHtml, with each visible escape in a `ctl` span so
 * the reader sees at once that the server sent a control character. */
export function untrustedHtml(text: string): string {
  if (NOTHING_TO_ESCAPE.test(text)) return text;
  if (!hasUnsafeChars(text)) return escapeSpecial(text);
  return untrustedParts(text)
    .map((p) => (p.escaped ? `<span class="ctl">${escapeSpecial(p.text)}</span>` : escapeSpecial(p.text)))
    .join('');
}

/** The same markers as the text export and swaks (textTranscript.ts). */
const MARK = { send: '->', reply: '<-', sendTls: '~>', replyTls: '<~', info: '==', error: '**' } as const;

const MARK_HTML: Record<string, string> = Object.fromEntries(
  Object.values(MARK).map((m) => [m, m.replace('<', '&lt;').replace('>', '&gt;')]),
);

/** A catalog text: `snippets` as <code>, aligned tables as <pre>. */
export function htmlCatalogText(text: string): string {
  return textBlocks(text)
    .map((b) =>
      b.preformatted
        ? `<pre class="table">${escapeHtml(b.lines.join('\n'))}</pre>`
        : b.lines
            .map((l) =>
              inlineParts(l)
                .map((p) => (p.code ? `<code>${escapeHtml(p.text)}</code>` : escapeHtml(p.text)))
                .join(''),
            )
            .join('<br>'),
    )
    .join('');
}

// Our own symbols as character references: an all-ASCII page string stays one byte per
// character in V8, half the memory for a 100,000-event export.
const SEVERITY_WORD = { error: '&#10006; error', warning: '&#9650; warning', info: '&#9679; info' } as const;

export function findingHtml(f: Finding, index: number): string {
  const refs = f.refs.length ? `<p class="refs">See: ${escapeHtml(f.refs.join('; '))}</p>` : '';
  return (
    `<div class="finding ${f.severity}" id="finding-${index}" data-finding="${escapeHtml(f.id)}">` +
    `<p class="title"><span class="sev">${SEVERITY_WORD[f.severity]}</span> ${escapeHtml(f.title)} <code class="id">${escapeHtml(f.id)}</code></p>` +
    `<p><b>Why:</b> ${htmlCatalogText(f.explanation)}</p>` +
    `<p><b>Fix:</b> ${htmlCatalogText(f.fix)}</p>${refs}</div>`
  );
}

function challengeHtml(e: ReplyEvent): string {
  const challenge = challengeText(e);
  return challenge ? `<div class="reading">${untrustedHtml(challenge)}</div>` : '';
}

function replyReadingHtml(e: ReplyEvent): string {
  return isFailedReply(e) ? `<div class="reading">&#8627; ${escapeHtml(replyReading(e))}</div>` : '';
}

/** What follows a row's time, up to its text, for each mark. */
const MARK_CELL: Record<string, string> = Object.fromEntries(
  Object.entries(MARK_HTML).map(([m, html]) => [m, ` ms</span><span class="m">${html}</span><span class="x">`]),
);
const ROW_END = '</span></div>\n';
const ROW_STARTS = new Map<string, string>();
const TLS_ROW_STARTS = new Map<string, string>();

/** `<div class="row CLASS[ tls]" id="event-`, made once per class. */
function rowStart(cls: string, tls: boolean): string {
  const starts = tls ? TLS_ROW_STARTS : ROW_STARTS;
  let start = starts.get(cls);
  if (start === undefined) {
    start = `<div class="row ${cls}${tls ? ' tls' : ''}" id="event-`;
    starts.set(cls, start);
  }
  return start;
}

const REPLY_CLASS = { ok: 'reply ok', more: 'reply more', temp: 'reply temp', perm: 'reply perm' } as const;

/** The rows (a transcript can hold 100,000 events) as a few long strings, in order, for the
 * page to join with the rest at once. The lines of a message body (DATA) form one row, as they
 * were one write: a large message then costs one escape and one element, not one per line. */
export function transcriptRowsParts(t: Transcript): string[] {
  const byEvent = findingsByEvent(t.findings);
  const findingIndex = new Map(t.findings.map((f, i) => [f, i]));
  const html = new ChunkedText();
  const events = t.events;
  let inTls = false;
  for (let index = 0; index < events.length; index++) {
    const e = events[index]!;
    if (e.type === 'connect' || e.type === 'close') inTls = false;
    let mark: string;
    let cls: string;
    let body: string;
    if (e.type === 'send' && e.body) {
      const lines = [e.line];
      while (index + 1 < events.length && !byEvent.has(index)) {
        const next = events[index + 1]!;
        if (next.type !== 'send' || !next.body) break;
        lines.push(next.line);
        index++;
      }
      mark = inTls ? MARK.sendTls : MARK.send;
      cls = 'send body';
      body = lines.map(untrustedHtml).join('\n');
    } else if (e.type === 'send') {
      mark = inTls ? MARK.sendTls : MARK.send;
      cls = e.redacted ? 'send redacted' : 'send';
      body = untrustedHtml(e.line);
    } else if (e.type === 'reply') {
      mark = inTls ? MARK.replyTls : MARK.reply;
      // The tone is the class: .ok .more .temp .perm in the stylesheet.
      cls = REPLY_CLASS[replyTone(e.code)];
      const lines = e.lines;
      body =
        (lines.length === 1 ? untrustedHtml(lines[0]!) : lines.map(untrustedHtml).join('\n')) +
        (e.incomplete ? '\n(the reply was cut off here)' : '');
    } else {
      mark = e.type === 'error' ? MARK.error : MARK.info;
      cls = e.type === 'error' ? 'error' : `info ${e.type}`;
      body = untrustedHtml(eventWords(e).text);
    }
    if (e.type === 'tls-established') inTls = true;
    const reading = e.type === 'reply' ? replyReadingHtml(e) + challengeHtml(e) : '';
    const findings =
      byEvent
        .get(index)
        ?.map((f) => findingHtml(f, findingIndex.get(f)!))
        .join('') ?? '';
    // The same row as `<div class="row ${cls}${tls}" id="event-${index}"><span class="t">${time}
    // ms</span><span class="m">${mark}</span><span class="x">${body}${reading}</span></div>${findings}\n`,
    // with its constant runs joined once (rowStart, MARK_CELL): fewer pieces for each of 100,000 rows.
    const tls = inTls && (e.type === 'send' || e.type === 'reply');
    html.add(
      `${rowStart(cls, tls)}${index}"><span class="t">${fixed1(e.t)}${MARK_CELL[mark]!}${body}${reading}${findings ? `</span></div>${findings}\n` : ROW_END}`,
    );
  }
  return html.parts();
}
