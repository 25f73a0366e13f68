import { parseArgs } from 'node:util';
import { parseMailTarget } from '../../shared/domainName';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';
import { checkDomain } from '../engine/domain/domainReport';
import { renderDomainText } from './domainText';
import { DOMAIN_HELP } from './help';
import { resolversOrSystem } from './resolverOption';
import { EXIT, UsageError, parsePort, parsePositiveInt, readOptionFile } from './usage';

const OPTIONS = {
  resolver: { type: 'string', multiple: true },
  port: { type: 'string' },
  ca: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'no-probe': { type: 'boolean' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Long enough for a slow resolver or MX, short enough that a dead one does not stall the run. */
const DEFAULT_TIMEOUT_MS = 10_000;

export async function domainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
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
  const report = await checkDomain(target.domain, {
    resolvers: resolversOrSystem(values.resolver),
    port: values.port === undefined ? 25 : parsePort(values.port),
    timeoutMs: parsePositiveInt(values.timeout, '--timeout') ?? DEFAULT_TIMEOUT_MS,
    probe: !values['no-probe'],
    ...(values.ca ? { ca: values.ca.map((f) => readOptionFile(f, '--ca')) } : {}),
  });
  if (values.json) process.stdout.write(`${jsonSafe(JSON.stringify(report, null, 2))}\n`);
  else {
    const color = process.stdout.isTTY && !values['no-color'] && !process.env.NO_COLOR;
    process.stdout.write(terminalSafe(renderDomainText(report, color, Math.min(process.stdout.columns || 100, 120))));
  }
  const problems = report.findings.some((f) => f.severity === 'error');
  const delivered = /^A sending MTA would deliver to \S+ over verified TLS/.test(report.verdict);
  return !problems && delivered ? EXIT.ok : EXIT.findings;
}
