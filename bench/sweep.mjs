// `smtp-lens sweep` over several ports against `smtp-lens probe` of the slowest of them alone,
// run alternately so both see the same machine load (a sweep should take about as long as
// its slowest port, not the sum). Ports: the practice server's scenarios and a plain server
// whose greeting comes after 1 s, which is the slowest. (An implicit-TLS port would be slower
// still, 3 s of auto-detection, and would make the ratio easier to meet; it is left out.)
import { spawn } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 7);
const BANNER_DELAY_MS = 1_000;
const SCENARIOS = ['submission-ok', 'relay-denied', 'no-starttls', 'missing-intermediate', 'hostname-mismatch'];
const BIN = 'bin/smtp-lens.js';

/** Plain SMTP, no STARTTLS: the 220 comes after BANNER_DELAY_MS. */
function startSlowBanner() {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    const timer = setTimeout(() => socket.write('220 slow.example.test ESMTP\r\n'), BANNER_DELAY_MS);
    socket.on('close', () => clearTimeout(timer));
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const verb = buffer.slice(0, nl).trim().split(' ')[0].toUpperCase();
        buffer = buffer.slice(nl + 1);
        if (verb === 'EHLO') socket.write('250-slow.example.test\r\n250 PIPELINING\r\n');
        else if (verb === 'QUIT') socket.end('221 Bye\r\n');
        else socket.write('502 5.5.1 No\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The practice server as a user starts it; resolves with its --json table once printed. */
function startLab() {
  const base = 20_000 + Math.floor(Math.random() * 12_000);
  const args = [BIN, 'lab', '--json', '--base-port', String(base), ...SCENARIOS.flatMap((s) => ['--scenario', s])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`smtp-lens lab exited ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      try {
        resolve({ child, table: JSON.parse(out) });
      } catch {
        // not all of it yet
      }
    });
  });
}

/** Asynchronous on purpose: the slow server lives in this process, and spawnSync would stop
 * its event loop (and its greeting) while the child waits for it. */
function time(args) {
  const start = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      // 0 or 1: the command ran (1 means it has error findings, as some scenarios do).
      if (code !== 0 && code !== 1) reject(new Error(`smtp-lens ${args.join(' ')} exited ${code}`));
      else resolve(performance.now() - start);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchSweep() {
  const slow = await startSlowBanner();
  const { child: lab, table } = await startLab();
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
    await time(sweepAll);
    const single = [];
    for (const port of ports) single.push({ port, ms: await time(probeOf(port)) });
    const slowest = single.reduce((a, b) => (b.ms > a.ms ? b : a));
    const ours = [];
    const peer = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await time(sweepAll));
      peer.push(await time(probeOf(slowest.port)));
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
