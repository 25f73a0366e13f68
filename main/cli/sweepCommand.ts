import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SWEEP_PORTS, type SweepResult } from '../../shared/sweep';
import { sweep, type SweepOptions } from '../engine/sweep/sweep';
import { renderSweepText } from './sweepText';
import { SWEEP_HELP } from './help';
import { EXIT, UsageError, parsePort, parsePositiveInt } from './usage';
import { parseResolvers } from './resolverOption';
import { routeOptions } from './proxyOption';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';
import { PROFILE_OPTIONS, fillFromProfile, loadProfile, saveSweepProfile } from './profileOption';

const OPTIONS = {
  ports: { type: 'string' },
  resolver: { type: 'string', multiple: true },
  ehlo: { type: 'string' },
  servername: { type: 'string' },
  ca: { type: 'string', multiple: true },
  bind: { type: 'string' },
  proxy: { type: 'string' },
  'proxy-pass-env': { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  ...PROFILE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
  '4': { type: 'boolean', short: '4' },
  '6': { type: 'boolean', short: '6' },
} as const;

/** A sweep compares a few mail ports; it is not a port scanner. */
export const MAX_SWEEP_PORTS = 32;

export function parsePorts(value: string | undefined): number[] {
  if (value === undefined) return [...DEFAULT_SWEEP_PORTS];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) throw new UsageError('--ports needs at least one port, for example --ports 25,465,587');
  const ports = [...new Set(items.map((item) => parsePort(item, '--ports')))];
  if (ports.length > MAX_SWEEP_PORTS)
    throw new UsageError(
      `--ports takes at most ${MAX_SWEEP_PORTS} ports; a sweep compares mail ports, it is not a port scanner`,
    );
  return ports;
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--ca: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export async function toSweepOptions(
  argv: string[],
): Promise<{ options: SweepOptions; values: Record<string, unknown> } | null> {
  const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const { positionals } = parsed;
  if (parsed.values.help) return null;
  // --profile: its host, names, CAs, route and timeout, each option typed here winning.
  const base = await loadProfile(parsed.values.profile);
  if (positionals.length > 1 || (!positionals.length && !base))
    throw new UsageError(
      positionals.length ? `expected one HOST, got ${positionals.join(' ')}` : 'missing HOST: smtp-lens sweep HOST',
    );
  const values = fillFromProfile(parsed.values, base, ['ehlo', 'servername', 'bind', 'proxy', 'timeout']);
  if (values['4'] && values['6']) throw new UsageError('use either -4 or -6, not both');
  const host = positionals[0] ?? base!.settings.host;
  const ports = parsePorts(values.ports);
  await saveSweepProfile(values['save-profile'], host, ports, values, base);
  const options: SweepOptions = {
    host,
    ports,
    ...(values['4'] ? { family: 4 as const } : values['6'] ? { family: 6 as const } : {}),
    ...(parseResolvers(values.resolver) ? { resolvers: parseResolvers(values.resolver) } : {}),
    ...(values.ehlo ? { ehlo: values.ehlo } : {}),
    ...(values.servername ? { servername: values.servername } : {}),
    ...(values.ca ? { ca: values.ca.map(readCa) } : base?.caPems.length ? { ca: base.caPems } : {}),
    ...(values.timeout ? { timeout: parsePositiveInt(values.timeout, '--timeout') } : {}),
    ...(await routeOptions(values)),
  };
  return { options, values };
}

/** A port "answered SMTP" when it greeted, in plain text or inside TLS. */
export function sweepExitCode(result: SweepResult): number {
  const smtp = result.rows.some((r) => r.speaks.value === 'plaintext-smtp' || r.speaks.value === 'implicit-tls');
  return smtp ? EXIT.ok : EXIT.findings;
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

type Row = SweepResult['rows'][number];

/** `smtp-lens probe` for one port with the sweep's own connection options. */
function probeCommandFor(result: SweepResult, row: Row, values: Record<string, unknown>, extra: string[] = []): string {
  const args = ['smtp-lens', 'probe', result.host, '--port', String(row.port), '--tls', row.tls.mode ?? 'auto'];
  if (values['4']) args.push('-4');
  if (values['6']) args.push('-6');
  for (const name of ['ehlo', 'servername', 'timeout', 'bind', 'proxy', 'proxy-pass-env'] as const)
    if (typeof values[name] === 'string') args.push(`--${name}`, values[name] as string);
  for (const ca of (values.ca as string[] | undefined) ?? []) args.push('--ca', ca);
  // The profile's CAs and user go with it.
  if (typeof values.profile === 'string') args.push('--profile', values.profile);
  return [...args, ...extra].map(quote).join(' ');
}

/** What to run next, ready to copy: the port with the worst findings in full, and a login
 * test on the recommended port (the sweep itself never logs in). */
export function nextSteps(result: SweepResult, values: Record<string, unknown>): string[] {
  const out: string[] = [];
  const rank = (r: Row) =>
    r.reach.value !== 'connected' ? 3 : r.findings.some((f) => f.severity === 'error') ? 0 : r.findings.length ? 1 : 2;
  const worst = [...result.rows].sort((a, b) => rank(a) - rank(b))[0];
  if (worst && rank(worst) < 2) {
    out.push(
      `Port ${worst.port} step by step, each finding explained with its fix:`,
      `  ${probeCommandFor(result, worst, values)}`,
    );
  }
  const best = result.rows.find((r) => r.port === result.recommendation.submission[0]?.port);
  if (best) {
    out.push(
      `Check that a login works on port ${best.port} (the sweep never logs in):`,
      `  ${probeCommandFor(result, best, values, ['--auth-user', 'USER', '--auth-pass-env', 'PASSWORD_VAR'])}`,
    );
  }
  return out;
}

/** `smtp-lens sweep HOST`: every port at once, a grid, and what to use. */
export async function sweepCommand(argv: string[]): Promise<number> {
  const parsed = await toSweepOptions(argv);
  if (!parsed) {
    process.stdout.write(SWEEP_HELP);
    return EXIT.ok;
  }
  const result = await sweep(parsed.options);
  if (parsed.values.json) {
    process.stdout.write(`${jsonSafe(JSON.stringify(result, null, 2))}\n`);
  } else {
    const tty = process.stdout.isTTY;
    const color = tty && !parsed.values['no-color'] && !process.env.NO_COLOR;
    process.stdout.write(
      terminalSafe(renderSweepText(result, { color, width: Math.min(tty ? process.stdout.columns || 120 : 120, 120) })),
    );
    const next = nextSteps(result, parsed.values);
    if (next.length)
      process.stdout.write(
        terminalSafe(`\n${color ? `\x1b[1mNext\x1b[22m` : 'Next'}\n${next.map((l) => `  ${l}`).join('\n')}\n`),
      );
  }
  return sweepExitCode(result);
}
