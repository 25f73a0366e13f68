import { parseArgs } from 'node:util';
import { APP_VERSION } from '../../shared/appInfo';
import { renderExplainHtml, renderExplainMarkdown, renderExplainText } from '../../shared/export/explainExport';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';
import { MAX_MESSAGE_BYTES } from '../engine/explain/dsn';
import { type ExplainedInput, explainInput } from '../engine/explain/explainInput';
import { readFileUpTo, readStdinUpTo } from './boundedRead';
import { EXPLAIN_HELP } from './help';
import { EXIT } from './usage';

const OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Explained when every input was recognised, and every result has a reason of its own. */
const explained = (e: ExplainedInput) =>
  e.kind !== 'unknown' && e.results.every((r) => r.reason !== 'undefined' && r.reason !== 'onhold');

async function readInput(file: string): Promise<ExplainedInput | string> {
  const read = file === '-' ? await readStdinUpTo(MAX_MESSAGE_BYTES) : readFileUpTo(file, MAX_MESSAGE_BYTES);
  if (read.ok) return explainInput(read.bytes, file);
  if (read.tooLarge)
    return `${file}: larger than ${MAX_MESSAGE_BYTES >> 20} MB${read.size ? ` (${read.size} bytes)` : ''}: no bounce or log excerpt is this large; cut out the part to explain`;
  return `${file}: cannot read it (${read.code})`;
}

export async function explainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    process.stdout.write(EXPLAIN_HELP);
    return EXIT.ok;
  }
  if (values.format && !['text', 'md', 'html', 'json'].includes(values.format)) {
    process.stderr.write(
      terminalSafe(`smtp-lens explain: --format must be text, md, html or json, not "${values.format}"\n`),
    );
    return EXIT.usage;
  }
  const files = positionals.length ? positionals : ['-'];
  const done: ExplainedInput[] = [];
  let failed = false;
  for (const file of files) {
    const e = await readInput(file);
    if (typeof e === 'string') {
      process.stderr.write(terminalSafe(`smtp-lens: ${e}\n`));
      failed = true;
    } else done.push(e);
  }
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format === 'json') {
    const body = done.length === 1 && files.length === 1 ? done[0] : done;
    process.stdout.write(jsonSafe(`${JSON.stringify(body, null, 2)}\n`));
  } else if (format === 'md') process.stdout.write(terminalSafe(renderExplainMarkdown(done)));
  else if (format === 'html') process.stdout.write(terminalSafe(renderExplainHtml(done, APP_VERSION)));
  // Wrapped to the terminal's width; piped into a file or a ticket, lines stay whole.
  else process.stdout.write(terminalSafe(renderExplainText(done, process.stdout.isTTY ? process.stdout.columns : 0)));
  return failed || !done.every(explained) ? EXIT.findings : EXIT.ok;
}
