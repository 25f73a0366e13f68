// Whether anything accepts a TCP connection on a port: the one question asked when no MX
// answered on 25, to tell a blocked network from dead servers. Nothing is sent.
import net from 'node:net';

export function answersOn(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
