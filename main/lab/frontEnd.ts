import net from 'node:net';
import type { SMTPServerOptions } from 'smtp-server';
import { type ConnectionPolicy, LabSmtpServer } from './labSmtpServer';
import { listenOn, smtpListener, type ScenarioListener } from './scenarioListener';

/**
 * An ordinary smtp-server behind a scenario's own front end, for the flaws smtp-server cannot
 * be given (it is correct where those scenarios must not be). It listens on a free loopback
 * port and serves only the front end's own connections; anyone else who finds the port is
 * told where to go.
 */
export class HiddenBackend {
  private readonly listener: ScenarioListener;
  /** Local ports of the front end's connections: the only clients served. */
  private readonly bridgePorts = new Set<number>();
  private port = 0;

  constructor(options: SMTPServerOptions, policy: ConnectionPolicy = {}) {
    const server = new LabSmtpServer(
      {
        ...options,
        onConnect: (session, callback) => {
          if (this.bridgePorts.has(session.remotePort)) return callback();
          callback(
            Object.assign(new Error('5.7.1 Connect to the practice port, not to its internal back end'), {
              responseCode: 554,
            }),
          );
        },
      },
      policy,
    );
    this.listener = smtpListener(server);
  }

  async listen(host: string): Promise<void> {
    this.port = await this.listener.listen(0, host);
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  /** A new session on the backend, for one front-end connection. */
  connect(): net.Socket {
    const socket = net.connect(this.port, '127.0.0.1');
    socket.once('connect', () => this.bridgePorts.add(socket.localPort ?? 0));
    socket.once('close', () => this.bridgePorts.delete(socket.localPort ?? 0));
    return socket;
  }
}

/** A scenario's own listener in front of a HiddenBackend: it accepts the client's connection,
 * does what the scenario is about, and passes the session on to the backend. */
export abstract class FrontEnd implements ScenarioListener {
  private readonly front = net.createServer((socket) => this.accept(this.track(socket)));
  private readonly sockets = new Set<net.Socket>();
  protected readonly backend: HiddenBackend;

  constructor(backendOptions: SMTPServerOptions, backendPolicy: ConnectionPolicy = {}) {
    this.backend = new HiddenBackend(backendOptions, backendPolicy);
  }

  /** One client connection, already tracked. */
  protected abstract accept(socket: net.Socket): void;

  async listen(port: number, host: string): Promise<number> {
    await this.backend.listen(host);
    return listenOn(this.front, port, host);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all([new Promise<void>((resolve) => this.front.close(() => resolve())), this.backend.close()]);
  }

  /** Destroyed with the scenario; errors from clients that hang up never escape. */
  protected track<T extends net.Socket>(socket: T): T {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }
}
