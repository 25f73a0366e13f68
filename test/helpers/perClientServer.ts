// An SMTP server on 127.0.0.1 that answers by client address, as a server with a blocklist,
// greylisting, a per-IP policy or a load balancer in front does: the test decides, for each
// address the connection comes from, the greeting, the EHLO keywords and the RCPT reply.
// 127.0.0.0/8 is all this machine's, so --bind 127.0.0.2 or a proxy bound to 127.0.0.3 (as
// microsocks -b does) is another client to it. Plain text only: the tests use --tls none.
import type net from 'node:net';
import { lineDialogue, type RawServer, startRawServer } from './rawServer';

export interface ClientPolicy {
  /** The whole greeting line; default "220 HOST ESMTP". A 4xx or 5xx refuses the session. */
  greeting?: string;
  /** The host the greeting and the EHLO reply name; default mx.vantage.test. */
  host?: string;
  /** EHLO keywords after the first line; default PIPELINING-free ENHANCEDSTATUSCODES, 8BITMIME. */
  ehlo?: string[];
  /** The reply to every RCPT TO; default "250 2.1.5 Ok". */
  rcpt?: string;
}

export interface PerClientServer extends RawServer {
  /** The client address of each connection, in order. */
  seen: string[];
}

const plain = (address: string) => address.replace(/^::ffff:/, '');

function session(socket: net.Socket, policy: ClientPolicy): void {
  const host = policy.host ?? 'mx.vantage.test';
  const greeting = policy.greeting ?? `220 ${host} ESMTP`;
  const refused = /^[45]/.test(greeting);
  socket.write(`${greeting}\r\n`);
  let inData = false;
  lineDialogue(socket, (line) => {
    if (inData) {
      if (line === '.') {
        inData = false;
        socket.write('250 2.0.0 Ok: queued as VANTAGE1\r\n');
      }
      return;
    }
    const verb = line.split(' ')[0]!.toUpperCase();
    if (verb === 'QUIT') return void socket.end('221 2.0.0 Bye\r\n');
    // RFC 5321 §3.1: after a 554 greeting the server answers 503 until QUIT.
    if (refused) return void socket.write('503 5.5.1 Error: send QUIT\r\n');
    if (verb === 'EHLO') {
      const keywords = policy.ehlo ?? ['ENHANCEDSTATUSCODES', '8BITMIME'];
      const lines = [host, ...keywords];
      return void socket.write(lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join(''));
    }
    if (verb === 'HELO') return void socket.write(`250 ${host}\r\n`);
    if (/^MAIL FROM:/i.test(line)) return void socket.write('250 2.1.0 Ok\r\n');
    if (/^RCPT TO:/i.test(line)) return void socket.write(`${policy.rcpt ?? '250 2.1.5 Ok'}\r\n`);
    if (verb === 'DATA') {
      inData = true;
      return void socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
    }
    if (verb === 'RSET' || verb === 'NOOP') return void socket.write('250 2.0.0 Ok\r\n');
    socket.write('502 5.5.2 Error: command not recognized\r\n');
  });
}

/** `policyFor` gets the client's address ("127.0.0.3") and says how to answer it. */
export async function startPerClientServer(policyFor: (address: string) => ClientPolicy): Promise<PerClientServer> {
  const seen: string[] = [];
  const server = await startRawServer((socket) => {
    const address = plain(socket.remoteAddress ?? '');
    seen.push(address);
    session(socket, policyFor(address));
  });
  return { ...server, seen };
}
