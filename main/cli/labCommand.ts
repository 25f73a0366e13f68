import { parseArgs } from 'node:util';
import { scenarioInfo } from '../../shared/lab/scenarioCatalog';
import { LAB_HOST, startLab, IMPLEMENTED_SCENARIOS } from '../lab/labServer';
import { LAB_HELP } from './help';
import { EXIT, UsageError, parsePort } from './usage';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]))).join('  ')).join('\n');
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
    if (!IMPLEMENTED_SCENARIOS.includes(name)) throw new UsageError(`unknown scenario "${name}" (scenarios: ${IMPLEMENTED_SCENARIOS.join(', ')})`);
  }
  const basePort = values['base-port'] === undefined ? undefined : parsePort(values['base-port'], '--base-port');
  const lab = await startLab({ ...(values.scenario ? { scenarios: values.scenario } : {}), ...(basePort ? { basePort } : {}) });
  const rows = lab.scenarios.map((s) => ({ scenario: s.name, host: LAB_HOST, port: s.port, simulates: scenarioInfo(s.name)?.summary ?? '' }));
  if (values.json) {
    process.stdout.write(JSON.stringify({ rootCa: lab.rootCaPath, scenarios: rows }, null, 2) + '\n');
  } else {
    process.stdout.write(`SMTP Lens practice server — listening on ${LAB_HOST} only. Ctrl-C to stop.\n\n`);
    process.stdout.write(table([['SCENARIO', 'PORT', 'WHAT IT SIMULATES'], ...rows.map((r) => [r.scenario, String(r.port), r.simulates])]) + '\n\n');
    process.stdout.write(`Root CA (trust it with --ca): ${lab.rootCaPath}\n`);
    const first = rows[0];
    if (first) process.stdout.write(`Try: smtp-lens probe ${LAB_HOST} --port ${first.port} --servername mail.lab.test --ca ${lab.rootCaPath}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.close();
  return EXIT.ok;
}
