// The domain report as text for a terminal: the sections of domainSections.ts laid out in
// columns, then the findings in the same block as under a step of a transcript, then the
// verdict. Values from the network are escaped here; the CLI's terminalSafe is the last
// guard over the whole.
import type { DomainReport } from '../domain';
import { terminalText } from '../untrustedText';
import { type DomainRow, type DomainSection, domainDocument, type Tone } from './domainSections';
import { type Palette, paletteFor } from './palette';
import { findingLines } from './textTranscript';

const toned = (p: Palette, tone: Tone) => (tone === 'bad' ? p.red : tone === 'warn' ? p.yellow : (s: string) => s);

function rowLine(s: DomainSection, row: DomainRow, p: Palette, u: (t: string) => string): string {
  const paint = toned(p, row.tone);
  if (s.id === 'mx') {
    const [preference, host, addresses, note] = row.cells;
    const where = addresses ? u(addresses) : p.red('no address');
    const aside = note && addresses ? p.yellow(` (${u(note)})`) : '';
    return `  ${preference.padStart(4)}  ${u(host).padEnd(32)} ${where}${aside}`;
  }
  const [first, ...rest] = row.cells;
  if (s.id === 'sender') return `  ${u(first)}: ${paint(u(rest.join(' · ')))}`;
  return `  ${u(first).padEnd(32)} ${paint(u(rest.join(' · ')))}`;
}

export function renderDomainText(r: DomainReport, color = false, width = 100): string {
  const p = paletteFor(color);
  const u = (text: string) => terminalText(text, p.ctl);
  const doc = domainDocument(r);
  const out: string[] = [p.bold(u(doc.title)), u(doc.dns)];
  for (const s of doc.sections) {
    const summary = s.summary ? ` ${toned(p, s.summary.tone)(u(s.summary.text))}` : '';
    out.push('', `${p.bold(`${u(s.heading)}${s.rows.length || s.summary ? ':' : '.'}`)}${summary}`);
    for (const row of s.rows) out.push(rowLine(s, row, p, u));
  }
  if (r.findings.length) {
    out.push('', p.bold('Findings'));
    for (const f of r.findings) out.push(...findingLines(f, p, width));
  }
  out.push('', `${p.bold('Verdict:')} ${u(doc.verdict)}`, '');
  return out.join('\n');
}
