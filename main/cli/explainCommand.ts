import { parseArgs } from 'node:util';
import type { ExplainResult } from '../../shared/explain';
import { BOUNCE_REASONS } from '../../shared/knowledge/bounceReason';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';
import { MAX_MESSAGE_BYTES } from '../engine/explain/dsn';
import { type ExplainedInput, explainInput } from '../engine/explain/explainInput';
import { readFileUpTo, readStdinUpTo } from './boundedRead';
import { EXPLAIN_HELP } from './help';
import { EXIT } from './usage';

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const KIND_WORDS: Record<ExplainedInput['kind'], string> = {
  bounce: 'a bounce (a delivery status notification)',
  feedback: 'a feedback report (ARF, RFC 5965): a complaint about a message, not a bounce',
  'auto-reply': 'an automatic reply (RFC 3834): not a bounce, the mailbox exists',
  log: 'a mail log excerpt',
  reply: 'SMTP replies',
  unknown: 'nothing SMTP Lens can explain: not a bounce, a mail log or an SMTP reply',
};

const COMMAND_WORDS = {
  rcpt: 'RCPT TO',
  mail: 'MAIL FROM',
  data: 'the message (DATA)',
  ehlo: 'EHLO',
  tls: 'STARTTLS',
  auth: 'AUTH',
  banner: 'the connection',
} as const;

/** The suggested next step: probe the server that refused, or look at the domain. */
function nextStep(r: ExplainResult): string | null {
  const domain = r.recipient?.split('@')[1];
  if (r.remoteMta && r.recipient)
    return `smtp-lens probe ${r.remoteMta} --port 25 --to ${r.recipient} --quit-after rcpt`;
  if (domain && ['hostunknown', 'networkerror', 'expired', 'notaccept'].includes(r.reason))
    return `smtp-lens domain ${domain}`;
  if (r.remoteMta) return `smtp-lens probe ${r.remoteMta} --port 25 --quit-after tls`;
  return domain ? `smtp-lens domain ${domain}` : null;
}

function resultLines(r: ExplainResult): string[] {
  const when = r.permanent ? 'permanent: the sender will not retry' : 'temporary: the sender keeps retrying';
  const codes = [r.replyCode, r.status].filter((x) => x !== null).join(' ');
  const refused =
    r.command && r.command in COMMAND_WORDS ? ` refused ${COMMAND_WORDS[r.command as keyof typeof COMMAND_WORDS]}` : '';
  const who = r.remoteMta ? `${r.remoteMta}${refused}` : refused ? `The server${refused}` : 'The server said';
  const next = nextStep(r);
  return [
    `  ${r.recipient ?? '(no recipient named)'} · ${r.reason}${r.reasonBasis === 'codes' ? ' (from the codes)' : ''} · ${when}`,
    ...(r.findingId ? [`    ${r.title}  [${r.findingId}]`] : []),
    `    ${BOUNCE_REASONS[r.reason][0].toUpperCase()}${BOUNCE_REASONS[r.reason].slice(1)}.`,
    `    ${who}: ${codes ? `${codes} ` : ''}${r.diagnostic.replace(/^(\d{3} )?(\d\.\d+\.\d+ )?/, '')}`,
    ...(r.fix ? [`    Fix: ${r.fix}`] : []),
    ...(r.refs.length ? [`    See: ${r.refs.join('; ')}`] : []),
    ...(r.reportingMta ? [`    Reported by ${r.reportingMta}.`] : []),
    ...(next ? [`    Next: ${next}`] : []),
  ];
}

function inputText(e: ExplainedInput): string {
  const head = `${e.file}: ${KIND_WORDS[e.kind]}${e.results.length ? `, ${e.results.length} result${e.results.length === 1 ? '' : 's'}` : ''}`;
  return [head, ...e.results.flatMap(resultLines), ''].join('\n');
}

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
  if (values.json) {
    const body = done.length === 1 && files.length === 1 ? done[0] : done;
    process.stdout.write(jsonSafe(`${JSON.stringify(body, null, 2)}\n`));
  } else process.stdout.write(terminalSafe(done.map(inputText).join('\n')));
  return failed || !done.every(explained) ? EXIT.findings : EXIT.ok;
}
