// `smtp-lens profiles`: the saved servers (docs/data.md), listed, shown, renamed, copied and
// deleted. Profiles are read from files anyone may have edited or sent: every field printed goes
// through displayText, and the whole output through terminalSafe.
import { parseArgs } from 'node:util';
import type { ProfileSummary } from '../../shared/profile';
import { displayText, jsonSafe, terminalSafe } from '../../shared/untrustedText';
import { ProfileError } from '../app/profileStore';
import { PROFILES_HELP } from './help';
import { cliProfileStore } from './profileOption';
import { EXIT, UsageError } from './usage';

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ARITY: Record<string, number> = { list: 0, show: 1, delete: 1, rename: 2, duplicate: 2 };

function table(profiles: ProfileSummary[]): string {
  const rows = [
    ['NAME', 'HOST:PORT', 'TLS', 'USER', ''],
    ...profiles.map((p) => [
      p.name,
      displayText(`${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`),
      p.tls,
      p.user === null ? '-' : displayText(p.user),
      p.remembered ? '(password in the app’s keychain)' : '',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function run(action: string, args: string[], json: boolean): Promise<number> {
  const store = cliProfileStore();
  const out = (text: string) => process.stdout.write(terminalSafe(text));
  switch (action) {
    case 'list': {
      const { profiles, problems } = await store.list();
      if (json) process.stdout.write(`${jsonSafe(JSON.stringify({ dir: store.dir, profiles, problems }, null, 2))}\n`);
      else if (!profiles.length)
        out(`No profiles yet in ${store.dir}. Save one: smtp-lens probe HOST … --save-profile NAME\n`);
      else out(`${table(profiles)}\n\n${profiles.length} in ${store.dir}\n`);
      for (const p of problems)
        process.stderr.write(
          terminalSafe(`smtp-lens: ${displayText(p.file)} is not a profile: ${displayText(p.problem)}\n`),
        );
      return problems.length ? EXIT.findings : EXIT.ok;
    }
    case 'show': {
      const { settings, summary } = await store.read(args[0]!);
      const shown = { name: summary.name, file: store.fileOf(summary.name), remembered: summary.remembered, settings };
      process.stdout.write(`${jsonSafe(JSON.stringify(shown, null, 2))}\n`);
      return EXIT.ok;
    }
    case 'delete':
      await store.remove(args[0]!);
      out(`Deleted profile ${args[0]}\n`);
      return EXIT.ok;
    case 'rename':
      await store.rename(args[0]!, args[1]!);
      out(`Renamed profile ${args[0]} to ${args[1]}\n`);
      return EXIT.ok;
    default:
      await store.duplicate(args[0]!, args[1]!);
      out(`Copied profile ${args[0]} to ${args[1]}\n`);
      return EXIT.ok;
  }
}

export async function profilesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    process.stdout.write(PROFILES_HELP);
    return EXIT.ok;
  }
  const [action = 'list', ...args] = positionals;
  const arity = ARITY[action];
  if (arity === undefined)
    throw new UsageError(`profiles: unknown action "${action}" (list, show, rename, duplicate, delete)`);
  if (args.length !== arity)
    throw new UsageError(
      `profiles ${action} takes ${arity === 0 ? 'no name' : arity === 1 ? 'one NAME' : 'two names: OLD NEW'}, got ${args.length}`,
    );
  try {
    return await run(action, args, Boolean(values.json));
  } catch (err) {
    if (!(err instanceof ProfileError)) throw err;
    // A name that is not there, or not a name, is how the command was called: exit 2.
    if (err.code === 'PROFILE_INVALID') {
      process.stderr.write(terminalSafe(`smtp-lens: ${displayText(err.message)}\n`));
      return EXIT.findings;
    }
    throw new UsageError(`profiles ${action}: ${err.message}`);
  }
}
