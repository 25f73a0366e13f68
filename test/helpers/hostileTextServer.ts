// A server whose banner, EHLO keywords and replies carry what a terminal would obey: a screen
// clear, OSC title and clipboard writes, hidden text, a cursor move that overwrites a refusal
// with a fake "250 2.1.5 Ok", C1 CSI, NUL/BEL/BS and a bidi override.
import { lineDialogue, startRawServer, type RawServer } from './rawServer';

export const HOSTILE = {
  banner: '220 mail.evil.test ESMTP \x1b[2J\x1b]0;pwned\x07 hi \x1b]52;c;ZXZpbA==\x07',
  ehlo: ['250-mail.evil.test', '250-BIDI\u202Eevil', '250-\x1b[8mHIDDEN\x1b[0m', '250 SIZE\x9b2J'],
  refusal: '554 5.7.1 Relay access denied\x1b[1A\x1b[2K\rS: 250 2.1.5 Ok\x00\x07\x08',
};

export function startHostileTextServer(): Promise<RawServer> {
  return startRawServer((socket) => {
    socket.write(`${HOSTILE.banner}\r\n`);
    lineDialogue(socket, (line) => {
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') socket.write(`${HOSTILE.ehlo.join('\r\n')}\r\n`);
      else if (verb === 'RCPT') socket.write(`${HOSTILE.refusal}\r\n`);
      else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
      else socket.write('250 2.0.0 Ok\r\n');
    });
  });
}
