// The practice scenarios seen by a bare client that types lines itself: what a trainee sees in
// the terminal, or with nc and openssl. These are the behaviours a polite probe never triggers.
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../main/lab/labServer';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab({
    basePort: 0,
    scenarios: [
      'submission-ok',
      'tls-required',
      'no-starttls',
      'slow-banner',
      'pregreet',
      'implicit-tls-on-587-mistake',
      'starttls-injection-vulnerable',
    ],
    timing: { bannerDelayMs: 1_500, pregreetWaitMs: 1_500 },
  });
});
afterAll(() => lab?.close());

type Reply = string[] | 'closed' | 'timeout';

/** A line client: sends lines, reads whole replies (RFC 5321 §4.2.1: "NNN-" continues,
 * "NNN " ends), and can switch to TLS on the same connection. */
class LineClient {
  private buffer = '';
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('latin1');
    this.wake?.();
  };

  private constructor(private socket: net.Socket | tls.TLSSocket) {
    this.listen(socket);
  }

  static async connect(port: number): Promise<LineClient> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new LineClient(socket);
  }

  private listen(socket: net.Socket | tls.TLSSocket): void {
    socket.on('data', this.onData);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  private take(): string[] | null {
    const lines: string[] = [];
    let rest = this.buffer;
    for (let nl = rest.indexOf('\r\n'); nl !== -1; nl = rest.indexOf('\r\n')) {
      lines.push(rest.slice(0, nl));
      rest = rest.slice(nl + 2);
      if (/^\d{3}(?!-)/.test(lines.at(-1)!)) {
        this.buffer = rest;
        return lines;
      }
    }
    return null;
  }

  async reply(timeoutMs = 5_000): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.take();
      if (lines) return lines;
      if (this.closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  send(text: string): void {
    this.socket.write(text);
  }

  async command(line: string): Promise<Reply> {
    this.send(`${line}\r\n`);
    return this.reply();
  }

  /** RFC 3207: the handshake on the same connection, trusting the lab's root CA. */
  async startTls(): Promise<boolean> {
    const raw = this.socket as net.Socket;
    raw.removeListener('data', this.onData);
    const secure = tls.connect({ socket: raw, ca: lab.pki.root.certPem, servername: 'mail.lab.test' });
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
    this.socket = secure;
    this.listen(secure);
    return secure.authorized;
  }

  close(): void {
    this.socket.destroy();
  }
}

async function session(name: string): Promise<LineClient> {
  const client = await LineClient.connect(lab.portOf(name));
  const greeting = await client.reply();
  expect(greeting).toEqual([`220 mail.lab.test ESMTP SMTP Lens practice server (${name})`]);
  return client;
}

describe('tls-required (smtpd_tls_security_level = encrypt)', () => {
  it('answers everything but EHLO, STARTTLS, NOOP and QUIT with 530 until TLS is up', async () => {
    const c = await session('tls-required');
    try {
      const ehlo = await c.command('EHLO client.example');
      expect(ehlo).toContain('250-STARTTLS');
      expect((ehlo as string[]).some((l) => l.includes('AUTH'))).toBe(false);
      for (const line of [
        'AUTH PLAIN AGFsaWNlQGxhYi50ZXN0AHdvbmRlcmxhbmQ=',
        'MAIL FROM:<alice@lab.test>',
        'RSET',
        'HELO client.example',
      ]) {
        expect(await c.command(line), line).toEqual(['530 5.7.0 Must issue a STARTTLS command first']);
      }
      expect(await c.command('NOOP')).toEqual(['250 OK']);
      expect(await c.command('STARTTLS')).toEqual(['220 Ready to start TLS']);
      expect(await c.startTls()).toBe(true);
      const again = await c.command('EHLO client.example');
      expect(again).toContain('250-AUTH PLAIN LOGIN CRAM-MD5');
      expect(await c.command('AUTH PLAIN AGFsaWNlQGxhYi50ZXN0AHdvbmRlcmxhbmQ=')).toEqual([
        '235 Authentication successful',
      ]);
      expect(await c.command('MAIL FROM:<alice@lab.test>')).toEqual(['250 Accepted']);
    } finally {
      c.close();
    }
  });
});

describe('no-starttls', () => {
  it('offers AUTH in plain text, no STARTTLS, and answers STARTTLS with 502', async () => {
    const c = await session('no-starttls');
    try {
      const ehlo = (await c.command('EHLO client.example')) as string[];
      expect(ehlo).toContain('250-AUTH PLAIN LOGIN CRAM-MD5');
      expect(ehlo.some((l) => l.includes('STARTTLS'))).toBe(false);
      expect(await c.command('STARTTLS')).toEqual(['502 5.5.1 Error: command not implemented']);
      expect(await c.command('QUIT')).toEqual(['221 Bye']);
    } finally {
      c.close();
    }
  });
});

describe('greeting delays', () => {
  it('slow-banner: a patient client gets 220 after the delay; one that talks first is cut off', async () => {
    const started = Date.now();
    const patient = await session('slow-banner');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    patient.close();
    const eager = await LineClient.connect(lab.portOf('slow-banner'));
    eager.send('EHLO eager.example\r\n');
    expect(await eager.reply()).toEqual(['421 mail.lab.test You talk too soon']);
    expect(await eager.reply()).toBe('closed');
  });

  it('pregreet: the "220-" teaser comes at once; talking before the final "220 " gets 521 and a hang-up', async () => {
    const patient = await LineClient.connect(lab.portOf('pregreet'));
    const started = Date.now();
    expect(await patient.reply()).toEqual([
      '220-mail.lab.test ESMTP SMTP Lens practice server (pregreet)',
      '220 mail.lab.test ESMTP SMTP Lens practice server (pregreet)',
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(await patient.command('EHLO client.example')).toContain('250-STARTTLS');
    patient.close();

    const eager = await LineClient.connect(lab.portOf('pregreet'));
    await new Promise((r) => setTimeout(r, 100)); // the teaser has arrived; the greeting has not
    eager.send('EHLO eager.example\r\n');
    expect(await eager.reply()).toEqual([
      '220-mail.lab.test ESMTP SMTP Lens practice server (pregreet)',
      '521 5.5.1 Protocol error',
    ]);
    expect(await eager.reply(3_000)).toBe('closed');
  });
});

describe('implicit-tls-on-587-mistake', () => {
  it('says nothing to a plaintext client, and hangs up when it talks', async () => {
    const c = await LineClient.connect(lab.portOf('implicit-tls-on-587-mistake'));
    expect(await c.reply(700)).toBe('timeout');
    c.send('EHLO client.example\r\n');
    expect(await c.reply()).toBe('closed');
  });
});

describe('STARTTLS command injection (CVE-2011-0411)', () => {
  /** Sends STARTTLS and NOOP in one packet, completes the handshake, then sends nothing and
   * listens: a reply now can only be the server running the NOOP that came in plain text. */
  async function injectNoop(name: string): Promise<Reply> {
    const c = await session(name);
    try {
      await c.command('EHLO client.example');
      c.send('STARTTLS\r\nNOOP\r\n');
      expect(await c.reply()).toEqual(['220 Ready to start TLS']);
      expect(await c.startTls()).toBe(true);
      const unsolicited = await c.reply(800);
      // Either way the session itself goes on inside TLS.
      expect(await c.command('EHLO client.example')).toContain('250-AUTH PLAIN LOGIN CRAM-MD5');
      return unsolicited;
    } finally {
      c.close();
    }
  }

  it('starttls-injection-vulnerable runs the injected command inside TLS', async () => {
    expect(await injectNoop('starttls-injection-vulnerable')).toEqual(['250 OK']);
  });

  it('submission-ok (smtp-server) throws the plaintext away, as RFC 3207 §4.2 requires', async () => {
    expect(await injectNoop('submission-ok')).toBe('timeout');
  });
});
