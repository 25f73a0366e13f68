// Real clients' ClientHellos, read by the listener's reader: openssl s_client, curl, Python's
// smtplib and swaks each talk STARTTLS to a small server that answers EHLO with STARTTLS, says
// 220 to it, and keeps the first TLS record the client sends. Each client is configured one
// way, and the reading must say exactly that.
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HelloRead, readClientHello } from '../../main/engine/tls/clientHello';
import { clientOffer } from '../../main/engine/tls/clientOffer';
import { requireOpenssl, requireSwaks, runTool, SWAKS } from '../helpers/externalTool';
import { type RawServer, startRawServer } from '../helpers/rawServer';
import { requireComponent } from '../helpers/systemComponent';
import { existsSync } from 'node:fs';

let server: RawServer;
/** Each connection's ClientHello, in arrival order. */
const hellos: HelloRead[] = [];

/** Plain SMTP up to STARTTLS, then the raw bytes the client sends, until a hello is read. */
function capture(socket: net.Socket) {
  socket.write('220 mx.listen.test ESMTP\r\n');
  let buffered = Buffer.alloc(0);
  let tls = false;
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (tls) {
      const read = readClientHello(buffered);
      if (read.kind === 'incomplete') return;
      hellos.push(read);
      return void socket.destroy();
    }
    for (;;) {
      const end = buffered.indexOf('\n');
      if (end === -1) return;
      const line = buffered
        .subarray(0, end + 1)
        .toString('latin1')
        .trim()
        .toUpperCase();
      buffered = buffered.subarray(end + 1);
      if (line.startsWith('EHLO')) socket.write('250-mx.listen.test\r\n250 STARTTLS\r\n');
      else if (line.startsWith('HELO')) socket.write('250 mx.listen.test\r\n');
      else if (line === 'STARTTLS') {
        socket.write('220 2.0.0 Ready to start TLS\r\n');
        tls = true;
        if (buffered.length) socket.emit('data', Buffer.alloc(0));
        return;
      } else if (line === 'QUIT') return void socket.end('221 Bye\r\n');
      else socket.write('250 OK\r\n');
    }
  });
}

beforeAll(async () => {
  server = await startRawServer(capture);
});
afterAll(() => server?.close());

/** Runs a client and returns the ClientHello it sent. */
async function helloOf(
  command: string,
  args: string[],
  stdin = '',
): Promise<ReturnType<typeof clientOffer> & { ja4: string; sni: string | null }> {
  const before = hellos.length;
  await runTool(command, args, { stdin, timeoutMs: 15_000 });
  const read = hellos[before];
  if (read?.kind !== 'hello') throw new Error(`no ClientHello from ${command}: ${JSON.stringify(read)}`);
  return { ...clientOffer(read.hello), ja4: read.hello.ja4, sni: read.hello.sni };
}

const opensslArgs = (...extra: string[]) => [
  's_client',
  '-starttls',
  'smtp',
  '-connect',
  `127.0.0.1:${server.port}`,
  ...extra,
];

describe('ClientHellos of real clients', () => {
  it('openssl s_client (OpenSSL 3): TLS 1.3 down to 1.0 offered, SNI only when -servername is given', async (ctx) => {
    requireOpenssl(ctx);
    const plain = await helloOf('openssl', opensslArgs());
    expect(plain.newest).toBe('TLS 1.3');
    // OpenSSL 3 lists every version it was built with; its security level decides what it accepts.
    expect(plain.versions).toEqual(['TLS 1.3', 'TLS 1.2', 'TLS 1.1', 'TLS 1.0']);
    expect(plain.noSni).toBe(true);
    expect(plain.outdated).toBe(false);
    expect(plain.ja4).toMatch(/^t13i\d{4}00_[0-9a-f]{12}_[0-9a-f]{12}$/);
    const named = await helloOf('openssl', opensslArgs('-servername', 'mail.listen.test'));
    expect(named.sni).toBe('mail.listen.test');
    expect(named.ja4).toMatch(/^t13d/);
  });

  it('openssl -tls1_2: TLS 1.2 only, no supported_versions', async (ctx) => {
    requireOpenssl(ctx);
    const h = await helloOf('openssl', opensslArgs('-tls1_2'));
    expect(h.versions).toEqual(['TLS 1.2']);
    expect(h.ja4).toMatch(/^t12i/);
  });

  it('openssl -tls1 at @SECLEVEL=0: TLS 1.0 only, outdated', async (ctx) => {
    requireOpenssl(ctx);
    const h = await helloOf('openssl', opensslArgs('-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'));
    expect(h.versions).toEqual(['TLS 1.0']);
    expect(h.outdated).toBe(true);
    expect(h.ja4).toMatch(/^t10i/);
  });

  it('openssl -no_tls1_3 -cipher AES128-SHA:AES256-SHA: only RSA key exchange', async (ctx) => {
    requireOpenssl(ctx);
    const h = await helloOf('openssl', opensslArgs('-no_tls1_3', '-cipher', 'AES128-SHA:AES256-SHA'));
    expect(h.rsaOnly).toBe(true);
    expect(h.ciphers).toEqual([
      'TLS_RSA_WITH_AES_128_CBC_SHA',
      'TLS_RSA_WITH_AES_256_CBC_SHA',
      'TLS_EMPTY_RENEGOTIATION_INFO_SCSV',
    ]);
  });

  it('curl smtp:// --ssl-reqd: TLS 1.3, no SNI towards an IP address', async (ctx) => {
    requireComponent(ctx, 'curl', existsSync('/usr/bin/curl'), 'apt-get install curl');
    const h = await helloOf(
      '/usr/bin/curl',
      [
        '-s',
        '--ssl-reqd',
        '--mail-from',
        'a@listen.test',
        '--mail-rcpt',
        'b@listen.test',
        '-T',
        '-',
        `smtp://127.0.0.1:${server.port}`,
      ],
      'Subject: x\r\n\r\nx\r\n',
    );
    expect(h.newest).toBe('TLS 1.3');
    expect(h.noSni).toBe(true);
    expect(h.rsaOnly).toBe(false);
  });

  it("Python's smtplib starttls(): TLS 1.3, and its default groups", async (ctx) => {
    requireComponent(ctx, 'python3', existsSync('/usr/bin/python3'), 'apt-get install python3');
    const script = `import smtplib, ssl\ns = smtplib.SMTP('127.0.0.1', ${server.port}, timeout=10)\ns.ehlo()\ntry:\n    s.starttls(context=ssl._create_unverified_context())\nexcept Exception:\n    pass\n`;
    const h = await helloOf('/usr/bin/python3', ['-c', script]);
    expect(h.newest).toBe('TLS 1.3');
    expect(h.groups).toContain('x25519');
  });

  it('swaks --tls (Net::SSLeay): what it offers is read the same way', async (ctx) => {
    requireSwaks(ctx);
    const h = await helloOf(SWAKS, [
      '--server',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--tls',
      '--from',
      'a@listen.test',
      '--to',
      'b@listen.test',
      '--quit-after',
      'TLS',
    ]);
    expect(h.newest).toBe('TLS 1.3');
    expect(h.ja4).toMatch(/^t13/);
  });
});
