import net from 'node:net';
import type tls from 'node:tls';

/** A small purpose-written server on 127.0.0.1 for hostile or odd behaviour: the test
 * decides byte by byte what the client gets. */
export interface RawServer {
  port: number;
  close(): Promise<void>;
}

/** `at` picks the loopback address and port, for several servers on one port (MX hosts on
 * 127.0.0.2, 127.0.0.3, …); by default 127.0.0.1 and any free port. */
export async function startRawServer(
  onConnection: (socket: net.Socket) => void,
  at: { host?: string; port?: number } = {},
): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port ?? 0, at.host ?? '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads CRLF-terminated command lines from a socket and answers each with `reply(line)`.
 * Returns a function that stops reading (a STARTTLS handing the socket to TLS). */
export function lineDialogue(
  socket: net.Socket | tls.TLSSocket,
  reply: (line: string, socket: net.Socket | tls.TLSSocket) => void,
): () => void {
  let buffer = '';
  let stopped = false;
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    for (let nl = buffer.indexOf('\n'); !stopped && nl !== -1; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      reply(line, socket);
    }
    // A peer that never ends a line must not make the test server buffer without bound.
    if (buffer.length > 1 << 20) buffer = '';
  };
  socket.on('data', onData);
  return () => {
    stopped = true;
    socket.removeListener('data', onData);
  };
}

/** A port with nothing listening: bind, note the port, close. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
