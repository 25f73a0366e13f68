import { Duplex } from 'node:stream';
import type net from 'node:net';
import { CLIENT_RANDOM_END, CONTENT, HANDSHAKE, HandshakeReassembler, RecordWatcher, alertName } from './tlsRecords';
import { clientHelloRandom, groupName, parseCertificate12, parseCertificate13, parseServerHello } from './tlsRecords';
import { serverHelloVersion, splitRecords, versionName, type ServerHello, type TlsVersionName } from './tlsRecords';
import { KeyLog, RecordOpener, runtimeSupports, tls13Suite } from './tls13Decrypt';

/** Why this exists: tlsSocket.getPeerCertificate(true) rebuilds the chain by issuer, drops
 * certificates it cannot link and appends anchors from the local store, so it cannot say
 * what the server actually sent. The tap watches the handshake bytes and reads the server's
 * Certificate message itself: cleartext up to TLS 1.2, decrypted with the key log in 1.3. */

export interface HandshakeCapture {
  /** DER of each certificate exactly as the server sent them, in order; null if not observable. */
  certificates: Buffer[] | null;
  reason: string | null; // why certificates is null
  version: TlsVersionName | null;
  cipherSuite: number | null;
  group: string | null; // key_share group name (1.3 only)
  alert: { level: number; description: number; name: string } | null; // alert received from the server
  firstServerBytes: Buffer; // first bytes received from the server after the tap started (<= 64)
  bytesFromServer: number;
  /** Extra: the server asked for another ClientHello first (RFC 8446 §4.1.4). */
  helloRetry: boolean;
  /** Extra: server bytes kept for parsing; recording stops once the handshake is over. */
  recordedBytes: number;
}

export interface HandshakeTap {
  /** Pass this as `socket` to tls.connect. */
  readonly stream: Duplex;
  /** Attach to the TLSSocket: tlsSocket.on('keylog', line => tap.onKeylog(line)). */
  onKeylog(line: Buffer): void;
  /** Call after 'secureConnect' or after a handshake error; stops recording and parses. */
  finish(): HandshakeCapture;
}

/** A server flight larger than this is not a handshake we can use; stop recording there. */
const MAX_RECORDED = 1 << 20;
const FIRST_BYTES = 64;

/** Forwards bytes unchanged between the TLS layer and the TCP socket, and shows each chunk
 * to the hooks on the way. Passing a plain Duplex (not a net.Socket) to tls.connect makes
 * Node wrap it in a JSStreamSocket, so every byte crosses JavaScript where we can see it. */
class TapStream extends Duplex {
  constructor(
    private readonly raw: net.Socket,
    private readonly seeServer: (chunk: Buffer) => void,
    private readonly seeClient: (chunk: Buffer) => void,
  ) {
    // Half-open is the TLS layer's decision, not ours: it sees our 'end' and answers.
    super({ allowHalfOpen: true });
    raw.on('data', this.onRawData);
    raw.on('end', this.onRawEnd);
    raw.on('error', this.onRawError);
    raw.on('close', this.onRawClose);
    raw.pause(); // resumed by _read when the TLS layer wants bytes
    if (raw.destroyed) process.nextTick(() => this.destroy());
    else if (raw.readableEnded) process.nextTick(this.onRawEnd);
  }

  private onRawData = (data: Buffer | string): void => {
    // A caller that set an encoding on the socket has already lost bytes; do not crash on it.
    const chunk = typeof data === 'string' ? Buffer.from(data, this.raw.readableEncoding ?? 'utf8') : data;
    this.seeServer(chunk);
    if (!this.push(chunk)) this.raw.pause(); // TLS is not reading: stop reading TCP too
  };
  private onRawEnd = (): void => void this.push(null);
  private onRawError = (err: Error): void => void this.destroy(err);
  private onRawClose = (): void => {
    if (this.destroyed) return;
    // After a clean FIN, let the reader drain what is buffered before tearing down.
    if (this.raw.readableEnded && !this.readableEnded) this.once('end', () => this.destroy());
    else this.destroy();
  };

  override _read(): void {
    if (!this.raw.destroyed) this.raw.resume();
  }

  /** Once the socket can no longer send (the peer's FIN auto-ended it, or it is gone),
   * bytes are dropped the way a closed socket would: the closure itself is reported
   * through 'end'/'close', and erroring here would only turn a normal TLS close_notify
   * into a spurious EPIPE. */
  private get canSend(): boolean {
    return !this.raw.destroyed && !this.raw.writableEnded;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(chunk, callback);
  }

  private send(chunk: Buffer, callback: (error?: Error | null) => void): void {
    this.seeClient(chunk);
    if (!this.canSend) return callback();
    // Completing only when the socket has taken the bytes carries TCP backpressure upward.
    this.raw.write(chunk, (err) => callback(err ?? null));
  }

  /** JSStreamSocket corks and writes a TLS flight as several buffers: send them as one. */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.send(Buffer.concat(chunks.map((c) => c.chunk)), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.canSend) this.raw.end();
    callback();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.off('data', this.onRawData);
    this.raw.off('end', this.onRawEnd);
    this.raw.off('close', this.onRawClose);
    // onRawError stays attached: a late socket error must not become an uncaught exception,
    // and destroy() on a destroyed stream does nothing.
    this.raw.destroy();
    callback(err);
  }
}

export function tapHandshake(raw: net.Socket): HandshakeTap {
  const recorded: Buffer[] = [];
  let recordedBytes = 0;
  let recording = true;
  let truncated = false;
  let firstServerBytes = Buffer.alloc(0);
  let bytesFromServer = 0;
  let clientHead = Buffer.alloc(0);
  const clientRecords = new RecordWatcher();
  const keylog = new KeyLog();
  let result: HandshakeCapture | null = null;

  const seeServer = (chunk: Buffer): void => {
    bytesFromServer += chunk.length;
    if (firstServerBytes.length < FIRST_BYTES) {
      firstServerBytes = Buffer.concat([firstServerBytes, chunk.subarray(0, FIRST_BYTES - firstServerBytes.length)]);
    }
    if (!recording) return;
    if (recordedBytes + chunk.length > MAX_RECORDED) {
      recording = false;
      truncated = true;
      return;
    }
    recorded.push(Buffer.from(chunk));
    recordedBytes += chunk.length;
  };

  const seeClient = (chunk: Buffer): void => {
    // Keep the ClientHello's random to pick this connection's key log lines.
    if (clientHead.length < CLIENT_RANDOM_END) {
      clientHead = Buffer.concat([clientHead, chunk.subarray(0, CLIENT_RANDOM_END - clientHead.length)]);
    }
    if (!recording) return;
    clientRecords.feed(chunk, (type) => {
      // The client writes these only after it has processed the server's Certificate, so
      // recording can stop: its first protected record in TLS 1.3 (its Finished; Node sends
      // no 0-RTT data), and its ChangeCipherSpec in TLS 1.2 and below (RFC 5246 §7.3). A 1.3
      // client may send a dummy CCS before its second ClientHello (RFC 8446 §D.4), hence
      // the version check, which reads only the ServerHello.
      if (type === CONTENT.applicationData) recording = false;
      else if (type === CONTENT.changeCipherSpec) {
        const version = serverHelloVersion(Buffer.concat(recorded));
        if (version !== null && version < 0x0304) recording = false;
      }
    });
  };

  const stream = new TapStream(raw, seeServer, seeClient);
  stream.once('end', () => (recording = false));

  const secretFor = (label: string): Buffer | null => keylog.secret(label, clientHelloRandom(clientHead));

  return {
    stream,
    onKeylog: (line: Buffer): void => keylog.add(line),
    finish(): HandshakeCapture {
      if (result) return result;
      recording = false;
      const data = Buffer.concat(recorded);
      recorded.length = 0;
      let flight: Flight;
      try {
        flight = readServerFlight(data, secretFor);
      } catch (err) {
        flight = { ...emptyFlight(), reason: `could not read the handshake: ${(err as Error).message}` };
      }
      if (flight.certificates === null && truncated && flight.reason === null) {
        flight.reason = `the server sent more than ${MAX_RECORDED} bytes before its certificates could be read`;
      }
      result = { ...flight, firstServerBytes, bytesFromServer, recordedBytes: data.length };
      return result;
    },
  };
}

type Flight = Omit<HandshakeCapture, 'firstServerBytes' | 'bytesFromServer' | 'recordedBytes'>;

function emptyFlight(): Flight {
  return {
    certificates: null,
    reason: null,
    version: null,
    cipherSuite: null,
    group: null,
    alert: null,
    helloRetry: false,
  };
}

/** Reads what the server sent during the handshake. Never throws on bad input: every dead
 * end becomes a reason. */
export function readServerFlight(data: Buffer, secretFor: (label: string) => Buffer | null): Flight {
  const out = emptyFlight();
  if (data.length === 0) return { ...out, reason: 'the server sent nothing during the handshake' };
  const { records, error } = splitRecords(data);
  if (records.length === 0 && error) return { ...out, reason: 'the server did not answer with TLS records' };

  let hello = null as ServerHello | null;
  let tls13 = false;
  let protected12 = false; // TLS 1.2: after the server's ChangeCipherSpec we cannot read on
  // TLS 1.3 reading state: the opener in use, null before the first protected record,
  // 'done' when nothing more can be read; `stopped` says why it ended early.
  let opener = null as RecordOpener | 'done' | null; // 'as': also assigned in closures
  let stopped: string | null = null;
  let encryptedCount = 0;
  const handshake = new HandshakeReassembler();

  const noteAlert = (body: Buffer): void => {
    if (body.length < 2) return;
    // Keep the first alert unless a fatal one (level 2, RFC 5246 §7.2) follows a warning.
    if (out.alert && !(out.alert.level !== 2 && body[0] === 2)) return;
    out.alert = { level: body[0], description: body[1], name: alertName(body[1]) };
  };

  const onMessages = (messages: Array<{ type: number; body: Buffer }>): void => {
    for (const m of messages) {
      if (m.type === HANDSHAKE.serverHello) {
        hello = parseServerHello(m.body);
        if (!hello) continue;
        tls13 = hello.version === 0x0304;
        out.version = versionName(hello.version);
        out.cipherSuite = hello.cipherSuite;
        out.group = tls13 && hello.group !== null ? groupName(hello.group) : null;
        if (hello.helloRetry) out.helloRetry = true;
      } else if (m.type === HANDSHAKE.certificate && out.certificates === null) {
        try {
          out.certificates = tls13 ? parseCertificate13(m.body) : parseCertificate12(m.body);
        } catch (err) {
          stopped = `the Certificate message is malformed: ${(err as Error).message}`;
        }
      } else if (m.type === HANDSHAKE.compressedCertificate && out.certificates === null) {
        stopped = 'the server sent a compressed Certificate (RFC 8879), which the tap does not decompress';
      } else if (m.type === HANDSHAKE.finished && tls13 && opener instanceof RecordOpener) {
        // RFC 8446 §7.2: after its Finished the server protects records with the
        // application traffic secret; an alert sent later uses those keys.
        const secret = secretFor('SERVER_TRAFFIC_SECRET_0');
        opener = secret ? new RecordOpener(opener.suite, secret) : 'done';
        encryptedCount = 0;
      }
    }
  };

  const openerFor = (cipherSuite: number): RecordOpener | string => {
    const suite = tls13Suite(cipherSuite);
    if (!suite) return `cipher suite 0x${cipherSuite.toString(16).padStart(4, '0')} is not one the tap can decrypt`;
    if (!runtimeSupports(suite)) return `this runtime has no ${suite.aead} to decrypt ${suite.name}`;
    const secret = secretFor('SERVER_HANDSHAKE_TRAFFIC_SECRET');
    if (!secret) return 'no SERVER_HANDSHAKE_TRAFFIC_SECRET key log line arrived for this connection';
    return new RecordOpener(suite, secret);
  };

  for (const record of records) {
    if (record.type === CONTENT.changeCipherSpec) {
      // RFC 8446 §5 / D.4: in 1.3 a dummy CCS (middlebox compatibility) is skipped. In 1.2
      // (RFC 5246 §7.1) it means the server's records are encrypted from here on.
      if (hello && !tls13) protected12 = true;
      continue;
    }
    if (protected12) continue;
    if (record.type === CONTENT.alert) noteAlert(record.body);
    else if (record.type === CONTENT.handshake) onMessages(handshake.push(record.body));
    else if (record.type === CONTENT.applicationData && hello && tls13 && !stopped && opener !== 'done') {
      if (!opener) {
        const made = openerFor(hello.cipherSuite);
        if (typeof made === 'string') {
          stopped = made;
          continue;
        }
        opener = made;
      }
      try {
        const inner = opener.open(record.header, record.body);
        encryptedCount++;
        if (inner.type === CONTENT.handshake) onMessages(handshake.push(inner.content));
        else if (inner.type === CONTENT.alert) noteAlert(inner.content);
      } catch (err) {
        stopped = `could not decrypt the server's protected record ${encryptedCount + 1}: ${(err as Error).message}`;
      }
    }
  }

  if (out.certificates === null) out.reason = explainMissing(out, hello, stopped, error);
  return out;
}

function explainMissing(
  out: Flight,
  hello: ServerHello | null,
  stopped: string | null,
  splitError: string | null,
): string {
  if (stopped) return stopped;
  if (out.alert && out.alert.level === 2) return `the server sent the alert ${out.alert.name} before any certificate`;
  if (!hello) return splitError ? `the server stopped speaking TLS: ${splitError}` : 'no ServerHello was received';
  return 'the server sent no Certificate message (a resumed session, or the handshake ended early)';
}
