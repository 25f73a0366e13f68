import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeCall } from '../helpers/bridgeClient';
import { runCli } from '../helpers/cli';
import { createIpcEndpoint } from '../../main/app/ipcHandlers';
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

function get(
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
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

function connect(query: string, origin: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ipc${query}`, { origin, headers });
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

  it('serves the page and its assets without a token, sets no cookie, and the files hold no secret', async () => {
    for (const query of ['', `?token=${server.token}`]) {
      const page = await get(`/${query}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root"');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['set-cookie']).toBeUndefined();
      expect(page.body).not.toContain(server.token);
      const assets = [...page.body.matchAll(/(?:src|href)="\.?\/(assets\/[^"]+)"/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        const file = await get(`/${asset}`);
        expect(file.status, asset).toBe(200);
        expect(file.headers['set-cookie'], asset).toBeUndefined();
        expect(file.body, asset).not.toContain(server.token);
      }
    }
  });

  it("serves only the renderer's files, each with its type", async () => {
    expect((await get('/')).headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await get('/nothing-here.js')).status).toBe(404);
    expect((await get('/assets/')).status).toBe(400);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('refuses a WebSocket without the token, from a foreign Origin or to a foreign Host', async () => {
    expect(await connect(`?token=${server.token}`, origin())).toBe('open');
    expect(await connect('', origin())).toBe(403);
    expect(await connect('?token=nope', origin())).toBe(403);
    expect(await connect(`?token=${server.token}x`, origin())).toBe(403);
    expect(await connect(`?token=${server.token}`, 'http://evil.example')).toBe(403);
    expect(await connect(`?token=${server.token}`, `http://127.0.0.1:${server.port + 1}`)).toBe(403);
    expect(await connect(`?token=${server.token}`, origin(), { Host: `evil.example:${server.port}` })).toBe(403);
  });

  it('takes the token only in the WebSocket address: a cookie holding it is no credential', async () => {
    expect(await connect('', origin(), { Cookie: `smtp_lens_token=${server.token}` })).toBe(403);
  });

  it('validates every payload and answers errors as values', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ipc?token=${server.token}`, { origin: origin() });
    await new Promise((r) => ws.on('open', r));
    try {
      expect(await bridgeCall(ws, 'session:create', { host: '', port: 25, tls: 'none' })).toMatchObject({
        ok: false,
        code: 'INVALID_REQUEST',
      });
      expect(await bridgeCall(ws, 'session:create', { host: 'x', port: 70000, tls: 'none' })).toMatchObject({
        ok: false,
        code: 'INVALID_REQUEST',
      });
      expect(await bridgeCall(ws, 'session:create', { host: 'x', port: 25, tls: 'none', extra: 1 })).toMatchObject({
        ok: false,
        code: 'INVALID_REQUEST',
      });
      expect(await bridgeCall(ws, 'fs:readFile', { path: '/etc/passwd' })).toMatchObject({
        ok: false,
        code: 'UNKNOWN_CHANNEL',
      });
      expect(await bridgeCall(ws, 'session:step', { sessionId: 'not-a-session' })).toMatchObject({
        ok: false,
        code: 'NO_SESSION',
      });
      // A domain check: more resolvers than a user types, or a field the schema does not know.
      const domain = { target: 'example.com', port: 25, probe: false };
      expect(
        await bridgeCall(ws, 'domain:check', {
          ...domain,
          resolvers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '9.9.9.9', '8.8.4.4'],
        }),
      ).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      expect(await bridgeCall(ws, 'domain:check', { ...domain, mtaStsPort: 8443 })).toMatchObject({
        ok: false,
        code: 'INVALID_REQUEST',
      });
      expect(await bridgeCall(ws, 'domain:check', { ...domain, target: 'not a domain' })).toMatchObject({
        ok: false,
        code: 'INVALID_REQUEST',
        message:
          'Domain: "not a domain" is not a domain name (labels of letters, digits and hyphens, separated by dots).',
      });
      const status = await bridgeCall(ws, 'lab:status', {});
      expect(status.ok).toBe(true);
    } finally {
      ws.close();
    }
  });

  it('smtp-lens web on a port already in use says so in one line and exits 2, with no stack trace', async () => {
    const result = await runCli(['web', '--port', String(server.port)]);
    expect(result.stderr).toContain(`smtp-lens: port ${server.port} on 127.0.0.1 is already in use`);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.code).toBe(2);
  });

  it('the IPC endpoint itself takes only its own channels, never an inherited property', async () => {
    const endpoint = createIpcEndpoint(() => undefined, lab);
    try {
      for (const channel of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        expect(await endpoint.invoke(channel as never, {}), channel).toMatchObject({
          ok: false,
          code: 'UNKNOWN_CHANNEL',
        });
      }
    } finally {
      endpoint.dispose();
    }
  });
});
