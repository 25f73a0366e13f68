// A server that presents a chain of its own making: a leaf for mail.lab.test and ten
// "intermediates" above it, with no trusted root anywhere. It must be refused in words, and
// the password must never reach it: not from the CLI, not through the app's bridge. And over
// real handshakes, SMTP Lens's verdict is checked beside the TLS library's for chains of
// every length and shape.
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LabService } from '../../main/app/labService';
import { SmtpSession } from '../../main/engine/session';
import { MAX_PATH } from '../../main/engine/tls/chainVerifier';
import { startWebServer, type WebServer } from '../../main/web';
import type { Transcript } from '../../shared/transcript';
import { bridgeCall } from '../helpers/bridgeClient';
import { makeChain, makeLoopChain, type MadeChain } from '../helpers/chainFactory';
import { runCli } from '../helpers/cli';
import { lineDialogue, startRawServer, type RawServer } from '../helpers/rawServer';
import { startStartTlsServer } from '../helpers/tlsServers';

const PASSWORD = 'correct horse battery staple';

/** STARTTLS with the given chain, AUTH PLAIN offered inside TLS; records every line it gets. */
async function startAuthServer(chain: MadeChain): Promise<RawServer & { lines: string[] }> {
  const lines: string[] = [];
  const server = await startRawServer((socket) => {
    socket.write('220 mail.lab.test ESMTP forged-chain test\r\n');
    lineDialogue(socket, (line) => {
      lines.push(line);
      if (/^EHLO/i.test(line)) socket.write('250-mail.lab.test\r\n250 STARTTLS\r\n');
      else if (/^STARTTLS/i.test(line)) {
        socket.removeAllListeners('data');
        socket.write('220 2.0.0 Ready to start TLS\r\n');
        const secure = new tls.TLSSocket(socket, { isServer: true, key: chain.keyPem, cert: chain.pems.join('') });
        secure.on('error', () => undefined);
        lineDialogue(secure, (inner) => {
          lines.push(inner);
          if (/^EHLO/i.test(inner)) secure.write('250-mail.lab.test\r\n250 AUTH PLAIN LOGIN\r\n');
          else if (/^AUTH/i.test(inner)) secure.write('235 2.7.0 Authentication successful\r\n');
          else if (/^QUIT/i.test(inner)) secure.end('221 2.0.0 Bye\r\n');
          else secure.write('250 2.0.0 Ok\r\n');
        });
      } else socket.write('502 5.5.1 Not here\r\n');
    });
  });
  return { ...server, lines };
}

const forgedWords = `NOT verified: the chain is longer than ${MAX_PATH} certificates and does not reach a trusted root`;
/** Anything that could carry the password: the AUTH line itself or its base64 in any form. */
const leaked = (lines: string[]) =>
  lines.some((l) => /^AUTH/i.test(l) || l.includes(Buffer.from(`\0alice\0${PASSWORD}`).toString('base64')));

describe('a forged chain of 11 certificates with no trusted root', () => {
  let forged: MadeChain;
  let server: RawServer & { lines: string[] };
  beforeAll(async () => {
    // Leaf + 10 intermediates; their root exists only to sign and is never sent or trusted.
    const full = await makeChain(12, 'forged');
    forged = { ...full, pems: full.pems.slice(0, 11), certs: full.certs.slice(0, 11) };
    server = await startAuthServer(forged);
  }, 60_000);
  afterAll(() => server.close());

  it('the CLI says NOT verified in words, withholds the password and exits 1', async () => {
    server.lines.length = 0;
    const r = await runCli(
      [
        'probe',
        '127.0.0.1',
        '--port',
        String(server.port),
        '--tls',
        'starttls',
        '--servername',
        'mail.lab.test',
        '--auth-user',
        'alice',
        '--auth-pass-env',
        'LENS_TEST_PASS',
        '--timeout',
        '5000',
      ],
      { env: { LENS_TEST_PASS: PASSWORD } },
    );
    expect(r.stdout).toContain(forgedWords);
    expect(r.stdout).not.toMatch(/certificate verified|✓ verified/);
    expect(r.stdout).toContain('Credentials were not sent');
    expect(r.stdout).toContain('The chain does not reach a trusted root within 10 certificates');
    expect(r.code).toBe(1);
    expect(server.lines.some((l) => /^EHLO/i.test(l))).toBe(true);
    expect(leaked(server.lines)).toBe(false);
  });

  it("through the app's bridge, session:create then session:run never sends the password", async () => {
    server.lines.length = 0;
    const lab = new LabService();
    const web: WebServer = await startWebServer({ rendererDir: path.resolve('out/renderer'), lab });
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ipc?token=${web.token}`, {
      origin: `http://127.0.0.1:${web.port}`,
    });
    try {
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const created = await bridgeCall<{ sessionId: string }>(ws, 'session:create', {
        host: '127.0.0.1',
        port: server.port,
        tls: 'starttls',
        servername: 'mail.lab.test',
        auth: { user: 'alice', secret: PASSWORD },
        timeoutMs: 5000,
      });
      expect(created.ok).toBe(true);
      if (!created.ok) return;
      const run = await bridgeCall<{ tls: { verification: { ok: boolean } } | null; findings: { id: string }[] }>(
        ws,
        'session:run',
        { sessionId: created.value.sessionId },
      );
      expect(run.ok).toBe(true);
      if (!run.ok) return;
      expect(run.value.tls?.verification.ok).toBe(false);
      expect(run.value.findings.map((f) => f.id)).toContain('tls.untrusted-root');
      expect(leaked(server.lines)).toBe(false);
    } finally {
      ws.close();
      await web.close();
      await lab.close();
    }
  });
});

/** One STARTTLS session that stops after TLS; the verdict is what we look at. */
async function verdictFor(chain: { pems: string[]; keyPem: string }, ca: string[]): Promise<Transcript> {
  const server = await startStartTlsServer({ key: chain.keyPem, cert: chain.pems.join('') });
  try {
    const session = new SmtpSession({
      host: '127.0.0.1',
      port: server.port,
      tls: 'starttls',
      servername: 'mail.lab.test',
      ca,
      quitAfter: 'tls',
      timeout: 5000,
    });
    await session.run();
    return session.transcript();
  } finally {
    await server.close();
  }
}

const LENGTHS = Array.from({ length: 15 }, (_, i) => i + 1);
type Shape = 'root sent, trusted' | 'root not sent, trusted' | 'untrusted root sent' | 'no root at all';

describe("real handshakes: our verdict beside the TLS library's, 1 to 15 certificates", () => {
  const chains = new Map<number, MadeChain>();
  beforeAll(async () => {
    const made = await Promise.all(Array.from({ length: 16 }, (_, i) => makeChain(i + 1, `real${i + 1}`)));
    made.forEach((c, i) => {
      chains.set(i + 1, c);
    });
  }, 60_000);

  const cases = LENGTHS.flatMap((length) =>
    (['root sent, trusted', 'root not sent, trusted', 'untrusted root sent', 'no root at all'] as Shape[]).map(
      (shape) => ({ length, shape }),
    ),
  );

  it.each(cases)('$length sent, $shape', async ({ length, shape }) => {
    const withRoot = shape === 'root sent, trusted' || shape === 'untrusted root sent';
    const chain = chains.get(withRoot ? length : length + 1)!;
    const sent = { pems: chain.pems.slice(0, length), keyPem: chain.keyPem };
    const trusted = shape === 'root sent, trusted' || shape === 'root not sent, trusted';
    const ca = trusted ? [chain.pems[chain.pems.length - 1]] : [];
    const t = await verdictFor(sent, ca);
    const v = t.tls!.verification;
    const pathLength = withRoot ? length : length + 1;
    const expectVerified = trusted && pathLength <= MAX_PATH;
    expect(v.ok).toBe(expectVerified);
    if (!expectVerified) {
      expect(v.anchor).toBeNull();
      expect(t.findings.some((f) => f.severity === 'error' && f.id.startsWith('tls.'))).toBe(true);
    }
    // The TLS library (OpenSSL) has the same anchors; it refuses every untrusted case too.
    // Only a trusted chain longer than our bound is accepted by it and refused by us: that
    // disagreement is reported, never resolved in favour of "verified".
    const disagreement = v.problems.find((p) => p.kind === 'disagreement');
    if (trusted && pathLength > MAX_PATH) {
      expect(disagreement).toEqual({ kind: 'disagreement', ownVerdict: false, libraryCode: null });
      expect(t.findings.map((f) => f.id)).toContain('tls.verification-disagreement');
    } else {
      expect(disagreement).toBeUndefined();
      expect(v.libraryCode === null).toBe(expectVerified);
    }
  });

  it('a loop (A issued by B, B issued by A): refused by both', async () => {
    const loop = await makeLoopChain('real');
    const t = await verdictFor(loop, []);
    expect(t.tls!.verification).toMatchObject({ ok: false, anchor: null });
    expect(t.tls!.verification.libraryCode).not.toBeNull();
    expect(t.findings.find((f) => f.id === 'tls.untrusted-root')?.title).toBe(
      'The chain goes in a circle and never reaches a trusted root',
    );
  });
});
