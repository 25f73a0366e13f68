import net from 'node:net';
import { LAB_DOMAIN, LAB_HOSTNAME } from '../../shared/lab/scenarioTypes';
import { listenOn, type ScenarioListener } from './scenarioListener';

const IDLE_TIMEOUT_MS = 60_000;
const MAX_LINE = 1000;
const MAX_BUFFER = 64 * 1024;

/**
 * The `broken-extensions` scenario: an MX that advertises extensions and gets them wrong, as
 * a filter or an old relay in front of a good server does. smtp-server implements them
 * correctly, so this one is written by hand, small, and loopback only like the whole lab:
 * - PIPELINING is offered, but the replies to a batch come back in reverse order;
 * - CHUNKING is offered, but every BDAT is refused (its octets are read and thrown away);
 * - SMTPUTF8 is not offered, so a UTF-8 address must not be sent at all.
 * One command at a time, it is an ordinary server taking mail for lab.test.
 */
export class BrokenExtensionsServer implements ScenarioListener {
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly banner: string) {}

  listen(port: number, host: string): Promise<number> {
    return listenOn(this.server, port, host);
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    socket.write(`220 ${LAB_HOSTNAME} ESMTP ${this.banner}\r\n`);
    const session = { inData: false, discard: 0, recipients: 0 };
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length > MAX_BUFFER) return void socket.end('500 5.5.0 Too much at once\r\n');
      const replies: string[] = [];
      let commands = 0;
      for (;;) {
        if (session.discard) {
          const take = Math.min(session.discard, pending.length);
          pending = pending.subarray(take);
          session.discard -= take;
          if (session.discard) break;
          replies.push('554 5.5.1 Error: BDAT is not supported here');
          continue;
        }
        const nl = pending.indexOf(0x0a);
        if (nl === -1) {
          if (pending.length > MAX_LINE) return void socket.end('500 5.5.2 Line too long\r\n');
          break;
        }
        const line = pending.subarray(0, nl).toString('latin1').replace(/\r$/, '');
        pending = pending.subarray(nl + 1);
        if (session.inData) {
          if (line === '.') {
            session.inData = false;
            replies.push('250 2.0.0 Ok: queued');
          }
          continue;
        }
        commands++;
        const reply = this.answer(line, session);
        if (reply === null) {
          socket.end('221 2.0.0 Bye\r\n');
          return;
        }
        if (reply) replies.push(reply);
      }
      // THE BUG, on purpose: several commands in one read are a pipelined batch, and this
      // server answers a batch back to front (RFC 2920 §3.1 requires the commands' order).
      if (commands > 1) replies.reverse();
      if (replies.length) socket.write(replies.map((r) => `${r}\r\n`).join(''));
    });
  }

  /** The reply to one command; '' for none yet, null to close after 221. */
  private answer(line: string, session: { inData: boolean; discard: number; recipients: number }): string | null {
    const verb = (line.split(/\s+/)[0] ?? '').toUpperCase();
    switch (verb) {
      case 'EHLO':
        return [
          `250-${LAB_HOSTNAME}`,
          '250-PIPELINING',
          '250-SIZE 10485760',
          '250-8BITMIME',
          '250-CHUNKING',
          '250 ENHANCEDSTATUSCODES',
        ].join('\r\n');
      case 'HELO':
        return `250 ${LAB_HOSTNAME}`;
      case 'MAIL':
        session.recipients = 0;
        return /\sSMTPUTF8\b/i.test(line) ? '555 5.5.4 SMTPUTF8 is not supported' : '250 2.1.0 Ok';
      case 'RCPT': {
        const domain = /@([^>\s]+)>/.exec(line)?.[1]?.toLowerCase();
        if (domain !== LAB_DOMAIN) return '554 5.7.1 Relay access denied';
        session.recipients++;
        return '250 2.1.5 Ok';
      }
      case 'DATA':
        if (!session.recipients) return '554 5.5.1 Error: no valid recipients';
        session.inData = true;
        return '354 End data with <CR><LF>.<CR><LF>';
      case 'BDAT': {
        const size = Number(line.split(/\s+/)[1]);
        if (!Number.isInteger(size) || size < 0) return '501 5.5.4 Syntax: BDAT size [LAST]';
        // RFC 3030 §2: the octets of a refused chunk are still read, to stay in step.
        session.discard = size;
        return size ? '' : '554 5.5.1 Error: BDAT is not supported here';
      }
      case 'RSET':
      case 'NOOP':
        return '250 2.0.0 Ok';
      case 'VRFY':
        return '252 2.0.0 Cannot VRFY user, but will accept message';
      case 'QUIT':
        return null;
      default:
        return '502 5.5.2 Error: command not recognized';
    }
  }
}
