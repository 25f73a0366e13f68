// `smtp-lens domain` of a 3-MX domain against `smtp-lens probe` of its slowest MX alone, run
// alternately so both see the same load: the MX hosts are probed side by side, so the whole
// report should take about as long as the slowest MX, not the sum. The MX hosts are plain
// servers on 127.0.0.2-4 whose greetings come after 300, 600 and 1,000 ms; the domain's DNS
// is a small authoritative stub in this process (dns-packet), answering MX, A and nothing else.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import packet from 'dns-packet';
import { median, startPlainSmtp, timeCli } from './plainSmtp.mjs';

const RUNS = Number(process.env.BENCH_DOMAIN_RUNS ?? 7);
const BIN = 'bin/smtp-lens.js';
const DOMAIN = 'bench.test';
const HOSTS = [
  { host: `mx1.${DOMAIN}`, address: '127.0.0.2', delay: 300 },
  { host: `mx2.${DOMAIN}`, address: '127.0.0.3', delay: 600 },
  { host: `mx3.${DOMAIN}`, address: '127.0.0.4', delay: 1_000 },
];

const startMx = ({ address, delay }, port) => startPlainSmtp({ address, port, delay, name: 'mx.bench.test' });

/** MX and A for the bench domain; an empty NOERROR for every other question. */
function startDns() {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    let q;
    try {
      q = packet.decode(msg);
    } catch {
      return;
    }
    const question = q.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    const answers = [];
    if (question.type === 'MX' && name === DOMAIN)
      for (const [i, h] of HOSTS.entries())
        answers.push({ name, type: 'MX', ttl: 60, data: { preference: 10 * (i + 1), exchange: h.host } });
    const host = HOSTS.find((h) => h.host === name);
    if (question.type === 'A' && host) answers.push({ name, type: 'A', ttl: 60, data: host.address });
    const reply = packet.encode({
      id: q.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
      questions: q.questions,
      answers,
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

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
  const dns = await startDns();
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
