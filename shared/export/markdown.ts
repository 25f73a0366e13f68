// The Markdown export, for tickets: a summary table, each finding with why and how to fix it,
// the transcript in a fenced block, the certificate chain and the commands that replay the
// session. Written for the common ground of GitHub, GitLab and Jira's Markdown: pipe tables,
// fenced code, no raw HTML. Everything from the session is escaped: a server's reply can hold
// `|`, backticks or `<script>`, and none of it may change the document's structure.
import type { CertInfo, Finding, Transcript } from '../transcript';
import { inlineParts, textBlocks } from './catalogText';
import { countsLabel, outcomeLabel, startedLabel, targetLabel } from './exportFacts';
import { replayCommands, type ReplayOptions } from './replayCommands';
import { renderTextParts, tlsHeadline } from './textTranscript';
import { completedChainSummary, shortName, tlsVersionsSummary } from '../knowledge/tlsVerdict';
import { displayText } from '../untrustedText';
import { maxOrZero } from './fastFormat';

export interface MarkdownOptions extends ReplayOptions {
  /** A line saying what the sharing profile masked, when one was applied. */
  maskedNote?: string;
}

/** Backslash-escapes the punctuation CommonMark and GFM give meaning to inline. Line breaks
 * of every kind (CR, LF, U+2028/2029) and other controls become visible escapes first: a lone
 * CR is a line ending in CommonMark (§2.1), and a new line could start a heading, a list or an
 * HTML block. Our own multi-line texts are split by the caller before they get here. */
export function mdText(text: string): string {
  // An underscore inside a word never starts emphasis (CommonMark §6.2), so snake_case names
  // stay readable in trackers that show the raw text.
  return displayText(text).replace(/[\\`*[\]<>|~&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\$&');
}

const BACKTICKS = /`+/g;
const FENCE_RUNS = /`{3,}/g;
/** Every character displayText could escape except LF (shared/untrustedText.ts UNSAFE), and
 * every surrogate, paired or not: text without any of them has nothing to escape on any line. */
const MAYBE_UNSAFE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufffe\uffff\ud800-\udfff]/;

/** A table cell: escaped text on one line (a raw `|` would start a new column). */
const cell = (text: string) => mdText(text);

/** An inline code span that survives any content: a fence of backticks longer than any run
 * inside, with spaces when the content starts or ends with a backtick (CommonMark §6.1). */
export function mdCode(text: string): string {
  // Inside a code span a line break still ends the paragraph's line, so escape it first.
  const safe = displayText(text);
  const longest = safe.includes('`') ? maxOrZero(Array.from(safe.matchAll(BACKTICKS), (m) => m[0].length)) : 0;
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') || safe.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/** A fenced block longer than any backtick run inside, so no line of content can close it.
 * `content`'s own lines are kept; every other break or control inside a line is escaped. */
export function mdFence(content: string, info = ''): string {
  const body = content.endsWith('\n') ? content.slice(0, -1) : content;
  // A whole transcript's text (7 MB) usually holds nothing to escape: one scan says so, and
  // then splitting it into lines and joining them again would give the same text.
  const safe = MAYBE_UNSAFE.test(body) ? body.split('\n').map(displayText).join('\n') : body;
  const longest = safe.includes('```') ? maxOrZero(Array.from(safe.matchAll(FENCE_RUNS), (m) => m[0].length)) : 0;
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${displayText(info)}\n${safe}\n${fence}`;
}

/**
 * mdFence(parts.join(''), info), as parts for the caller's join. When some part could need an
 * escape, or does not end a line (so a run of backticks could cross into the next), the parts
 * are joined and fenced as one text.
 */
function mdFenceParts(parts: readonly string[], info: string): string[] {
  const last = parts.length - 1;
  const whole = () => [mdFence(parts.join(''), info)];
  if (last < 0) return whole();
  let longest = 0;
  for (let i = 0; i <= last; i++) {
    const part = parts[i]!;
    if ((i < last && !part.endsWith('\n')) || MAYBE_UNSAFE.test(part)) return whole();
    if (part.includes('```'))
      longest = Math.max(longest, maxOrZero(Array.from(part.matchAll(FENCE_RUNS), (m) => m[0].length)));
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  // The content's last line break is the fence's own (as in mdFence).
  const end = parts[last]!;
  const body = parts.slice(0, last);
  body.push(end.endsWith('\n') ? end.slice(0, -1) : end);
  return [`${fence}${displayText(info)}\n`, ...body, `\n${fence}`];
}

/** A line that would open a block (a heading, quote, list item or setext underline) if a
 * value quoted at its start began with one of these, escaped so it stays prose. */
const mdLineStart = (line: string) => line.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');

/** A catalog text: prose escaped with its `snippets` as code, aligned tables as code blocks. */
function mdCatalogText(text: string): string {
  return textBlocks(text)
    .map((b) =>
      b.preformatted
        ? mdFence(b.lines.join('\n'), 'text')
        : b.lines
            .map((l) =>
              mdLineStart(
                inlineParts(l)
                  .map((p) => (p.code ? mdCode(p.text) : mdText(p.text)))
                  .join(''),
              ),
            )
            .join('  \n'),
    )
    .join('\n\n');
}

const SEVERITY_LABEL = { error: '❌ Error', warning: '⚠️ Warning', info: 'ℹ️ Info' } as const;

function where(t: Transcript, f: Finding): string {
  if (f.event === null) return 'the session as a whole';
  const e = t.events[f.event];
  if (!e) return `event ${f.event}`;
  const text =
    e.type === 'reply'
      ? (e.lines[0] ?? '')
      : e.type === 'send'
        ? e.line
        : e.type === 'error'
          ? `${e.message} [${e.code}]`
          : e.type === 'note'
            ? e.text
            : e.type;
  return `${e.t.toFixed(1)} ms, ${mdCode(text)}`;
}

/** One finding as a section: title, id and where (already Markdown), why, fix and references. */
export function mdFinding(f: Finding, at: string): string {
  return [
    `### ${SEVERITY_LABEL[f.severity]}: ${mdText(f.title)}`,
    '',
    `${mdCode(f.id)} · at ${at}`,
    '',
    `**Why:** ${mdCatalogText(f.explanation)}`,
    '',
    `**Fix:** ${mdCatalogText(f.fix)}`,
    ...(f.refs.length ? ['', `**See:** ${mdText(f.refs.join('; '))}`] : []),
  ].join('\n');
}

function certLine(c: CertInfo, n: number, note = ''): string {
  const key = `${c.keyType}${c.keyBits ? ` ${c.keyBits}` : ''}`;
  const names = c.san.length ? ` · names: ${mdText(c.san.join(', '))}` : '';
  return `${n}. **${mdText(shortName(c.subject))}**${note} — issued by ${mdText(shortName(c.issuer))} · valid ${mdText(c.notBefore)} to ${mdText(c.notAfter)} · ${mdText(key)}, ${mdText(c.sigAlg)}${names} · SHA-256 ${mdCode(c.fingerprint256)}`;
}

function tlsSection(t: Transcript): string[] {
  const tls = t.tls;
  if (!tls) return [];
  const out = [
    '## TLS and certificates',
    '',
    `${mdText(tlsHeadline(t))}`,
    '',
    'Certificate chain as sent by the server:',
    '',
  ];
  out.push(...tls.sentChain.map((c, i) => certLine(c, i + 1)));
  out.push(
    ...tls.verification.storeAdded.map((c, i) =>
      certLine(c, tls.sentChain.length + i + 1, ' (added from the local trust store, not sent)'),
    ),
  );
  for (const p of tls.verification.problems) {
    if (p.kind === 'incomplete' && !p.completedByStore)
      out.push(
        '',
        `Not sent: **${mdText(shortName(p.missingIssuer))}**${p.aiaUrl ? ` (the certificate says it can be fetched from ${mdCode(p.aiaUrl)})` : ''}.`,
      );
  }
  const completed = completedChainSummary(tls);
  if (completed) out.push('', mdText(completed.text));
  if (t.tlsVersions) out.push('', `TLS versions: ${mdText(tlsVersionsSummary(t.tlsVersions))}`);
  return [...out, ''];
}

function replaySection(t: Transcript, options: ReplayOptions): string[] {
  const r = replayCommands(t, options);
  return [
    '## Replay with other tools',
    '',
    mdFence(r.swaks, 'sh'),
    ...(r.openssl ? ['', mdFence(r.openssl, 'sh')] : []),
    ...(r.notes.length ? ['', ...r.notes.map((n) => `- ${mdText(n)}`)] : []),
    '',
  ];
}

export function renderMarkdown(t: Transcript, options: MarkdownOptions = {}): string {
  const findingCells = t.findings.length
    ? `${countsLabel(t.findings)}: ${t.findings.map((f) => `${cell(f.title)} (${mdCode(f.id)})`).join('; ')}`
    : 'none';
  const out = [
    `# SMTP Lens transcript: ${mdText(`${t.target.host}:${t.target.port}`)}`,
    '',
    '| | |',
    '|---|---|',
    `| **Target** | ${cell(targetLabel(t))} |`,
    `| **Started** | ${cell(startedLabel(t))} |`,
    `| **Outcome** | ${t.outcome.ok ? '✅' : '❌'} ${cell(outcomeLabel(t.outcome))} |`,
    `| **TLS** | ${cell(tlsHeadline(t))} |`,
    `| **Findings** | ${findingCells} |`,
    `| **Tool** | ${cell(`SMTP Lens ${t.app.version}`)} |`,
    '',
  ];
  if (t.findings.length) {
    out.push('## Findings', '');
    for (const f of t.findings) out.push(mdFinding(f, where(t, f)), '');
  }
  out.push(
    '## Transcript',
    '',
    '`->` client to server, `<-` server to client, `~>` `<~` the same inside TLS, `==` what SMTP Lens did, `**` an error.',
    '',
  );
  // The transcript's text is most of the file: its parts go into the one join that makes it.
  const fenced = mdFenceParts(renderTextParts(t, { color: false, width: 100 }), 'text');
  const rest = ['', ...tlsSection(t), ...replaySection(t, options)];
  rest.push(
    `*Exported by SMTP Lens ${mdText(t.app.version)}. Passwords and tokens are never recorded; AUTH lines show [redacted].${options.maskedNote ? ` ${mdText(options.maskedNote)}` : ''}*`,
    '',
  );
  return [`${out.join('\n')}\n`, ...fenced, `\n${rest.join('\n')}`].join('');
}
