// Servers that try to exhaust the client: memory (a flood of replies nobody asked for, a huge
// EHLO) and time (a reply sent one line at a time, slowly). Each is a real server on 127.0.0.1.
import type net from 'node:net';
import tls from 'node:tls';
import type { TestPki } from '../../main/lab/pki';
import { lineDialogue, startRawServer, type RawServer } from './rawServer';

type Socket = net.Socket | tls.TLSSocket;

export interface FloodServer extends RawServer {
  /** Octets the server managed to hand to its socket since the flood began. */
  flooded(): number;
}

/** Writes `line` for ever, as fast as the client takes it and no faster: the server waits for
 * 'drain', so it cannot buffer without bound itself, and TCP flow control is what stops it. */
function floodWith(socket: Socket, line: string, count: (n: number) => void): void {
  const chunk = Buffer.from(line.repeat(1024));
  const pump = () => {
    while (!socket.destroyed) {
      count(chunk.length);
      if (!socket.write(chunk)) return void socket.once('drain', pump);
    }
  };
  pump();
}

/** Greets, answers EHLO, then streams `250 flood` for ever: a Step that waits for the user
 * leaves the client holding whatever it reads. */
export async function startFloodServer(options: { pki?: TestPki } = {}): Promise<FloodServer> {
  let flooded = 0;
  const serve = (socket: Socket) => {
    socket.write('220 flood.example ESMTP\r\n');
    let started = false;
    lineDialogue(socket, (line) => {
      if (started || !/^EHLO /i.test(line)) return;
      started = true;
      socket.write('250-flood.example\r\n250 PIPELINING\r\n');
      floodWith(socket, '250 flood\r\n', (n) => (flooded += n));
    });
  };
  const server = await startRawServer((socket) => {
    const pki = options.pki;
    if (!pki) return serve(socket);
    const secure = new tls.TLSSocket(socket, {
      isServer: true,
      key: pki.leaves.good.keyPem,
      cert: pki.leaves.good.certPem,
    });
    secure.on('error', () => undefined);
    secure.once('secure', () => serve(secure));
  });
  return { ...server, flooded: () => flooded };
}

/** Greets at once; to EHLO, sends one `250-` line every `everyMs` for ever (or `banner`: the
 * greeting itself, one `220-` line at a time). Each line alone is a sign of life. */
export function startDripServer(options: { everyMs?: number; banner?: boolean } = {}): Promise<RawServer> {
  const everyMs = options.everyMs ?? 200;
  return startRawServer((socket) => {
    const drip = (code: number) => {
      let n = 0;
      const timer = setInterval(() => socket.write(`${code}-drip ${++n}\r\n`), everyMs);
      socket.on('close', () => clearInterval(timer));
    };
    if (options.banner) return drip(220);
    socket.write('220 drip.example ESMTP\r\n');
    lineDialogue(socket, (line) => {
      if (/^EHLO /i.test(line)) drip(250);
      else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
    });
  });
}

/** Answers EHLO with `lines` keywords of `octets` each. */
export function startHugeEhloServer(lines: number, octets: number): Promise<RawServer> {
  return startRawServer((socket) => {
    socket.write('220 huge.example ESMTP\r\n');
    lineDialogue(socket, (line) => {
      if (!/^EHLO /i.test(line)) return;
      const keyword = 'X'.repeat(octets);
      for (let i = 0; i < lines && !socket.destroyed; i++)
        socket.write(`250${i === lines - 1 ? ' ' : '-'}${keyword}\r\n`);
    });
  });
}

/** Answers the greeting and every command after `delayMs`: each stage just within its
 * timeout, so only the session's deadline can end a long session. */
export function startSlowServer(delayMs: number): Promise<RawServer> {
  return startRawServer((socket) => {
    const later = (text: string) => setTimeout(() => !socket.destroyed && socket.write(text), delayMs);
    later('220 slow.example ESMTP\r\n');
    lineDialogue(socket, (line) => later(/^QUIT/i.test(line) ? '221 bye\r\n' : '250 ok\r\n'));
  });
}
