import { isIP } from '../engine/ipLiteral';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { APP_VERSION } from '../../shared/appInfo';
import { parseMailTarget } from '../../shared/domainName';
import { type DomainReport, deliversOverVerifiedTls } from '../../shared/domain';
import { exportDomain } from '../../shared/export/domainExport';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';
import { DOMAIN_TIMEOUT_MS, checkDomain } from '../engine/domain/domainReport';
import { parseFormat } from './exportOutput';
import { DOMAIN_HELP } from './help';
import { saveToHistory } from './historySave';
import { resolversOrSystem } from './resolverOption';
import { routeOptions } from './proxyOption';
import { EXIT, UsageError, parsePort, parsePositiveInt, readOptionFile } from './usage';
import { fillFromProfile, loadProfile } from './profileOption';

const OPTIONS = {
  resolver: { type: 'string', multiple: true },
  port: { type: 'string' },
  ca: { type: 'string', multiple: true },
  bind: { type: 'string' },
  proxy: { type: 'string' },
  'proxy-pass-env': { type: 'string' },
  timeout: { type: 'string' },
  'no-probe': { type: 'boolean' },
  'sender-domain': { type: 'string' },
  'sender-ip': { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  save: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function senderOptions(values: { 'sender-domain'?: string; 'sender-ip'?: string }) {
  const ip = values['sender-ip'];
  if (ip !== undefined && !isIP(ip)) throw new UsageError(`--sender-ip: "${ip}" is not an IP address`);
  if (ip !== undefined && values['sender-domain'] === undefined)
    throw new UsageError('--sender-ip needs --sender-domain: the domain whose SPF is evaluated for that address');
  const given = values['sender-domain'];
  if (given === undefined) return {};
  const sender = parseMailTarget(given);
  if ('problem' in sender) throw new UsageError(`--sender-domain: ${sender.problem}`);
  return { senderDomain: sender.domain, ...(ip ? { senderIp: ip } : {}) };
}

/** Exit codes as for probe: 0 when a sender would deliver over verified TLS and nothing is an error. */
const exitCode = (r: DomainReport) =>
  !r.findings.some((f) => f.severity === 'error') && deliversOverVerifiedTls(r) ? EXIT.ok : EXIT.findings;

export async function domainCommand(argv: string[]): Promise<number> {
  const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const { positionals } = parsed;
  // --profile: a saved server's route, trust and timeout (not its host or port: a domain's MX
  // hosts are found, and probed on 25 unless --port says otherwise).
  const base = parsed.values.help ? null : await loadProfile(parsed.values.profile);
  const values = fillFromProfile(parsed.values, base, ['bind', 'proxy', 'timeout']);
  if (values.help) {
    process.stdout.write(DOMAIN_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length
        ? `expected one domain or address, got ${positionals.join(' ')}`
        : 'missing the domain: smtp-lens domain example.com (or an address, bob@example.com)',
    );
  const target = parseMailTarget(positionals[0]);
  if ('problem' in target) throw new UsageError(target.problem);
  const format = parseFormat(values);
  const report = await checkDomain(target.domain, {
    resolvers: resolversOrSystem(values.resolver),
    port: values.port === undefined ? 25 : parsePort(values.port),
    timeoutMs: parsePositiveInt(values.timeout, '--timeout') ?? DOMAIN_TIMEOUT_MS,
    probe: !values['no-probe'],
    ...(values.ca
      ? { ca: values.ca.map((f) => readOptionFile(f, '--ca')) }
      : base?.caPems.length
        ? { ca: base.caPems }
        : {}),
    ...senderOptions(values),
    ...(await routeOptions(values)),
  });
  const color =
    !values.out && format === 'text' && process.stdout.isTTY && !values['no-color'] && !process.env.NO_COLOR;
  const file = exportDomain(report, format, {
    version: APP_VERSION,
    color: Boolean(color),
    width: Math.min(process.stdout.columns || 100, 120),
  });
  if (values.out) {
    writeFileSync(values.out, file.content);
    process.stderr.write(`Wrote ${values.out}\n`);
  } else process.stdout.write(format === 'json' ? jsonSafe(file.content) : terminalSafe(file.content));
  // --save: each MX's probe is a session like any other, and goes to the history as one.
  if (values.save) for (const p of report.probes) await saveToHistory(p.transcript, undefined);
  return exitCode(report);
}
