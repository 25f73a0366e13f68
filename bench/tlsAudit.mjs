// `smtp-lens probe --tls-audit` against `testssl.sh --starttls smtp -e` (Debian's testssl.sh
// 3.0.8: every cipher suite tried one at a time), on the same STARTTLS port, run in turn so
// both see the same machine load. The port is the interop Postfix's narrowed one when that
// Postfix is up (test/interop/postfix.sh), else the practice server's submission port. The
// issue's target is the whole audit in under 5 s on loopback, beside the ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { startLab } from './benchTools.mjs';
import { median, timeCli } from './plainSmtp.mjs';

const RUNS = Number(process.env.BENCH_AUDIT_RUNS ?? 3);
const STATE = 'test/interop/.state/ports.json';
const TESTSSL = ['/usr/bin/testssl', '/usr/bin/testssl.sh'].find((p) => existsSync(p));

const accepts = (port) =>
  new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

async function interopPort() {
  if (!existsSync(STATE)) return null;
  const state = JSON.parse(readFileSync(STATE, 'utf8'));
  const port = state.ports?.weakCiphers;
  return port && (await accepts(port))
    ? { port, servername: state.servername, ca: state.caPath, what: 'Postfix (narrowed)' }
    : null;
}

async function startPracticeSubmission() {
  const { child, table } = await startLab(['submission-ok']);
  return {
    child,
    port: table.scenarios[0].port,
    servername: table.servername,
    ca: table.rootCa,
    what: 'practice server',
  };
}

function timeTestssl(port) {
  const start = performance.now();
  const r = spawnSync(
    TESTSSL,
    ['--starttls', 'smtp', '-e', '--quiet', '--color', '0', '--warnings', 'off', `127.0.0.1:${port}`],
    {
      stdio: 'ignore',
      timeout: 300_000,
    },
  );
  if (r.status === null) throw new Error('testssl.sh did not finish');
  return performance.now() - start;
}

export async function benchTlsAudit() {
  if (!TESTSSL)
    return { name: 'tls audit vs testssl.sh -e', skipped: 'testssl.sh is not installed (apt-get install testssl.sh)' };
  const target = (await interopPort()) ?? (await startPracticeSubmission());
  try {
    const args = [
      'probe',
      '127.0.0.1',
      '--port',
      String(target.port),
      '--tls',
      'starttls',
      '--servername',
      target.servername,
      '--ca',
      target.ca,
      '--quit-after',
      'tls',
      '--tls-audit',
    ];
    const ours = [];
    const peer = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timeCli(args));
      peer.push(timeTestssl(target.port));
    }
    const [a, b] = [median(ours), median(peer)];
    return {
      name: `tls audit vs testssl.sh -e (${target.what})`,
      ours: `${(a / 1000).toFixed(2)} s`,
      peer: `${(b / 1000).toFixed(2)} s`,
      ratio: a / b,
      limit: 0.3,
      target: 'audit < 5 s',
      // The absolute target: the whole audit in under 5 s on loopback.
      ok: a < 5_000,
    };
  } finally {
    target.child?.kill();
  }
}
