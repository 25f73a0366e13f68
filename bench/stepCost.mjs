// Step mode's cost must not grow with the session: 1,000 commands typed by hand (EHLO, then
// NOOP after NOOP) against the practice server's broken-extensions scenario (its own small
// server: no cap on commands before AUTH, unlike smtp-server's), each sent as the window sends it
// (SessionService.send: the exchange, then the snapshot with its transcript and findings).
// Compares the last 100 steps with the first 100 (median time of one step): target ≤ 1.2×.
import { performance } from 'node:perf_hooks';
import { importForBench } from './benchTools.mjs';
import { median } from './plainSmtp.mjs';

const STEPS = Number(process.env.BENCH_STEP_COUNT ?? 1_000);
const BLOCK = Math.min(100, Math.floor(STEPS / 2));
const RATIO_LIMIT = 1.2;

/** The lab and the session service are TypeScript: bundle them once for this process. */
const load = () =>
  importForBench(
    {
      contents:
        "export { startLab } from './main/lab/labServer';\nexport { SessionService } from './main/app/sessionService';\n",
    },
    'stepCost',
  );

export async function benchStepCost() {
  const { startLab, SessionService } = await load();
  const lab = await startLab({ basePort: 0, scenarios: ['broken-extensions'] });
  const service = new SessionService(
    () => undefined, // the window's event channel: nobody listens here
    null, // the lab service: only asked for its CA when a request trusts it
  );
  try {
    const { sessionId } = await service.create({
      host: '127.0.0.1',
      port: lab.portOf('broken-extensions'),
      tls: 'none',
      ehlo: 'bench.example',
    });
    const times = [];
    for (let i = 0; i < STEPS; i++) {
      const line = i === 0 ? 'EHLO bench.example' : 'NOOP';
      const start = performance.now();
      const { reply } = await service.send(sessionId, line);
      times.push(performance.now() - start);
      if (reply?.code !== 250) throw new Error(`step ${i} (${line}): ${reply ? reply.lines.join(' ') : 'no reply'}`);
    }
    // The first block leaves out the connect and the EHLO: they are not steps like the others.
    const first = median(times.slice(1, BLOCK + 1));
    const last = median(times.slice(-BLOCK));
    service.dispose();
    return {
      name: `step cost: median of the last ${BLOCK} of ${STEPS.toLocaleString('en')} typed commands vs the first ${BLOCK}`,
      ours: `${last.toFixed(2)} ms`,
      peer: `${first.toFixed(2)} ms`,
      ratio: last / first,
      limit: RATIO_LIMIT,
      target: `≤ ${RATIO_LIMIT}× (no growth with the session)`,
    };
  } finally {
    await lab.close();
  }
}
