// `smtp-lens domain` of a 3-MX domain against `smtp-lens probe` of its slowest MX alone, run
// alternately so both see the same load: the MX hosts are probed side by side, so the whole
// report should take about as long as the slowest MX, not the sum. The MX hosts are plain
// servers on 127.0.0.2-4 whose greetings come after 300, 600 and 1,000 ms; the domain's DNS
// is a small authoritative stub in this process (dns-packet), answering MX, A and nothing else.
import { spawn } from 'node:child_process';
import { median, startPlainSmtp, timeCli } from './plainSmtp.mjs';
import { startDns } from './benchTools.mjs';

const RUNS = Number(process.env.BENCH_DOMAIN_RUNS ?? 7);
const BIN = 'bin/smtp-lens.js';
const DOMAIN = 'bench.test';
const HOSTS = [
  { host: `mx1.${DOMAIN}`, address: '127.0.0.2', delay: 300 },
  { host: `mx2.${DOMAIN}`, address: '127.0.0.3', delay: 600 },
  { host: `mx3.${DOMAIN}`, address: '127.0.0.4', delay: 1_000 },
];

const startMx = ({ address, delay }, port) => startPlainSmtp({ address, port, delay, name: 'mx.bench.test' });

/** The report must really hold three probes that each got a greeting, or the bench measures nothing. */
function checkReport(args) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on('exit', () => {
      const report = JSON.parse(out);
      const greeted = report.probes.filter((p) =>
        p.transcript.events.some((e) => e.type === 'reply' && e.code === 220),
      );
      if (greeted.length !== HOSTS.length)
        reject(new Error(`the domain report probed ${greeted.length} of ${HOSTS.length} MX`));
      else resolve();
    }),
  );
}

export async function benchDomain() {
  const first = await startMx(HOSTS[0], 0);
  const port = first.address().port;
  const servers = [first, ...(await Promise.all(HOSTS.slice(1).map((h) => startMx(h, port))))];
  const dns = await startDns({ [DOMAIN]: HOSTS });
  try {
    const resolver = `127.0.0.1:${dns.address().port}`;
    const domain = ['domain', DOMAIN, '--resolver', resolver, '--port', String(port), '--json'];
    const slowest = HOSTS[HOSTS.length - 1];
    const probeSlowest = [
      'probe',
      slowest.address,
      '--port',
      String(port),
      '--tls',
      'starttls',
      '--quit-after',
      'tls',
      '--json',
    ];
    await checkReport(domain); // and warms the file cache
    const ours = [];
    const peer = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timeCli(domain));
      peer.push(await timeCli(probeSlowest));
    }
    const [d, p] = [median(ours), median(peer)];
    return {
      name: `domain of ${HOSTS.length} MX vs probe of the slowest MX alone (${slowest.delay} ms greeting)`,
      ours: `${d.toFixed(0)} ms`,
      peer: `${p.toFixed(0)} ms`,
      ratio: d / p,
      limit: 1.3,
    };
  } finally {
    for (const s of servers) s.close();
    dns.close();
  }
}
