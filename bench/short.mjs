// `node bench/run.mjs --short` (or BENCH_SHORT=1): every bench with few runs, for a quick
// reading (.ci/run prints it after the tests, for the record). Imported first by run.mjs, so
// these are set before any bench module reads its run count at load. A value already in the
// environment wins. A new bench with its own run count: add its variable here.
export const SHORT = process.argv.includes('--short') || process.env.BENCH_SHORT === '1';

const RUNS = {
  BENCH_RUNS: 5, // cliStartup
  BENCH_LAB_RUNS: 2, // labStart
  BENCH_SWEEP_RUNS: 3, // sweep
  BENCH_DOMAIN_RUNS: 3, // domain
  BENCH_MANY_RUNS: 3, // manyHosts
  BENCH_EXPORT_RUNS: 1, // export (still 100,000 events: the absolute target is for that size)
  BENCH_EXPLAIN_RUNS: 1, // explain
  BENCH_EXPLAIN_TAB_RUNS: 3, // explainTab
  BENCH_APP_CHROMIUM_RUNS: 3, // appChromium
  BENCH_LISTEN_RUNS: 1, // listen
  BENCH_AUDIT_RUNS: 1, // tlsAudit
  BENCH_CLI_RUNS: 3, // cliVsSwaks
  BENCH_ENGINE_RUNS: 5, // engineInProcess
};

if (SHORT) for (const [name, value] of Object.entries(RUNS)) process.env[name] ??= String(value);
