// The transcript part of the HTML export: one row per event with its time and direction, the
// catalog's reading under a failed reply, and each finding highlighted under the step it
// belongs to. Every value from the session goes through escapeHtml.
import { challengeText, eventWords, isFailedReply, replyReading, replyTone } from '../presentation/eventWords';
import type { Finding, ReplyEvent, Transcript } from '../transcript';
import { inlineParts, textBlocks } from './catalogText';
import { ChunkedText } from './chunkedText';
import { findingsByEvent } from './exportFacts';
import { displayText, hasUnsafeChars, untrustedParts } from '../untrustedText';

const SPECIAL = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeSpecial(text: string): string {
  return text.search(SPECIAL) === -1 ? text : text.replace(SPECIAL, (c) => ENTITY[c]!);
}

/**
 * Escapes text for HTML content and attribute values, fast because the HTML export escapes
 * every line of a 100,000-event session. Server banners and replies are attacker-controlled:
 * nothing in them may become markup, and controls and bidi characters (which XML cannot carry
 * or which reorder what is read) become visible escapes (shared/untrustedText.ts).
 */
export function escapeHtml(text: string): string {
  return escapeSpecial(displayText(text));
}

/** Server text as HTML content: like escapeHtml, with each visible escape in a `ctl` span so
 * the reader sees at once that the server sent a control character. */
export function untrustedHtml(text: string): string {
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

/** The rows, as one string (a transcript can hold 100,000 events). The lines of a message body (DATA) form one row, as they were one write: a large
 * message then costs one escape and one element, not one per line. */
export function transcriptRowsHtml(t: Transcript): string {
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
      cls = `send${e.redacted ? ' redacted' : ''}`;
      body = untrustedHtml(e.line);
    } else if (e.type === 'reply') {
      mark = inTls ? MARK.replyTls : MARK.reply;
      // The tone is the class: .ok .more .temp .perm in the stylesheet.
      cls = `reply ${replyTone(e.code)}`;
      body = e.lines.map(untrustedHtml).join('\n') + (e.incomplete ? '\n(the reply was cut off here)' : '');
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
    html.add(
      `<div class="row ${cls}${inTls && (e.type === 'send' || e.type === 'reply') ? ' tls' : ''}" id="event-${index}"><span class="t">${e.t.toFixed(1)} ms</span><span class="m">${MARK_HTML[mark]}</span><span class="x">${body}${reading}</span></div>${findings}\n`,
    );
  }
  return html.join();
}
