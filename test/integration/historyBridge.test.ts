// The history and export channels through the web bridge, as the UI uses them: a session run
// from a window is saved when it finishes, listed, read back, and exported in every format.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyDir } from '../../main/app/appDataDir';
import WebSocket from 'ws';
import { bridgeCall, type BridgeResponse } from '../helpers/bridgeClient';
import { LabService } from '../../main/app/labService';
import { startWebServer, type WebServer } from '../../main/web';
import type { HistoryEntry, HistoryPage } from '../../shared/history';
import type { ExportedFile, SessionSnapshot } from '../../shared/ipc';
import type { Transcript } from '../../shared/transcript';
import { startRawServer, lineDialogue, type RawServer } from '../helpers/rawServer';

let server: WebServer;
let ws: WebSocket;
let raw: RawServer;
const lab = new LabService();
const SECRET = 'correct-horse-battery';
const saved: { sessionId: string; ok: boolean; entry?: HistoryEntry; message?: string }[] = [];

beforeAll(async () => {
  server = await startWebServer({ rendererDir: path.resolve('out/renderer'), lab });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/ipc?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.event === 'history:saved') saved.push(m.payload);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  // A server that says the password back in its greeting: only the guard stands in the way.
  raw = await startRawServer((s) => {
    s.write(`220 hello ${SECRET}\r\n`);
    lineDialogue(s, (line) => (/^QUIT/i.test(line) ? s.end('221 bye\r\n') : s.write('250 ok\r\n')));
  });
});
afterAll(async () => {
  ws?.close();
  await raw?.close();
  await server.close();
  await lab.close();
});

const call = <T>(channel: string, payload: unknown) => bridgeCall<T>(ws, channel, payload);

const value = <T>(r: BridgeResponse<T>): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
};

async function until<T>(find: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = find();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}

async function runScenario(name: string): Promise<{ sessionId: string; port: number }> {
  const status = value(
    await call<{ scenarios: { name: string; port: number; client: { to: string[] } }[] }>('lab:status', {}),
  );
  const scenario = status.scenarios.find((s) => s.name === name)!;
  const created = value(
    await call<SessionSnapshot>('session:create', {
      host: '127.0.0.1',
      port: scenario.port,
      tls: 'starttls',
      servername: 'mail.lab.test',
      trustLabCa: true,
      to: scenario.client.to,
    }),
  );
  const done = value(await call<SessionSnapshot>('session:run', { sessionId: created.sessionId }));
  expect(done.finished).toBe(true);
  return { sessionId: created.sessionId, port: scenario.port };
}

describe('history and export over IPC', () => {
  it('a finished session is saved, listed with its worst finding, and read back read-only', async () => {
    const { sessionId, port } = await runScenario('relay-denied');
    const event = await until(() => saved.find((s) => s.sessionId === sessionId));
    expect(event).toMatchObject({
      ok: true,
      entry: { port, ok: false, worst: { id: 'smtp.relay-denied', severity: 'error' } },
    });
    // It holds recipients and the server's words: readable by its owner only.
    const onDisk = path.join(historyDir(), event.entry!.file);
    expect(statSync(onDisk).mode & 0o777).toBe(0o600);
    for (let folder = path.dirname(onDisk); folder !== path.dirname(historyDir()); folder = path.dirname(folder))
      expect(statSync(folder).mode & 0o777).toBe(0o700);
    const page = value(await call<HistoryPage>('history:list', { text: String(port) }));
    expect(page.entries.map((e) => e.id)).toEqual([event.entry!.id]);
    const read = value(await call<Transcript>('history:read', { id: event.entry!.id }));
    const live = value(await call<Transcript>('session:transcript', { sessionId }));
    expect(read).toEqual(live);
    // Asking for a snapshot again does not save it twice.
    await call('session:step', { sessionId });
    expect(value(await call<HistoryPage>('history:list', { text: String(port) })).total).toBe(1);
  });

  it('export:render renders a live session, a saved one and an opened transcript in every format', async () => {
    const { sessionId, port } = await runScenario('missing-intermediate');
    const entry = (await until(() => saved.find((s) => s.sessionId === sessionId))).entry!;
    const live = value(await call<Transcript>('session:transcript', { sessionId }));
    for (const format of ['text', 'md', 'json', 'html']) {
      const a = value(await call<ExportedFile>('export:render', { sessionId, format }));
      const b = value(await call<ExportedFile>('export:render', { historyId: entry.id, format }));
      const c = value(await call<ExportedFile>('export:render', { transcript: live, format }));
      expect(a.content).toContain(format === 'json' ? `"port": ${port}` : `127.0.0.1:${port}`);
      expect(b.content).toBe(a.content);
      expect(c.content).toBe(a.content);
      expect(a.fileName).toMatch(new RegExp(`^smtp-lens-127\\.0\\.0\\.1-${port}-\\d{8}T\\d{6}Z\\.(txt|md|json|html)$`));
    }
    const masked = value(
      await call<ExportedFile>('export:render', { sessionId, format: 'md', profile: { hosts: true } }),
    );
    expect(masked.content).not.toContain('mail.lab.test');
  });

  it('errors come back as values: a foreign transcript, an unknown id, two sources at once', async () => {
    expect(await call('export:render', { transcript: { name: 'package' }, format: 'html' })).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSCRIPT',
      message: expect.stringMatching(/not an SMTP Lens transcript/),
    });
    expect(await call('history:read', { id: 'no-such-session' })).toMatchObject({
      ok: false,
      code: 'HISTORY_NOT_FOUND',
    });
    expect(await call('history:read', { id: '../secrets' })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await call('export:render', { sessionId: 'a', historyId: 'b', format: 'md' })).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
    expect(await call('export:render', { transcript: {}, format: 'pdf' })).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
    });
  });

  it('a session whose transcript holds its own password is neither exported nor saved', async () => {
    const created = value(
      await call<SessionSnapshot>('session:create', {
        host: '127.0.0.1',
        port: raw.port,
        tls: 'none',
        auth: { user: 'alice', secret: SECRET },
        to: ['bob@example.org'],
      }),
    );
    await call('session:run', { sessionId: created.sessionId });
    const event = await until(() => saved.find((s) => s.sessionId === created.sessionId));
    expect(event).toMatchObject({ ok: false, message: expect.stringMatching(/Refusing to write this export/) });
    for (const format of ['text', 'md', 'json', 'html']) {
      expect(await call('export:render', { sessionId: created.sessionId, format })).toMatchObject({
        ok: false,
        code: 'SECRET_IN_EXPORT',
      });
    }
    expect(value(await call<HistoryPage>('history:list', { text: String(raw.port) })).total).toBe(0);
  });
});
