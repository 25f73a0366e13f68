// What a hostile server can make the engine spend, bounded: memory while a Step waits (a flood
// of replies, plain and inside TLS), the size of one reply, and time (a reply sent a line at a
// time, a server slow at every stage). Real servers on 127.0.0.1, the real engine.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_QUEUED_OCTETS } from '../../main/engine/replyReader';
import { probe, SmtpSession } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { PAUSE_READING_AT } from '../../main/engine/smtpConnection';
import { sweep } from '../../main/engine/sweep/sweep';
import { createTestPki, type TestPki } from '../../main/lab/pki';
import type { ErrorEvent, ReplyEvent, Transcript } from '../../shared/transcript';
import {
  startDripServer,
  startFloodServer,
  startHugeEhloServer,
  startSlowServer,
  type FloodServer,
} from '../helpers/exhaustingServers';
import type { RawServer } from '../helpers/rawServer';

let pki: TestPki;
let server: RawServer | FloodServer | null = null;

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
  ...extra,
});
const errors = (t: Transcript) => t.events.filter((e): e is ErrorEvent => e.type === 'error');
const replies = (t: Transcript, stage: string) =>
  t.events.filter((e): e is ReplyEvent => e.type === 'reply' && e.stage === stage);

/** Connect and EHLO, then leave the session waiting, as a user between two Steps does. */
async function stepThenWait(session: SmtpSession, flood: FloodServer): Promise<void> {
  expect((await session.step())?.kind).toBe('connect');
  expect((await session.step())?.kind).toBe('ehlo');
  await sleep(2_000);
  // The server is held back by TCP (a few MB of socket buffers), not by the client's memory...
  expect(flood.flooded()).toBeLessThan(16 * 1024 * 1024);
  // ...and the client holds at most what it read before it stopped reading.
  expect(session.bufferedOctets).toBeLessThan(MAX_QUEUED_OCTETS);
  expect(session.bufferedOctets).toBeGreaterThan(PAUSE_READING_AT);
}

/** The next Step gets the flood's replies (the transcript intact), or an OVERFLOW. */
async function nextStepKeepsTheTranscript(session: SmtpSession): Promise<void> {
  await session.step();
  const t = session.transcript();
  expect(replies(t, 'ehlo')[0]?.lines).toEqual(['250-flood.example', '250 PIPELINING']);
  const next = t.events
    .slice(t.events.indexOf(replies(t, 'ehlo')[0]!) + 1)
    .find((e) => e.type === 'reply' || e.type === 'error');
  expect(next?.type === 'reply' ? next.lines : (next as ErrorEvent | undefined)?.code).toEqual(
    expect.arrayContaining(['250 flood']),
  );
}

describe('a server that floods while a Step waits', () => {
  it('stops being read: the backlog stays bounded and the next step still works', async () => {
    const flood = await startFloodServer();
    server = flood;
    const session = new SmtpSession(options(flood.port, { timeout: 5_000 }));
    await stepThenWait(session, flood);
    await nextStepKeepsTheTranscript(session);
  });

  it('inside TLS too', async () => {
    const flood = await startFloodServer({ pki });
    server = flood;
    const session = new SmtpSession(
      options(flood.port, { tls: 'implicit', servername: 'mail.lab.test', ca: [pki.root.certPem], timeout: 5_000 }),
    );
    await stepThenWait(session, flood);
    await nextStepKeepsTheTranscript(session);
  });
});

describe('one reply', () => {
  it('an EHLO of 1000 keywords of 60 KB is refused at the line limit, not read into memory', async () => {
    server = await startHugeEhloServer(1000, 60 * 1024);
    const before = process.memoryUsage().rss;
    const t = await probe(options(server.port, { timeout: 10_000 }));
    expect(errors(t).map((e) => `${e.stage}:${e.code}`)).toEqual(['ehlo:OVERFLOW']);
    expect(errors(t)[0]!.message).toBe('the server sent a reply line longer than 8192 octets');
    expect(t.findings.map((f) => f.id)).toEqual(['smtp.protocol-violation']);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('an EHLO of short lines stops at 1 MiB in all', async () => {
    server = await startHugeEhloServer(1000, 4000);
    const t = await probe(options(server.port, { timeout: 10_000 }));
    expect(errors(t).map((e) => `${e.stage}:${e.code}`)).toEqual(['ehlo:OVERFLOW']);
    expect(errors(t)[0]!.message).toBe('the server sent a reply longer than 1048576 octets (1 MiB)');
  });
});

describe('deadlines', () => {
  it('a reply sent one line every 200 ms ends at its 1 s deadline, with what arrived kept', async () => {
    server = await startDripServer();
    const started = performance.now();
    const t = await probe(options(server.port, { tls: 'auto', timeout: 1_000 }));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(errors(t).map((e) => `${e.stage}:${e.code}:${e.deadline}`)).toEqual(['ehlo:TIMEOUT:reply']);
    expect(errors(t)[0]!.message).toMatch(
      /^the reply did not finish within 1\.0 s: the server kept sending it slowly \(\d+ lines so far\)$/,
    );
    const partial = replies(t, 'ehlo')[0]!;
    expect(partial.incomplete).toBe(true);
    expect(partial.lines.slice(0, 2)).toEqual(['250-drip 1', '250-drip 2']);
    // A cut-off EHLO is not a capability list: no verdict on STARTTLS from it.
    expect(t.findings.map((f) => f.id)).toEqual(['smtp.timeout']);
    expect(t.findings[0]!.title).toBe("The server's reply did not finish during ehlo");
    expect(t.findings[0]!.explanation).toMatch(
      /^The reply began but was not complete within 1(\.\d)? seconds: the server was still sending it/,
    );
  });

  it('a greeting sent one line at a time ends at its deadline too, without a TLS check after it', async () => {
    server = await startDripServer({ banner: true });
    const started = performance.now();
    const t = await probe(options(server.port, { timeout: 1_000 }));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(errors(t).map((e) => `${e.stage}:${e.code}:${e.deadline}`)).toEqual(['banner:TIMEOUT:reply']);
    expect(t.events.some((e) => e.type === 'note' && e.code === 'implicit-tls-not-confirmed')).toBe(false);
  });

  it('a server slow at every stage is stopped by the session deadline', async () => {
    server = await startSlowServer(700);
    const started = performance.now();
    const t = await probe(options(server.port, { timeout: { greeting: 1_000, command: 1_000, session: 2_000 } }));
    expect(performance.now() - started).toBeLessThan(6_000);
    const [error] = errors(t);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      deadline: 'session',
      message: 'the session did not finish within 2.0 s, its overall deadline: the server took too long over its steps',
    });
    expect(t.findings.find((f) => f.id === 'smtp.timeout')?.title).toBe(
      `The session ran out of time during ${error!.stage}`,
    );
  });

  it('a sweep gives each port its own deadline: slow servers end in time, each with its row', async () => {
    const slow = await Promise.all([startSlowServer(900), startSlowServer(900), startSlowServer(900)]);
    try {
      const ports = slow.map((s) => s.port);
      const result = await sweep({
        host: '127.0.0.1',
        ports,
        ehlo: 'client.example',
        timeout: { greeting: 1_000, command: 1_000, session: 1_500 },
      });
      expect(result.rows.map((r) => r.port)).toEqual(ports);
      for (const row of result.rows) {
        expect(row.durationMs).toBeLessThan(3 * 1_500);
        expect(errors(row.transcript)).toMatchObject([{ code: 'TIMEOUT', deadline: 'session' }]);
      }
    } finally {
      await Promise.all(slow.map((s) => s.close()));
    }
  });

  it('the time a user takes between Steps does not count against the session deadline', async () => {
    server = await startSlowServer(10);
    const session = new SmtpSession(options(server.port, { timeout: { session: 1_000 } }));
    await session.step();
    await sleep(1_200);
    await session.run();
    const t = session.transcript();
    expect(errors(t)).toEqual([]);
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
  });
});
