// `smtp-lens show FILE`: re-renders a saved transcript (a --json or JSON export, or a file
// from the history) in any export format. A file that is not a transcript gets one clear
// line and exit code 2, and nothing is written.
import { parseArgs } from 'node:util';
import type { Transcript } from '../../shared/transcript';
import { MAX_TRANSCRIPT_BYTES, parseTranscriptJson, transcriptSizeCheck } from '../../shared/transcriptSchema';
import { readFileUpTo, readStdinUpTo } from './boundedRead';
import { parseFormat, parseShare, writeExport } from './exportOutput';
import { SHOW_HELP } from './help';
import { EXIT, UsageError } from './usage';
import { terminalSafe } from '../../shared/untrustedText';

const OPTIONS = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  share: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A transcript the user gave us; the problem (not JSON, not ours, damaged) in one line. */
export class TranscriptFileError extends Error {}

export async function readTranscriptFile(file: string): Promise<Transcript> {
  const read = file === '-' ? await readStdinUpTo(MAX_TRANSCRIPT_BYTES) : readFileUpTo(file, MAX_TRANSCRIPT_BYTES);
  if (!read.ok && !read.tooLarge) throw new TranscriptFileError(`cannot read ${file} (${read.code})`);
  const check = read.ok ? parseTranscriptJson(read.text) : transcriptSizeCheck(read.size)!;
  if (!check.ok) throw new TranscriptFileError(`${file}: ${check.problem}`);
  return check.transcript;
}

export async function showCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    process.stdout.write(SHOW_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length ? `expected one FILE, got ${positionals.join(' ')}` : 'missing FILE: smtp-lens show FILE.json',
    );
  const format = parseFormat(values);
  const profile = parseShare(values.share);
  let t: Transcript;
  try {
    t = await readTranscriptFile(positionals[0]!);
  } catch (err) {
    if (!(err instanceof TranscriptFileError)) throw err;
    process.stderr.write(terminalSafe(`smtp-lens: ${err.message}\n`));
    return EXIT.usage;
  }
  const ok = writeExport(t, {
    format,
    ...(values.out ? { out: values.out } : {}),
    ...(profile ? { profile } : {}),
    ...(values['no-color'] ? { noColor: true } : {}),
  });
  return ok ? EXIT.ok : EXIT.findings;
}
