// `smtp-lens diff --vantage HOST --via ROUTE [--via ROUTE] [probe options]`: the same probe
// of one server from two vantage points, one after the other (direct and through a proxy, or
// from two addresses of this machine), compared by shared/compare.ts and read by client
// address (shared/vantageWords.ts). Everything but the route is probe's options, parsed by
// probe itself, so both sessions ask exactly the same.
import net from 'node:net';
import { parseArgs } from 'node:util';
import { compareTranscripts } from '../../shared/compare';
import { renderDiffText } from '../../shared/compareText';
import { maskSecrets } from '../../shared/export/secretGuard';
import { parseProxyUrl, proxyLabel } from '../../shared/proxyUrl';
import type { Transcript } from '../../shared/transcript';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';
import { vantageLabel, vantageSentences } from '../../shared/vantageWords';
import { probe } from '../engine/session';
import type { SessionOptions } from '../engine/sessionOptions';
import { DIFF_HELP } from './help';
import { saveToHistory } from './historySave';
import { OPTIONS as PROBE_OPTIONS, toSessionOptions } from './probeCommand';
import { exportSecrets, withProxySecret } from './proxyOption';
import { EXIT, UsageError } from './usage';

const OPTIONS = {
  ...PROBE_OPTIONS,
  vantage: { type: 'string' },
  via: { type: 'string', multiple: true },
} as const;

/** probe's options that choose a route (each side's is its --via) or an output of one session
 * (the diff prints the comparison), with what to do instead. */
const NOT_HERE: Record<string, string> = {
  bind: 'give each vantage point with --via: --via 192.0.2.10 connects from that address, as --bind does',
  proxy: 'give each vantage point with --via: --via socks5h://HOST:PORT goes through that proxy, as --proxy does',
  out: 'diff prints the comparison; use --json for it as JSON, or --save to keep both sessions',
  format: 'diff prints the comparison as text, or as JSON with --json',
  share: 'diff prints the comparison; probe one route on its own to share a session',
  timings: 'the comparison has a timing table of its own',
  'tls-versions': 'probe each route on its own for the TLS version map',
  'tls-audit': 'probe each route on its own for the TLS audit',
  keylog: 'probe one route on its own with --keylog',
  profile: 'both probes take the options typed here; probe with --profile on its own',
  'save-profile': 'save a profile with probe --save-profile',
};

export type Route = { kind: 'direct' } | { kind: 'bind'; address: string } | { kind: 'proxy'; url: string };

/** "direct", an address of this machine (as --bind), or a proxy URL (as --proxy). */
export function parseRoute(text: string): Route {
  if (text.toLowerCase() === 'direct') return { kind: 'direct' };
  if (text.includes('://')) {
    const parsed = parseProxyUrl(text);
    if ('problem' in parsed) throw new UsageError(`--via ${text}: ${parsed.problem}`);
    return { kind: 'proxy', url: text };
  }
  const address = text.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(address)) return { kind: 'bind', address };
  throw new UsageError(
    `--via ${text}: give "direct", an address of this machine to connect from (as --bind), or a proxy URL such as socks5h://HOST:PORT (as --proxy)`,
  );
}

/** HOST, HOST:PORT, [IPv6] or [IPv6]:PORT; a bare IPv6 address is a host without a port. */
export function parseVantageHost(text: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, ...(bracketed[2] ? { port: bracketed[2] } : {}) };
  const hostPort = /^([^:]+):(\d+)$/.exec(text);
  if (hostPort) return { host: hostPort[1]!, port: hostPort[2]! };
  if (/^[^:]+:/.test(text) && !net.isIP(text))
    throw new UsageError(`--vantage ${text}: give HOST or HOST:PORT (an IPv6 address with a port as [ADDRESS]:PORT)`);
  return { host: text };
}

/** probe's own argv: the command line without --vantage and --via, the host first. */
function probeArgv(argv: string[], tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>, host: string[]) {
  const drop = new Set<number>();
  for (const t of tokens) {
    if (t.kind !== 'option' || (t.name !== 'vantage' && t.name !== 'via')) continue;
    drop.add(t.index);
    if (t.value !== undefined && !t.inlineValue) drop.add(t.index + 1);
  }
  return [...host, ...argv.filter((_, i) => !drop.has(i))];
}

async function routeOptions(
  base: SessionOptions,
  route: Route,
  proxyPassEnv: string | undefined,
): Promise<SessionOptions> {
  if (route.kind === 'direct') return base;
  if (route.kind === 'bind') return { ...base, bind: route.address };
  return { ...base, proxy: await withProxySecret({ url: route.url }, proxyPassEnv) };
}

/** How the comparison names a vantage point: the route as given, and for a direct one the
 * local address the server saw (a proxy hides it: the server saw the proxy's). */
function labelOf(route: Route, t: Transcript): string {
  if (route.kind === 'bind') return `from ${route.address}`;
  if (route.kind === 'proxy') {
    const parsed = parseProxyUrl(route.url);
    return `via ${t.target.proxy ?? ('problem' in parsed ? route.url : proxyLabel(parsed))}`;
  }
  const connected = t.events.find((e) => e.type === 'connected');
  return connected?.type === 'connected'
    ? `direct, ${vantageLabel({ proxy: null, localAddress: connected.localAddress })}`
    : 'direct';
}

export async function vantageDiff(argv: string[]): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  if (values.help) {
    process.stdout.write(DIFF_HELP);
    return EXIT.ok;
  }
  if (positionals.length)
    throw new UsageError(
      `--vantage compares live probes, not files (got ${positionals.join(' ')}): smtp-lens diff --vantage HOST --via ROUTE`,
    );
  if (!values.vantage) throw new UsageError('--vantage needs a HOST: smtp-lens diff --vantage HOST --via ROUTE');
  const via = values.via ?? [];
  if (!via.length)
    throw new UsageError(
      '--vantage needs --via ROUTE, the second vantage point: a proxy URL (socks5h://HOST:PORT) or an address of this machine',
    );
  if (via.length > 2) throw new UsageError(`--via at most twice (A and B), got ${via.length}`);
  for (const [name, instead] of Object.entries(NOT_HERE))
    if ((values as Record<string, unknown>)[name] !== undefined) throw new UsageError(`--${name}: ${instead}`);
  const routes = (via.length === 1 ? ['direct', via[0]!] : via).map(parseRoute) as [Route, Route];
  const passEnv = values['proxy-pass-env'];
  if (passEnv !== undefined && !routes.some((r) => r.kind === 'proxy'))
    throw new UsageError('--proxy-pass-env needs a --via proxy URL');
  const { host, port } = parseVantageHost(values.vantage);
  if (port !== undefined && values.port !== undefined && Number(values.port) !== Number(port))
    throw new UsageError(`--vantage ${values.vantage} and --port ${values.port} name two ports: give one`);
  const argvForProbe = probeArgv(argv, tokens, [
    host,
    ...(port !== undefined && values.port === undefined ? ['--port', port] : []),
  ]);
  const parsed = await toSessionOptions(argvForProbe);
  if (!parsed) return EXIT.usage;
  const sides = await Promise.all(
    routes.map((r) => routeOptions(parsed.options, r, r.kind === 'proxy' ? passEnv : undefined)),
  );

  // One after the other, never at once: a server that limits connections per client must not
  // see the two probes compete.
  const transcripts: Transcript[] = [];
  for (const options of sides) transcripts.push(await probe(options));
  const [ta, tb] = transcripts as [Transcript, Transcript];
  const saved = values.save
    ? (await saveToHistory(ta, sides[0]!.auth)) && (await saveToHistory(tb, sides[1]!.auth))
    : true;
  // What the comparison quotes comes from the server: it may echo a password back.
  const secrets = sides.flatMap((o) => exportSecrets(o));
  const diff = compareTranscripts(maskSecrets(ta, secrets), maskSecrets(tb, secrets));
  const labels = { a: labelOf(routes[0], ta), b: labelOf(routes[1], tb) };
  if (values.json) {
    const vantage = { ...diff.vantage, labels, says: vantageSentences(diff, labels) };
    process.stdout.write(`${jsonSafe(JSON.stringify({ schema: 'smtp-lens/diff@1', ...diff, vantage }, null, 2))}\n`);
  } else {
    const color = process.stdout.isTTY && !values['no-color'] && !process.env.NO_COLOR;
    process.stdout.write(terminalSafe(renderDiffText(diff, { color, names: [labels.a, labels.b], vantage: labels })));
  }
  if (!saved) return EXIT.findings;
  return diff.same ? EXIT.ok : EXIT.findings;
}
