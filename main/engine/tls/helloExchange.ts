// One question of the TLS audit: a new connection (EHLO and STARTTLS first, or TLS from the
// first byte), one hand-built ClientHello, and the server's answer up to its ServerHello (for
// TLS 1.2 and earlier, up to ServerHelloDone, to read the key exchange). Then the connection is
// dropped. Everything read is hostile: bounded in size and time, every length checked.
import type net from 'node:net';
import {
  alertName,
  CONTENT,
  HandshakeReassembler,
  parseServerHello,
  splitRecords,
  type ServerHello,
} from './tlsRecords';
import { openForTls, type VersionTarget } from './versionProbe';

export type HelloAnswer =
  | { kind: 'hello'; hello: ServerHello; keyExchange: KeyExchange | null }
  | { kind: 'alert'; alert: string }
  /** The server hung up, or answered with something that is not TLS. */
  | { kind: 'closed'; detail: string }
  /** The question could not be asked: no connection, no STARTTLS, no answer in time. */
  | { kind: 'failed'; detail: string };

/** What a TLS 1.2 ServerKeyExchange revealed (RFC 8422 §5.4, RFC 5246 §7.4.3). */
export interface KeyExchange {
  /** NamedGroup of an ECDHE exchange. */
  group?: number;
  /** Size of a finite-field DH prime, in bits. */
  dhBits?: number;
}

/** A Certificate message with a long chain fits easily; more than this is not a server hello. */
const MAX_ANSWER = 64 * 1024;
const SERVER_KEY_EXCHANGE = 12;
const SERVER_HELLO_DONE = 14;

function bitLength(p: Buffer): number {
  let i = 0;
  while (i < p.length && p[i] === 0) i++;
  return i === p.length ? 0 : (p.length - i - 1) * 8 + (32 - Math.clz32(p[i]));
}

/** ServerECDHParams (curve_type 3 = named_curve) or ServerDHParams, by the suite's key exchange. */
export function readKeyExchange(body: Buffer, suiteName: string): KeyExchange | null {
  if (/_ECDHE?_/.test(suiteName)) {
    return body.length >= 3 && body[0] === 3 ? { group: body.readUInt16BE(1) } : null;
  }
  if (/_DHE?_/.test(suiteName) && body.length >= 2) {
    const length = body.readUInt16BE(0);
    return body.length >= 2 + length ? { dhBits: bitLength(body.subarray(2, 2 + length)) } : null;
  }
  return null;
}

/** Reads the answer to a hello from `socket` until it says enough. */
function readAnswer(
  socket: net.Socket,
  timeoutMs: number,
  signal: AbortSignal,
  suiteName: (code: number) => string,
): Promise<HelloAnswer> {
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let consumed = 0;
    let hello: ServerHello | null = null;
    const handshake = new HandshakeReassembler();
    const finish = (answer: HelloAnswer) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeListener('data', onData);
      socket.removeListener('close', onClose);
      socket.removeListener('error', onClose);
      resolve(answer);
    };
    const onMessage = (type: number, body: Buffer): boolean => {
      if (!hello) {
        hello = parseServerHello(body);
        if (!hello) {
          finish({ kind: 'closed', detail: 'the ServerHello could not be read' });
          return true;
        }
        const earlier = hello.version < 0x0304 && !hello.helloRetry;
        if (!earlier) finish({ kind: 'hello', hello, keyExchange: null });
        return !earlier;
      }
      if (type === SERVER_KEY_EXCHANGE) {
        finish({ kind: 'hello', hello, keyExchange: readKeyExchange(body, suiteName(hello.cipherSuite)) });
        return true;
      }
      if (type === SERVER_HELLO_DONE) {
        finish({ kind: 'hello', hello, keyExchange: null });
        return true;
      }
      return false;
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const { records, error } = splitRecords(data.subarray(consumed));
      for (const record of records) {
        consumed += record.header.length + record.body.length;
        if (record.type === CONTENT.alert && record.body.length >= 2) {
          if (hello) return finish({ kind: 'hello', hello, keyExchange: null });
          return finish({ kind: 'alert', alert: alertName(record.body[1]) });
        }
        if (record.type !== CONTENT.handshake) continue;
        for (const m of handshake.push(record.body)) if (onMessage(m.type, m.body)) return;
      }
      if (error) return finish({ kind: 'closed', detail: `the server did not answer in TLS (${error})` });
      if (data.length > MAX_ANSWER) finish(hello ? { kind: 'hello', hello, keyExchange: null } : tooMuch);
    };
    const tooMuch: HelloAnswer = { kind: 'closed', detail: `more than ${MAX_ANSWER} bytes without a ServerHello` };
    const onClose = () =>
      finish(
        hello
          ? { kind: 'hello', hello, keyExchange: null }
          : { kind: 'closed', detail: 'the server closed the connection without answering the hello' },
      );
    const onAbort = () => finish({ kind: 'failed', detail: 'stopped by the user' });
    const timer = setTimeout(
      () =>
        finish(
          hello
            ? { kind: 'hello', hello, keyExchange: null }
            : { kind: 'failed', detail: `no answer to the hello within ${timeoutMs} ms` },
        ),
      timeoutMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onClose);
  });
}

/** Asks one question: a new connection, `hello`, and the answer. */
export async function sendHello(
  target: VersionTarget,
  hello: Buffer,
  suiteName: (code: number) => string,
  signal: AbortSignal,
): Promise<HelloAnswer> {
  const opened = await openForTls(target, signal);
  if (!opened.ok) return { kind: 'failed', detail: opened.detail };
  const conn = opened.conn;
  try {
    const socket = conn.release();
    socket.write(hello);
    return await readAnswer(socket, target.timeouts.tls, signal, suiteName);
  } finally {
    conn.destroy();
  }
}
