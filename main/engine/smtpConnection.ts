import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
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
}

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
  private onData = (chunk: Buffer) => {
    this.reader.feed(chunk);
    this.wake();
  };
  private onEnd = () => this.markEnded({ code: 'CLOSED', message: 'the server closed the connection' });
  private onError = (err: NodeJS.ErrnoException) =>
    this.markEnded({ code: err.code ?? 'ERROR', message: err.message });

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

  static connect(
    address: string,
    port: number,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<{ ok: true; conn: SmtpConnection } | { ok: false; failure: Failure }> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: address, port });
      const done = (result: { ok: true; conn: SmtpConnection } | { ok: false; failure: Failure }) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.removeListener('error', onError);
        if (!result.ok) socket.destroy();
        resolve(result);
      };
      const timer = setTimeout(
        () => done({ ok: false, failure: { code: 'TIMEOUT', message: `no answer to the connection attempt within ${timeoutMs} ms` } }),
        timeoutMs,
      );
      const onAbort = () => done({ ok: false, failure: { code: 'ABORTED', message: 'stopped by the user' } });
      const onError = (err: NodeJS.ErrnoException) =>
        done({ ok: false, failure: { code: err.code ?? 'ERROR', message: err.message } });
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.once('connect', () => done({ ok: true, conn: new SmtpConnection(socket) }));
    });
  }

  /** Waits for the next complete reply (or takes one that already arrived). */
  async readReply(timeoutMs: number, signal: AbortSignal): Promise<ReadOutcome> {
    for (;;) {
      const reply = this.reader.take();
      if (reply) return { ok: true, reply };
      if (this.reader.overflow) {
        return { ok: false, failure: { code: 'OVERFLOW', message: `the server sent ${this.reader.overflow}` } };
      }
      if (this.ended) return { ok: false, failure: { ...this.ended, partial: this.reader.partial() } };
      if (signal.aborted) return { ok: false, failure: { code: 'ABORTED', message: 'stopped by the user' } };
      const woke = await this.waitForInput(timeoutMs, signal);
      if (!woke) {
        return {
          ok: false,
          failure: { code: 'TIMEOUT', message: `no reply within ${timeoutMs} ms`, partial: this.reader.partial() },
        };
      }
    }
  }

  /** Octets received but not yet consumed as replies. */
  drainUnread(): string {
    return this.reader.drain();
  }

  write(data: string | Buffer): void {
    if (!this.ended && this.stream.writable) this.stream.write(data);
  }

  /** Starts TLS on this connection: after a 220 to STARTTLS (RFC 3207 §4), or right after
   * connecting for implicit TLS (RFC 8314 §3.3). The caller has already drained plaintext. */
  upgrade(options: tls.ConnectionOptions, timeoutMs: number, signal: AbortSignal): Promise<TlsUpgrade> {
    this.detach(this.stream);
    this.reader = new ReplyReader();
    const tap = tapHandshake(this.raw);
    const socket = tls.connect({ ...options, socket: tap.stream as net.Socket });
    socket.on('keylog', (line) => tap.onKeylog(line));
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
