// `explain` as text (the CLI), Markdown and HTML (for a ticket), all from explainSections.
// Everything quoted from the bounce is hostile: the Markdown escapes it (mdText, mdCode),
// the HTML escapes it and runs no script (htmlHead's CSP).
import type { ExplainedInput } from '../explain';
import { inputSection, type ResultCard } from './explainSections';
import { htmlHead } from './html';
import { escapeHtml as e } from './htmlTranscript';
import { mdCode, mdText } from './markdown';
import { wrap } from './wrap';

/** The CLI's text. `width` wraps the long lines (a terminal's columns); 0 leaves them whole. */
export function renderExplainText(inputs: ExplainedInput[], width = 0): string {
  const para = (indent: string, text: string) =>
    width > indent.length + 20
      ? wrap(text, width - indent.length - 2).map((l, i) => `${indent}${i ? '  ' : ''}${l}`)
      : [`${indent}${text}`];
  const card = (c: ResultCard) => [
    `  ${c.recipient} · ${c.reasonLabel} · ${c.permanence}`,
    ...(c.title ? [`    ${c.title}  [${c.findingId}]`] : []),
    ...(c.vendor ? [`    ${c.vendor}`] : []),
    ...para('    ', c.meaning),
    ...para('    ', c.said),
    ...c.authentication.flatMap((a) => para('    ', a)),
    ...(c.fix ? para('    ', `Fix: ${c.fix}`) : []),
    ...(c.refs.length ? [`    See: ${c.refs.join('; ')}`] : []),
    ...(c.reportedBy ? [`    Reported by ${c.reportedBy}.`] : []),
    ...(c.next ? [`    Next: ${c.next}`] : []),
  ];
  return inputs
    .map(inputSection)
    .map((s) => [s.heading, ...s.results.flatMap(card), ''].join('\n'))
    .join('\n');
}

export function renderExplainMarkdown(inputs: ExplainedInput[]): string {
  const out = ['# What the mail system said', ''];
  for (const s of inputs.map(inputSection)) {
    out.push(`## ${mdText(s.heading)}`, '');
    for (const c of s.results) {
      out.push(`### ${mdText(c.recipient)}: ${mdText(c.reasonLabel)}`, '');
      out.push(`*${mdText(c.permanence)}*`, '');
      if (c.title) out.push(`**${mdText(c.title)}** (${mdCode(c.findingId ?? '')})`, '');
      if (c.vendor) out.push(mdText(c.vendor), '');
      out.push(mdText(c.meaning), '', `> ${mdText(c.said)}`, '');
      for (const a of c.authentication) out.push(`- ${mdText(a)}`);
      if (c.authentication.length) out.push('');
      if (c.fix) out.push(`**Fix:** ${mdText(c.fix)}`, '');
      if (c.refs.length) out.push(`See: ${c.refs.map(mdText).join('; ')}`, '');
      if (c.reportedBy) out.push(`Reported by ${mdText(c.reportedBy)}.`, '');
      if (c.next) out.push(`Next: ${mdCode(c.next)}`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const EXPLAIN_CSS =
  '.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:8px 0}.card h3{margin:0 0 4px}' +
  '.said{font-family:ui-monospace,monospace;white-space:pre-wrap;background:var(--panel);padding:4px 6px}';

export function renderExplainHtml(inputs: ExplainedInput[], version: string): string {
  const card = (c: ResultCard) =>
    `<section class="card"><h3>${e(c.recipient)}: ${e(c.reasonLabel)}</h3><p><em>${e(c.permanence)}</em></p>` +
    (c.title ? `<p><strong>${e(c.title)}</strong> <code>${e(c.findingId ?? '')}</code></p>` : '') +
    (c.vendor ? `<p>${e(c.vendor)}</p>` : '') +
    `<p>${e(c.meaning)}</p><p class="said">${e(c.said)}</p>` +
    (c.authentication.length ? `<ul>${c.authentication.map((a) => `<li>${e(a)}</li>`).join('')}</ul>` : '') +
    (c.fix ? `<p><strong>Fix:</strong> ${e(c.fix)}</p>` : '') +
    (c.refs.length ? `<p>See: ${c.refs.map(e).join('; ')}</p>` : '') +
    (c.reportedBy ? `<p>Reported by ${e(c.reportedBy)}.</p>` : '') +
    (c.next ? `<p>Next: <code>${e(c.next)}</code></p>` : '') +
    '</section>';
  const sections = inputs.map(inputSection).map((s) => `<h2>${e(s.heading)}</h2>\n${s.results.map(card).join('\n')}`);
  return `${htmlHead('What the mail system said', version, EXPLAIN_CSS)}
<header><h1>What the mail system said</h1></header>
<main>
${sections.join('\n')}
</main>
<footer>Explained by SMTP Lens ${e(version)}. Nothing was sent to any server.</footer>
</body>
</html>
`;
}
