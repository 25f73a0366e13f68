// The `tls:audit` channel through the web bridge, as the Certificates tab calls it: a finished
// STARTTLS session of the practice server is audited on new connections, its notes arrive as the
// session's own events (with the findings), and the transcript carries the audit. Each request it
// cannot serve is answered in words: an unknown session, one without TLS, one still running, a
// second audit while one runs. Stop ends the audit, not the session.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LabService } from '../../main/app/labService';
import { startWebServer, type WebServer } from '../../main/web';
import type { IpcEvents, LabStatus, SessionRequest, SessionSnapshot } from '../../shared/ipc';
import type { Finding, TlsAudit, Transcript, TranscriptEvent } from '../../shared/transcript';
import { bridgeCall } from '../helpers/bridgeClient';

let server: WebServer;
let status: LabStatus;
const lab = new LabService();

beforeAll(async () => {
  server = await startWebServer({ rendererDir: path.resolve('out/renderer'), lab });
  status = await lab.status();
});
afterAll(async () => {
  await server.close();
  await lab.close();
});

/** One tab on the bridge, with the events main pushed to it. */
async function openTab(): Promise<{
  ws: WebSocket;
  events: (sessionId: string) => TranscriptEvent[];
  findings: (sessionId: string) => Finding[] | undefined;
}> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ipc?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  const batches: IpcEvents['session:events'][] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.event === 'session:events') batches.push(message.payload);
  });
  await new Promise((resolve) => ws.on('open', resolve));
  const of = (id: string) => batches.filter((b) => b.sessionId === id);
  return { ws, events: (id) => of(id).flatMap((b) => b.events), findings: (id) => of(id).at(-1)?.findings };
}

const request = (scenario: string, tls: SessionRequest['tls']): SessionRequest => ({
  host: status.host,
  port: status.scenarios.find((s) => s.name === scenario)!.port,
  tls,
  servername: status.servername,
  trustLabCa: true,
  quitAfter: tls === 'none' ? 'ehlo' : 'tls',
});

async function finishedSession(ws: WebSocket, sessionId: string, scenario: string, tls: SessionRequest['tls']) {
  const started = await bridgeCall<SessionSnapshot>(ws, 'session:start', {
    sessionId,
    request: request(scenario, tls),
    mode: 'run',
  });
  expect(started).toMatchObject({ ok: true, value: { finished: true } });
}

const notes = (events: TranscriptEvent[]) =>
  events.flatMap((e) => (e.type === 'note' ? [{ code: e.code, text: e.text }] : []));

describe('tls:audit over the web bridge', () => {
  it('refuses, in words, an unknown session, a session still running and a session without TLS', async () => {
    const { ws } = await openTab();
    try {
      const unknown = await bridgeCall(ws, 'tls:audit', { sessionId: 'never-started' });
      expect(unknown).toMatchObject({ ok: false, code: 'NO_SESSION' });
      if (!unknown.ok) expect(unknown.message).toMatch(/^There is no session never-started in this window/);

      // Created, not yet run: nothing has finished to audit.
      const created = await bridgeCall<SessionSnapshot>(ws, 'session:create', request('submission-ok', 'starttls'));
      expect(created.ok).toBe(true);
      if (!created.ok) return;
      expect(await bridgeCall(ws, 'tls:audit', { sessionId: created.value.sessionId })).toMatchObject({
        ok: false,
        code: 'SESSION_RUNNING',
        message: 'The session is still running: the TLS audit can start once it has finished.',
      });

      await finishedSession(ws, 'plain-text-only', 'no-starttls', 'none');
      const plain = await bridgeCall(ws, 'tls:audit', { sessionId: 'plain-text-only' });
      expect(plain).toMatchObject({ ok: false, code: 'NO_TLS' });
      if (!plain.ok) expect(plain.message).toContain('This session did not use TLS, so there is nothing to audit');

      // Not a session id at all: the schema says so before any handler runs.
      expect(await bridgeCall(ws, 'tls:audit', { sessionId: 'Not An Id!' })).toMatchObject({
        ok: false,
        code: 'INVALID_REQUEST',
      });
      expect(await bridgeCall(ws, 'tls:audit', {})).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    } finally {
      ws.close();
    }
  });

  it('audits a finished STARTTLS session: the notes come as its events, the findings follow, the transcript keeps the audit', async () => {
    const { ws, events, findings } = await openTab();
    try {
      await finishedSession(ws, 'audited', 'submission-ok', 'starttls');
      const before = events('audited').length;
      const running = bridgeCall<TlsAudit>(ws, 'tls:audit', { sessionId: 'audited' });
      // One at a time: a second click while it runs is refused, and the first goes on.
      expect(await bridgeCall(ws, 'tls:audit', { sessionId: 'audited' })).toMatchObject({
        ok: false,
        code: 'AUDIT_RUNNING',
        message: 'A TLS audit of this session is already running: wait for it, or stop it.',
      });
      const answer = await running;
      expect(answer.ok).toBe(true);
      if (!answer.ok) return;
      const audit = answer.value;
      expect(audit.complete).toBe(true);
      expect(audit.versions['TLSv1.3'].check.result).toBe('accepted');
      expect(audit.versions['TLSv1.2'].check.result).toBe('accepted');
      expect(audit.versions['TLSv1.3'].suites).toContain('TLS_AES_256_GCM_SHA384');
      expect(audit.connections).toBeGreaterThan(10);

      // Every note was pushed before the answer, in order, after the session's own events.
      const pushed = notes(events('audited').slice(before));
      expect(pushed[0]?.code).toBe('tls-audit-start');
      expect(pushed[0]?.text).toMatch(/^Auditing TLS: every cipher suite offered alone/);
      expect(pushed.map((n) => n.code)).toContain('tls-audit-suites');
      expect(pushed.at(-1)?.code).toBe('tls-audit');
      expect(pushed.at(-1)?.text).toMatch(/^TLS audit: .* accepted; \d+ connections in \d+\.\d s\.$/);

      const transcript = await bridgeCall<Transcript>(ws, 'session:transcript', { sessionId: 'audited' });
      expect(transcript.ok).toBe(true);
      if (!transcript.ok) return;
      expect(transcript.value.tlsAudit).toEqual(audit);
      expect(transcript.value.tlsVersions?.['TLSv1.3'].result).toBe('accepted');
      // The findings pushed with the audit's notes are the transcript's, derived from them.
      expect(findings('audited')).toEqual(transcript.value.findings);
      // The session itself is as it ended: reached TLS, nothing stopped.
      expect(transcript.value.outcome).toEqual({ ok: true, stage: 'quit' });
    } finally {
      ws.close();
    }
  });

  it("Stop (session:abort) ends the audit, says so, and leaves the session's outcome alone", async () => {
    const { ws, events } = await openTab();
    try {
      await finishedSession(ws, 'stopped-audit', 'submission-ok', 'starttls');
      const running = bridgeCall<TlsAudit>(ws, 'tls:audit', { sessionId: 'stopped-audit' });
      // Once the audit has said it started, Stop.
      await expect
        .poll(() => notes(events('stopped-audit')).some((n) => n.code === 'tls-audit-start'), { timeout: 5000 })
        .toBe(true);
      const stopped = await bridgeCall<SessionSnapshot>(ws, 'session:abort', { sessionId: 'stopped-audit' });
      expect(stopped).toMatchObject({ ok: true, value: { finished: true } });
      const answer = await running;
      expect(answer).toMatchObject({ ok: true, value: { complete: false } });
      const codes = notes(events('stopped-audit')).map((n) => n.code);
      expect(codes.at(-1)).toBe('tls-audit-stopped');
      expect(codes).not.toContain('aborted');
      const transcript = await bridgeCall<Transcript>(ws, 'session:transcript', { sessionId: 'stopped-audit' });
      expect(transcript).toMatchObject({ ok: true, value: { outcome: { ok: true, stage: 'quit' } } });
      // A new audit may start once the stopped one has ended.
      const again = await bridgeCall<TlsAudit>(ws, 'tls:audit', { sessionId: 'stopped-audit' });
      expect(again).toMatchObject({ ok: true, value: { complete: true } });
    } finally {
      ws.close();
    }
  }, 30_000);
});
