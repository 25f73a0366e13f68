import type net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { Deadline } from '../../shared/transcript';
import { ms } from './durationWords';
import { openRoute, type ProxyTiming, type Route } from './route';
import { ReplyReader, type ParsedReply } from './replyReader';
import { tapHandshake, type HandshakeCapture } from './tls/handshakeTap';

/** Why a read or a connection did not produce what we waited for. Errors are values here:
 * the session turns each one into a transcript event and a finding, never an exception. */
export interface Failure {
  /** A Node errno (ECONNREFUSED, ECONNRESET, ...), an OpenSSL code, or TIMEOUT, CLOSED, OVERFLOW, ABORTED. */
  code: string;
  message: string;
  /** What had arrived of an unfinished reply. */
  partial?: ParsedReply | null;
  /** For TIMEOUT: the deadline that ended the wait, when it was more than silence. */
  deadline?: Deadline;
}

/** While this many octets of complete replies wait to be taken (a server talking out of turn,
 * or flooding while a Step waits for the user), the socket is not read: TCP flow control then
 * holds the server back in its own send buffer instead of growing our memory. */
export const PAUSE_READING_AT = 64 * 1024;

export type ReadOutcome = { ok: true; reply: ParsedReply } | { ok: false; failure: Failure };

export interface TlsUpgrade {
  socket: tls.TLSSocket | null;
  capture: HandshakeCapture;
  failure: Failure | null;
}

/** One TCP connection carrying SMTP, plain or (after STARTTLS or from the start) TLS. */
export class SmtpConnection {
  private stream: Duplex;
  private reader = new ReplyReader();
  private waiter: (() => void) | null = null;
  private ended: Failure | null = null;
  private paused = false;
  /** When the last bytes arrived (performance.now()), to tell a slow reply from a stalled one. */
  private lastInputAt = 0;
  private onData = (chunk: Buffer) => {
    this.lastInputAt = performance.now();
    this.reader.feed(chunk);
    // After an overflow nothing more is read: the session ends with OVERFLOW.
    if (this.reader.overflow || this.reader.queuedOctets > PAUSE_READING_AT) this.pauseReading();
    this.wake();
  };
  private onEnd = () => this.markEnded({ code: 'CLOSED', message: 'the server closed the connection' });
  private onError = (err: NodeJS.ErrnoException) => this.markEnded({ code: err.code ?? 'ERROR', message: err.message });

  private constructor(readonly raw: net.Socket) {
    this.stream = raw;
    this.attach(raw);
  }

  get tlsSocket(): tls.TLSSocket | null {
    return this.stream instanceof tls.TLSSocket ? this.stream : null;
  }

  get localAddress(): string {
    return this.raw.localAddress ?? '';
  }

  get localPort(): number {
    return this.raw.localPort ?? 0;
  }

  /** Why the connection is no longer usable, or null while it is. */
  get endedBy(): Failure | null {
    return this.ended;
  }

  /** Octets received and held, not yet taken as replies. */
  get bufferedOctets(): number {
    return this.reader.bufferedOctets;
  }

  /** Connects along the route (a source address, a proxy); every failure is a value. */
  static async connect(
    host: string,
    port: number,
    timeoutMs: number,
    signal: AbortSignal,
    route: Route = {},
  ): Promise<
    | { ok: true; conn: SmtpConnection; proxied: ProxyTiming | null }
    | { ok: false; failure: Failure; stage: 'connect' | 'proxy' }
  > {
    const opened = await openRoute(host, port, timeoutMs, signal, route);
    if (!opened.ok) return opened;
    return { ok: true, conn: new SmtpConnection(opened.socket), proxied: opened.proxied };
  }

  /** Waits for the next complete reply (or takes one that already arrived). `timeoutMs` is an
   * absolute deadline for the whole reply, not a silence timer: a server that sends one line a
   * second must not hold the session for as long as it likes (RFC 5321 §4.5.3.2 sets the
   * server's limits; a diagnostic tool sets its own). */
  async readReply(timeoutMs: number, signal: AbortSignal): Promise<ReadOutcome> {
    const startedAt = performance.now();
    for (;;) {
      const reply = this.take();
      if (reply) return { ok: true, reply };
      if (this.reader.overflow) {
        return { ok: false, failure: { code: 'OVERFLOW', message: `the server sent ${this.reader.overflow}` } };
      }
      if (this.ended) return { ok: false, failure: { ...this.ended, partial: this.reader.partial() } };
      if (signal.aborted)
        return {
          ok: false,
          failure: { code: 'ABORTED', message: 'stopped by the user', partial: this.reader.partial() },
        };
      const left = startedAt + timeoutMs - performance.now();
      if (left <= 0 || !(await this.waitForInput(left, signal)))
        return { ok: false, failure: this.timedOut(timeoutMs) };
    }
  }

  /** Octets received but not yet consumed as replies, including what the socket held while
   * reading was paused: all of it came before the TLS handshake. */
  drainUnread(): string {
    // read() on a paused stream hands each buffered chunk to onData.
    while (this.paused && this.stream.read() !== null);
    return this.reader.drain();
  }

  private take(): ParsedReply | null {
    const reply = this.reader.take();
    if (this.reader.queuedOctets <= PAUSE_READING_AT && !this.reader.overflow) this.resumeReading();
    return reply;
  }

  /** Says which way the wait ended: nothing at all, or a reply that began and did not finish. */
  private timedOut(timeoutMs: number): Failure {
    const partial = this.reader.partial();
    const within = ms(timeoutMs);
    if (!partial) return { code: 'TIMEOUT', message: `no reply within ${within}` };
    const quietFor = performance.now() - this.lastInputAt;
    const how =
      quietFor < timeoutMs / 2
        ? 'the server kept sending it slowly'
        : `the server stopped sending in the middle of it ${ms(quietFor)} ago`;
    const lines = partial.lines.length === 1 ? '1 line' : `${partial.lines.length} lines`;
    return {
      code: 'TIMEOUT',
      deadline: 'reply',
      message: `the reply did not finish within ${within}: ${how} (${lines} so far)`,
      partial,
    };
  }

  write(data: string | Buffer): void {
    if (!this.ended && this.stream.writable) this.stream.write(data);
  }

  /** Starts TLS on this connection: after a 220 to STARTTLS (RFC 3207 §4), or right after
   * connecting for implicit TLS (RFC 8314 §3.3). The caller has already drained plaintext.
   * `onKeylog` gets each line of this connection's TLS secrets as Node emits them (NSS key log
   * format, newline-terminated), for --keylog; the tap reads them either way. */
  upgrade(
    options: tls.ConnectionOptions,
    timeoutMs: number,
    signal: AbortSignal,
    onKeylog?: (line: Buffer) => void,
  ): Promise<TlsUpgrade> {
    this.detach(this.stream);
    this.reader = new ReplyReader();
    // From here the handshake tap reads the TCP socket, under its own flow control.
    this.paused = false;
    const tap = tapHandshake(this.raw);
    const socket = tls.connect({ ...options, socket: tap.stream as net.Socket });
    socket.on('keylog', (line) => {
      tap.onKeylog(line);
      onKeylog?.(line);
    });
    return new Promise((resolve) => {
      const finish = (failure: Failure | null) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.removeListener('error', onError);
        socket.removeListener('secureConnect', onSecure);
        const capture = tap.finish();
        if (failure) {
          socket.destroy();
          this.markEnded(failure);
          resolve({ socket: null, capture, failure });
          return;
        }
        this.stream = socket;
        this.attach(socket);
        resolve({ socket, capture, failure: null });
      };
      const timer = setTimeout(
        () => finish({ code: 'TIMEOUT', message: `the TLS handshake did not finish within ${timeoutMs} ms` }),
        timeoutMs,
      );
      const onAbort = () => finish({ code: 'ABORTED', message: 'stopped by the user' });
      const onError = (err: NodeJS.ErrnoException) => finish({ code: err.code ?? 'ERROR', message: err.message });
      const onSecure = () => finish(null);
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.once('secureConnect', onSecure);
    });
  }

  /** Hands the TCP socket to a caller that speaks TLS records itself (the TLS audit's
   * hand-built hello): no more SMTP is read from it. The caller drained plaintext first. */
  release(): net.Socket {
    this.detach(this.stream);
    this.paused = false;
    this.raw.resume();
    return this.raw;
  }

  /** Closes politely (FIN) and makes sure the socket is gone shortly after. */
  close(): void {
    if (!this.ended) this.ended = { code: 'CLOSED_BY_CLIENT', message: 'closed by SMTP Lens' };
    this.stream.end();
    const killer = setTimeout(() => this.destroy(), 1000);
    killer.unref();
    this.raw.once('close', () => clearTimeout(killer));
  }

  destroy(): void {
    if (!this.ended) this.ended = { code: 'CLOSED_BY_CLIENT', message: 'closed by SMTP Lens' };
    this.stream.destroy();
    this.raw.destroy();
    this.wake();
  }

  private pauseReading(): void {
    if (this.paused) return;
    this.paused = true;
    this.stream.pause();
  }

  private resumeReading(): void {
    if (!this.paused) return;
    this.paused = false;
    this.stream.resume();
  }

  private attach(stream: Duplex): void {
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
  }

  private detach(stream: Duplex): void {
    stream.removeListener('data', this.onData);
    stream.removeListener('end', this.onEnd);
    stream.removeListener('close', this.onEnd);
    stream.removeListener('error', this.onError);
  }

  private markEnded(failure: Failure): void {
    // The first cause wins: a reset is followed by a close, and the reset is what happened.
    if (!this.ended) this.ended = failure;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private waitForInput(timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        signal.removeEventListener('abort', onAbort);
        resolve(false);
      }, timeoutMs);
      const onAbort = () => this.wake();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
    });
  }
}
