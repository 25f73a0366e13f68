import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeCall } from '../helpers/bridgeClient';
import { LabService } from '../../main/app/labService';
import { startWebServer, type WebServer } from '../../main/web';

let server: WebServer;
const lab = new LabService();

beforeAll(async () => {
  server = await startWebServer({ rendererDir: path.resolve('out/renderer'), lab });
});
afterAll(async () => {
  await server.close();
  await lab.close();
});

function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: pathAndQuery, headers }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

function connect(query: string, origin: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ipc${query}`, { origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

const origin = () => `http://127.0.0.1:${server.port}`;

describe('web bridge', () => {
  it('listens on 127.0.0.1 and prints a URL with a token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('serves the page with the token, with a strict CSP, and refuses it without', async () => {
    const ok = await get(`/?token=${server.token}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<div id="root"');
    expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
    expect(ok.headers['set-cookie']?.[0]).toContain('HttpOnly; SameSite=Strict');
    const missing = await get('/');
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('token');
    expect((await get('/?token=wrong')).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('refuses a WebSocket without the token or from a foreign Origin', async () => {
    expect(await connect(`?token=${server.token}`, origin())).toBe('open');
    expect(await connect('', origin())).toBe(403);
    expect(await connect('?token=nope', origin())).toBe(403);
    expect(await connect(`?token=${server.token}`, 'http://evil.example')).toBe(403);
  });

  it('validates every payload and answers errors as values', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ipc?token=${server.token}`, { origin: origin() });
    await new Promise((r) => ws.on('open', r));
    try {
      expect(await bridgeCall(ws, 'session:create', { host: '', port: 25, tls: 'none' })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      expect(await bridgeCall(ws, 'session:create', { host: 'x', port: 70000, tls: 'none' })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      expect(await bridgeCall(ws, 'session:create', { host: 'x', port: 25, tls: 'none', extra: 1 })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      expect(await bridgeCall(ws, 'fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' });
      expect(await bridgeCall(ws, 'session:step', { sessionId: 'not-a-session' })).toMatchObject({ ok: false, code: 'NO_SESSION' });
      const status = await bridgeCall(ws, 'lab:status', {});
      expect(status.ok).toBe(true);
    } finally {
      ws.close();
    }
  });
});
