import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { secretForms } from '../../main/engine/auth';
import { probe } from '../../main/engine/session';
import { startLab, type Lab } from '../../main/lab/labServer';
import { renderText } from '../../shared/export/textTranscript';
import { outcomeLabel } from '../../shared/export/exportFacts';
import type { Transcript } from '../../shared/transcript';
import { lineDialogue, startRawServer } from '../helpers/rawServer';

let lab: Lab;
let ca: string[];
beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'implicit-tls-ok'] });
  ca = [lab.pki.root.certPem];
});
afterAll(() => lab.close());

const kinds = (t: Transcript) => t.events.map((e) => e.type);

describe('auto TLS mode', () => {
  it('reads a plaintext greeting and upgrades with STARTTLS', async () => {
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('submission-ok'),
      tls: 'auto',
      servername: 'mail.lab.test',
      ca,
    });
    expect(t.tls?.mode).toBe('starttls');
    expect(t.outcome.ok).toBe(true);
  });

  it('hears silence, confirms TLS on a fresh connection and continues with implicit TLS', async () => {
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('implicit-tls-ok'),
      tls: 'auto',
      servername: 'mail.lab.test',
      ca,
      timeout: { autoDetect: 300 },
    });
    expect(t.tls?.mode).toBe('implicit');
    expect(t.events.filter((e) => e.type === 'note').map((e) => e.type === 'note' && e.code)).toEqual(
      expect.arrayContaining(['auto-try-tls', 'auto-implicit']),
    );
    expect(kinds(t).filter((k) => k === 'connect')).toHaveLength(2);
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
    // Implicit TLS on a port that is not one for STARTTLS is no problem: the note says it.
    expect(t.findings.map((f) => f.id)).not.toContain('port.implicit-tls-expected');
  });

  it('on a port that stands for 587, implicit TLS found by auto mode is a warning', async () => {
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('implicit-tls-ok'),
      portRole: 587,
      tls: 'auto',
      servername: 'mail.lab.test',
      ca,
      timeout: { autoDetect: 300 },
    });
    expect(t.findings.find((f) => f.id === 'port.implicit-tls-expected')).toMatchObject({
      severity: 'warning',
      title: 'Port 587 speaks TLS from the first byte, where clients expect plain text and STARTTLS',
    });
  });
});

describe('a plaintext probe of an implicit-TLS port', () => {
  it('times out at the banner, then proves the port speaks TLS, and says so instead of "slow server"', async () => {
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('implicit-tls-ok'),
      tls: 'none',
      servername: 'mail.lab.test',
      ca,
      timeout: 400,
    });
    expect(t.events.some((e) => e.type === 'error' && e.stage === 'banner' && e.code === 'TIMEOUT')).toBe(true);
    expect(t.findings.map((f) => f.id)).toEqual(['port.implicit-tls-expected']);
  });
});

describe('a server that stops answering in the middle', () => {
  it('gives smtp.timeout naming the MAIL stage', async () => {
    const server = await startRawServer((s) => {
      s.write('220 slow.example ESMTP\r\n');
      lineDialogue(s, (line) => {
        if (line.startsWith('EHLO')) s.write('250 slow.example\r\n');
        // MAIL FROM gets no answer at all.
      });
    });
    try {
      const t = await probe({
        host: '127.0.0.1',
        port: server.port,
        tls: 'none',
        to: ['x@slow.example'],
        timeout: 500,
      });
      const timeout = t.findings.find((f) => f.id === 'smtp.timeout');
      expect(`${timeout?.title} ${timeout?.explanation}`).toMatch(/mail/i);
      expect(t.events.at(-2)).toMatchObject({ type: 'error', stage: 'mail', code: 'TIMEOUT' });
      expect(t.outcome).toEqual({ ok: false, stage: 'ehlo', stopped: { stage: 'mail', error: 'TIMEOUT' } });
      expect(outcomeLabel(t.outcome)).toBe('FAILED — no reply at MAIL (timed out)');
    } finally {
      await server.close();
    }
  });
});

describe('address family', () => {
  it('-4 resolves to IPv4 addresses only', async () => {
    const t = await probe({
      host: 'localhost',
      port: lab.portOf('submission-ok'),
      tls: 'starttls',
      family: 4,
      servername: 'mail.lab.test',
      ca,
    });
    const dns = t.events.find((e) => e.type === 'dns');
    expect(dns?.type === 'dns' && dns.addresses.every((a) => a.family === 4)).toBe(true);
    expect(t.outcome.ok).toBe(true);
  });

  it('-6 never falls back to IPv4', async () => {
    const t = await probe({
      host: 'localhost',
      port: lab.portOf('submission-ok'),
      tls: 'starttls',
      family: 6,
      timeout: 1000,
    });
    const dns = t.events.find((e) => e.type === 'dns');
    expect(dns?.type).toBe('dns');
    if (dns?.type === 'dns') expect(dns.error !== undefined || dns.addresses.every((a) => a.family === 6)).toBe(true);
    expect(t.events.some((e) => e.type === 'connect' && e.address === '127.0.0.1')).toBe(false);
  });
});

describe('XOAUTH2', () => {
  it('authenticates with a bearer token that never appears in the transcript', async () => {
    const token = 'ya29.a0-test-token-that-must-not-leak';
    const server = new SMTPServer({
      secure: true,
      key: lab.pki.leaves.good.keyPem,
      cert: lab.pki.leaves.good.chainPem,
      logger: false,
      authMethods: ['XOAUTH2'],
      onAuth: (auth, _s, cb) =>
        auth.accessToken === token ? cb(null, { user: auth.username }) : cb(new Error('bad token')),
      onData: (stream, _s, cb) => stream.on('end', () => cb()).resume(),
    });
    server.on('error', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    try {
      const t = await probe({
        host: '127.0.0.1',
        port,
        tls: 'implicit',
        servername: 'mail.lab.test',
        ca,
        auth: { user: 'alice@lab.test', secret: token, mechanism: 'XOAUTH2' },
      });
      expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
      const everything = JSON.stringify(t) + renderText(t);
      for (const form of secretForms({ user: 'alice@lab.test', secret: token })) expect(everything).not.toContain(form);
      expect(everything).toContain('AUTH XOAUTH2 [redacted]');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('auto mode against a postscreen-style pregreet', () => {
  it('waits for the rest of a "220-" greeting instead of talking early, and is not rejected', async () => {
    const pregreet = await startLab({ basePort: 0, scenarios: ['pregreet'], timing: { pregreetWaitMs: 1_200 } });
    try {
      const t = await probe({
        host: '127.0.0.1',
        port: pregreet.portOf('pregreet'),
        tls: 'auto',
        servername: 'mail.lab.test',
        ca: [pregreet.pki.root.certPem],
        timeout: { autoDetect: 300 },
      });
      expect(t.events.some((e) => e.type === 'note' && e.code === 'auto-greeting-started')).toBe(true);
      expect(t.events.some((e) => e.type === 'note' && e.code === 'auto-try-tls')).toBe(false);
      const banner = t.events.find((e) => e.type === 'reply' && e.stage === 'banner');
      expect(banner?.type === 'reply' && banner.code).toBe(220);
      expect(t.findings.map((f) => f.id)).not.toContain('smtp.banner-rejected');
      expect(t.tls?.mode).toBe('starttls');
    } finally {
      await pregreet.close();
    }
  });
});

describe('the STARTTLS injection probe (only when asked for)', () => {
  it('a correct server throws the injected NOOP away: no finding, and the session goes on', async () => {
    const t = await probe({
      host: '127.0.0.1',
      port: lab.portOf('submission-ok'),
      tls: 'starttls',
      servername: 'mail.lab.test',
      ca,
      probeStarttlsInjection: true,
    });
    const sent = t.events.flatMap((e) => (e.type === 'send' ? [e.line] : []));
    expect(sent.slice(0, 3)).toEqual([`EHLO ${sent[0].split(' ')[1]}`, 'STARTTLS', 'NOOP']);
    expect(t.events.some((e) => e.type === 'note' && e.code === 'starttls-injection-refused')).toBe(true);
    expect(t.findings.map((f) => f.id)).not.toContain('sec.starttls-injection');
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
  });

  it('a vulnerable server answers it inside TLS: sec.starttls-injection', async () => {
    const vulnerable = await startLab({ basePort: 0, scenarios: ['starttls-injection-vulnerable'] });
    try {
      const t = await probe({
        host: '127.0.0.1',
        port: vulnerable.portOf('starttls-injection-vulnerable'),
        tls: 'starttls',
        servername: 'mail.lab.test',
        ca: [vulnerable.pki.root.certPem],
        probeStarttlsInjection: true,
      });
      const finding = t.findings.find((f) => f.id === 'sec.starttls-injection');
      expect(finding?.explanation).toContain('NOOP');
      const injected = t.events.find((e) => e.type === 'reply' && e.stage === 'tls' && e.code === 250);
      expect(injected).toBeDefined();
    } finally {
      await vulnerable.close();
    }
  });
});
