// The practice server's scenarios as the UI, the CLI and the docs describe them. Names are
// stable: trainers' notes and tests refer to them. The ORDER is stable too: each
// scenario listens on basePort + its index, so appending is fine and reordering is not.
import { DELAY_SCENARIOS } from './scenariosDelays';
import { SUBMISSION_SCENARIOS } from './scenariosSubmission';
import { TLS_SCENARIOS } from './scenariosTls';
import { TRAP_SCENARIOS } from './scenariosTraps';
import type { ScenarioInfo } from './scenarioTypes';

export * from './scenarioTypes';

export const SCENARIOS: readonly ScenarioInfo[] = [
  ...SUBMISSION_SCENARIOS,
  ...TLS_SCENARIOS,
  ...DELAY_SCENARIOS,
  ...TRAP_SCENARIOS,
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

export function scenarioInfo(name: string): ScenarioInfo | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/** The fixed offset of a scenario from the base port: its place in the catalog. */
export function scenarioOffset(name: string): number {
  const index = SCENARIO_NAMES.indexOf(name);
  if (index === -1) throw new Error(`unknown practice scenario "${name}"`);
  return index;
}
