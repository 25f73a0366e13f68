import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { lineDialogue, startRawServer, type RawServer } from './rawServer';

/** A minimal SMTP dialogue: greeting, EHLO (with what the test offers), QUIT. */
function smtpDialogue(
  socket: net.Socket | tls.TLSSocket,
  ehloLines: string[],
  onStartTls?: (s: net.Socket) => void,
): void {
  socket.write('220 mail.lab.test ESMTP test server\r\n');
  lineDialogue(socket, (line) => {
    const verb = line.split(' ')[0].toUpperCase();
    if (verb === 'EHLO')
      socket.write(
        `${[...ehloLines.map((l, i) => `250${i === ehloLines.length - 1 ? ' ' : '-'}${l}`)].join('\r\n')}\r\n`,
      );
    else if (verb === 'STARTTLS' && onStartTls) {
      socket.removeAllListeners('data');
      socket.write('220 2.0.0 Ready to start TLS\r\n');
      onStartTls(socket as net.Socket);
    } else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
    else socket.write('502 5.5.1 Not implemented here\r\n');
  });
}

export interface TlsCredential {
  key: string;
  /** PEM of exactly what the server sends: leaf, then whatever else the test wants. */
  cert: string;
}

/** Implicit TLS (like port 465): the handshake first, then the SMTP greeting inside TLS. */
export async function startImplicitTlsServer(cred: TlsCredential, options: tls.TlsOptions = {}): Promise<RawServer> {
  return startRawServer((socket) => {
    const secure = new tls.TLSSocket(socket, { isServer: true, key: cred.key, cert: cred.cert, ...options });
    secure.on('error', () => undefined);
    secure.once('secure', () => smtpDialogue(secure, ['mail.lab.test', 'PIPELINING', 'AUTH PLAIN']));
  });
}

/** Plain SMTP with STARTTLS (like 25/587). `starttls` counts the upgrades, for --tls-versions. */
export async function startStartTlsServer(
  cred: TlsCredential,
  options: tls.TlsOptions = {},
  at: { host?: string; port?: number } = {},
): Promise<RawServer & { starttls: () => number }> {
  let upgrades = 0;
  const server = await startRawServer((socket) => {
    smtpDialogue(socket, ['mail.lab.test', 'PIPELINING', 'STARTTLS'], (raw) => {
      upgrades++;
      const secure = new tls.TLSSocket(raw, { isServer: true, key: cred.key, cert: cred.cert, ...options });
      secure.on('error', () => undefined);
      secure.once('secure', () => {
        lineDialogue(secure, (line) => {
          if (line.toUpperCase().startsWith('EHLO')) secure.write('250-mail.lab.test\r\n250 AUTH PLAIN\r\n');
          else if (line.toUpperCase() === 'QUIT') secure.end('221 2.0.0 Bye\r\n');
          else secure.write('502 5.5.1 Not implemented here\r\n');
        });
      });
    });
  }, at);
  return { ...server, starttls: () => upgrades };
}

/** A plaintext SMTP server with no TLS at all (greets at once, like Postfix on 25/587). */
export function startPlainSmtpServer(): Promise<RawServer> {
  return startRawServer((socket) => smtpDialogue(socket, ['mail.lab.test', 'PIPELINING']));
}

/** A real web server: silent until asked, then HTTP (it answers a ClientHello with a 400). */
export async function startHttpServer(
  handler: http.RequestListener = (_q, r) => r.end('hello'),
): Promise<RawServer & { url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A server that answers the ClientHello with one fatal TLS alert record (RFC 8446 §6). */
export function startAlertServer(description: number): Promise<RawServer> {
  return startRawServer((socket) => {
    socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, description])));
  });
}

/** Writes PEM text to a temp file, for the CLI's --ca. */
export function pemFile(name: string, pem: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lens-tls-')), name);
  writeFileSync(file, pem);
  return file;
}
