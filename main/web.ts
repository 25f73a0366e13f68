// The web bridge: the same renderer and the same IPC contract, served to a browser on
// 127.0.0.1 for headless hosts and for the end-to-end tests. It is a local control panel for
// a tool that opens network connections, so it is locked down: loopback only, a random
// per-run token, Host and Origin checks (DNS rebinding, cross-site WebSockets).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Channel, IpcEvents } from '../shared/ipc';
import { CONTENT_SECURITY_POLICY } from '../shared/contentSecurityPolicy';
import { createIpcEndpoint } from './app/ipcHandlers';
import type { LabService } from './app/labService';

export const WEB_HOST = '127.0.0.1';
const COOKIE = 'smtp_lens_token';
/** Large enough for a 25 MB message in a session request. */
const MAX_MESSAGE_BYTES = 30 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface WebOptions {
  rendererDir: string;
  lab: LabService;
  port?: number;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: http.IncomingMessage): string | null {
  const match = /(?:^|;\s*)smtp_lens_token=([^;]+)/.exec(req.headers.cookie ?? '');
  return match ? match[1] : null;
}

function refuse(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

export async function startWebServer(options: WebOptions): Promise<WebServer> {
  const token = randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  let origin = '';
  const allowedHosts = new Set<string>();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(res, 421, 'Wrong Host header: open the URL that smtp-lens web printed.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET.');
    const viaQuery = sameToken(url.searchParams.get('token'), token);
    if (!viaQuery && !sameToken(cookieToken(req), token)) {
      return refuse(res, 403, 'Missing or wrong token: open the URL with ?token=… that smtp-lens web printed.');
    }
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep)) return refuse(res, 404, 'Not found.');
    try {
      const body = await readFile(file);
      const headers: http.OutgoingHttpHeaders = {
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      };
      // The cookie lets the page's own scripts and styles load without the token in every URL.
      if (viaQuery) headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      refuse(res, 404, 'Not found.');
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const tokenOk = sameToken(url.searchParams.get('token'), token);
    const originOk = req.headers.origin === origin || req.headers.origin === origin.replace(WEB_HOST, 'localhost');
    if (url.pathname !== '/ipc' || !tokenOk || !originOk || !allowedHosts.has(req.headers.host ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, options.lab));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, WEB_HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://${WEB_HOST}:${port}`;
  allowedHosts.add(`${WEB_HOST}:${port}`).add(`localhost:${port}`);
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One browser tab: requests `{id, channel, payload}` → `{id, response}`; events `{event, payload}`. */
function serveClient(ws: WebSocket, lab: LabService): void {
  const emit = <E extends keyof IpcEvents>(event: E, payload: IpcEvents[E]) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
  };
  const endpoint = createIpcEndpoint(emit, lab);
  ws.on('message', async (data) => {
    let message: { id?: unknown; channel?: unknown; payload?: unknown };
    try {
      message = JSON.parse(String(data));
    } catch {
      return ws.send(JSON.stringify({ id: null, response: { ok: false, code: 'INVALID_REQUEST', message: 'not JSON', transcript: null } }));
    }
    const response = await endpoint.invoke(message.channel as Channel, message.payload);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, response }));
  });
  ws.on('close', () => endpoint.dispose());
  ws.on('error', () => endpoint.dispose());
}
