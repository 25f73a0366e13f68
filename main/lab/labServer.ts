import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_LAB_BASE_PORT,
  DEFAULT_LAB_TIMING,
  SCENARIO_NAMES,
  scenarioOffset,
  type LabTiming,
} from '../../shared/lab/scenarioCatalog';
import { createTestPki, type TestPki } from './pki';
import type { ReceivedMessage } from './scenarioBehaviour';
import { SCENARIO_FACTORIES } from './scenarioFactories';

export type { ReceivedMessage } from './scenarioBehaviour';

/** The practice server only ever listens on loopback: it exists to misbehave on purpose. */
export const LAB_HOST = '127.0.0.1';

/** How many received messages the lab keeps (oldest dropped first): enough for the UI, and
 * bounded however long the lab runs. */
export const MAX_RECEIVED_MESSAGES = 50;

export interface RunningScenario {
  name: string;
  port: number;
}

export interface Lab {
  scenarios: RunningScenario[];
  pki: TestPki;
  /** Where the root CA was written, for `--ca` and other clients (swaks, openssl, Thunderbird). */
  rootCaPath: string;
  /** The last messages accepted by any scenario (at most maxReceived), oldest first. */
  received: ReceivedMessage[];
  /** The received messages of one scenario (or all), oldest first. */
  messages(scenario?: string): ReceivedMessage[];
  portOf(name: string): number;
  close(): Promise<void>;
}

export interface LabOptions {
  /** Scenario names; all by default. */
  scenarios?: string[];
  /** First port; a scenario listens on basePort + its place in the catalog. 0 picks free ports. */
  basePort?: number;
  /** Folder for the root CA file; a fresh temporary folder by default. */
  dataDir?: string;
  /** Shorter delays for tests; the defaults are what users see. */
  timing?: Partial<LabTiming>;
  /** How many received messages to keep (default MAX_RECEIVED_MESSAGES). */
  maxReceived?: number;
  /** The greylist's clock, so a test can move time instead of waiting for it. */
  clock?: () => number;
}

/** Every scenario of the catalog has a server; the unit test keeps it that way. */
export const IMPLEMENTED_SCENARIOS: readonly string[] = SCENARIO_NAMES.filter((name) => name in SCENARIO_FACTORIES);

/** A port conflict, named by scenario so the CLI can say which port to free. */
export class LabPortError extends Error {
  constructor(
    readonly scenario: string,
    readonly port: number,
    readonly code: string,
  ) {
    super(`cannot listen on ${LAB_HOST}:${port} for scenario ${scenario} (${code})`);
  }
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const names = options.scenarios ?? IMPLEMENTED_SCENARIOS;
  for (const name of names) {
    if (!(name in SCENARIO_FACTORIES))
      throw new Error(`unknown practice scenario "${name}" (known: ${IMPLEMENTED_SCENARIOS.join(', ')})`);
  }
  const basePort = options.basePort ?? DEFAULT_LAB_BASE_PORT;
  const [pki, dir] = await Promise.all([
    createTestPki(),
    options.dataDir ?? mkdtemp(path.join(tmpdir(), 'smtp-lens-lab-')),
  ]);
  const paths = await pki.writeTo(dir);
  const received: ReceivedMessage[] = [];
  const keep = options.maxReceived ?? MAX_RECEIVED_MESSAGES;
  const onMessage = (m: ReceivedMessage) => {
    received.push(m);
    // Trim on insert: the array the UI reads never grows past the bound.
    if (received.length > keep) received.splice(0, received.length - keep);
  };
  const ctx = {
    pki,
    onMessage,
    timing: { ...DEFAULT_LAB_TIMING, ...options.timing },
    clock: options.clock ?? Date.now,
  };
  const listeners = names.map((name) => ({ name, listener: SCENARIO_FACTORIES[name]!(ctx) }));
  const closeAll = () => Promise.all(listeners.map((l) => l.listener.close())).then(() => undefined);
  let scenarios: RunningScenario[];
  try {
    // In parallel: binding sixteen ports one after another is what would make start-up slow.
    scenarios = await Promise.all(
      listeners.map(async ({ name, listener }) => {
        const wanted = basePort === 0 ? 0 : basePort + scenarioOffset(name);
        try {
          return { name, port: await listener.listen(wanted, LAB_HOST) };
        } catch (err) {
          throw new LabPortError(name, wanted, (err as NodeJS.ErrnoException).code ?? 'ERROR');
        }
      }),
    );
  } catch (err) {
    await closeAll();
    throw err;
  }
  return {
    scenarios,
    pki,
    rootCaPath: paths.root,
    received,
    messages: (scenario) => received.filter((m) => !scenario || m.scenario === scenario),
    portOf(name) {
      const found = scenarios.find((s) => s.name === name);
      if (!found) throw new Error(`scenario ${name} is not running`);
      return found.port;
    },
    close: closeAll,
  };
}
