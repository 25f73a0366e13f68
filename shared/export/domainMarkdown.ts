// The domain report as Markdown, for a ticket: each card a pipe table, then the findings as
// in a transcript's export. Everything from the network is escaped (markdown.ts).
import type { DomainReport } from '../domain';
import { domainDocument, type Tone } from './domainSections';
import { mdFinding, mdText } from './markdown';

const MARK: Record<Tone, string> = { ok: '✅ ', warn: '⚠️ ', bad: '❌ ', plain: '' };

export function renderDomainMarkdown(r: DomainReport): string {
  const doc = domainDocument(r);
  const out = [`# ${mdText(doc.title)}`, '', mdText(doc.dns), '', `**Verdict:** ${mdText(doc.verdict)}`];
  for (const s of doc.sections) {
    out.push('', `## ${mdText(s.heading)}`);
    if (s.summary) out.push('', `${MARK[s.summary.tone]}${mdText(s.summary.text)}`);
    if (s.rows.length) {
      out.push('', `| ${s.columns.map(mdText).join(' | ')} |`, `|${s.columns.map(() => ' --- ').join('|')}|`);
      for (const row of s.rows)
        out.push(
          `| ${row.cells.map((c, i) => (i === row.cells.length - 1 ? MARK[row.tone] : '') + mdText(c)).join(' | ')} |`,
        );
    }
  }
  out.push('', '## Findings', '');
  if (!r.findings.length) out.push('No findings.');
  for (const f of r.findings) out.push(mdFinding(f, `the domain ${mdText(r.domain)}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}
