// `smtp-lens diff A B` as text: what changed between two sessions, most important first
// (outcome, findings), then what the server offers, TLS, and a timing table.
import type { ListDiff, TranscriptDiff } from './compare';
import { formatMs } from './diagram/diagramText';
import { utcLabel } from './export/exportFacts';
import { paletteFor, type Palette } from './export/palette';

export interface DiffTextOptions {
  color?: boolean;
  /** Names for the two sides (the file names); default A and B. */
  names?: [string, string];
}

function listLines(title: string, d: ListDiff, p: Palette): string[] {
  const lines = [
    ...d.added.map((c) => `  ${p.green(`+ ${c}`)}`),
    ...d.removed.map((c) => `  ${p.red(`- ${c}`)}`),
    ...d.changed.map((c) => `  ${p.yellow(`~ ${c.a} → ${c.b}`)}`),
  ];
  return [`${p.bold(title)}`, ...(lines.length ? lines : [`  ${p.dim(`no change (${d.unchanged.length} the same)`)}`])];
}

const ms = (n: number | null) => (n === null ? '—' : formatMs(n));

export function renderDiffText(d: TranscriptDiff, options: DiffTextOptions = {}): string {
  const p = paletteFor(options.color ?? false);
  const [na, nb] = options.names ?? ['A', 'B'];
  const named = (letter: string, name: string) => (name === letter ? letter : `${letter} (${name})`);
  const side = (name: string, s: TranscriptDiff['a']) =>
    `${name}: ${s.host}:${s.port} · ${utcLabel(s.startedAt)} · ${s.ok ? 'OK' : 'FAILED'} at ${s.stage.toUpperCase()}`;
  const out = [p.bold('SMTP Lens diff'), `  ${side(named('A', na), d.a)}`, `  ${side(named('B', nb), d.b)}`];
  if (!d.sameTarget) out.push(`  ${p.yellow('Note: the two sessions are with different servers or ports.')}`);
  out.push(
    '',
    d.same
      ? p.green('Same result: only timings differ.')
      : p.bold(d.outcome.changed ? `Outcome: ${d.outcome.a} → ${d.outcome.b}` : `Outcome: ${d.outcome.b} (unchanged)`),
  );

  out.push('', p.bold('Findings'));
  const f = d.findings;
  for (const x of f.removed) out.push(`  ${p.green(`- fixed   ${x.severity.padEnd(7)} ${x.title}  [${x.id}]`)}`);
  for (const x of f.added) out.push(`  ${p.red(`+ new     ${x.severity.padEnd(7)} ${x.title}  [${x.id}]`)}`);
  for (const x of f.unchanged) out.push(`  ${p.dim(`= still   ${x.severity.padEnd(7)} ${x.title}  [${x.id}]`)}`);
  if (!f.removed.length && !f.added.length && !f.unchanged.length) out.push(`  ${p.dim('none in either session')}`);

  out.push(
    '',
    ...listLines('EHLO before TLS', d.capabilities.beforeTls, p),
    ...listLines('EHLO after TLS', d.capabilities.afterTls, p),
  );

  out.push('', p.bold('TLS'));
  const t = d.tls;
  const line = (
    label: string,
    c: { a: unknown; b: unknown; changed: boolean },
    show = (v: unknown) => (v === null ? 'none' : String(v)),
  ) => `  ${label.padEnd(10)} ${c.changed ? p.yellow(`${show(c.a)} → ${show(c.b)}`) : `${show(c.b)}`}`;
  out.push(
    line('used', t.used, (v) => (v ? 'yes' : 'no')),
    line('protocol', t.protocol),
    line('cipher', t.cipher),
    line('verified', t.verified, (v) => (v === null ? '—' : v ? 'yes' : 'NO')),
  );
  if (t.chain.changed) {
    out.push(`  chain      ${p.yellow('changed')} (as sent, by SHA-256 fingerprint)`);
    for (const c of t.chain.removed)
      out.push(`    ${p.red(`- ${c.name}  ${c.fingerprint256.slice(0, 23)}…  until ${c.notAfter}`)}`);
    for (const c of t.chain.added)
      out.push(`    ${p.green(`+ ${c.name}  ${c.fingerprint256.slice(0, 23)}…  until ${c.notAfter}`)}`);
    if (!t.chain.added.length && !t.chain.removed.length)
      out.push(`    same certificates, in another order: ${t.chain.b.map((c) => c.name).join(' ← ')}`);
  } else {
    out.push(
      `  chain      ${t.chain.b.length ? `the same ${t.chain.b.length} certificate${t.chain.b.length === 1 ? '' : 's'}` : 'none'}`,
    );
  }

  out.push(
    '',
    p.bold('Timing'),
    `  ${'stage'.padEnd(28)} ${'A'.padStart(10)} ${'B'.padStart(10)} ${'change'.padStart(10)}`,
  );
  for (const s of d.timing.stages) {
    const delta = s.delta === null ? '' : `${s.delta > 0 ? '+' : s.delta < 0 ? '−' : ''}${formatMs(Math.abs(s.delta))}`;
    const color = s.delta !== null && Math.abs(s.delta) >= 100 ? (s.delta > 0 ? p.red : p.green) : (x: string) => x;
    out.push(
      `  ${s.label.slice(0, 28).padEnd(28)} ${ms(s.a).padStart(10)} ${ms(s.b).padStart(10)} ${color(delta.padStart(10))}`,
    );
  }
  out.push(`  ${'whole session'.padEnd(28)} ${ms(d.timing.total.a).padStart(10)} ${ms(d.timing.total.b).padStart(10)}`);
  return `${out.join('\n')}\n`;
}
