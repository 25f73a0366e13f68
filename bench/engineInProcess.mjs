// The engine in-process: one full transaction with `probe()` (SmtpSession.run: STARTTLS, AUTH
// PLAIN, MAIL, RCPT, DATA, QUIT, with everything it records and derives) against the same
// commands written by hand over node:net and node:tls, in the same process, against the same
// practice server, run in turn. The ratio is what the engine's diagnosis costs per session.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { importForBench, startLab } from './benchTools.mjs';
import { median } from './plainSmtp.mjs';

const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 30);
const USER = 'alice@lab.test';
const PASSWORD = 'wonderland';

/** Reads one whole reply (multi-line until "NNN "), the way any client must. */
function replies(socket) {
  let buffer = '';
  let waiting = null;
  const onData = (chunk) => {
    buffer += chunk.toString('latin1');
    if (waiting && /(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(buffer)) {
      const done = waiting;
      waiting = null;
      const reply = buffer;
      buffer = '';
      done(reply);
    }
  };
  socket.on('data', onData);
  return {
    next: () =>
      new Promise((resolve) => {
        waiting = resolve;
        onData(Buffer.alloc(0));
      }),
    stop: () => socket.removeListener('data', onData),
  };
}

const MESSAGE = 'From: <alice@lab.test>\r\nTo: <bob@lab.test>\r\nSubject: bench\r\n\r\nHello.\r\n.\r\n';

async function byHand(lab) {
  const plain = net.connect({ host: '127.0.0.1', port: lab.port });
  await new Promise((resolve) => plain.once('connect', resolve));
  const r = replies(plain);
  const say = async (line) => {
    plain.write(`${line}\r\n`);
    return r.next();
  };
  await r.next();
  await say('EHLO bench.example');
  await say('STARTTLS');
  r.stop();
  const secure = tls.connect({ socket: plain, servername: lab.servername, ca: lab.ca });
  await new Promise((resolve, reject) => {
    secure.once('secureConnect', resolve);
    secure.once('error', reject);
  });
  const s = replies(secure);
  const ask = (line) => {
    secure.write(`${line}\r\n`);
    return s.next();
  };
  await ask('EHLO bench.example');
  await ask(`AUTH PLAIN ${Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64')}`);
  await ask(`MAIL FROM:<${USER}>`);
  await ask('RCPT TO:<bob@lab.test>');
  await ask('DATA');
  secure.write(MESSAGE);
  await s.next();
  await ask('QUIT');
  secure.destroy();
}

export async function benchEngineInProcess() {
  const { probe } = await importForBench('main/engine/session.ts', 'session');
  const started = await startLab(['submission-ok']);
  const lab = {
    child: started.child,
    port: started.table.scenarios[0].port,
    servername: started.table.servername,
    ca: readFileSync(started.table.rootCa, 'utf8'),
  };
  const options = {
    host: '127.0.0.1',
    port: lab.port,
    tls: 'starttls',
    servername: lab.servername,
    ca: [lab.ca],
    ehlo: 'bench.example',
    auth: { user: USER, secret: PASSWORD, mechanism: 'PLAIN' },
    from: USER,
    to: ['bob@lab.test'],
  };
  try {
    const time = async (fn) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    await byHand(lab); // warm both paths
    const warm = await probe(options);
    if (!warm.outcome.ok) throw new Error(`the engine's session failed at ${warm.outcome.stage}`);
    const ours = [];
    const peer = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await time(() => probe(options)));
      peer.push(await time(() => byHand(lab)));
    }
    const [a, b] = [median(ours), median(peer)];
    return {
      name: 'engine probe() vs hand-written net/tls, in-process',
      ours: `${a.toFixed(1)} ms`,
      peer: `${b.toFixed(1)} ms`,
      ratio: a / b,
      limit: 1.1,
    };
  } finally {
    lab.child.kill();
  }
}
