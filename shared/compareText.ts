// `smtp-lens diff A B` as text: what changed between two sessions, most important first
// (what differs by client address when the two came from different places, the outcome,
// findings), then the replies, what the server offers, TLS, and a timing table.
import type { ListDiff, ReplyRef, TranscriptDiff } from './compare';
import { formatMs } from './diagram/diagramText';
import { utcLabel } from './export/exportFacts';
import { paletteFor, type Palette } from './export/palette';
import { wrap } from './export/wrap';
import { vantageSentences } from './vantageWords';

export interface DiffTextOptions {
  color?: boolean;
  /** Names for the two sides (the file names); default A and B. */
  names?: [string, string];
  /** Where each side came from, in the reading by client address ("direct, from 192.0.2.1",
   * "via socks5h://proxy:1080"); default from the transcripts (shared/vantageWords.ts). */
  vantage?: { a: string; b: string };
}

const WIDTH = 100;
const HOUR = 3_600_000;

/** What differs by client address: shown when the two sessions left from different places. */
function vantageLines(d: TranscriptDiff, options: DiffTextOptions, p: Palette): string[] {
  if (!options.vantage && !d.vantage.changed) return [];
  const out = ['', p.bold('By client address')];
  const apart = Math.abs(Date.parse(d.b.startedAt) - Date.parse(d.a.startedAt));
  if (apart > HOUR)
    out.push(
      `  ${p.yellow(`Note: the two sessions are ${Math.round(apart / HOUR)} hours apart: the server may also have changed in between.`)}`,
    );
  for (const sentence of vantageSentences(d, options.vantage)) {
    const [first, ...rest] = wrap(sentence, WIDTH - 4);
    const mark = d.differences.length ? p.yellow('!') : p.green('=');
    out.push(`  ${mark} ${first}`, ...rest.map((l) => `    ${l}`));
  }
  return out;
}

const replyCode = (r: ReplyRef | null) =>
  r === null ? '—' : `${r.code ?? '???'}${r.enhanced ? ` ${r.enhanced}` : ''}`;

function replyLines(d: TranscriptDiff, p: Palette): string[] {
  const differing = d.replies.filter((s) => s.changed || s.a === null || s.b === null);
  const same = d.replies.length - differing.length;
  const rows = differing.map((s) => {
    const only = s.a === null ? '  (only in B)' : s.b === null ? '  (only in A)' : '';
    return `  ${s.label.slice(0, 34).padEnd(34)} ${p.yellow(`${replyCode(s.a)} → ${replyCode(s.b)}`)}${p.dim(only)}`;
  });
  return ['', p.bold('Replies'), ...(rows.length ? rows : [`  ${p.dim(`no change (${same} the same)`)}`])];
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
  out.push(...vantageLines(d, options, p));
  out.push(
    '',
    d.same
      ? p.green('Same result: only timings differ.')
      : p.bold(d.outcome.changed ? `Outcome: ${d.outcome.a} → ${d.outcome.b}` : `Outcome: ${d.outcome.b} (unchanged)`),
  );

  out.push('', p.bold('Findings'));
  const f = d.findings;
  // Two vantage points at once: neither side is "before", so a finding is A's, B's or both.
  const [fixed, fresh, still] = options.vantage ? ['only A', 'only B', 'both'] : ['fixed', 'new', 'still'];
  const [gone, came] = options.vantage ? [p.yellow, p.yellow] : [p.green, p.red];
  const row = (x: (typeof f.added)[number]) => `${x.severity.padEnd(7)} ${x.title}  [${x.id}]`;
  for (const x of f.removed) out.push(`  ${gone(`- ${fixed.padEnd(7)} ${row(x)}`)}`);
  for (const x of f.added) out.push(`  ${came(`+ ${fresh.padEnd(7)} ${row(x)}`)}`);
  for (const x of f.unchanged) out.push(`  ${p.dim(`= ${still.padEnd(7)} ${row(x)}`)}`);
  if (!f.removed.length && !f.added.length && !f.unchanged.length) out.push(`  ${p.dim('none in either session')}`);

  out.push(
    ...replyLines(d, p),
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
