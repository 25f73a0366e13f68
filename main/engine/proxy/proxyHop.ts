import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { SocksClientOptions } from 'socks';
import { proxyKindName, type ProxyUrl } from '../../../shared/proxyUrl';
import { displayText } from '../../../shared/untrustedText';
import type { Failure } from '../smtpConnection';

/** The proxy as the session uses it: the parsed URL and, apart, its password. */
export interface ProxyRoute extends ProxyUrl {
  secret?: string;
}

export type HopOutcome = { ok: true; socket: net.Socket; hopMs: number } | { ok: false; failure: Failure };

/** What the proxy said, in words that name the proxy and the target: its errors are its own,
 * not the mail server's, and the user must be able to tell the two apart. */
function socksFailure(proxy: ProxyRoute, target: string, message: string): Failure {
  const who = `the ${proxyKindName(proxy.kind)} proxy ${proxy.host}:${proxy.port}`;
  const reply = / - \(?(\w+)\)?$/.exec(message)?.[1];
  const byReply: Record<string, [string, string]> = {
    ConnectionRefused: ['PROXY_TARGET_REFUSED', `${who} reached ${target}, and the connection was refused there`],
    NotAllowed: ['PROXY_NOT_ALLOWED', `${who} refused to connect to ${target}: its rules do not allow it`],
    NetworkUnreachable: ['PROXY_TARGET_UNREACHABLE', `${who} has no route to ${target} (network unreachable)`],
    HostUnreachable: ['PROXY_TARGET_UNREACHABLE', `${who} could not reach ${target} (host unreachable)`],
    TTLExpired: ['PROXY_TARGET_UNREACHABLE', `${who} could not reach ${target} (TTL expired)`],
    // SOCKS4 has only "rejected or failed" (91) for every refusal.
    Rejected: ['PROXY_NOT_ALLOWED', `${who} rejected or failed the connection to ${target}`],
    RejectedIdent: ['PROXY_AUTH_FAILED', `${who} refused the user id (its identd check failed)`],
    Failure: ['PROXY_FAILED', `${who} failed to connect to ${target} (a general failure, it says no more)`],
    CommandNotSupported: ['PROXY_PROTOCOL', `${who} does not support CONNECT`],
    AddressNotSupported: [
      'PROXY_PROTOCOL',
      `${who} does not take this kind of address for ${target}: try socks5:// (an address) or socks5h:// (a name)`,
    ],
  };
  const known = reply ? byReply[reply] : undefined;
  if (known) return { code: known[0], message: known[1] };
  if (/Authentication failed/i.test(message))
    return { code: 'PROXY_AUTH_FAILED', message: `${who} refused the user name or password` };
  if (/no accepted authentication type/i.test(message))
    return {
      code: 'PROXY_AUTH_REQUIRED',
      message: proxy.user
        ? `${who} accepts none of the ways SMTP Lens offered to log in (none, user and password)`
        : `${who} wants a user name and password: give them as socks5h://USER@HOST:PORT, with the password apart`,
    };
  if (/timed out/i.test(message))
    return { code: 'PROXY_TIMEOUT', message: `${who} did not finish connecting to ${target} in time` };
  if (/Socket closed/i.test(message))
    return { code: 'PROXY_CLOSED', message: `${who} closed the connection before it was set up` };
  if (/invalid Socks/i.test(message))
    return { code: 'PROXY_PROTOCOL', message: `${who} did not answer as a ${proxyKindName(proxy.kind)} proxy does` };
  return { code: 'PROXY_FAILED', message: `${who}: ${message}` };
}

async function socksHop(
  proxy: ProxyRoute,
  socket: net.Socket,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<HopOutcome> {
  const target = `${host}:${port}`;
  const options: SocksClientOptions = {
    proxy: {
      host: proxy.host,
      port: proxy.port,
      type: proxy.kind.startsWith('socks4') ? 4 : 5,
      ...(proxy.user ? { userId: proxy.user } : {}),
      ...(proxy.user && proxy.secret !== undefined ? { password: proxy.secret } : {}),
    },
    // socks sends a name as a name (SOCKS5 domain type, SOCKS4a): the caller resolved it
    // first for socks5:// and socks4://.
    destination: { host, port },
    command: 'connect',
    timeout: timeoutMs,
  };
  // The socks package loads only for a SOCKS route, not with every probe.
  const { SocksClient } = await import('socks');
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const client = new SocksClient(options);
    client.once('established', ({ socket: tunnel }: { socket: net.Socket }) => {
      // Bytes that came with the proxy's answer (the mail server's greeting, when the two
      // arrived together) are the server's: give them back to the socket.
      const left = (client as unknown as { receiveBuffer?: { length: number; get(n: number): Buffer } }).receiveBuffer;
      if (left?.length) tunnel.unshift(left.get(left.length));
      resolve({ ok: true, socket: tunnel, hopMs: performance.now() - startedAt });
    });
    client.once('error', (err: Error) => resolve({ ok: false, failure: socksFailure(proxy, target, err.message) }));
    client.connect(socket);
  });
}

/** RFC 9110 §15: what an HTTP proxy's refusal to CONNECT means here. */
function httpFailure(proxy: ProxyRoute, target: string, status: number, statusText: string): Failure {
  const who = `the HTTP proxy ${proxy.host}:${proxy.port}`;
  const said = `"${displayText(`${status} ${statusText}`.slice(0, 200))}"`;
  if (status === 407)
    return {
      code: proxy.user ? 'PROXY_AUTH_FAILED' : 'PROXY_AUTH_REQUIRED',
      message: proxy.user
        ? `${who} refused the user name or password (${said})`
        : `${who} wants a user name and password (${said}): give them as http://USER@HOST:PORT, with the password apart`,
    };
  if (status === 403 || status === 405)
    return { code: 'PROXY_NOT_ALLOWED', message: `${who} refused to connect to ${target} (${said})` };
  if (status === 504)
    return { code: 'PROXY_TARGET_UNREACHABLE', message: `${who} could not reach ${target} in time (${said})` };
  if (status >= 500)
    return { code: 'PROXY_TARGET_REFUSED', message: `${who} could not connect to ${target} (${said})` };
  return { code: 'PROXY_FAILED', message: `${who} did not open the tunnel to ${target} (${said})` };
}

async function httpHop(
  proxy: ProxyRoute,
  socket: net.Socket,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<HopOutcome> {
  // node:http loads only for an HTTP proxy: on Node 22 importing it also loads undici.
  const { default: http } = await import('node:http');
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: HopOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!outcome.ok) socket.destroy();
      resolve(outcome);
    };
    // RFC 7617: Basic credentials, the only kind HTTP proxies commonly take for CONNECT.
    const basic = proxy.user ? Buffer.from(`${proxy.user}:${proxy.secret ?? ''}`).toString('base64') : null;
    const request = http.request({
      method: 'CONNECT',
      path: authority,
      setHost: false,
      headers: { Host: authority, ...(basic ? { 'Proxy-Authorization': `Basic ${basic}` } : {}) },
      createConnection: () => socket,
    });
    const timer = setTimeout(() => {
      done({
        ok: false,
        failure: {
          code: 'PROXY_TIMEOUT',
          message: `the HTTP proxy ${proxy.host}:${proxy.port} did not answer the CONNECT to ${authority} in time`,
        },
      });
      request.destroy();
    }, timeoutMs);
    request.once('connect', (response, tunnel: net.Socket, head: Buffer) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        done({ ok: false, failure: httpFailure(proxy, authority, status, response.statusMessage ?? '') });
        return;
      }
      if (head.length) tunnel.unshift(head);
      done({ ok: true, socket: tunnel, hopMs: performance.now() - startedAt });
    });
    // A proxy that answers CONNECT like an ordinary request, then hangs up or talks nonsense.
    request.once('response', (response) => {
      done({
        ok: false,
        failure: httpFailure(proxy, authority, response.statusCode ?? 0, response.statusMessage ?? ''),
      });
    });
    request.once('error', (err: NodeJS.ErrnoException) =>
      done({
        ok: false,
        failure: /HPE_|Parse Error/i.test(`${err.code} ${err.message}`)
          ? {
              code: 'PROXY_PROTOCOL',
              message: `the HTTP proxy ${proxy.host}:${proxy.port} did not answer as an HTTP proxy does`,
            }
          : {
              code: 'PROXY_CLOSED',
              message: `the HTTP proxy ${proxy.host}:${proxy.port} closed the connection before the tunnel was open`,
            },
      }),
    );
    request.end();
  });
}

/** Over a TCP connection to the proxy, asks it to connect to host:port. `host` is a name when
 * the proxy resolves it, else an address. */
export function openThroughProxy(
  proxy: ProxyRoute,
  socket: net.Socket,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<HopOutcome> {
  return proxy.kind === 'http'
    ? httpHop(proxy, socket, host, port, timeoutMs)
    : socksHop(proxy, socket, host, port, timeoutMs);
}
