import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SMTPServer } from 'smtp-server';
import { DEFAULT_LAB_BASE_PORT, SCENARIOS } from '../../shared/lab/scenarioCatalog';
import { createTestPki, type TestPki } from './pki';
import { createScenarioServer, SCENARIO_FACTORIES, type ReceivedMessage } from './scenarioBehaviour';

/** The practice server only ever listens on loopback: it exists to misbehave on purpose. */
export const LAB_HOST = '127.0.0.1';

export interface RunningScenario {
  name: string;
  port: number;
}

export interface Lab {
  scenarios: RunningScenario[];
  pki: TestPki;
  /** Where the root CA was written, for `--ca` and other clients (swaks, openssl, Thunderbird). */
  rootCaPath: string;
  received: ReceivedMessage[];
  portOf(name: string): number;
  close(): Promise<void>;
}

export interface LabOptions {
  /** Scenario names; all by default. */
  scenarios?: string[];
  /** First port; scenario i listens on basePort + i. 0 picks free ports. */
  basePort?: number;
  /** Folder for the root CA file; a fresh temporary folder by default. */
  dataDir?: string;
}

export const IMPLEMENTED_SCENARIOS = SCENARIOS.map((s) => s.name).filter((name) => name in SCENARIO_FACTORIES);

function listen(server: SMTPServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LAB_HOST, () => {
      server.removeListener('error', reject);
      // smtp-server keeps its net.Server in .server.
      const address = (server as unknown as { server: import('node:net').Server }).server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const names = options.scenarios ?? IMPLEMENTED_SCENARIOS;
  for (const name of names) {
    if (!(name in SCENARIO_FACTORIES)) throw new Error(`unknown practice scenario "${name}" (known: ${IMPLEMENTED_SCENARIOS.join(', ')})`);
  }
  const pki = await createTestPki();
  const dir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'smtp-lens-lab-')));
  const paths = await pki.writeTo(dir);
  const received: ReceivedMessage[] = [];
  const ctx = { pki, onMessage: (m: ReceivedMessage) => received.push(m) };
  const servers: SMTPServer[] = [];
  const scenarios: RunningScenario[] = [];
  const basePort = options.basePort ?? DEFAULT_LAB_BASE_PORT;
  try {
    for (const name of names) {
      const server = createScenarioServer(name, ctx);
      servers.push(server);
      const port = await listen(server, basePort === 0 ? 0 : basePort + SCENARIOS.findIndex((s) => s.name === name));
      scenarios.push({ name, port });
    }
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    throw err;
  }
  return {
    scenarios,
    pki,
    rootCaPath: paths.root,
    received,
    portOf(name) {
      const found = scenarios.find((s) => s.name === name);
      if (!found) throw new Error(`scenario ${name} is not running`);
      return found.port;
    },
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
  };
}
