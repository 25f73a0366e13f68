// A hostile SMTP server on 127.0.0.1 whose every answer comes from a seeded script
// (hostileScript.ts): each connection gets its own PRNG, derived from the session's seed.
import type net from 'node:net';
import tls from 'node:tls';
import { lineDialogue, startRawServer, type RawServer } from '../helpers/rawServer';
import { seededRandom, type Random } from '../helpers/seededRandom';
import { actionFor, garbage, tlsBehaviour, type Action } from './hostileScript';

export interface ServerIdentity {
  key: string;
  cert: string;
}

type Stream = net.Socket | tls.TLSSocket;

/** The reply code a well-behaved server would give to this command line. */
function expectedCode(line: string): number {
  const verb = line.split(' ')[0].toUpperCase();
  return (
    ({ EHLO: 250, HELO: 250, STARTTLS: 220, AUTH: 334, DATA: 354, QUIT: 221 } as Record<string, number>)[verb] ?? 250
  );
}

class Connection {
  private timers = new Set<NodeJS.Timeout>();
  private inData = false;
  private closed = false;

  constructor(
    private readonly raw: net.Socket,
    private readonly r: Random,
    private readonly identity: ServerIdentity,
  ) {
    raw.on('close', () => this.stop());
  }

  start(implicit: boolean): void {
    if (implicit) this.startTls(this.raw, 'greet');
    else this.greet(this.raw);
  }

  private stop(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  private greet(s: Stream): void {
    this.perform(s, actionFor(this.r, 220));
    this.readLines(s);
  }

  private readLines(s: Stream): void {
    const stop = lineDialogue(s, (line) => {
      if (this.onLine(s, line)) stop();
    });
  }

  /** Returns true when the stream was handed over (STARTTLS) and this reader must stop. */
  private onLine(s: Stream, line: string): boolean {
    if (this.inData) {
      if (line === '.') {
        this.inData = false;
        this.perform(s, actionFor(this.r, 250));
      }
      return false;
    }
    const expected = expectedCode(line);
    if (expected === 220 && s === this.raw && this.r() < 0.8) {
      s.write('220 2.0.0 Ready to start TLS\r\n');
      this.startTls(this.raw, 'listen');
      return true;
    }
    if (expected === 354) this.inData = this.r() < 0.8;
    this.perform(
      s,
      this.inData && expected === 354
        ? { kind: 'reply', bytes: Buffer.from('354 Go ahead\r\n') }
        : actionFor(this.r, expected),
    );
    return false;
  }

  private startTls(raw: net.Socket, then: 'greet' | 'listen'): void {
    const behaviour = tlsBehaviour(this.r);
    if (behaviour === 'close') return void raw.destroy();
    if (behaviour === 'garbage') {
      raw.write(garbage(this.r));
      if (this.r() < 0.5) raw.end();
      return;
    }
    const secure = new tls.TLSSocket(raw, { isServer: true, key: this.identity.key, cert: this.identity.cert });
    secure.on('error', () => raw.destroy());
    secure.once('secure', () => (then === 'greet' ? this.greet(secure) : this.readLines(secure)));
  }

  private perform(s: Stream, action: Action): void {
    if (this.closed || s.destroyed) return;
    switch (action.kind) {
      case 'reply':
        s.write(action.bytes);
        return;
      case 'close':
        if (action.destroy) s.destroy();
        else s.end();
        return;
      case 'silence':
        return;
      case 'drip':
        return this.drip(s, action.bytes, 0, action.everyMs, action.forever);
      case 'flood':
        return this.flood(s, action.line, action.totalBytes);
    }
  }

  private drip(s: Stream, bytes: Buffer, at: number, everyMs: number, forever: boolean): void {
    if (s.destroyed) return;
    if (at >= bytes.length) {
      if (forever) this.later(everyMs, () => this.drip(s, bytes, 0, everyMs, forever));
      return;
    }
    const step = 1 + Math.floor(this.r() * 6);
    s.write(bytes.subarray(at, at + step));
    this.later(everyMs, () => this.drip(s, bytes, at + step, everyMs, forever));
  }

  private flood(s: Stream, line: string, remaining: number): void {
    const chunk = Buffer.from(line.repeat(Math.max(1, Math.floor(65536 / line.length))));
    while (remaining > 0 && !s.destroyed) {
      remaining -= chunk.length;
      // Respect TCP backpressure: a client that stops reading stops the flood too.
      if (!s.write(chunk)) {
        s.once('drain', () => this.flood(s, line, remaining));
        return;
      }
    }
  }
}

/** One server per fuzz session: `implicit` servers start TLS (or garbage) at once. */
export function startScriptedServer(seed: number, implicit: boolean, identity: ServerIdentity): Promise<RawServer> {
  let connections = 0;
  return startRawServer((socket) => {
    // A second connection (auto mode's TLS check) gets a script of its own, still from the seed.
    const conn = new Connection(socket, seededRandom(seed * 31 + connections++), identity);
    conn.start(implicit);
  });
}
