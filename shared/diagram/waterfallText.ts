// The waterfall for a terminal (`smtp-lens probe --timings`): one line per stage, a bar on a
// shared time axis, the duration, and the likely reason under a slow stage. Fits 100 columns;
// colour only when the caller says so (a TTY without NO_COLOR).
import { paletteFor } from '../export/palette';
import { formatMs, truncate } from './diagramText';
import { wrapWords } from './waterfallLayout';
import { buildWaterfall, type Waterfall, type WaterfallInput } from './waterfallModel';

export interface WaterfallTextOptions {
  color?: boolean;
  /** Columns available; clamped to 60..100. */
  width?: number;
  /** Plain ASCII bars ('#'), for terminals without Unicode block characters. */
  ascii?: boolean;
}

const INDENT = '  ';
const LABEL = 22;
/** Indent + label + the flag column ("! " slow, "x " failed). */
const BAR_START = INDENT.length + LABEL + 3;
const DURATION = 9;
/** Room after the duration for " ◀ longest", " ◀ slow", " ◀ failed". */
const MARK_WIDTH = 10;
/** Left-aligned eighths of a cell, for the end of a bar. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar whose length is the stage's duration, starting in the cell where the stage starts
 * (so the start is accurate to one cell, the length to an eighth of one). */
function bar(from: number, to: number, cells: number, ascii: boolean): string {
  const first = Math.min(cells - 1, Math.max(0, Math.floor(from)));
  const length = Math.min(Math.max(0, to - from), cells - first);
  let full = Math.floor(length);
  let eighths = Math.round((length - full) * 8);
  if (eighths === 8) [full, eighths] = [full + 1, 0];
  // Every stage is visible, however short: at least a hairline.
  if (full === 0 && eighths === 0) eighths = 1;
  const drawn = ascii ? '#'.repeat(full) + (eighths ? (full ? '#' : '|') : '') : '█'.repeat(full) + EIGHTHS[eighths];
  return (' '.repeat(first) + drawn).slice(0, cells).padEnd(cells);
}

export function renderWaterfallTextFrom(waterfall: Waterfall, options: WaterfallTextOptions = {}): string {
  const p = paletteFor(options.color ?? false);
  const width = Math.max(60, Math.min(100, options.width ?? 100));
  const cells = width - BAR_START - 2 - DURATION - MARK_WIDTH;
  const span = Math.max(waterfall.end - waterfall.start, 0.001);
  const at = (t: number) => ((t - waterfall.start) / span) * cells;
  const { stages } = waterfall;
  const longest = stages[waterfall.longest];
  const slowCount = stages.filter((s) => s.slow).length;
  const out: string[] = [
    '',
    p.bold(
      truncate(
        `Timings: ${formatMs(span)} in all${longest ? `, longest: ${longest.label} (${formatMs(longest.duration)})` : ''}${slowCount ? ` · ${slowCount} slow` : ''}`,
        width,
      ),
    ),
  ];
  if (!stages.length) return [...out, `${INDENT}No timed stage.`, ''].join('\n');
  const scale = `0${formatMs(span).padStart(cells - 1)}`;
  out.push(p.dim(`${' '.repeat(BAR_START + 1)}${scale}`));
  const frame = options.ascii ? '|' : '│';
  for (const [n, stage] of stages.entries()) {
    const failed = stage.outcome === 'failed';
    const flag = stage.slow ? '! ' : failed ? 'x ' : '  ';
    const colour = stage.slow ? p.yellow : failed ? p.red : p.cyan;
    const label = truncate(stage.label, LABEL).padEnd(LABEL);
    const duration = `${formatMs(stage.duration)}${stage.outcome === 'pending' ? '…' : ''}`.padStart(DURATION);
    const mark = stage.slow ? ' ◀ slow' : failed ? ' ◀ failed' : n === waterfall.longest ? ' ◀ longest' : '';
    const drawn = bar(at(stage.start), at(stage.end), cells, options.ascii ?? false);
    out.push(
      `${INDENT}${label} ${flag}${p.dim(frame)}${colour(drawn)}${p.dim(frame)}${duration}${stage.slow || failed ? colour(mark) : p.dim(mark)}`.trimEnd(),
    );
    const notes = [...(failed && stage.detail ? [stage.detail] : []), ...(stage.slow ? [`Slow: ${stage.slow}.`] : [])];
    for (const note of notes) {
      for (const line of wrapWords(note, width - BAR_START - 1))
        out.push(`${' '.repeat(BAR_START + 1)}${colour(line)}`);
    }
  }
  const gaps = 'Gaps between bars: time SMTP Lens spent itself (checking the certificate, for example).';
  out.push(...wrapWords(gaps, width - INDENT.length).map((line) => p.dim(`${INDENT}${line}`)), '');
  return out.join('\n');
}

export function renderWaterfallText(input: WaterfallInput, options: WaterfallTextOptions = {}): string {
  return renderWaterfallTextFrom(buildWaterfall(input), options);
}
