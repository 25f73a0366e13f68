// The `smtp-lens` command. Kept light on purpose: subcommands are imported only when used,
// so `smtp-lens --version` costs little more than starting Node.
import { APP_VERSION } from '../shared/appInfo';
import { MAIN_HELP } from './cli/help';
import { EXIT, UsageError } from './cli/usage';
import { terminalSafe } from '../shared/untrustedText';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  probe: async () => (await import('./cli/probeCommand')).probeCommand,
  lab: async () => (await import('./cli/labCommand')).labCommand,
  web: async () => (await import('./cli/webCommand')).webCommand,
  sweep: async () => (await import('./cli/sweepCommand')).sweepCommand,
  show: async () => (await import('./cli/showCommand')).showCommand,
  diff: async () => (await import('./cli/diffCommand')).diffCommand,
  domain: async () => (await import('./cli/domainCommand')).domainCommand,
  explain: async () => (await import('./cli/explainCommand')).explainCommand,
  listen: async () => (await import('./cli/listenCommand')).listenCommand,
  command: async () => (await import('./cli/commandCommand')).commandCommand,
  profiles: async () => (await import('./cli/profilesCommand')).profilesCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    process.stdout.write(`smtp-lens ${APP_VERSION}\n`);
    return EXIT.ok;
  }
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(MAIN_HELP);
    return first ? EXIT.ok : EXIT.usage;
  }
  const load = COMMANDS[first];
  if (!load) throw new UsageError(`unknown command "${first}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
  return (await load())(rest);
}

function describeUsageError(err: unknown): string | null {
  if (err instanceof UsageError) return err.message;
  // node:util parseArgs reports unknown or malformed options with these codes.
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('ERR_PARSE_ARGS')) return (err as Error).message.split('\n')[0];
  return null;
}

export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const usage = describeUsageError(err);
      if (usage !== null) {
        process.stderr.write(terminalSafe(`smtp-lens: ${usage} (see smtp-lens --help)\n`));
        process.exitCode = EXIT.usage;
        return;
      }
      process.stderr.write(terminalSafe(`smtp-lens: internal error: ${(err as Error)?.stack ?? String(err)}\n`));
      process.exitCode = 70;
    },
  );
}
