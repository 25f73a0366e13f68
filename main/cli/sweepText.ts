// The sweep as text: what `smtp-lens sweep` prints (the engine gives the result, this formats it). A grid (one row per port) that fits 120
// columns, then the recommendation, the patterns and what each finding id means. Pure and free
// of Node imports, so it could move to shared/export for a "copy as text" in the UI.
import { paletteFor, type Palette } from '../../shared/export/palette';
import { wrap } from '../../shared/export/wrap';
import type { SweepResult, SweepRow } from '../../shared/sweep';
import type { Severity } from '../../shared/transcript';
import { ms } from '../engine/durationWords';

export interface SweepTextOptions {
  color?: boolean;
  /** Line width; the grid is laid out to fit it. Default 120. */
  width?: number;
}

const MARK: Record<Severity, string> = { error: '✖', warning: '▲', info: '●' };

interface Column {
  header: string;
  /** Widest the column may grow before its cells wrap. */
  max: number;
  /** When the grid is too wide, columns with a rank give way, lowest rank first; the others never wrap. */
  shrink?: number;
  cell(row: SweepRow): string[];
}

const one = (text: string) => [text];

const COLUMNS: Column[] = [
  { header: 'PORT', max: 5, cell: (r) => one(String(r.port)) },
  { header: 'REACHABLE', max: 12, shrink: 4, cell: (r) => one(r.reach.label) },
  { header: 'SPEAKS', max: 14, shrink: 3, cell: (r) => one(r.speaks.label) },
  { header: 'STARTTLS', max: 9, shrink: 5, cell: (r) => one(r.starttls.label) },
  { header: 'AUTH BEFORE TLS', max: 11, shrink: 1, cell: (r) => one(r.authBeforeTls.label) },
  { header: 'AUTH AFTER TLS', max: 11, shrink: 1, cell: (r) => one(r.authAfterTls.label) },
  { header: 'TLS', max: 7, shrink: 6, cell: (r) => one(r.tls.label) },
  {
    header: 'CERTIFICATE',
    max: 18,
    shrink: 0,
    cell: (r) =>
      one(
        r.certificate.value === 'none'
          ? '—'
          : `${r.certificate.value === 'verified' ? '✓' : '✗'} ${r.certificate.label}`,
      ),
  },
  {
    header: 'FINDINGS',
    max: 40,
    cell: (r) => (r.findings.length ? r.findings.map((f) => `${MARK[f.severity]} ${f.id}`) : ['—']),
  },
];

function colorCell(p: Palette, text: string): string {
  if (text.startsWith('✓')) return p.green(text);
  if (text.startsWith('✗') || text.startsWith(MARK.error)) return p.red(text);
  if (text.startsWith(MARK.warning)) return p.yellow(text);
  return text;
}

/** "✗ self-signed": a mark stays with the word after it, and continuation lines indent under it. */
const MARKED = /^[✓✗✖▲●] /;

/** The words a cell line cannot be broken inside. */
function unbreakable(line: string): string[] {
  const words = line.split(' ');
  return MARKED.test(line) ? [`${words[0]} ${words[1] ?? ''}`, ...words.slice(2)] : words;
}

function wrapCell(lines: string[], width: number, atomic: boolean): string[] {
  return lines.flatMap((line) => {
    if (line.length <= width || atomic) return [line];
    if (!MARKED.test(line)) return wrap(line, width);
    return wrap(line.slice(2), width - 2).map((l, i) => (i === 0 ? line.slice(0, 2) : '  ') + l);
  });
}

const longest = (texts: string[]) => Math.max(0, ...texts.map((t) => t.length));

/** Each column as wide as its content (up to its max); then, until the grid fits, the
 * shrinkable columns give way in rank order, down to their longest word; last, the gap
 * between columns narrows to one space. */
function columnWidths(rows: SweepRow[], width: number): { widths: number[]; gap: string } {
  const lines = COLUMNS.map((col) => [col.header, ...rows.flatMap((r) => col.cell(r))]);
  const widths = COLUMNS.map((col, i) => Math.min(col.max, longest(lines[i]!)));
  const total = (gap: number) => widths.reduce((sum, w) => sum + w, 0) + gap * (widths.length - 1);
  const order = COLUMNS.map((col, i) => ({ rank: col.shrink, i }))
    .filter((c) => c.rank !== undefined)
    .sort((a, b) => a.rank! - b.rank!);
  for (const { i } of order) {
    const floor = Math.min(widths[i]!, longest(lines[i]!.flatMap(unbreakable)));
    while (total(2) > width && widths[i]! > floor) widths[i]!--;
  }
  return { widths, gap: total(2) > width ? ' ' : '  ' };
}

function grid(rows: SweepRow[], width: number, p: Palette): string[] {
  const { widths, gap } = columnWidths(rows, width);
  const render = (cells: string[][], paint: (s: string) => string) => {
    const wrapped = cells.map((lines, i) => wrapCell(lines, widths[i]!, i === cells.length - 1));
    const height = Math.max(...wrapped.map((c) => c.length));
    return Array.from({ length: height }, (_, line) =>
      wrapped
        .map((c, i) => {
          const text = c[line] ?? '';
          const pad = i === wrapped.length - 1 ? '' : ' '.repeat(Math.max(0, widths[i]! - text.length));
          return paint(colorCell(p, text)) + pad;
        })
        .join(gap)
        .trimEnd(),
    );
  };
  const header = render(
    COLUMNS.map((c) => [c.header]),
    p.bold,
  );
  const body = rows.map((r) =>
    render(
      COLUMNS.map((c) => c.cell(r)),
      (s) => s,
    ),
  );
  // Rows of several lines read better with air between them.
  const spaced = body.some((b) => b.length > 1);
  return [...header, ...body.flatMap((b, i) => (spaced && i > 0 ? ['', ...b] : b))];
}

function paragraph(text: string, width: number, indent: string): string[] {
  return wrap(text, width - indent.length).map((l) => indent + l);
}

function headerLines(r: SweepResult, width: number): string[] {
  const target = r.dns && r.address ? `${r.host} (${r.address})` : r.host;
  const name = r.servername ?? (r.dns ? r.host : null);
  const count = `${r.ports.length} port${r.ports.length === 1 ? '' : 's'}`;
  const checked = name
    ? `Certificates checked against the name ${name}.`
    : 'Certificates checked against the address: no --servername was given.';
  return [
    `SMTP Lens ${r.app.version} · sweep of ${target} · ${count} in ${ms(r.durationMs)}`,
    ...paragraph(checked, width, ''),
  ];
}

function dnsLines(r: SweepResult, width: number): string[] {
  if (!r.dns) return [];
  if (r.dns.error) return paragraph(`${r.host} does not resolve (${r.dns.error}): no port could be tried.`, width, '');
  if (r.dns.addresses.length < 2) return [];
  const others = r.dns.addresses
    .slice(1)
    .map((a) => a.address)
    .join(', ');
  return paragraph(
    `${r.host} also resolves to ${others}; every port was probed on ${r.address} (use -4 or -6 to choose the family).`,
    width,
    '',
  );
}

/** Each finding once, with its title and the ports it came from: the grid's legend. Titles
 * can name the port ("refused ... on port 25"), so ports share a line only with the same title. */
function findingLegend(rows: SweepRow[], width: number, p: Palette): string[] {
  const byTitle = new Map<string, { id: string; severity: Severity; title: string; ports: number[] }>();
  for (const r of rows) {
    for (const f of r.findings) {
      const key = `${f.id}\n${f.title}`;
      const seen = byTitle.get(key) ?? { id: f.id, severity: f.severity, title: f.title, ports: [] };
      seen.ports.push(r.port);
      byTitle.set(key, seen);
    }
  }
  return [...byTitle.values()].flatMap(({ id, ...f }) => {
    const mark =
      f.severity === 'error' ? p.red(MARK.error) : f.severity === 'warning' ? p.yellow(MARK.warning) : MARK.info;
    const lines = wrap(`${id} (${f.ports.join(', ')}): ${f.title}`, width - 4);
    return lines.map((l, i) => `${i === 0 ? `  ${mark} ` : '    '}${l}`);
  });
}

export function renderSweepText(r: SweepResult, opts: SweepTextOptions = {}): string {
  const p = paletteFor(opts.color ?? false);
  const width = opts.width ?? 120;
  const out: string[] = [...headerLines(r, width), ...dnsLines(r, width), '', ...grid(r.rows, width, p), ''];
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
  if (legend.length) out.push('', p.bold('Findings') + p.dim(' (the ids in the grid)'), ...legend);
  return `${out.join('\n')}\n`;
}
