import { parseArgs } from 'node:util';
import { QUIT_AFTER, TLS_MODES, type TlsMode, type Transcript } from '../../shared/transcript';
import { probe } from '../engine/session';
import { optionsFromRequest, type SessionOptions } from '../engine/sessionOptions';
import {
  AUTH_MECHANISMS,
  cliLabel,
  FLAG_OPTIONS,
  requestProblem,
  type SessionRequest,
  sessionRequestSchema,
} from '../../shared/sessionRequest';
import { PROBE_HELP } from './help';
import { parseFormat, parseShare, writeExport } from './exportOutput';
import { readSecret, readStdin } from './secretInput';
import { exportSecrets, withProxySecret } from './proxyOption';
import { attachmentsFrom, bodyFrom } from './messageOptions';
import { EXIT, UsageError, parseChoice, parsePort, parsePositiveInt, readOptionFile } from './usage';
import { parseResolvers, resolversOrSystem } from './resolverOption';
import { systemResolvers } from '../engine/dns/dnsClient';
import { citingReply, explainCitedSenderAuth } from '../engine/domain/senderCitation';
import { parseMailTarget } from '../../shared/domainName';
import { PROFILE_OPTIONS } from './profileFlags';
import { displayText, terminalSafe } from '../../shared/untrustedText';

/** The session's on/off switches, each as its own option (--probe-smuggling for probeSmuggling). */
/** Every switch but trusting the practice CA, which only the app's practice picker sets. */
const CLI_FLAGS = FLAG_OPTIONS.filter((key) => key !== 'trustLabCa');
const SWITCHES = Object.fromEntries(CLI_FLAGS.map((key) => [cliLabel(key).slice(2), { type: 'boolean' as const }]));

export const OPTIONS = {
  ...SWITCHES,
  port: { type: 'string' },
  tls: { type: 'string' },
  ehlo: { type: 'string' },
  servername: { type: 'string' },
  bind: { type: 'string' },
  proxy: { type: 'string' },
  'proxy-pass-env': { type: 'string' },
  ca: { type: 'string', multiple: true },
  resolver: { type: 'string', multiple: true },
  'auth-user': { type: 'string' },
  'auth-pass-env': { type: 'string' },
  'auth-pass-stdin': { type: 'boolean' },
  'auth-mech': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string', multiple: true },
  data: { type: 'string' },
  header: { type: 'string', multiple: true },
  body: { type: 'string' },
  attach: { type: 'string', multiple: true },
  'attach-type': { type: 'string', multiple: true },
  'quit-after': { type: 'string' },
  'bdat-chunk': { type: 'string' },
  notify: { type: 'string' },
  ret: { type: 'string' },
  envid: { type: 'string' },
  orcpt: { type: 'string' },
  vrfy: { type: 'string' },
  'tls-versions': { type: 'boolean' },
  'tls-audit': { type: 'boolean' },
  keylog: { type: 'string' },
  timings: { type: 'boolean' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  'no-color': { type: 'boolean' },
  save: { type: 'boolean' },
  share: { type: 'string' },
  ...PROFILE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
  '4': { type: 'boolean', short: '4' },
  '6': { type: 'boolean', short: '6' },
} as const;

/** RFC 8314 §3.3 gives 465 to implicit TLS; RFC 6409 makes 587 submission with STARTTLS. */
export function defaultTlsMode(port: number): TlsMode {
  if (port === 465) return 'implicit';
  if (port === 587) return 'starttls';
  return 'auto';
}

async function password(values: Record<string, unknown>, user: string): Promise<string> {
  const envVar = values['auth-pass-env'] as string | undefined;
  if (envVar !== undefined && values['auth-pass-stdin'])
    throw new UsageError('use either --auth-pass-env or --auth-pass-stdin, not both');
  if (envVar !== undefined) {
    const secret = process.env[envVar];
    if (!secret) throw new UsageError(`--auth-pass-env: the environment variable ${envVar} is not set or empty`);
    return secret;
  }
  if (values['auth-pass-stdin']) return (await readStdin()).split(/\r?\n/)[0] ?? '';
  if (!process.stdin.isTTY)
    throw new UsageError('--auth-user needs a password: use --auth-pass-env VAR or --auth-pass-stdin');
  return readSecret(`Password for ${user}: `);
}

/** The envelope's options as swaks takes them: DSN (--notify SUCCESS,FAILURE, --ret HDRS, ...)
 * and --vrfy. */
function envelopeOptions(values: { notify?: string; ret?: string; envid?: string; orcpt?: string; vrfy?: string }) {
  return {
    ...(values.notify
      ? {
          notify: values.notify
            .toUpperCase()
            .split(',')
            .map((n) => n.trim()) as SessionRequest['notify'],
        }
      : {}),
    ...(values.ret ? { ret: values.ret.toUpperCase() as SessionRequest['ret'] } : {}),
    ...(values.envid ? { envid: values.envid } : {}),
    ...(values.orcpt ? { orcpt: values.orcpt } : {}),
    ...(values.vrfy ? { vrfy: values.vrfy } : {}),
  };
}

/** No HOST but --to: the recipient's domain, whose MX the probe goes to, as swaks does (unless
 * a --profile names the host). */
function mxDomainOf(positionals: string[], to: string[] | undefined, profileHost?: string): string | null {
  if (positionals.length > 1) throw new UsageError(`expected one HOST, got ${positionals.join(' ')}`);
  if (positionals.length === 1 || profileHost) return null;
  if (!to?.length) throw new UsageError('missing HOST: smtp-lens probe HOST (or give --to ADDRESS to use its MX)');
  const target = parseMailTarget(to[0]);
  if ('problem' in target || !target.address)
    throw new UsageError(`--to: ${'problem' in target ? target.problem : 'give an address'}`);
  return target.domain;
}

export async function toSessionOptions(
  argv: string[],
): Promise<{ options: SessionOptions; values: Record<string, unknown>; mxDomain: string | null } | null> {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  if (values.help) return null;
  // --profile: its settings are the base; every option typed here wins, field by field.
  // The profile code (and its zod schemas) loads only when a profile is named.
  const profiles =
    values.profile !== undefined || values['save-profile'] !== undefined
      ? { ...(await import('./profileOption')), ...(await import('../../shared/profile')) }
      : null;
  const base = profiles ? await profiles.loadProfile(values.profile) : null;
  const fromProfile = base && profiles ? profiles.requestFromProfile(base.settings, base.caPems) : null;
  const mxDomain = mxDomainOf(positionals, values.to, fromProfile?.host);
  if (mxDomain && values['save-profile'] !== undefined)
    throw new UsageError('--save-profile needs a HOST: with --to alone the server is the MX found when it runs');
  const port = values.port === undefined ? (fromProfile?.port ?? 25) : parsePort(values.port);
  if (values['4'] && values['6']) throw new UsageError('use either -4 or -6, not both');
  const user = values['auth-user'] ?? fromProfile?.auth?.user;
  if ((values.data === '-' || values.body === '-') && values['auth-pass-stdin'])
    throw new UsageError('--data - (or --body -) and --auth-pass-stdin both want standard input');
  const mechanism = parseChoice(values['auth-mech'], AUTH_MECHANISMS, '--auth-mech') ?? fromProfile?.auth?.mechanism;
  const resolvers = parseResolvers(values.resolver);
  if (mechanism && !user) throw new UsageError('--auth-mech needs --auth-user');
  const tls = parseChoice(values.tls, TLS_MODES, '--tls') ?? fromProfile?.tls ?? defaultTlsMode(port);
  if (values['tls-versions'] && tls === 'none')
    throw new UsageError('--tls-versions needs TLS: use --tls starttls, implicit or auto');
  if (values['tls-audit'] && tls === 'none')
    throw new UsageError('--tls-audit needs TLS: use --tls starttls, implicit or auto');
  if (values['tls-audit'] && values['tls-versions'])
    throw new UsageError('--tls-audit already tests every TLS version; leave out --tls-versions');
  if (values.keylog !== undefined && tls === 'none')
    throw new UsageError(
      '--keylog writes TLS secrets, and --tls none has no TLS: use --tls starttls, implicit or auto',
    );
  const flags = values as Record<string, unknown>;
  const request: SessionRequest = {
    ...fromProfile,
    // With no HOST, the MX is found later (probeViaMx); the domain stands in until then.
    host: positionals[0] ?? fromProfile?.host ?? mxDomain ?? '',
    port,
    tls,
    ...(values.ehlo ? { ehlo: values.ehlo } : {}),
    ...(values.servername ? { servername: values.servername } : {}),
    ...(values.bind ? { bind: values.bind } : {}),
    ...(values.proxy ? { proxy: { url: values.proxy } } : {}),
    ...(values.ca ? { ca: values.ca.map((f) => readOptionFile(f, '--ca')) } : {}),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values['quit-after'] ? { quitAfter: parseChoice(values['quit-after'], QUIT_AFTER, '--quit-after') } : {}),
    ...(values.timeout ? { timeoutMs: parsePositiveInt(values.timeout, '--timeout') } : {}),
    ...envelopeOptions(values),
    ...(values.header ? { headers: values.header } : {}),
    ...(values.body !== undefined ? { body: await bodyFrom(values.body) } : {}),
    ...(values.attach ? { attachments: await attachmentsFrom(tokens) } : {}),
    ...(values['bdat-chunk'] ? { bdatChunk: parsePositiveInt(values['bdat-chunk'], '--bdat-chunk') } : {}),
    ...(values.data !== undefined
      ? { data: values.data === '-' ? await readStdin() : readOptionFile(values.data, '--data') }
      : {}),
    ...Object.fromEntries(CLI_FLAGS.filter((key) => flags[cliLabel(key).slice(2)]).map((key) => [key, true])),
    // The password is asked for only once the request is known to be good.
    ...(user ? { auth: { user, secret: '', ...(mechanism ? { mechanism } : {}) } } : {}),
  };
  // The same schema, and the same words, as the form and the IPC boundary.
  const checked = sessionRequestSchema.safeParse(request);
  if (!checked.success) throw new UsageError(requestProblem(checked.error, cliLabel));
  // Saved before the password is asked for: a profile never holds it.
  const saveAs = values['save-profile'];
  if (saveAs !== undefined && profiles)
    await profiles.saveProfileOption(
      saveAs,
      profiles.profileFromRequest(checked.data, profiles.caToSave(values.ca, base)),
    );
  const options: SessionOptions = {
    ...optionsFromRequest(checked.data),
    ...(values['4'] ? { family: 4 as const } : values['6'] ? { family: 6 as const } : {}),
    ...(resolvers ? { resolvers } : {}),
  };
  if (options.auth) options.auth = { ...options.auth, secret: await password(values, options.auth.user) };
  if (options.proxy)
    options.proxy = await withProxySecret(options.proxy, values['proxy-pass-env'] as string | undefined);
  return { options, values, mxDomain };
}

/** swaks --to without --server: the recipient domain's MX hosts in order, the first that
 * answers. Says on stderr which one it used and why, before the transcript. */
async function probeViaMx(domain: string, options: SessionOptions): Promise<Transcript> {
  const { lookupMx } = await import('../engine/dns/mxSet');
  const mx = await lookupMx(domain, {
    servers: options.resolvers ?? resolversOrSystem(undefined),
    timeoutMs: typeof options.timeout === 'number' ? options.timeout : 10_000,
  });
  const hosts = mx.hosts.filter((h) => h.addresses.length && h.problem !== 'ip-literal');
  if (!hosts.length) {
    const why = {
      null: 'it publishes a null MX: it takes no mail',
      'no-domain': 'the DNS says it does not exist',
      'dns-error': mx.error ?? 'the DNS did not answer',
      mx: 'none of its MX hosts has an address',
      implicit: 'it has no MX and no address',
    }[mx.kind];
    throw new UsageError(`cannot find where mail for ${domain} goes: ${why} (smtp-lens domain ${domain} says more)`);
  }
  let last: Transcript | null = null;
  for (const [i, h] of hosts.entries()) {
    last = await probe({ ...options, host: h.host, servername: options.servername ?? h.host });
    if (last.events.some((e) => e.type === 'connected')) {
      const order =
        hosts.length === 1
          ? 'its only MX'
          : i === 0
            ? `the first of ${hosts.length} MX hosts`
            : `after ${hosts
                .slice(0, i)
                .map((x) => x.host)
                .join(', ')} did not answer`;
      const label = mx.kind === 'implicit' ? 'no MX: the domain itself' : `MX ${h.preference}`;
      // MX names come from DNS: escaped here, where they are formatted.
      process.stderr.write(`${terminalSafe(displayText(`Using ${h.host} for ${domain} (${label}, ${order}).`))}\n`);
      return last;
    }
  }
  process.stderr.write(
    terminalSafe(`No MX host of ${domain} answered on port ${options.port}; the last one tried follows.\n`),
  );
  return last as Transcript;
}

export async function probeCommand(argv: string[]): Promise<number> {
  // --from-swaks: the swaks line's options first, the ones typed beside it after (they win).
  const given = argv.some((a) => a === '--from-swaks' || a.startsWith('--from-swaks='));
  const fromSwaks = given ? (await import('./fromSwaks')).expandFromSwaks(argv) : { argv, cleanup: () => undefined };
  const parsed = await toSessionOptions(fromSwaks.argv).finally(fromSwaks.cleanup);
  if (!parsed) {
    process.stdout.write(PROBE_HELP);
    return EXIT.ok;
  }
  // Validate the output options before connecting, so a typo costs no network round trip.
  const format = parseFormat(parsed.values);
  const profile = parseShare(parsed.values.share as string | undefined);
  if (parsed.values.timings && format === 'json') {
    throw new UsageError('--timings draws a text waterfall; JSON output already has every event\'s time ("t")');
  }
  if (parsed.values.timings && format !== 'text')
    throw new UsageError(`--timings draws a text waterfall; the ${format} export has its own timings`);
  // --keylog: the file is opened (or refused) now, still before any network round trip.
  const keylog =
    parsed.values.keylog === undefined
      ? null
      : (await import('./keylogOption')).openKeylog(parsed.values.keylog as string);
  // What only some options need is loaded only for them: every run pays for what it loads.
  const waterfall = parsed.values.timings
    ? (await import('../../shared/diagram/waterfallText')).renderWaterfallText
    : null;
  if (keylog) parsed.options.onKeylog = keylog.write;
  // --tls-versions and --tls-audit run after the session, on fresh connections.
  const transcript = parsed.mxDomain
    ? await probeViaMx(parsed.mxDomain, parsed.options)
    : parsed.values['tls-audit']
      ? await (await import('../engine/tls/auditReport')).probeWithTlsAudit(parsed.options)
      : parsed.values['tls-versions']
        ? await (await import('../engine/tls/versionReport')).probeWithTlsVersions(parsed.options)
        : await probe(parsed.options);
  keylog?.close();
  const { values, options } = parsed;
  // A refusal that cites SPF or DMARC: the sender's records, looked up now, under that reply.
  if (citingReply(transcript) !== null) {
    const servers = options.resolvers ?? systemResolvers();
    const cited = servers.length
      ? await explainCitedSenderAuth(
          transcript,
          servers,
          typeof options.timeout === 'number' ? options.timeout : 10_000,
        )
      : null;
    if (cited) transcript.findings.push(...cited.findings);
  }
  const written = writeExport(transcript, {
    format,
    ...(values.out ? { out: values.out as string } : {}),
    ...(profile ? { profile } : {}),
    // The guard knows the password this run was given, in every form it takes on the wire.
    secrets: exportSecrets(options),
    ...(Array.isArray(values.ca) && values.ca.length ? { caPath: values.ca[0] as string } : {}),
    ...(values['no-color'] ? { noColor: true } : {}),
    // --timings: the waterfall after the transcript (text only: JSON already has every event's t).
    ...(waterfall
      ? {
          appendText: (t: Transcript, color: boolean) =>
            waterfall(t, { color, width: Math.min(process.stdout.columns || 100, 100) }),
        }
      : {}),
  });
  const saved = values.save ? await (await import('./historySave')).saveToHistory(transcript, options.auth) : true;
  if (!written || !saved) return EXIT.findings;
  return transcript.outcome.ok ? EXIT.ok : EXIT.findings;
}
