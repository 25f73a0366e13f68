// `npm run bench`: every benchmark as a ratio against a peer run side by side, never as an
// absolute time (absolute times depend on the machine; ratios much less). Ends with one table.
// `--short` (or BENCH_SHORT=1): few runs of each (bench/short.mjs).
//
// A bench module exports a function returning one result or several, each
//   { name, ours, peer, ratio, limit, ok?, target?, skipped? }
// ratio ≤ limit passes; `ok: false` fails it anyway (an absolute target the issue sets beside
// the ratio, described by `target`); `skipped` (a reason) when its peer or server is missing.
// A new bench: one import below and one entry in `benches`.
import './runtime.mjs'; // first of all: the Node package.json asks for (bench/runtime.mjs)
import { SHORT } from './short.mjs'; // first: sets the short run counts before the benches load
import { benchAppChromium } from './appChromium.mjs';
import { benchCliStartup } from './cliStartup.mjs';
import { benchCliVsSwaks } from './cliVsSwaks.mjs';
import { benchDomain } from './domain.mjs';
import { benchEngineInProcess } from './engineInProcess.mjs';
import { benchExplain } from './explain.mjs';
import { benchExplainTab } from './explainTab.mjs';
import { benchExport } from './export.mjs';
import { benchLabStart } from './labStart.mjs';
import { benchListen } from './listen.mjs';
import { benchManyHosts } from './manyHosts.mjs';
import { benchStepCost } from './stepCost.mjs';
import { benchSweep } from './sweep.mjs';
import { benchTlsAudit } from './tlsAudit.mjs';

const benches = [
  benchCliStartup,
  benchLabStart,
  benchSweep,
  benchDomain,
  benchManyHosts,
  benchExport,
  benchStepCost,
  benchExplain,
  benchExplainTab,
  benchAppChromium,
  benchListen,
  benchTlsAudit,
  benchCliVsSwaks,
  benchEngineInProcess,
];

/** "≤ 2.0×", and the absolute target beside it when the bench has one. */
const targetOf = (r) =>
  [r.limit === undefined ? null : `≤ ${r.limit.toFixed(1)}×`, r.target].filter(Boolean).join(', ') || '-';

const rows = [];
let failed = 0;
for (const bench of benches) {
  let results;
  try {
    results = [await bench()].flat();
  } catch (error) {
    // One broken bench fails its row, not the table.
    failed++;
    rows.push([bench.name, '-', '-', '-', '-', `FAIL: ${error.message.split('\n')[0]}`]);
    console.log(`error ${bench.name}: ${error.stack ?? error}`);
    continue;
  }
  for (const r of results) {
    if (r.skipped) {
      rows.push([r.name, '-', '-', '-', targetOf(r), `skip: ${r.skipped}`]);
      console.log(`skip ${r.name}: ${r.skipped}`);
      continue;
    }
    const ok = r.ratio <= r.limit && r.ok !== false;
    if (!ok) failed++;
    rows.push([r.name, r.ours, r.peer, `${r.ratio.toFixed(2)}×`, targetOf(r), ok ? 'pass' : 'FAIL']);
    // One line as each result comes in (progress); the table at the end is the record.
    console.log(`${ok ? 'ok  ' : 'SLOW'} ${r.name}: ours ${r.ours}, peer ${r.peer}, ratio ${r.ratio.toFixed(2)}`);
  }
}

const head = ['measure', 'ours', 'peer', 'ratio', 'target', 'pass/fail'];
const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) =>
  cells
    .map((c, i) => (i === 3 ? String(c).padStart(width[i]) : String(c).padEnd(width[i])))
    .join(' | ')
    .trimEnd();
console.log(
  `\nbench${SHORT ? ' (short: few runs, a rough reading)' : ''}: ${rows.length - failed} of ${rows.length} not failing`,
);
console.log(line(head));
console.log(width.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
process.exitCode = failed ? 1 : 0;
