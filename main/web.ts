// The web bridge: the same renderer and the same IPC contract, served to a browser on
// 127.0.0.1 for headless hosts and for the end-to-end tests. It is a local control panel for
// a tool that opens network connections, so it is locked down: loopback only, Host and Origin
// checks (DNS rebinding, cross-site WebSockets), and a random per-run token that only the
// WebSocket takes. The token is never set as a cookie: cookies ignore ports, so the browser
// would hand it to every other web server on 127.0.0.1. The static files hold no secret.
// Anyone can send anything here, so every request of any shape gets an answer and none of
// them can end the process.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { LabService } from './app/labService';
import { BAD_PATH, refusal, rendererFile, rendererPathSegments, type RendererAnswer } from './rendererFiles';
import { serveClient } from './webClient';

export const WEB_HOST = '127.0.0.1';
/** Large enough for a 25 MB message in a session request. */
const MAX_MESSAGE_BYTES = 30 * 1024 * 1024;
/** The page and its assets are a few small GETs: a client that is slower than this is stuck. */
const HEADERS_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;

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

interface RequestTarget {
  /** Still percent-encoded. */
  path: string;
  query: URLSearchParams;
}

/**
 * The origin-form request target (RFC 9112 §3.2.1): an absolute path and an optional query.
 * A browser sends nothing else to this server; absolute-form, authority-form, `*`, `//…`,
 * backslashes and paths that do not decode to plain segments are refused with 400 rather than
 * guessed at.
 */
function requestTarget(raw: string | undefined): RequestTarget | null {
  if (!raw?.startsWith('/') || raw.startsWith('//') || /[\\#]/.test(raw)) return null;
  const q = raw.indexOf('?');
  const encodedPath = q < 0 ? raw : raw.slice(0, q);
  if (!rendererPathSegments(encodedPath)) return null;
  return { path: encodedPath, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

function send(res: http.ServerResponse, answer: RendererAnswer, head = false): void {
  res.writeHead(answer.status, answer.headers);
  res.end(head ? undefined : answer.body);
}

/** A refusal written straight to a raw socket: for an upgrade request, or a request Node's parser gave up on. */
function refuseOnSocket(socket: Duplex, status: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, () => socket.destroy());
}

export async function startWebServer(options: WebOptions): Promise<WebServer> {
  const token = randomBytes(24).toString('base64url');
  const origins = new Set<string>();
  const allowedHosts = new Set<string>();

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = requestTarget(req.url);
    if (!target) return send(res, BAD_PATH);
    if (!allowedHosts.has(req.headers.host ?? ''))
      return send(res, refusal(421, 'Wrong Host header: open the URL that smtp-lens web printed.'));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, refusal(405, 'Only GET.'));
    send(res, await rendererFile(options.rendererDir, target.path), req.method === 'HEAD');
  }

  const server = http.createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    (req, res) => {
      handleRequest(req, res).catch(() => {
        if (!res.headersSent) send(res, refusal(500, 'Internal error.'));
        else res.destroy();
      });
    },
  );
  // A request Node's parser rejects (bad request line, header name or value, headers too
  // large) comes here instead of the handler; the socket is ours to answer and close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    refuseOnSocket(
      socket,
      err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request',
    );
  });

  // CONNECT (a proxy tunnel, RFC 9110 §9.3.6) skips the request handler; this is no proxy.
  server.on('connect', (_req: http.IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    refuseOnSocket(socket, '405 Method Not Allowed');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', () => undefined);
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    // After 'upgrade' the socket is no longer the HTTP server's: without a listener of our
    // own, a client that resets it would throw from here.
    socket.on('error', () => socket.destroy());
    const target = requestTarget(req.url);
    if (!target) return refuseOnSocket(socket, '400 Bad Request');
    const tokenOk = sameToken(target.query.get('token'), token);
    const originOk = origins.has(req.headers.origin ?? '');
    if (target.path !== '/ipc' || !tokenOk || !originOk || !allowedHosts.has(req.headers.host ?? '')) {
      return refuseOnSocket(socket, '403 Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, options.lab));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, WEB_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${WEB_HOST}:${port}`;
  origins.add(origin).add(`http://localhost:${port}`);
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
