// Servers for the sweep tests and what makes a port time out on loopback.
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { lineDialogue, startRawServer, type RawServer } from '../helpers/rawServer';

/**
 * A port whose connect() hangs, as behind a firewall that drops SYNs. Linux drops a SYN when
 * the listener's accept queue is full, so: a listener with backlog 1 whose event loop never
 * runs (a worker thread blocked in Atomics.wait, so nothing is ever accepted), and filler
 * connections until the queue is full. Checked on this machine's Linux kernel: with
 * backlog 1 two connections complete and the third stays in SYN-SENT.
 * (Node turns a backlog of 0 into 511, hence 1.)
 */
export async function startBlackholeServer(): Promise<RawServer> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const server = require('node:net').createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      parentPort.postMessage(server.address().port);
      Atomics.wait(new Int32Array(workerData), 0, 0);
      server.close();
    });`;
  const gate = new SharedArrayBuffer(4);
  const worker = new Worker(source, { eval: true, workerData: gate });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 16; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) break;
    if (i === 15) throw new Error('could not fill the accept queue: connect() never hung');
  }
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      Atomics.store(new Int32Array(gate), 0, 1);
      Atomics.notify(new Int32Array(gate), 0);
      await worker.terminate();
    },
  };
}

/** Plain SMTP with neither STARTTLS nor AUTH: an old relay, or an MX without TLS. */
export function startPlainRelay(): Promise<RawServer> {
  return startRawServer((socket) => {
    socket.write('220 relay.example.test ESMTP\r\n');
    lineDialogue(socket, (line, s) => {
      const verb = line.split(' ')[0]!.toUpperCase();
      if (verb === 'EHLO') s.write('250-relay.example.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n');
      else if (verb === 'QUIT') s.end('221 Bye\r\n');
      else s.write('502 5.5.1 Not here\r\n');
    });
  });
}

/** Accepts and never says a word, in plain text or TLS. */
export function startSilentServer(): Promise<RawServer> {
  return startRawServer(() => undefined);
}
