import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Transcript } from '../../shared/transcript';
import { HARD_LINE_LIMIT } from '../../main/engine/replyReader';
import { probe } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { createTestPki, type TestPki } from '../../main/lab/pki';
import { closedPort, lineDialogue, startRawServer, type RawServer } from '../helpers/rawServer';

let pki: TestPki;
let server: RawServer | null = null;

beforeAll(async () => {
  pki = await createTestPki();
});
afterEach(async () => {
  await server?.close();
  server = null;
});
afterAll(() => server?.close());

const options = (port: number, extra: Partial<SessionOptions> = {}): SessionOptions => ({
  host: '127.0.0.1',
  port,
  tls: 'none',
  ehlo: 'client.example',
  timeout: 1500,
  ...extra,
});
const ids = (t: Transcript) => t.findings.map((f) => f.id);
const errorCodes = (t: Transcript) => t.events.flatMap((e) => (e.type === 'error' ? [`${e.stage}:${e.code}`] : []));

describe('servers that misbehave', () => {
  it('a garbage banner is a protocol violation, not a crash', async () => {
    server = await startRawServer((s) => s.write('\x00\xff garbage, not SMTP\r\n'));
    const t = await probe(options(server.port));
    // The NUL it starts with is a control character, said on its own.
    expect(ids(t)).toEqual(['smtp.protocol-violation', 'smtp.control-characters']);
    const reply = t.events.find((e) => e.type === 'reply');
    expect(reply).toMatchObject({ code: null, stage: 'banner' });
    expect(t.outcome).toEqual({ ok: false, stage: 'connect', stopped: { stage: 'banner', error: 'PROTOCOL' } });
  });

  it('an HTTP server on the port is named as such', async () => {
    server = await startRawServer((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    const t = await probe(options(server.port));
    expect(ids(t)).toEqual(['port.not-smtp']);
    expect(t.findings[0].explanation).toContain('HTTP');
  });

  it('a banner with no line end times out at the banner and keeps what arrived', async () => {
    server = await startRawServer((s) => s.write('220 never finished'));
    const t = await probe(options(server.port));
    expect(ids(t)).toContain('smtp.timeout');
    expect(errorCodes(t)).toContain('banner:TIMEOUT');
    expect(t.events.find((e) => e.type === 'reply')).toMatchObject({ incomplete: true, lines: ['220 never finished'] });
  });

  it('a 1 MB line is refused without buffering it all', async () => {
    server = await startRawServer((s) => s.write(`220 ${'x'.repeat(1024 * 1024)}\r\n`));
    const t = await probe(options(server.port));
    expect(ids(t)).toEqual(['smtp.protocol-violation']);
    expect(t.findings[0].explanation).toContain(`a reply line longer than ${HARD_LINE_LIMIT} octets`);
  });

  it('silence after connect: a timeout naming the stage, then a check for implicit TLS', async () => {
    server = await startRawServer(() => undefined);
    const t = await probe(options(server.port));
    expect(ids(t)).toContain('smtp.timeout');
    expect(errorCodes(t)).toEqual(['banner:TIMEOUT']);
    expect(t.events.some((e) => e.type === 'note' && e.code === 'implicit-tls-not-confirmed')).toBe(true);
  });

  it('a close in the middle of a multi-line reply keeps the lines that came', async () => {
    server = await startRawServer((s) => {
      s.write('220 mail.example ESMTP\r\n');
      lineDialogue(s, (line) => {
        if (line.startsWith('EHLO')) s.end('250-mail.example\r\n250-PIPELINING\r\n');
      });
    });
    const t = await probe(options(server.port));
    expect(ids(t)).toContain('net.closed-by-server');
    expect(t.events.find((e) => e.type === 'reply' && e.stage === 'ehlo')).toMatchObject({
      incomplete: true,
      lines: ['250-mail.example', '250-PIPELINING'],
    });
  });

  it('falls back to HELO when EHLO is not understood', async () => {
    server = await startRawServer((s) => {
      s.write('220 old.example SMTP\r\n');
      lineDialogue(s, (line) => {
        if (line.startsWith('EHLO')) s.write('502 5.5.1 Command not implemented\r\n');
        else if (line.startsWith('HELO')) s.write('250 old.example\r\n');
        else if (line === 'QUIT') s.end('221 Bye\r\n');
      });
    });
    const t = await probe(options(server.port));
    const sends = t.events.flatMap((e) => (e.type === 'send' ? [e.line] : []));
    expect(sends).toEqual(['EHLO client.example', 'HELO client.example', 'QUIT']);
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
  });

  it('plaintext sent after "220 Ready to start TLS" is discarded and flagged (RFC 3207 §4.2)', async () => {
    const good = pki.leaves.good;
    server = await startRawServer((s) => {
      s.write('220 mail.example ESMTP\r\n');
      lineDialogue(s, (line) => {
        if (line.startsWith('EHLO')) s.write('250-mail.example\r\n250 STARTTLS\r\n');
        if (line === 'STARTTLS') {
          s.removeAllListeners('data');
          // The injected reply rides in the same segment as the 220.
          s.write('220 2.0.0 Ready to start TLS\r\n250 injected reply\r\n');
          const secure = new tls.TLSSocket(s, { isServer: true, key: good.keyPem, cert: good.chainPem });
          lineDialogue(secure, (l) => {
            if (l.startsWith('EHLO')) secure.write('250-mail.example\r\n250 AUTH PLAIN\r\n');
            if (l === 'QUIT') secure.end('221 Bye\r\n');
          });
        }
      });
    });
    const t = await probe(
      options(server.port, { tls: 'starttls', servername: 'mail.lab.test', ca: [pki.root.certPem] }),
    );
    expect(ids(t)).toContain('tls.plaintext-after-starttls');
    const finding = t.findings.find((f) => f.id === 'tls.plaintext-after-starttls');
    expect(finding?.explanation).toContain('250 injected reply');
    // The injected line was not taken as the reply to the second EHLO.
    const ehloAfterTls = t.events.filter((e) => e.type === 'reply' && e.stage === 'ehlo').at(-1);
    expect(ehloAfterTls).toMatchObject({ lines: ['250-mail.example', '250 AUTH PLAIN'] });
    expect(t.tls?.verification.ok).toBe(true);
    expect(t.outcome.stage).toBe('quit');
  });
});

describe('network failures', () => {
  it('a closed port gives net.refused', async () => {
    const t = await probe(options(await closedPort()));
    expect(ids(t)).toEqual(['net.refused']);
    expect(t.outcome).toEqual({ ok: false, stage: 'dns', stopped: { stage: 'connect', error: 'ECONNREFUSED' } });
  });

  it('a host that does not resolve gives net.dns-not-found', async () => {
    const t = await probe(options(25, { host: 'no-such-host.invalid' }));
    expect(ids(t)).toEqual(['net.dns-not-found']);
    expect(t.findings[0].explanation).toContain('no-such-host.invalid');
  });
});
