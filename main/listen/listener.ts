// `smtp-lens listen`: SMTP Lens as the server a device or an application talks to. The
// practice server's front end (main/lab/frontEnd.ts) accepts the client and passes every byte
// to a hidden smtp-server, the protocol library the practice server uses; on the way it keeps
// the client's ClientHello (the first record after our 220 to STARTTLS, or the first bytes on
// an implicit-TLS port) and our TLS alert if the handshake fails. The backend's connection
// hooks record each line the client sends and each reply, decrypted where TLS is up.
import type net from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { SMTPServerOptions } from 'smtp-server';
import type { TlsMode, Transcript } from '../../shared/transcript';
import { type HelloRead, readClientHello } from '../engine/tls/clientHello';
import { alertName } from '../engine/tls/tlsRecords';
import { FrontEnd } from '../lab/frontEnd';
import type { SmtpConnection } from '../lab/labSmtpServer';
import type { TestPki } from '../lab/pki';
import { requireTlsFirst } from '../lab/scenarioBehaviour';
import { ClientSession } from './clientSession';
import { bareEndingIn, batchViolation, groupIn } from './pipelining';

export type ListenTls = 'none' | 'starttls' | 'implicit';
export type ListenAuth = 'none' | 'optional' | 'required';
/** lenient: take any client, TLS 1.0 included, to see all it does. strict: as Microsoft 365 and
 * Gmail's submission servers do, TLS 1.2 or later, and nothing but EHLO, STARTTLS and QUIT
 * before TLS, so their refusal of this client can be reproduced here. */
export type ListenBehaviour = 'lenient' | 'strict';
export const BEHAVIOURS: readonly ListenBehaviour[] = ['lenient', 'strict'];

export interface ListenOptions {
  host: string;
  port: number;
  tls: ListenTls;
  auth: ListenAuth;
  /** "any" accepts every login; otherwise only this user (any password: nothing is relayed). */
  acceptLogin: string;
  behave?: ListenBehaviour;
  /** The certificate and key to present (PEM); by default the test PKI's. */
  certificate?: { cert: string; key: string };
  pki: TestPki;
  /** A client silent this long is disconnected (default 120 s, as smtp-server's). */
  idleTimeoutMs?: number;
  /** Each client session as it begins, to follow its events live. */
  onSessionStart?(session: ClientSession): void;
  /** Each client session, once it has ended. */
  onSession(t: Transcript, session?: ClientSession): void;
}

/** A ClientHello is one record; more than this before one is complete means it is not one. */
const MAX_HELLO_BYTES = (1 << 14) + 5;
/** Clients served at once. */
const MAX_CLIENTS = 500;
/** Received messages kept for viewing, oldest dropped first; never relayed. */
export const MAX_KEPT_MESSAGES = 50;

export interface ReceivedMessage {
  client: string;
  from: string;
  to: string[];
  raw: Buffer;
  receivedAt: string;
}

export class Listener extends FrontEnd {
  /** The backend's connections by the port of the bridge socket they came in on. */
  private readonly sessions = new Map<number, ClientSession>();
  /** Lines the backend recorded before the front end knew whose session it is. */
  private readonly early = new Map<number, ((s: ClientSession) => void)[]>();
  readonly received: ReceivedMessage[] = [];
  private boundPort = 0;

  constructor(private readonly options: ListenOptions) {
    super(
      backendOptions(options, {
        message: (port, m, bodyType) => {
          this.keep(m);
          this.withSession(port, (s) => s.message(m.raw, { from: m.from, to: m.to, bodyType }));
        },
        secure: (port, protocol, cipher, socket) =>
          this.withSession(port, (s) => {
            s.tlsEstablished(protocol, cipher);
            // The client's writes inside TLS, as decrypted: the same reading as in plain text.
            socket.on('data', (chunk: Buffer) => readWrite(s, chunk));
          }),
        login: (port, user, accepted) => this.withSession(port, (s) => s.login(user, accepted)),
      }),
      {
        observe: (conn) => this.observe(conn),
        ...(options.behave === 'strict' ? { authAfterTls: true, intercept: requireTlsFirst } : {}),
      },
    );
  }

  override async listen(port = this.options.port, host = this.options.host): Promise<number> {
    this.boundPort = await super.listen(port, host);
    return this.boundPort;
  }

  private keep(m: ReceivedMessage): void {
    this.received.push(m);
    if (this.received.length > MAX_KEPT_MESSAGES) this.received.shift();
  }

  /** Runs `f` on the session of the bridge port, now or once the front end has registered it. */
  private withSession(port: number, f: (s: ClientSession) => void): void {
    const s = this.sessions.get(port);
    if (s) return f(s);
    const queue = this.early.get(port) ?? [];
    if (queue.length < 64) queue.push(f);
    this.early.set(port, queue);
  }

  /** smtp-server's connection: its command lines and its replies, recorded as they happen. */
  private observe(conn: SmtpConnection): void {
    const port = conn.remotePort;
    const onCommand = conn._onCommand.bind(conn);
    conn._onCommand = (command, callback) => {
      // An AUTH exchange's lines (_nextHandler) carry the credentials: only that they came.
      const continuation = Boolean(conn._nextHandler);
      const line = command.toString('latin1');
      this.withSession(port, (s) => s.command(line, continuation));
      onCommand(command, callback);
    };
    const send = conn.send.bind(conn);
    conn.send = (code: number, data?: string | string[]) => {
      this.withSession(port, (s) => s.reply(code, data ?? ''));
      return send(code, data);
    };
  }

  protected accept(client: net.Socket): void {
    const session = new ClientSession(
      { address: client.remoteAddress ?? '', port: client.remotePort ?? 0 },
      { host: this.options.host, port: this.boundPort, tls: tlsModeOf(this.options.tls) },
    );
    this.options.onSessionStart?.(session);
    const backend = this.track(this.backend.connect());
    let bridgePort = 0;
    backend.once('connect', () => {
      bridgePort = backend.localPort ?? 0;
      this.sessions.set(bridgePort, session);
      for (const f of this.early.get(bridgePort) ?? []) f(session);
      this.early.delete(bridgePort);
    });
    let hello: Buffer | null = this.options.tls === 'implicit' ? Buffer.alloc(0) : null;
    let helloRead: HelloRead | null = null;
    let firstChunk = true;
    client.on('data', (chunk: Buffer) => {
      // A ClientHello as the very first bytes where plain SMTP is spoken: the client wants
      // implicit TLS (RFC 8314) on this port.
      if (firstChunk && this.options.tls !== 'implicit' && chunk[0] === 22) {
        const read = readClientHello(chunk);
        if (read.kind === 'hello') {
          helloRead = read;
          session.unexpectedHello(read);
        }
      }
      firstChunk = false;
      // After our "220" to STARTTLS, the next bytes are the client's ClientHello.
      if (!hello && !helloRead && session.expectsHello) hello = Buffer.alloc(0);
      if (hello && !helloRead) {
        hello = Buffer.concat([hello, chunk]);
        const read = readClientHello(hello);
        if (read.kind !== 'incomplete' || hello.length > MAX_HELLO_BYTES) {
          helloRead = read;
          session.hello(read);
          hello = null;
        }
      }
      // Plain text only: after TLS the front end sees ciphertext, and the backend's decrypted
      // socket is read instead (onSecure).
      if (!helloRead && !hello && this.options.tls !== 'implicit') readWrite(session, chunk);
      backend.write(chunk);
    });
    backend.on('data', (chunk: Buffer) => {
      // Our answer to the hello: an alert record (RFC 8446 §6) means the handshake failed.
      if (helloRead?.kind === 'hello' && !session.facts.tls && chunk[0] === 21 && chunk.length >= 7)
        session.tlsFailed(alertName(chunk[6]));
      client.write(chunk);
    });
    let first: 'client' | 'server' | null = null;
    let reported = false;
    const finish = () => {
      if (reported || !client.destroyed || !backend.destroyed) return;
      reported = true;
      session.closed(first ?? 'client');
      this.sessions.delete(bridgePort);
      this.options.onSession(session.transcript(), session);
    };
    client.once('close', () => {
      first ??= 'client';
      backend.end();
      backend.destroy();
      finish();
    });
    backend.once('close', () => {
      first ??= 'server';
      client.end();
      client.destroy();
      finish();
    });
  }
}

/** What one client write shows, in plain text or decrypted: a command that must end its group
 * followed by more (RFC 2920 §3.1), a pipelined group, a bare line ending in a command. */
function readWrite(session: ClientSession, chunk: Buffer): void {
  // The message itself (after our 354) is read whole by the backend, not here.
  if (session.inData) return;
  const v = batchViolation(chunk);
  if (v) session.batchViolation(v);
  const group = groupIn(chunk);
  if (group) session.pipelined(group);
  const bare = bareEndingIn(chunk);
  if (bare) session.bareEnding(bare);
}

const tlsModeOf = (tls: ListenTls): TlsMode => (tls === 'none' ? 'none' : tls);

/** What the backend reports to the listener, by the bridge port of the connection. */
interface BackendEvents {
  message(bridgePort: number, m: ReceivedMessage, bodyType: string): void;
  secure(bridgePort: number, protocol: string, cipher: string, socket: TLSSocket): void;
  login(bridgePort: number, user: string, accepted: boolean): void;
}

function backendOptions(o: ListenOptions, on: BackendEvents): SMTPServerOptions {
  const cred = o.certificate ? { keyPem: o.certificate.key, chainPem: o.certificate.cert } : o.pki.leaves.good;
  // Lenient: old clients finish the handshake, so what they do next is seen too (OpenSSL's
  // security level 0 allows TLS 1.0 and its suites). Strict: TLS 1.2 or later.
  const tlsPolicy =
    o.behave === 'strict'
      ? // Forward secrecy only, as modern servers are set: no suite with RSA key exchange.
        { minVersion: 'TLSv1.2' as const, ciphers: `${tls.DEFAULT_CIPHERS}:!kRSA` }
      : { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' };
  return {
    name: 'listen.smtp-lens.test',
    banner: 'SMTP Lens listener: nothing received here is relayed',
    logger: false,
    disableReverseLookup: true,
    size: 25 * 1024 * 1024,
    socketTimeout: o.idleTimeoutMs ?? 120_000,
    // A client that opens connections without end is refused, not served until memory runs out.
    maxClients: MAX_CLIENTS,
    closeTimeout: 250,
    ...(o.tls === 'none' ? { disabledCommands: ['STARTTLS', ...(o.auth === 'none' ? ['AUTH'] : [])] } : {}),
    ...(o.tls !== 'none' ? { key: cred.keyPem, cert: cred.chainPem, ...tlsPolicy } : {}),
    ...(o.tls === 'implicit' ? { secure: true } : {}),
    ...(o.auth === 'none' && o.tls !== 'none' ? { disabledCommands: ['AUTH'] } : {}),
    authOptional: o.auth !== 'required',
    // AUTH before TLS is what the listener exists to see: it is answered, and reported.
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, session, callback) {
      // Only the user name leaves here: the password is never looked at, let alone kept.
      const accepted = o.acceptLogin === 'any' || auth.username === o.acceptLogin;
      on.login(session.remotePort, auth.username ?? '', accepted);
      if (!accepted)
        return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    // Called once TLS is up, after STARTTLS or on the implicit-TLS port.
    onSecure(socket, session, callback) {
      const tlsSocket = socket as TLSSocket;
      const cipher = tlsSocket.getCipher?.();
      on.secure(
        session.remotePort,
        tlsSocket.getProtocol?.() ?? '',
        cipher?.standardName ?? cipher?.name ?? '',
        tlsSocket,
      );
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        on.message(
          session.remotePort,
          {
            client: `${session.remoteAddress}`,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            receivedAt: new Date().toISOString(),
          },
          (session.envelope as { bodyType?: string }).bodyType ?? '7bit',
        );
        callback(null, 'Ok: kept by SMTP Lens, not relayed');
      });
    },
  };
}
