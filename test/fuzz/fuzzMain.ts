// `npm run fuzz -- --sessions 10000 [--seed N] [--concurrency N]`: the long fuzz run, with the
// figures a reviewer asks for. Exits 1 if any session crashed, hung or broke an invariant.
import { parseArgs } from 'node:util';
import { runFuzz, type FuzzStats } from './fuzzRun';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
  },
});
const sessions = Number(values.sessions);
const processCrashes: string[] = [];
// An exception no session caught would end the app's main process: count it, keep going.
process.on('uncaughtException', (err) => processCrashes.push(err.stack ?? String(err)));
process.on('unhandledRejection', (err) => processCrashes.push(`unhandled rejection: ${String(err)}`));

const started = Date.now();
let lastReport = 0;
const progress = (done: number, s: FuzzStats) => {
  if (Date.now() - lastReport < 10_000 && done !== sessions) return;
  lastReport = Date.now();
  console.log(
    `${done}/${sessions} sessions · crashes ${s.crashes.length + processCrashes.length} · hangs ${s.hangs.length} · peak RSS ${s.peakRssMiB} MiB`,
  );
};
const stats = await runFuzz({
  sessions,
  firstSeed: Number(values.seed),
  concurrency: Number(values.concurrency),
  onProgress: progress,
});
const problems = {
  crashes: [...stats.crashes.map((p) => `seed ${p.seed}: ${p.what}`), ...processCrashes],
  hangs: stats.hangs,
  badTranscripts: stats.badTranscripts,
  unsafeText: stats.unsafeText,
  secretLeaks: stats.secretLeaks,
};
console.log('');
console.log(`sessions:            ${stats.sessions} (seeds ${values.seed} to ${Number(values.seed) + sessions - 1})`);
console.log(`events recorded:     ${stats.events}`);
console.log(`crashes:             ${problems.crashes.length}`);
console.log(`hangs:               ${stats.hangs.length}`);
console.log(`invalid transcripts: ${stats.badTranscripts.length}`);
console.log(`unsafe text:         ${stats.unsafeText.length}`);
console.log(`secret leaks:        ${stats.secretLeaks.length}`);
console.log(`peak memory (RSS):   ${stats.peakRssMiB} MiB`);
console.log(`longest session:     ${stats.longestSessionMs} ms`);
console.log(`wall time:           ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(
  `outcomes:            ${Object.entries(stats.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
for (const [name, list] of Object.entries(problems)) {
  for (const p of list.slice(0, 5))
    console.log(`  ${name}: ${typeof p === 'string' ? p : `seed ${p.seed}: ${p.what}`}`);
}
process.exit(Object.values(problems).some((l) => l.length) ? 1 : 0);
