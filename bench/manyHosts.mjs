// Issue 21, "many hosts": what one more target costs in `sweep` and `domain`, and what one
// process holding many finished transcripts weighs.
//
// CPU (user+sys) and peak RSS of the whole child, from /usr/bin/time -f '%U %S %M'; each run
// alternated with its peer so both see the same machine load, medians of BENCH_MANY_RUNS.
//
// - sweep: `smtp-lens sweep` of N ports against `smtp-lens sweep` of 1 port of the same kind.
//   N is 32, not 50: the CLI refuses more (MAX_SWEEP_PORTS, "a sweep compares mail ports, it
//   is not a port scanner"). The ports are small SMTP servers in this process that greet at
//   once and offer STARTTLS with a self-signed P-256 certificate (made once with openssl,
//   trusted with --ca), so each target costs the client what a real mail port does (a TLS
//   handshake, a chain check) and no timeout or slow server is measured.
//   Peer: the one-port sweep, because it is the same code paying Node's start and the
//   module load once; 50 × swaks would measure Perl. Measure: the marginal CPU of one more
//   target, (CPU(N) − CPU(1)) / (N − 1), against what a one-port run costs beyond Node's own
//   start (CPU(1) − CPU(`node -e 0`)). Limit 0.1 (measured 0.02–0.03×): one more target costs
//   a tenth of a whole single-target run's work at most; any per-target quadratic work
//   (re-rendering all rows, re-scanning every transcript per port) shows up here first. Peak RSS: N ports against
//   1, limit 1.5 (N transcripts are small; the process should stay about the same size).
// - domain: `smtp-lens domain` of a domain with 50 MX hosts against one with 1 MX host, same
//   measures. The MX hosts are the same STARTTLS servers on 127.0.0.2-51 (one port, as
//   --port takes one), the DNS a stub in this process as in bench/domain.mjs (MX, A, nothing else; the
//   50-MX answer is ~2 KB, over UDP with EDNS). The report is checked to hold 50 probes that reached TLS.
// - memory: the engine's probe() (main/engine/session.ts bundled with esbuild, as
//   bench/export.mjs does) run 50 times in one child (--expose-gc) against the practice
//   server's submission-ok scenario (STARTTLS, verified certificate, AUTH offered), every
//   transcript kept in an array; heap used and RSS after gc(), against the same before the
//   first probe. Peer: the transcripts' JSON size, the least any holder of them must keep, so
//   the ratio is the in-memory form's overhead (limit 10×). Absolute target: ≤ 2 MB of heap
//   per transcript (a desktop history or a domain report holds dozens; 50 × 2 MB = 100 MB is
//   the most one window should spend on them).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import tls from 'node:tls';
import { bundleForBench, startDns, startLab } from './benchTools.mjs';
import { median } from './plainSmtp.mjs';

const RUNS = Number(process.env.BENCH_MANY_RUNS ?? 5);
const BIN = 'bin/smtp-lens.js';
const SWEEP_PORTS = 32; // MAX_SWEEP_PORTS in main/cli/sweepCommand.ts
const MX_COUNT = 50;
const TRANSCRIPTS = 50;
const MB = 1024 * 1024;
const PER_TRANSCRIPT_LIMIT_MB = 2;
const CACHE = path.resolve('node_modules/.cache/smtp-lens-bench');
const NAME = 'mx.many.test';

/** A self-signed P-256 certificate for *.many.test, made once with openssl and kept. */
function benchCert() {
  mkdirSync(CACHE, { recursive: true });
  const key = path.join(CACHE, 'many.key');
  const cert = path.join(CACHE, 'many.pem');
  if (!existsSync(cert))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '3650',
        '-subj',
        '/CN=mx.many.test',
        '-addext',
        'subjectAltName=DNS:*.many.test',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
  return { key: readFileSync(key), cert: readFileSync(cert), certPath: cert };
}

/** An SMTP server that greets at once and offers STARTTLS (the certificate above): each
 * target costs the client a TLS handshake and a certificate check, as a real mail port does. */
function startTlsSmtp({ address = '127.0.0.1', port = 0, key, cert }) {
  const context = tls.createSecureContext({ key, cert });
  const serve = (socket, secure) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk.toString('latin1');
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const verb = buffer.slice(0, nl).trim().split(' ')[0].toUpperCase();
        buffer = buffer.slice(nl + 1);
        if (verb === 'EHLO')
          socket.write(`250-${NAME}\r\n250-PIPELINING\r\n${secure ? '250 AUTH PLAIN' : '250 STARTTLS'}\r\n`);
        else if (verb === 'STARTTLS' && !secure) {
          socket.removeListener('data', onData);
          socket.write('220 2.0.0 Ready\r\n', () => {
            const tlsSocket = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
            tlsSocket.on('error', () => undefined);
            serve(tlsSocket, true);
          });
          return;
        } else if (verb === 'QUIT') socket.end('221 Bye\r\n');
        else socket.write('502 5.5.1 No\r\n');
      }
    };
    socket.on('data', onData);
  };
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write(`220 ${NAME} ESMTP\r\n`);
    serve(socket, false);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve(server));
  });
}

/** CPU ms (user+sys) and peak RSS MB of one child, via /usr/bin/time. Async (the servers
 * live in this process). Exit 0 or 1 counts as a run, as in timeCli. */
function timeCpu(cmd, args) {
  const child = spawn('/usr/bin/time', ['-f', '@@TIME %U %S %M', cmd, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const m = err.match(/@@TIME ([\d.]+) ([\d.]+) (\d+)/);
      if (!m || (code !== 0 && code !== 1))
        return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-300)}`));
      resolve({ cpu: (Number(m[1]) + Number(m[2])) * 1000, rss: Number(m[3]) / 1024, out });
    });
  });
}

const cli = (args) => timeCpu(process.execPath, [BIN, ...args]);

/** Alternate ours and peer RUNS times; medians of CPU and RSS, plus Node's bare start. */
async function alternate(many, one) {
  const runs = { many: [], one: [], node: [] };
  for (let i = 0; i < RUNS; i++) {
    runs.many.push(await cli(many));
    runs.one.push(await cli(one));
    runs.node.push(await timeCpu(process.execPath, ['-e', '0']));
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  return {
    many: { cpu: m(runs.many, 'cpu'), rss: m(runs.many, 'rss') },
    one: { cpu: m(runs.one, 'cpu'), rss: m(runs.one, 'rss') },
    node: m(runs.node, 'cpu'),
  };
}

function cpuRows(label, n, r) {
  const marginal = (r.many.cpu - r.one.cpu) / (n - 1);
  // /usr/bin/time counts in 10 ms: never divide by less than one tick.
  const work = Math.max(r.one.cpu - r.node, 10);
  return [
    {
      name: `${label}: CPU of one more target (${n} vs 1; ${(r.many.cpu / n).toFixed(1)} ms CPU/target overall) vs a 1-target run beyond Node's start`,
      ours: `${marginal.toFixed(1)} ms`,
      peer: `${work.toFixed(0)} ms (${r.one.cpu.toFixed(0)} − node ${r.node.toFixed(0)})`,
      ratio: Math.max(marginal, 0) / work,
      // Measured at 0.02–0.03×: 0.1 still leaves room for noise and catches per-target
      // work growing with the number of targets long before it would reach a whole run's.
      limit: 0.1,
    },
    {
      name: `${label}: peak RSS, ${n} targets vs 1`,
      ours: `${r.many.rss.toFixed(0)} MB`,
      peer: `${r.one.rss.toFixed(0)} MB`,
      ratio: r.many.rss / r.one.rss,
      limit: 1.5,
    },
  ];
}

async function benchSweepMany() {
  const pki = benchCert();
  const servers = await Promise.all(Array.from({ length: SWEEP_PORTS }, () => startTlsSmtp(pki)));
  try {
    const ports = servers.map((s) => s.address().port);
    const sweep = (list) => [
      'sweep',
      '127.0.0.1',
      '--ports',
      list.join(','),
      '--servername',
      NAME,
      '--ca',
      pki.certPath,
      '--json',
    ];
    const check = JSON.parse((await cli(sweep(ports))).out); // and warms the file cache
    const tlsDone = JSON.stringify(check).match(/"type":"tls-established"/g)?.length ?? 0;
    if (tlsDone < SWEEP_PORTS) throw new Error(`the sweep reached TLS on ${tlsDone} of ${SWEEP_PORTS} ports`);
    return cpuRows(
      `sweep of ${SWEEP_PORTS} ports (CLI max)`,
      SWEEP_PORTS,
      await alternate(sweep(ports), sweep(ports.slice(0, 1))),
    );
  } finally {
    for (const s of servers) s.close();
  }
}

async function benchDomainMany() {
  const hosts = Array.from({ length: MX_COUNT }, (_, i) => ({
    host: `mx${i + 1}.many.test`,
    address: `127.0.0.${i + 2}`,
  }));
  const pki = benchCert();
  const first = await startTlsSmtp({ ...pki, address: hosts[0].address });
  const port = first.address().port;
  const servers = [
    first,
    ...(await Promise.all(hosts.slice(1).map((h) => startTlsSmtp({ ...pki, address: h.address, port })))),
  ];
  const dns = await startDns({ 'many.test': hosts, 'one.test': hosts.slice(0, 1) });
  try {
    const resolver = `127.0.0.1:${dns.address().port}`;
    const domain = (d) => ['domain', d, '--resolver', resolver, '--port', String(port), '--ca', pki.certPath, '--json'];
    const report = JSON.parse((await cli(domain('many.test'))).out); // and warms the file cache
    const secured = report.probes.filter((p) => p.transcript.events.some((e) => e.type === 'tls-established'));
    if (secured.length !== MX_COUNT)
      throw new Error(`the domain report reached TLS on ${secured.length} of ${MX_COUNT} MX`);
    return cpuRows(`domain of ${MX_COUNT} MX`, MX_COUNT, await alternate(domain('many.test'), domain('one.test')));
  } finally {
    for (const s of servers) s.close();
    dns.close();
  }
}

const HOLDER = `
import { readFileSync } from 'node:fs';
const [bundle, port, servername, rootCa, count] = process.argv.slice(2);
const { probe } = await import(bundle);
const ca = [readFileSync(rootCa, 'utf8')];
const options = { host: '127.0.0.1', port: Number(port), tls: 'starttls', servername, ca };
await probe(options); // warm-up: lazy modules, TLS context, JIT; not kept
const measure = () => { gc(); gc(); const m = process.memoryUsage(); return { heap: m.heapUsed, rss: m.rss }; };
await new Promise((r) => setTimeout(r, 50));
const before = measure();
const kept = [];
for (let i = 0; i < Number(count); i++) kept.push(await probe(options));
await new Promise((r) => setTimeout(r, 50));
const after = measure();
const tls = kept.filter((t) => t.events.some((e) => e.type === 'tls-established')).length;
const json = kept.reduce((n, t) => n + JSON.stringify(t).length, 0);
console.log(JSON.stringify({ before, after, tls, json, events: kept.reduce((n, t) => n + t.events.length, 0) }));
`;

async function benchHoldTranscripts() {
  mkdirSync(CACHE, { recursive: true });
  const bundle = await bundleForBench('main/engine/session.ts', 'session');
  const holder = path.join(CACHE, 'holdTranscripts.mjs');
  writeFileSync(holder, HOLDER);
  const { child: lab, table } = await startLab(['submission-ok']);
  try {
    const port =
      table.scenarios.find((s) => s.name === 'submission-ok' || s.scenario === 'submission-ok')?.port ??
      table.scenarios[0].port;
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        holder,
        pathToFileURL(bundle).href,
        String(port),
        table.servername,
        table.rootCa,
        String(TRANSCRIPTS),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`the transcript holder exited ${code}`);
    const r = JSON.parse(out.trim().split('\n').pop());
    if (r.tls !== TRANSCRIPTS) throw new Error(`${r.tls} of ${TRANSCRIPTS} probes reached TLS`);
    const heap = (r.after.heap - r.before.heap) / MB;
    const rss = (r.after.rss - r.before.rss) / MB;
    const perHeap = heap / TRANSCRIPTS;
    const perJson = r.json / TRANSCRIPTS / MB;
    return {
      name: `one process holding ${TRANSCRIPTS} finished submission-ok transcripts (${r.events / TRANSCRIPTS} events each): heap per transcript vs its JSON size (total heap +${heap.toFixed(2)} MB, RSS +${rss.toFixed(1)} MB)`,
      ours: `${(perHeap * 1024).toFixed(1)} KB`,
      peer: `${(perJson * 1024).toFixed(1)} KB`,
      ratio: perHeap / perJson,
      limit: 10,
      ok: perHeap <= PER_TRANSCRIPT_LIMIT_MB,
      target: `≤ ${PER_TRANSCRIPT_LIMIT_MB} MB heap/transcript`,
    };
  } finally {
    lab.removeAllListeners('exit');
    lab.kill('SIGTERM');
  }
}

export async function benchManyHosts() {
  return [...(await benchSweepMany()), ...(await benchDomainMany()), await benchHoldTranscripts()];
}

// `node bench/manyHosts.mjs`: this bench alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await benchManyHosts());
