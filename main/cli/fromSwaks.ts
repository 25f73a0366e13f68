// `smtp-lens probe --from-swaks '…'`: a pasted swaks line becomes probe's own options, and the
// options given beside it win. What swaks said that SMTP Lens cannot do is printed on stderr,
// before anything connects, so nothing is dropped without a word.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importCommandLine } from '../../shared/commandLine/importCommand';
import { SMTP_LENS_PROBE_OPTIONS, smtpLensProbeArgv } from '../../shared/commandLine/smtpLensCommand';
import { displayText, terminalSafe } from '../../shared/untrustedText';
import { UsageError } from './usage';

/** Options that stand for one another: giving one beside the swaks line replaces the other too. */
const TOGETHER: string[][] = [
  ['4', '6'],
  ['auth-pass-env', 'auth-pass-stdin'],
  ['data', 'body', 'header', 'attach', 'attach-type'],
];

/** The option names (and whether a HOST) given on the command line itself. */
function givenBeside(argv: string[]): { names: Set<string>; host: boolean } {
  const { tokens } = parseArgs({
    args: argv,
    options: SMTP_LENS_PROBE_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const names = new Set<string>();
  for (const t of tokens) if (t.kind === 'option') names.add(t.name);
  for (const group of TOGETHER) if (group.some((n) => names.has(n))) for (const n of group) names.add(n);
  return { names, host: tokens.some((t) => t.kind === 'positional') };
}

/** The swaks line's own options, less those given beside it. */
function withoutOverridden(args: string[], beside: { names: Set<string>; host: boolean }): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (!word.startsWith('-')) {
      if (!beside.host) out.push(word);
      continue;
    }
    const name = word.replace(/^--?/, '');
    const takesValue = SMTP_LENS_PROBE_OPTIONS[name]?.type === 'string';
    if (beside.names.has(name)) {
      if (takesValue) i++;
      continue;
    }
    out.push(word);
    if (takesValue) out.push(args[++i] as string);
  }
  return out;
}

function takeOption(argv: string[]): { line: string | null; rest: string[] } {
  const rest: string[] = [];
  let line: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--from-swaks') {
      const value = argv[++i];
      if (value === undefined)
        throw new UsageError("--from-swaks needs the swaks command line, in quotes: --from-swaks 'swaks …'");
      line = value;
    } else if (word.startsWith('--from-swaks=')) line = word.slice('--from-swaks='.length);
    else rest.push(word);
  }
  return { line, rest };
}

/** probe's argv with --from-swaks turned into probe options, and the temporary files (a message
 * given on the swaks line) to remove once they are read. */
export function expandFromSwaks(argv: string[]): { argv: string[]; cleanup: () => void } {
  const { line, rest } = takeOption(argv);
  if (line === null) return { argv, cleanup: () => undefined };
  const imported = importCommandLine(line);
  if (!imported.ok) throw new UsageError(`--from-swaks: ${imported.problem}`);
  if (imported.tool !== 'swaks')
    throw new UsageError('--from-swaks takes a swaks line; for an smtp-lens line, give its options to probe directly');
  let folder: string | null = null;
  const textFile = (text: string, what: string) => {
    folder ??= mkdtempSync(path.join(tmpdir(), 'smtp-lens-from-swaks-'));
    const file = path.join(folder, `${what}.txt`);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  };
  const { argv: swaksArgs, unmapped } = smtpLensProbeArgv(imported.request, { textFile });
  const said = [
    ...[...imported.dropped, ...imported.unmapped, ...unmapped].map((u) => `  not used: ${u.words}`),
    ...imported.notes.map((n) => `  note: ${n}`),
  ];
  if (said.length) process.stderr.write(terminalSafe(`From the swaks line:\n${said.map(displayText).join('\n')}\n`));
  return {
    argv: [...withoutOverridden(swaksArgs, givenBeside(rest)), ...rest],
    cleanup: () => {
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}
