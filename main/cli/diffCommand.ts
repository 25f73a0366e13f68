// `smtp-lens diff A.json B.json`: what changed between two saved sessions (shared/compare.ts);
// `smtp-lens diff --vantage HOST --via ROUTE`: two live probes from two vantage points
// (vantageDiff.ts). Exit codes follow diff(1): 0 the same (only timings differ), 1 different,
// 2 trouble.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { compareTranscripts } from '../../shared/compare';
import { renderDiffText } from '../../shared/compareText';
import { DIFF_HELP } from './help';
import { TranscriptFileError, readTranscriptFile } from './showCommand';
import { EXIT, UsageError } from './usage';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';

const OPTIONS = {
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const LIVE = /^--(vantage|via)(=|$)/;

export async function diffCommand(argv: string[]): Promise<number> {
  const end = argv.indexOf('--');
  if ((end === -1 ? argv : argv.slice(0, end)).some((a) => LIVE.test(a)))
    return (await import('./vantageDiff')).vantageDiff(argv);
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    process.stdout.write(DIFF_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError('expected two files: smtp-lens diff A.json B.json');
  const [fileA, fileB] = positionals as [string, string];
  if (fileA === '-' && fileB === '-') throw new UsageError('only one of the two files can be standard input');
  let diff: ReturnType<typeof compareTranscripts>;
  try {
    diff = compareTranscripts(await readTranscriptFile(fileA), await readTranscriptFile(fileB));
  } catch (err) {
    if (!(err instanceof TranscriptFileError)) throw err;
    process.stderr.write(terminalSafe(`smtp-lens: ${err.message}\n`));
    return EXIT.usage;
  }
  if (values.json)
    process.stdout.write(`${jsonSafe(JSON.stringify({ schema: 'smtp-lens/diff@1', ...diff }, null, 2))}\n`);
  else {
    const color = process.stdout.isTTY && !values['no-color'] && !process.env.NO_COLOR;
    const names: [string, string] = [path.basename(fileA), path.basename(fileB)];
    process.stdout.write(
      terminalSafe(renderDiffText(diff, { color, names: names[0] === names[1] ? ['A', 'B'] : names })),
    );
  }
  return diff.same ? EXIT.ok : EXIT.findings;
}
