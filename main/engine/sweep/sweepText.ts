// The sweep as text: what `smtp-lens sweep` prints. A grid (one row per port) that fits 120
// columns, then the recommendation, the patterns and what each finding id means. Pure and free
// of Node imports, so it could move to shared/export for a "copy as text" in the UI.
import { paletteFor, type Palette } from '../../../shared/export/palette';
import { wrap } from '../../../shared/export/wrap';
import type { SweepResult, SweepRow } from '../../../shared/sweep';
import type { Severity } from '../../../shared/transcript';
import { ms } from './connectionCells';

export interface SweepTextOptions {
  color?: boolean;
  /** Line width; the grid is laid out to fit it. Default 120. */
  width?: number;
}

const MARK: Record<Severity, string> = { error: '✖', warning: '▲', info: '●' };
const GAP = '  ';

interface Column {
  header: string;
  /** Widest the column may grow before its cells wrap; the last column takes what is left. */
  max: number;
  cell(row: SweepRow): string[];
}

const one = (text: string) => [text];

const COLUMNS: Column[] = [
  { header: 'PORT', max: 5, cell: (r) => one(String(r.port)) },
  { header: 'REACHABLE', max: 12, cell: (r) => one(r.reach.label) },
  { header: 'SPEAKS', max: 14, cell: (r) => one(r.speaks.label) },
  { header: 'STARTTLS', max: 9, cell: (r) => one(r.starttls.label) },
  { header: 'AUTH BEFORE TLS', max: 11, cell: (r) => one(r.authBeforeTls.label) },
  { header: 'AUTH AFTER TLS', max: 11, cell: (r) => one(r.authAfterTls.label) },
  { header: 'TLS', max: 7, cell: (r) => one(r.tls.label) },
  {
    header: 'CERTIFICATE',
    max: 18,
    cell: (r) => one(r.certificate.value === 'none' ? '—' : `${r.certificate.value === 'verified' ? '✓' : '✗'} ${r.certificate.label}`),
  },
  { header: 'FINDINGS', max: 40, cell: (r) => (r.findings.length ? r.findings.map((f) => `${MARK[f.severity]} ${f.id}`) : ['—']) },
];

function colorCell(p: Palette, text: string): string {
  if (text.startsWith('✓')) return p.green(text);
  if (text.startsWith('✗') || text.startsWith(MARK.error)) return p.red(text);
  if (text.startsWith(MARK.warning)) return p.yellow(text);
  return text;
}

function wrapCell(lines: string[], width: number): string[] {
  return lines.flatMap((line) => (line.length > width ? wrap(line, width) : [line]));
}

function grid(rows: SweepRow[], width: number, p: Palette): string[] {
  const fixed = COLUMNS.slice(0, -1);
  const widths = fixed.map((col) => {
    const natural = Math.max(...rows.flatMap((r) => col.cell(r).map((l) => l.length)), ...col.header.split(' ').map((w) => w.length));
    return Math.min(col.max, Math.max(natural, Math.min(col.header.length, col.max)));
  });
  const used = widths.reduce((sum, w) => sum + w + GAP.length, 0);
  const last = COLUMNS.at(-1)!;
  widths.push(Math.max(16, Math.min(last.max, width - used)));
  const render = (cells: string[][], paint: (s: string) => string) => {
    const wrapped = cells.map((lines, i) => wrapCell(lines, widths[i]!));
    const height = Math.max(...wrapped.map((c) => c.length));
    return Array.from({ length: height }, (_, line) =>
      wrapped
        .map((c, i) => {
          const text = c[line] ?? '';
          const pad = i === wrapped.length - 1 ? '' : ' '.repeat(Math.max(0, widths[i]! - text.length));
          return paint(colorCell(p, text)) + pad;
        })
        .join(GAP)
        .trimEnd(),
    );
  };
  const header = render(COLUMNS.map((c) => [c.header]), p.bold);
  const body = rows.map((r) => render(COLUMNS.map((c) => c.cell(r)), (s) => s));
  // Rows of several lines read better with air between them.
  const spaced = body.some((b) => b.length > 1);
  return [...header, ...body.flatMap((b, i) => (spaced && i > 0 ? ['', ...b] : b))];
}

function paragraph(text: string, width: number, indent: string): string[] {
  return wrap(text, width - indent.length).map((l) => indent + l);
}

function headerLine(r: SweepResult): string {
  const target = r.dns && r.address ? `${r.host} (${r.address})` : r.host;
  const name = r.servername ?? (r.dns ? r.host : null);
  const parts = [
    `SMTP Lens ${r.app.version} · sweep of ${target}`,
    `ports ${r.ports.join(', ')}`,
    ms(r.durationMs),
    name ? `certificates checked against ${name}` : 'certificates checked against the address (no --servername)',
  ];
  return parts.join(' · ');
}

function dnsLines(r: SweepResult, width: number): string[] {
  if (!r.dns) return [];
  if (r.dns.error) return paragraph(`${r.host} does not resolve (${r.dns.error}): no port could be tried.`, width, '');
  if (r.dns.addresses.length < 2) return [];
  const others = r.dns.addresses.slice(1).map((a) => a.address).join(', ');
  return paragraph(`${r.host} also resolves to ${others}; every port was probed on ${r.address} (use -4 or -6 to choose the family).`, width, '');
}

/** Each finding id once, with its title and the ports it came from: the grid's legend. */
function findingLegend(rows: SweepRow[], width: number, p: Palette): string[] {
  const byId = new Map<string, { severity: Severity; title: string; ports: number[] }>();
  for (const r of rows) {
    for (const f of r.findings) {
      const seen = byId.get(f.id) ?? { severity: f.severity, title: f.title, ports: [] };
      seen.ports.push(r.port);
      byId.set(f.id, seen);
    }
  }
  return [...byId.entries()].flatMap(([id, f]) => {
    const mark = f.severity === 'error' ? p.red(MARK.error) : f.severity === 'warning' ? p.yellow(MARK.warning) : MARK.info;
    const lines = wrap(`${id} (${f.ports.join(', ')}): ${f.title}`, width - 4);
    return lines.map((l, i) => `${i === 0 ? `  ${mark} ` : '    '}${l}`);
  });
}

export function renderSweepText(r: SweepResult, opts: SweepTextOptions = {}): string {
  const p = paletteFor(opts.color ?? false);
  const width = opts.width ?? 120;
  const out: string[] = [headerLine(r), ...dnsLines(r, width), '', ...grid(r.rows, width, p), ''];
  const rec = r.recommendation;
  out.push(p.bold('Recommendation'), ...paragraph(rec.headline, width, '  '));
  for (const d of rec.details) out.push(...paragraph(d, width, '  '));
  if (r.patterns.length) {
    out.push('', p.bold('Worth knowing'));
    for (const pattern of r.patterns) {
      const mark = pattern.severity === 'warning' ? p.yellow(MARK.warning) : MARK.info;
      out.push(`  ${mark} ${p.bold(pattern.title)}`, ...paragraph(pattern.text, width, '    '));
    }
  }
  const legend = findingLegend(r.rows, width, p);
  if (legend.length) out.push('', p.bold('Findings') + p.dim(' (run `smtp-lens probe` on a port for the explanation and the fix)'), ...legend);
  return out.join('\n') + '\n';
}
