// `npm run bench`: every benchmark as a ratio against a peer run side by side, never as an
// absolute time (absolute times depend on the machine; ratios much less).
import { benchCliStartup } from './cliStartup.mjs';
import { benchSweep } from './sweep.mjs';
import { benchDomain } from './domain.mjs';
import { benchExport } from './export.mjs';
import { benchExplain } from './explain.mjs';
import { benchExplainTab } from './explainTab.mjs';
import { benchListen } from './listen.mjs';
import { benchLabStart } from './labStart.mjs';
import { benchTlsAudit } from './tlsAudit.mjs';

const benches = [
  benchCliStartup,
  benchLabStart,
  benchSweep,
  benchDomain,
  benchExport,
  benchExplain,
  benchExplainTab,
  benchListen,
  benchTlsAudit,
];
let failed = 0;
for (const bench of benches) {
  // A bench returns one result or several (export: one per format); `ok: false` marks a
  // result over an absolute limit the issue sets beside the ratio.
  for (const r of [await bench()].flat()) {
    if (r.skipped) {
      console.log(`skip ${r.name}: ${r.skipped}`);
      continue;
    }
    const ok = r.ratio <= r.limit && r.ok !== false;
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'SLOW'} ${r.name}: ours ${r.ours}, peer ${r.peer}, ratio ${r.ratio.toFixed(2)} (limit ${r.limit})`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
