import type net from 'node:net';
import tls from 'node:tls';
import type { SMTPServerOptions } from 'smtp-server';
import { FrontEnd } from './frontEnd';
import type { CommandView } from './labSmtpServer';
import { requireTlsFirst } from './scenarioBehaviour';

const IDLE_TIMEOUT_MS = 60_000;

/**
 * The `starttls-injection-vulnerable` scenario: a STARTTLS implementation with the
 * CVE-2011-0411 bug, for teaching that attack class. Loopback only, like the whole lab.
 *
 * smtp-server cannot be made vulnerable: its STARTTLS handler retires the parser that holds
 * the plaintext received with the command (smtp-connection.js upgrade()), which is exactly
 * the fix. So the bug lives in a small TLS front end, as it did in real appliances and proxies:
 * - before TLS the front end answers by itself (EHLO, NOOP, QUIT; everything else gets 530, as
 *   on a server that requires TLS, RFC 3207 §4);
 * - at STARTTLS it answers 220 and starts TLS, but KEEPS the bytes that arrived after the
 *   STARTTLS line (the bug: RFC 3207 §4.2 requires discarding them);
 * - after the handshake it opens a session on an ordinary smtp-server that treats its
 *   connection as already encrypted (`secured`, as behind a TLS-terminating proxy), swallows
 *   that session's greeting (a client says EHLO after STARTTLS without one), and feeds it the
 *   kept plaintext first, then the decrypted stream. Commands injected in plain text thus run
 *   inside the protected session, and their replies arrive encrypted.
 */
export class StartTlsInjectionFrontEnd extends FrontEnd {
  private readonly secureContext: tls.SecureContext;

  constructor(
    private readonly banner: string,
    private readonly hostname: string,
    credential: { key: string; cert: string },
    backendOptions: SMTPServerOptions,
  ) {
    super({ ...backendOptions, secure: true, secured: true });
    this.secureContext = tls.createSecureContext(credential);
  }

  /** The plaintext part of the session, until STARTTLS. */
  protected accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    // An idle client is dropped, as smtp-server would (its socketTimeout). Only before TLS:
    // afterwards the backend session keeps time, and the raw socket sees no reads of its own.
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    socket.write(`220 ${this.hostname} ESMTP ${this.banner}\r\n`);
    let pending = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let nl = pending.indexOf(0x0a); nl !== -1; nl = pending.indexOf(0x0a)) {
        const line = pending.subarray(0, nl).toString('latin1').replace(/\r$/, '');
        pending = pending.subarray(nl + 1);
        const verb = (line.trim().split(/\s+/)[0] ?? '').toUpperCase();
        if (verb === 'STARTTLS') {
          socket.removeListener('data', onData);
          socket.setTimeout(0);
          socket.write('220 Ready to start TLS\r\n');
          // THE BUG, on purpose: `pending` is plaintext that came with STARTTLS. A correct
          // server drops it here; this one carries it into the TLS session.
          this.startTls(socket, pending);
          return;
        }
        this.answer(socket, verb, line);
      }
      if (pending.length > 4096) socket.end('500 5.5.0 Error: line too long\r\n');
    };
    socket.on('data', onData);
  }

  private answer(socket: net.Socket, verb: string, line: string): void {
    const command: CommandView = { verb, line, secure: false };
    const refused = requireTlsFirst(command);
    if (refused) return void socket.write(`${refused.code} ${refused.text}\r\n`);
    if (verb === 'QUIT') return void socket.end('221 Bye\r\n');
    if (verb === 'NOOP') return void socket.write('250 OK\r\n');
    if (line.trim().split(/\s+/).length !== 2) return void socket.write('501 Error: syntax: EHLO hostname\r\n');
    // The same capability list smtp-server gives before TLS; AUTH only after STARTTLS.
    const features = ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'STARTTLS', 'SIZE 10485760'];
    const lines = [`${this.hostname} Nice to meet you, [${socket.remoteAddress}]`, ...features];
    socket.write(lines.map((l, i) => `250${i < lines.length - 1 ? '-' : ' '}${l}\r\n`).join(''));
  }

  private startTls(socket: net.Socket, injected: Buffer): void {
    const secure = this.track(new tls.TLSSocket(socket, { isServer: true, secureContext: this.secureContext }));
    const handshakeTimer = setTimeout(() => secure.destroy(), IDLE_TIMEOUT_MS).unref();
    secure.once('secure', () => {
      clearTimeout(handshakeTimer);
      this.bridge(secure, injected);
    });
  }

  /** Joins the TLS session to a fresh backend session, injected plaintext first. */
  private bridge(secure: tls.TLSSocket, injected: Buffer): void {
    const backend = this.track(this.backend.connect());
    backend.once('close', () => secure.end());
    secure.once('close', () => backend.destroy());
    let greeting = Buffer.alloc(0);
    const swallowGreeting = (chunk: Buffer) => {
      greeting = Buffer.concat([greeting, chunk]);
      const end = greeting.indexOf('\r\n');
      if (end === -1) return;
      backend.removeListener('data', swallowGreeting);
      if (!greeting.subarray(0, 4).equals(Buffer.from('220 '))) return void secure.end(greeting);
      const rest = greeting.subarray(end + 2);
      if (rest.length) secure.write(rest);
      backend.write(injected);
      secure.pipe(backend);
      backend.pipe(secure);
    };
    backend.on('data', swallowGreeting);
  }
}
