// `smtp-lens sweep` over several ports against `smtp-lens probe` of the slowest of them alone,
// run alternately so both see the same machine load (a sweep should take about as long as
// its slowest port, not the sum). Ports: the practice server's scenarios and a plain server
// whose greeting comes after 1 s, which is the slowest. (An implicit-TLS port would be slower
// still, 3 s of auto-detection, and would make the ratio easier to meet; it is left out.)
import net from 'node:net';
import { startLab } from './benchTools.mjs';
import { median, startPlainSmtp, timeCli } from './plainSmtp.mjs';

const RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 7);
const BANNER_DELAY_MS = 1_000;
const SCENARIOS = ['submission-ok', 'relay-denied', 'no-starttls', 'missing-intermediate', 'hostname-mismatch'];

const startSlowBanner = () => startPlainSmtp({ delay: BANNER_DELAY_MS, name: 'slow.example.test' });

async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function benchSweep() {
  const slow = await startSlowBanner();
  const { child: lab, table } = await startLab(SCENARIOS);
  try {
    const tlsArgs = ['--servername', table.servername, '--ca', table.rootCa];
    // The slow port first: with more ports than the sweep's concurrency it starts at once.
    const ports = [slow.address().port, ...table.scenarios.map((s) => s.port), await closedPort()];
    const probeOf = (port) => [
      'probe',
      '127.0.0.1',
      '--port',
      String(port),
      '--tls',
      'auto',
      '--quit-after',
      'tls',
      '--json',
      ...tlsArgs,
    ];
    const sweepAll = ['sweep', '127.0.0.1', '--ports', ports.join(','), '--json', ...tlsArgs];
    // Which port is slowest alone? Each once, after a warm-up of the file cache.
    await timeCli(sweepAll);
    const single = [];
    for (const port of ports) single.push({ port, ms: await timeCli(probeOf(port)) });
    const slowest = single.reduce((a, b) => (b.ms > a.ms ? b : a));
    const ours = [];
    const peer = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timeCli(sweepAll));
      peer.push(await timeCli(probeOf(slowest.port)));
    }
    const [s, p] = [median(ours), median(peer)];
    return {
      name: `sweep of ${ports.length} ports vs probe of the slowest alone (${slowest.port === ports[0] ? `the ${BANNER_DELAY_MS} ms greeting` : `port ${slowest.port}`})`,
      ours: `${s.toFixed(0)} ms`,
      peer: `${p.toFixed(0)} ms`,
      ratio: s / p,
      limit: 1.3,
    };
  } finally {
    lab.removeAllListeners('exit');
    lab.kill('SIGTERM');
    slow.close();
  }
}
