// `npm run bench`: every benchmark as a ratio against a peer run side by side, never as an
// absolute time (absolute times depend on the machine; ratios much less).
import { benchCliStartup } from './cliStartup.mjs';

const benches = [benchCliStartup];
let failed = 0;
for (const bench of benches) {
  const r = await bench();
  const ok = r.ratio <= r.limit;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'SLOW'} ${r.name}: ours ${r.ours}, peer ${r.peer}, ratio ${r.ratio.toFixed(2)} (limit ${r.limit})`);
}
process.exitCode = failed ? 1 : 0;
