import type net from 'node:net';
import type tls from 'node:tls';
import type { SMTPServerOptions } from 'smtp-server';
import { LabSmtpServer, type ConnectionPolicy } from './labSmtpServer';

/** What postscreen says to a client that talked before the greeting, with
 * `postscreen_greet_action = drop` (Postfix postscreen_early.c). */
export const PREGREET_REJECTION = '521 5.5.1 Protocol error';

/** How long a rejected early talker may take to read the 521 before it is hung up on. */
const HANGUP_AFTER_MS = 1_000;

/**
 * Postfix postscreen's pregreet test. postscreen sends the first line of a multi-line
 * greeting ("220-", RFC 5321 §4.2.1: more lines follow), then waits. A correct client waits
 * for the final "220 " line; spam software that talks now has given itself away.
 *
 * smtp-server cannot do this: it writes its greeting in one piece, and answers early talkers
 * with its own "421 You talk too soon" only during its first 100 ms. So this server writes the
 * teaser line itself, watches the socket during the wait, and only then hands the connection
 * to smtp-server, which completes the greeting with "220 " and runs the session as usual.
 */
export class PregreetServer extends LabSmtpServer {
  /** Connections still in the wait, which smtp-server does not know about yet. */
  private readonly waiting = new Set<net.Socket | tls.TLSSocket>();

  constructor(
    options: SMTPServerOptions,
    private readonly waitMs: number,
    policy: ConnectionPolicy = {},
  ) {
    super(options, policy);
  }

  override connect(...args: Parameters<LabSmtpServer['connect']>): void {
    const [socket] = args;
    socket.on('error', () => undefined); // a client leaving mid-wait is not an error of ours
    socket.write(`220-${this.options.name} ESMTP ${this.options.banner}\r\n`);
    const cleanup = () => {
      clearTimeout(timer);
      socket.removeListener('data', onEarlyTalk);
      socket.removeListener('close', cleanup);
      this.waiting.delete(socket);
    };
    const onEarlyTalk = () => {
      cleanup();
      socket.end(`${PREGREET_REJECTION}\r\n`);
      setTimeout(() => socket.destroy(), HANGUP_AFTER_MS).unref();
    };
    // Removing our listener and smtp-server piping the socket into its parser happen in the
    // same tick, so no byte the client sends after the wait can fall between the two.
    const timer = setTimeout(() => {
      cleanup();
      super.connect(...args);
    }, this.waitMs).unref();
    socket.on('data', onEarlyTalk);
    socket.once('close', cleanup);
    this.waiting.add(socket);
  }

  override close(callback?: (() => void) | null): void {
    for (const socket of this.waiting) socket.destroy();
    this.waiting.clear();
    super.close(callback);
  }
}
