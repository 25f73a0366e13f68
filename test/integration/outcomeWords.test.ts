// The result line names what failed, in the words of the failure: a refused RCPT is "refused at
// RCPT", not "stopped after MAIL" (the last stage that worked); a refused connection to a
// literal address is "connection refused", not a DNS stage. Real servers on 127.0.0.1.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../main/engine/session';
import { outcomeLabel } from '../../shared/export/exportFacts';
import { runCli } from '../helpers/cli';
import { lineDialogue, type RawServer, startRawServer } from '../helpers/rawServer';

/** A server that refuses every recipient, and one that wants AUTH before MAIL. */
const refusing = (answer: (line: string) => string | null) =>
  startRawServer((socket) => {
    socket.write('220 mx.example ESMTP\r\n');
    lineDialogue(socket, (line) => {
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') return void socket.write('250-mx.example\r\n250 8BITMIME\r\n');
      if (verb === 'QUIT') return void socket.end('221 Bye\r\n');
      socket.write(`${answer(line) ?? '250 OK'}\r\n`);
    });
  });

let rcptRefused: RawServer;
let authRequired: RawServer;
let closedPort: number;
beforeAll(async () => {
  rcptRefused = await refusing((l) => (/^RCPT/i.test(l) ? '554 5.7.1 Relay access denied' : null));
  authRequired = await refusing((l) => (/^MAIL/i.test(l) ? '530 5.7.0 Authentication required' : null));
  // A port nobody listens on: open one, note it, close it.
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closedPort = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
});
afterAll(async () => {
  await rcptRefused?.close();
  await authRequired?.close();
});

const at = (port: number) =>
  probe({ host: '127.0.0.1', port, tls: 'none', ehlo: 'client.example', to: ['bob@elsewhere.example'] });

describe('the outcome in the words of what failed', () => {
  it('a refused RCPT: "refused at RCPT (554)"', async () => {
    expect(outcomeLabel((await at(rcptRefused.port)).outcome)).toBe('FAILED — refused at RCPT (554)');
  });

  it('a 530 to MAIL: "refused at MAIL (530)"', async () => {
    expect(outcomeLabel((await at(authRequired.port)).outcome)).toBe('FAILED — refused at MAIL (530)');
  });

  it('a refused connection to 127.0.0.1: "connection refused", and no DNS in sight', async () => {
    const label = outcomeLabel((await at(closedPort)).outcome);
    expect(label).toBe('FAILED — connection refused');
    expect(label).not.toMatch(/DNS/);
  });

  it('credentials kept back on a plain connection: "credentials not sent", not a stage name', async () => {
    const offersAuth = await startRawServer((socket) => {
      socket.write('220 mx.example ESMTP\r\n');
      lineDialogue(socket, (line) => {
        if (/^EHLO/i.test(line)) return void socket.write('250-mx.example\r\n250 AUTH PLAIN LOGIN\r\n');
        if (/^QUIT/i.test(line)) return void socket.end('221 Bye\r\n');
        socket.write('250 OK\r\n');
      });
    });
    try {
      const t = await probe({
        host: '127.0.0.1',
        port: offersAuth.port,
        tls: 'none',
        auth: { user: 'alice', secret: 'not-sent-in-clear' },
      });
      expect(outcomeLabel(t.outcome)).toBe('FAILED — credentials not sent: the connection is not encrypted');
    } finally {
      await offersAuth.close();
    }
  });

  it('the CLI result line says the same', async () => {
    const r = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(rcptRefused.port),
      '--tls',
      'none',
      '--to',
      'bob@elsewhere.example',
    ]);
    expect(r.stdout).toMatch(/^Result: FAILED — refused at RCPT \(554\) · /m);
  });
});
