// `smtp-lens listen` against Postfix's own smtp-sink, run side by side: the same 200 plain
// swaks sessions (EHLO, MAIL, RCPT, DATA, QUIT), 50 at a time, against each, alternately.
// What the listener adds (the front end, the hidden smtp-server, the recording, the findings,
// the printed session) should keep it within 2× of a sink that only says yes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { median } from './plainSmtp.mjs';

const SESSIONS = Number(process.env.BENCH_LISTEN_SESSIONS ?? 200);
const CONCURRENCY = 50;
const RUNS = Number(process.env.BENCH_LISTEN_RUNS ?? 3);
const SWAKS = '/usr/bin/swaks';
const SINK = '/usr/sbin/smtp-sink';

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const waitForPort = async (port) => {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}`);
};

function swaks(port) {
  return new Promise((resolve) => {
    const child = spawn(
      SWAKS,
      [
        '--server',
        '127.0.0.1',
        '--port',
        String(port),
        '--from',
        'a@bench.test',
        '--to',
        'b@bench.test',
        '--silent',
        '2',
      ],
      { stdio: 'ignore' },
    );
    child.on('exit', (code) => resolve(code));
  });
}

/** One plain session on a raw socket, each command sent once the last reply is complete;
 * resolves with whether the message was accepted. */
function rawSession(port) {
  const steps = [
    'EHLO bench.test\r\n',
    'MAIL FROM:<a@bench.test>\r\n',
    'RCPT TO:<b@bench.test>\r\n',
    'DATA\r\n',
    'Subject: x\r\n\r\nx\r\n.\r\n',
    'QUIT\r\n',
  ];
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    let i = 0;
    let accepted = false;
    socket.on('data', (d) => {
      got += d.toString('latin1');
      const lines = got.split('\r\n');
      const last = lines[lines.length - 2] ?? '';
      if (!got.endsWith('\r\n') || /^\d{3}-/.test(last)) return;
      if (i === 5 && last.startsWith('250')) accepted = true;
      got = '';
      if (i < steps.length) socket.write(steps[i++]);
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(accepted));
  });
}

/** SESSIONS raw sessions, CONCURRENCY at a time: the servers' own cost, without a client
 * process per session. */
async function driveRaw(port) {
  let next = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SESSIONS * 5) {
        next++;
        if (!(await rawSession(port))) failed++;
      }
    }),
  );
  return { ms: performance.now() - start, failed };
}

/** SESSIONS swaks runs, CONCURRENCY at a time; the wall time in ms and how many failed. */
async function drive(port) {
  let next = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SESSIONS) {
        next++;
        if ((await swaks(port)) !== 0) failed++;
      }
    }),
  );
  return { ms: performance.now() - start, failed };
}

export async function benchListen() {
  const name = `listen: ${SESSIONS} swaks sessions, ${CONCURRENCY} at a time, vs Postfix smtp-sink`;
  if (!existsSync(SWAKS) || !existsSync(SINK))
    return process.env.CI
      ? { name, ours: 'not run', peer: 'not run', ratio: 0, limit: 2, ok: false }
      : { name, skipped: `needs ${SWAKS} and ${SINK} (Postfix's smtp-sink)` };
  const [oursPort, sinkPort] = [await freePort(), await freePort()];
  const listener = spawn(
    process.execPath,
    ['bin/smtp-lens.js', 'listen', '--port', String(oursPort), '--tls', 'none', '--auth', 'none', '--json'],
    {
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  // smtp-sink refuses to run as root without -u.
  const sink = spawn(SINK, ['-u', 'nobody', '-c', `127.0.0.1:${sinkPort}`, '256'], { stdio: 'ignore' });
  try {
    await Promise.all([waitForPort(oursPort), waitForPort(sinkPort)]);
    const measure = async (driver, count, label, limit) => {
      const ours = [];
      const peer = [];
      let failed = 0;
      for (let i = 0; i < RUNS; i++) {
        const o = await driver(oursPort);
        const p = await driver(sinkPort);
        ours.push(o.ms);
        peer.push(p.ms);
        failed += o.failed + p.failed;
      }
      const o = median(ours);
      const p = median(peer);
      const rate = (ms) => `${((count * 1000) / ms).toFixed(0)} sessions/s`;
      return { name: label, ours: rate(o), peer: rate(p), ratio: o / p, limit, ok: failed === 0 };
    };
    return [
      // The measure: real clients, as devices and scripts connect.
      await measure(drive, SESSIONS, name, 2),
      // The servers' own cost. smtp-server holds every greeting 100 ms to catch clients that
      // talk too early (smtp-connection.js init()), which smtp-sink does not: that pause, not
      // CPU, sets this ratio (the listener is idle 60% of the run). Tracked, not yet a target.
      await measure(
        driveRaw,
        SESSIONS * 5,
        `listen: ${SESSIONS * 5} raw-socket sessions, ${CONCURRENCY} at a time, vs Postfix smtp-sink (smtp-server's 100 ms greeting pause included)`,
        30,
      ),
    ];
  } finally {
    listener.kill();
    sink.kill();
  }
}
