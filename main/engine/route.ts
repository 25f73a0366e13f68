import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseProxyUrl, proxyResolvesNames } from '../../shared/proxyUrl';
import { isIP } from './ipLiteral';
import { ms } from './durationWords';
import { openThroughProxy, type ProxyRoute } from './proxy/proxyHop';
import type { Failure } from './smtpConnection';

/** How a connection leaves this machine: from which source address, and through which proxy. */
export interface Route {
  bind?: string;
  proxy?: ProxyRoute;
}

export interface ProxyTiming {
  /** The TCP connection to the proxy. */
  tcpMs: number;
  /** The proxy's own connection to the target, as it reported it. */
  hopMs: number;
}

export type RouteOutcome =
  | { ok: true; socket: net.Socket; proxied: ProxyTiming | null }
  | { ok: false; failure: Failure; stage: 'connect' | 'proxy' };

/** The route a session's options ask for: its --bind and its --proxy (checked by the schema). */
export function routeFor(opts: { bind?: string; proxy?: { url: string; secret?: string } }): Route {
  const parsed = opts.proxy ? parseProxyUrl(opts.proxy.url) : null;
  const proxy =
    parsed && !('problem' in parsed)
      ? { ...parsed, ...(opts.proxy?.secret !== undefined ? { secret: opts.proxy.secret } : {}) }
      : undefined;
  return { ...(opts.bind ? { bind: opts.bind } : {}), ...(proxy ? { proxy } : {}) };
}

const ABORTED: Failure = { code: 'ABORTED', message: 'stopped by the user' };

/** A TCP connection to host:port, ended by the timer, the signal or an error. */
function tcp(
  host: string,
  port: number,
  localAddress: string | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ ok: true; socket: net.Socket } | { ok: false; failure: Failure }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, ...(localAddress ? { localAddress } : {}) });
    const done = (result: { ok: true; socket: net.Socket } | { ok: false; failure: Failure }) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      if (!result.ok) socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        done({
          ok: false,
          failure: { code: 'TIMEOUT', message: `no answer to the connection attempt within ${timeoutMs} ms` },
        }),
      timeoutMs,
    );
    const onAbort = () => done({ ok: false, failure: ABORTED });
    const onError = (err: NodeJS.ErrnoException) =>
      done({ ok: false, failure: { code: err.code ?? 'ERROR', message: err.message } });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('connect', () => done({ ok: true, socket }));
  });
}

/** The proxy itself could not be reached: that is the proxy's failure, not the mail server's. */
function proxyUnreachable(proxy: ProxyRoute, failure: Failure): Failure {
  if (failure.code === 'ABORTED' || failure.code === 'EADDRNOTAVAIL') return failure;
  const where = `the proxy ${proxy.host}:${proxy.port}`;
  if (failure.code === 'TIMEOUT')
    return { code: 'PROXY_TIMEOUT', message: `no answer from ${where}: ${failure.message}` };
  if (failure.code === 'ECONNREFUSED')
    return { code: 'PROXY_DOWN', message: `nothing listens on ${where} (connection refused)` };
  return { code: 'PROXY_DOWN', message: `${where} cannot be reached (${failure.code}: ${failure.message})` };
}

/**
 * Opens a connection to host:port along the route, within one deadline for the whole of it.
 * Through a proxy, `host` is a name when the proxy resolves it (socks5h, socks4a, http), else
 * an address the caller resolved.
 */
export async function openRoute(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
  route: Route = {},
): Promise<RouteOutcome> {
  const { proxy, bind } = route;
  const startedAt = performance.now();
  const first = proxy
    ? await tcp(proxy.host, proxy.port, bind, timeoutMs, signal)
    : await tcp(host, port, bind, timeoutMs, signal);
  if (!first.ok)
    return proxy
      ? { ok: false, failure: proxyUnreachable(proxy, first.failure), stage: 'proxy' }
      : { ok: false, failure: first.failure, stage: 'connect' };
  if (!proxy) return { ok: true, socket: first.socket, proxied: null };
  const tcpMs = performance.now() - startedAt;
  const left = Math.max(1, timeoutMs - tcpMs);
  const onAbort = () => first.socket.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  // socks5:// and socks4:// carry an address: this machine resolves the name (as it would
  // without a proxy) unless the caller already did.
  let destination = host;
  if (!proxyResolvesNames(proxy.kind) && !isIP(host)) {
    try {
      destination = (await lookup(host)).address;
    } catch (err) {
      first.socket.destroy();
      const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
      return { ok: false, failure: { code, message: `${host} could not be resolved (${code})` }, stage: 'connect' };
    }
  }
  const hop = await openThroughProxy(proxy, first.socket, destination, port, left);
  signal.removeEventListener('abort', onAbort);
  if (signal.aborted) {
    first.socket.destroy();
    return { ok: false, failure: ABORTED, stage: 'proxy' };
  }
  if (!hop.ok) {
    first.socket.destroy();
    const failure =
      hop.failure.code === 'PROXY_TIMEOUT'
        ? { ...hop.failure, message: `${hop.failure.message} (${ms(timeoutMs)} for the whole connection)` }
        : hop.failure;
    return { ok: false, failure, stage: 'proxy' };
  }
  return { ok: true, socket: hop.socket, proxied: { tcpMs, hopMs: hop.hopMs } };
}
