import { parseArgs } from 'node:util';
import { wrap } from '../../shared/export/wrap';
import { LAB_HOSTNAME, LAB_PASSWORD, LAB_USER, SCENARIO_NAMES, scenarioInfo } from '../../shared/lab/scenarioCatalog';
import { IMPLEMENTED_SCENARIOS, LAB_HOST, LabPortError, startLab } from '../lab/labServer';
import { LAB_HELP } from './help';
import { EXIT, UsageError, parsePort } from './usage';

interface Row {
  scenario: string;
  host: string;
  port: number;
  simulates: string;
}

/** Columns padded to the widest cell; the last column wraps under itself to fit `width`. */
function table(header: string[], rows: string[][], width: number | null): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((r) => r[col]!.length)));
  const indent = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  return all
    .map((r) => {
      const lead = r
        .slice(0, -1)
        .map((cell, col) => `${cell.padEnd(widths[col]!)}  `)
        .join('');
      const last = r.at(-1)!;
      const lines = width && width - indent >= 30 ? wrap(last, width - indent) : [last];
      return lines.map((line, i) => (i === 0 ? lead : ' '.repeat(indent)) + line).join('\n');
    })
    .join('\n');
}

/** The highest offset a scenario can have: --base-port must leave room for it. */
const LAST_OFFSET = SCENARIO_NAMES.length - 1;

function parseBasePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = parsePort(value, '--base-port');
  if (port + LAST_OFFSET > 65535)
    throw new UsageError(
      `--base-port must be at most ${65535 - LAST_OFFSET}: the scenarios use ${LAST_OFFSET + 1} ports from it`,
    );
  return port;
}

function waitForStop(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** `smtp-lens lab`: the practice server, on 127.0.0.1 only, until Ctrl-C. */
export async function labCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', multiple: true },
      'base-port': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(LAB_HELP);
    return EXIT.ok;
  }
  for (const name of values.scenario ?? []) {
    if (!IMPLEMENTED_SCENARIOS.includes(name))
      throw new UsageError(`unknown scenario "${name}" (scenarios: ${IMPLEMENTED_SCENARIOS.join(', ')})`);
  }
  const basePort = parseBasePort(values['base-port']);
  // Listen for Ctrl-C before starting, so one pressed during start-up still stops cleanly.
  const stop = waitForStop();
  const started = performance.now();
  const lab = await startLab({
    ...(values.scenario ? { scenarios: [...new Set(values.scenario)] } : {}),
    ...(basePort ? { basePort } : {}),
  }).catch((err: unknown) => {
    if (err instanceof LabPortError) {
      throw new UsageError(
        `port ${err.port} for scenario ${err.scenario} is not available (${err.code}); choose another --base-port or fewer --scenario`,
      );
    }
    throw err;
  });
  const startedInMs = Math.round(performance.now() - started);
  const rows: Row[] = lab.scenarios.map((s) => ({
    scenario: s.name,
    host: LAB_HOST,
    port: s.port,
    simulates: scenarioInfo(s.name)?.summary ?? '',
  }));
  if (values.json) {
    const out = {
      rootCa: lab.rootCaPath,
      host: LAB_HOST,
      servername: LAB_HOSTNAME,
      user: LAB_USER,
      password: LAB_PASSWORD,
      startedInMs,
      scenarios: rows,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const width = process.stdout.isTTY ? process.stdout.columns || 100 : null;
    process.stdout.write(`SMTP Lens practice server — listening on ${LAB_HOST} only. Ctrl-C to stop.\n\n`);
    process.stdout.write(
      `${table(
        ['SCENARIO', 'PORT', 'WHAT IT SIMULATES'],
        rows.map((r) => [r.scenario, String(r.port), r.simulates]),
        width,
      )}\n\n`,
    );
    process.stdout.write(`Root CA (trust it with --ca): ${lab.rootCaPath}\n`);
    const first = rows[0];
    if (first) {
      process.stdout.write(
        `Try: smtp-lens probe ${LAB_HOST} --port ${first.port} --servername ${LAB_HOSTNAME} --ca ${lab.rootCaPath}\n`,
      );
    }
    process.stdout.write(`Started ${rows.length} scenario${rows.length === 1 ? '' : 's'} in ${startedInMs} ms.\n`);
  }
  await stop;
  await lab.close();
  return EXIT.ok;
}
