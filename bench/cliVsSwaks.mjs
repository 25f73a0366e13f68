// One full transaction (STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, QUIT), whole process, against
// the interop suite's real Postfix on its submission port (test/interop/postfix.sh up):
// `smtp-lens probe` against swaks, with a bare `node -e 0` in the same loop, run in turn so all
// three see the same machine load. Each run goes through /usr/bin/time (when present) for CPU
// time (user + sys) and peak RSS; wall time is measured here. Two results: probe / swaks
// (target ≤ 2.0×), and probe minus `node -e 0` (what is ours beyond Node's own start) against
// swaks' whole time (target ≤ 1.0×). Every run delivers one message to bob's mailbox.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './plainSmtp.mjs';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);
const STATE = 'test/interop/.state/ports.json';
const SWAKS = ['/usr/bin/swaks', '/usr/local/bin/swaks'].find((p) => existsSync(p));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const NAME = 'cli probe vs swaks, one transaction (Postfix submission, STARTTLS + AUTH)';
const NAME_NET = 'cli probe minus node -e 0 vs swaks whole';
const PASS_ENV = 'SMTP_LENS_BENCH_PASS';

const accepts = (port) =>
  new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/** One run, whole process: wall ms, and with /usr/bin/time CPU ms (user + sys) and peak RSS KiB. */
function run(label, cmd, args, env, stats) {
  const timeFile = path.join(stats, 'time');
  const [file, argv] = TIME ? [TIME, ['-f', '%U %S %M', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const start = performance.now();
  const r = spawnSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const wall = performance.now() - start;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr.toString().trim().slice(-300)}`);
  if (!TIME) return { wall };
  const [user, sys, rss] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: (user + sys) * 1000, rss };
}

const show = (runs) => {
  const wall = `${median(runs.map((r) => r.wall)).toFixed(0)} ms`;
  if (runs[0].cpu === undefined) return wall;
  const cpu = median(runs.map((r) => r.cpu)).toFixed(0);
  const rss = (median(runs.map((r) => r.rss)) / 1024).toFixed(0);
  return `${wall} (cpu ${cpu} ms, rss ${rss} MB)`;
};

export async function benchCliVsSwaks() {
  const skip = (skipped) => [
    { name: NAME, skipped, limit: 2 },
    { name: NAME_NET, skipped, limit: 1 },
  ];
  if (!SWAKS) return skip('swaks is not installed (apt-get install swaks libnet-ssleay-perl)');
  if (!existsSync(STATE)) return skip('the interop Postfix is not up (bash test/interop/postfix.sh up)');
  const state = JSON.parse(readFileSync(STATE, 'utf8'));
  const port = state.ports?.submission;
  if (!port || !(await accepts(port)))
    return skip(`the interop Postfix does not answer on ${port} (bash test/interop/postfix.sh up)`);

  const ours = [
    'bin/smtp-lens.js',
    'probe',
    '127.0.0.1',
    '--port',
    String(port),
    '--tls',
    'starttls',
    '--servername',
    state.servername,
    '--ca',
    state.caPath,
    '--auth-user',
    state.user,
    '--auth-pass-env',
    PASS_ENV,
    '--from',
    state.user,
    '--to',
    'bob@lab.test',
  ];
  // The password on argv is acceptable here: a throwaway lab account, on loopback.
  const swaks = [
    '--server',
    `127.0.0.1:${port}`,
    '--tls',
    '--tls-verify',
    '--tls-ca-path',
    state.caPath,
    '--tls-sni',
    state.servername,
    '--auth',
    'PLAIN',
    '--auth-user',
    state.user,
    '--auth-password',
    state.password,
    '--from',
    state.user,
    '--to',
    'bob@lab.test',
  ];
  const env = { ...process.env, [PASS_ENV]: state.password };
  const stats = mkdtempSync(path.join(tmpdir(), 'smtp-lens-bench-cli-'));
  try {
    const once = {
      node: () => run('node -e 0', process.execPath, ['-e', '0'], env, stats),
      ours: () => run('smtp-lens probe', process.execPath, ours, env, stats),
      swaks: () => run('swaks', SWAKS, swaks, env, stats),
    };
    // Warm the file cache (and check that both really deliver) before measuring.
    once.node();
    once.ours();
    once.swaks();
    const runs = { node: [], ours: [], swaks: [] };
    for (let i = 0; i < RUNS; i++) for (const k of ['node', 'ours', 'swaks']) runs[k].push(once[k]());
    const o = median(runs.ours.map((r) => r.wall));
    const s = median(runs.swaks.map((r) => r.wall));
    // Paired per run (the same moment's load): probe's time minus node -e 0's.
    const net = median(runs.ours.map((r, i) => r.wall - runs.node[i].wall));
    const n = median(runs.node.map((r) => r.wall));
    return [
      {
        name: `${NAME} (median of ${RUNS})`,
        ours: show(runs.ours),
        peer: show(runs.swaks),
        ratio: o / s,
        limit: 2,
      },
      {
        name: `${NAME_NET} (node -e 0: ${n.toFixed(0)} ms)`,
        ours: `${net.toFixed(0)} ms`,
        peer: `${s.toFixed(0)} ms`,
        ratio: net / s,
        limit: 1,
      },
    ];
  } finally {
    rmSync(stats, { recursive: true, force: true });
  }
}
