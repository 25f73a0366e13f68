// `smtp-lens command --as swaks|smtp-lens|openssl [probe options]`: the same probe as another
// tool's command line, as the app's "Copy as" writes it. Nothing connects.
import { type CommandLine, PASSWORD_ENV, setFirstWords, type Tool } from '../../shared/commandLine/commandRequest';
import { opensslLine } from '../../shared/commandLine/opensslCommand';
import { fromSmtpLensWords, smtpLensLine } from '../../shared/commandLine/smtpLensCommand';
import { swaksLine } from '../../shared/commandLine/swaksCommand';
import { displayText, terminalSafe } from '../../shared/untrustedText';
import { COMMAND_HELP } from './help';
import { EXIT, parseChoice, UsageError } from './usage';

const TOOLS: readonly Tool[] = ['smtp-lens', 'swaks', 'openssl'];

function takeAs(argv: string[]): { as: Tool; rest: string[] } {
  const rest: string[] = [];
  let as: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--as') as = argv[++i];
    else if (word.startsWith('--as=')) as = word.slice(5);
    else rest.push(word);
  }
  if (as === undefined) throw new UsageError('command needs --as swaks, --as smtp-lens or --as openssl');
  return { as: parseChoice(as, TOOLS, '--as') as Tool, rest };
}

export async function commandCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(COMMAND_HELP);
    return EXIT.ok;
  }
  const { as, rest } = takeAs(argv);
  const read = fromSmtpLensWords(rest, null);
  if (!read.ok) throw new UsageError(read.problem);
  // The password is never on the line: the other tool reads it from the environment too.
  if (read.request.auth) read.request.auth.passwordEnv ??= PASSWORD_ENV;
  const line: CommandLine =
    as === 'swaks'
      ? swaksLine(read.request)
      : as === 'openssl'
        ? opensslLine(read.request)
        : smtpLensLine(read.request);
  // The line is made of this command's own arguments; a control character typed among them still
  // goes to the terminal as a visible escape, never as itself.
  process.stdout.write(terminalSafe(`${line.text}\n`));
  const setFirst = setFirstWords(line);
  const said = [
    setFirst && `${setFirst.words} For example (bash, zsh): ${setFirst.example}`,
    ...[...read.unmapped, ...line.unmapped].map((u) => `not said: ${u.words}`),
    ...line.notes.map((n) => `note: ${n}`),
  ].filter((s): s is string => s !== null);
  if (said.length) process.stderr.write(terminalSafe(`${said.map(displayText).join('\n')}\n`));
  return EXIT.ok;
}
