// What the engine knows about a session, said once: findings derived once per change, and
// what the server waits for next (a command, message lines, a SASL response), for Run and for
// lines typed by hand alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpSession } from '../../main/engine/session';
import { lineDialogue, startRawServer, type RawServer } from '../helpers/rawServer';

let server: RawServer;
beforeAll(async () => {
  server = await startRawServer((socket) => {
    socket.write('220 mx.test ESMTP\r\n');
    let inData = false;
    lineDialogue(socket, (line) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          socket.write('250 2.0.0 Ok: queued\r\n');
        }
        return;
      }
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') socket.write('250-mx.test\r\n250 AUTH PLAIN\r\n');
      else if (verb === 'AUTH') socket.write('334 \r\n');
      else if (verb === 'DATA') {
        inData = true;
        socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
      } else if (verb === 'QUIT') socket.end('221 Bye\r\n');
      else socket.write('250 Ok\r\n');
    });
  });
});
afterAll(() => server.close());

const session = () =>
  new SmtpSession({ host: '127.0.0.1', port: server.port, tls: 'none', ehlo: 'c.example', timeout: 3000 });

describe('session state', () => {
  it('derives the findings once per change', async () => {
    const s = session();
    await s.step();
    const first = s.findings();
    expect(s.findings()).toBe(first);
    expect(s.transcript().findings).toBe(first);
    await s.step();
    expect(s.findings()).not.toBe(first);
    s.abort();
  });

  it('says what the server expects next as lines are typed by hand', async () => {
    const s = session();
    expect(s.expects).toBe('command');
    await s.send('EHLO c.example');
    await s.send('MAIL FROM:<a@c.example>');
    await s.send('RCPT TO:<b@mx.test>');
    await s.send('DATA');
    expect(s.expects).toBe('data');
    await s.send('Subject: hi');
    expect(s.expects).toBe('data');
    await s.send('.');
    expect(s.expects).toBe('command');
    await s.send('AUTH PLAIN');
    expect(s.expects).toBe('sasl');
    const t = s.transcript();
    expect(t.events.filter((e) => e.type === 'reply').at(-2)).toMatchObject({
      code: 250,
      lines: ['250 2.0.0 Ok: queued'],
    });
    expect(t.outcome.stage).toBe('data');
    s.abort();
  });
});
