import type net from 'node:net';
import type { SMTPServer } from 'smtp-server';

/** One running scenario as the lab sees it: something that listens on a port and can stop.
 * Most are an smtp-server; the STARTTLS-injection scenario is a front end before one. */
export interface ScenarioListener {
  /** Resolves with the port actually bound (port 0 picks a free one). */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export function listenOn(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export function smtpListener(server: SMTPServer): ScenarioListener {
  // Clients that hang up mid-handshake are what a practice server is for; smtp-server
  // reports them as 'error' events, which must not bring the lab down.
  server.on('error', () => undefined);
  return {
    // smtp-server's own listen() only forwards to this net.Server.
    listen: (port, host) => listenOn(server.server, port, host),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
