// The domain report as one self-contained HTML page (no script, inline CSS, the export CSP):
// each card a table, then the findings as in a transcript's export.
import type { DomainReport } from '../domain';
import { domainDocument, type Tone } from './domainSections';
import { htmlHead } from './html';
import { escapeHtml as e, findingHtml } from './htmlTranscript';

const TONE_CLASS: Record<Tone, string> = { ok: 'ok', warn: 'warn', bad: 'bad', plain: '' };
const DOMAIN_CSS =
  'table.domain{border-collapse:collapse;margin:6px 0 12px}table.domain th,table.domain td{text-align:left;padding:4px 14px 4px 0;vertical-align:top}' +
  'table.domain th{color:var(--muted)}.ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--err);font-weight:600}';

export function renderDomainHtml(r: DomainReport, version: string): string {
  const doc = domainDocument(r);
  const sections = doc.sections.map((s) => {
    const summary = s.summary ? `<p class="${TONE_CLASS[s.summary.tone]}">${e(s.summary.text)}</p>` : '';
    const table = s.rows.length
      ? `<table class="domain"><tr>${s.columns.map((c) => `<th>${e(c)}</th>`).join('')}</tr>${s.rows
          .map((row) => `<tr class="${TONE_CLASS[row.tone]}">${row.cells.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`)
          .join('')}</table>`
      : '';
    return `<h2>${e(s.heading)}</h2>${summary}${table}`;
  });
  return `${htmlHead(doc.title, version, DOMAIN_CSS)}
<header>
<h1>${e(doc.title)}</h1>
<p class="sub">${e(doc.dns)}</p>
<p class="verdict" data-testid="verdict">${e(doc.verdict)}</p>
</header>
<main>
${sections.join('\n')}
<h2 id="findings">Findings</h2>
${r.findings.length ? r.findings.map((f, i) => findingHtml(f, i)).join('\n') : '<p>No findings.</p>'}
</main>
<footer>Exported by SMTP Lens ${e(version)}. Each MX probe stopped after TLS: no mail was sent.</footer>
</body>
</html>
`;
}
