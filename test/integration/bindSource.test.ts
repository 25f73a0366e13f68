// --bind: the connection leaves from the address asked for, and the transcript says which.
// A server on 127.0.0.1 sees the client's address; 127.0.0.0/8 is all this machine's, so
// 127.0.0.5 is a second "interface" to connect from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../main/engine/session';
import { runCli } from '../helpers/cli';
import { lineDialogue, type RawServer, startRawServer } from '../helpers/rawServer';

let server: RawServer;
const seen: string[] = [];
beforeAll(async () => {
  server = await startRawServer((socket) => {
    seen.push(socket.remoteAddress ?? '');
    socket.write('220 mx.bind.test ESMTP\r\n');
    lineDialogue(socket, (line) => {
      if (/^EHLO/i.test(line)) return void socket.write('250 mx.bind.test\r\n');
      socket.end('221 Bye\r\n');
    });
  });
});
afterAll(() => server?.close());

describe('--bind', () => {
  it('connects from the address given: the server sees it, and the transcript records it', async () => {
    const t = await probe({
      host: '127.0.0.1',
      port: server.port,
      tls: 'none',
      bind: '127.0.0.5',
      quitAfter: 'ehlo',
      timeout: 5_000,
    });
    expect(seen.at(-1)).toBe('127.0.0.5');
    expect(t.events.find((e) => e.type === 'connected')).toMatchObject({ localAddress: '127.0.0.5' });
  });

  it('from the CLI; an address that is not an IP is a usage error, one this machine lacks is said in words', async () => {
    const ok = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--tls',
      'none',
      '--bind',
      '127.0.0.6',
      '--quit-after',
      'ehlo',
      '--json',
    ]);
    expect(JSON.parse(ok.stdout).events.find((e: { type: string }) => e.type === 'connected').localAddress).toBe(
      '127.0.0.6',
    );
    const bad = await runCli(['probe', '127.0.0.1', '--bind', 'eth0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bind is an IP address of this machine');
    const absent = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--tls',
      'none',
      '--bind',
      '192.0.2.77',
      '--json',
    ]);
    const error = JSON.parse(absent.stdout).events.find((e: { type: string }) => e.type === 'error');
    expect(error).toMatchObject({ stage: 'connect', code: 'EADDRNOTAVAIL' });
    const finding = JSON.parse(absent.stdout).findings[0];
    expect(finding).toMatchObject({
      id: 'net.unreachable',
      title: 'This machine has no address 192.0.2.77 to connect from',
    });
  });
});
