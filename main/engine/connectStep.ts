import { lookup } from 'node:dns/promises';
import { isIP } from './ipLiteral';
import type { Conversation } from './conversation';
import type { DnsServer } from './dns/dnsClient';
import { lookupAddresses } from './dns/addressLookup';
import { proxyKindName, proxyLabel, proxyResolvesNames } from '../../shared/proxyUrl';
import { SmtpConnection } from './smtpConnection';
import { whatServerSpoke, type ServerSpoke } from './tls/protocolSniff';
import { startTls, tlsConnectOptions } from './tls/tlsStep';

interface Address {
  address: string;
  family: 4 | 6;
}

/** The OS resolver cannot be cancelled: stop waiting for it on Stop or at the session's deadline. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const aborted = () => Object.assign(new Error('stopped'), { code: 'ABORTED' });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A and AAAA from the DNS servers the user named, with who answered and the AD bit. */
async function resolveWith(c: Conversation, servers: DnsServer[]): Promise<Address[]> {
  const { host, family } = c.opts;
  let found: Awaited<ReturnType<typeof lookupAddresses>>;
  try {
    found = await unlessAborted(lookupAddresses(servers, host, family, c.timeouts.connect), c.signal);
  } catch {
    c.recordFailure('dns', { code: 'ABORTED', message: 'stopped by the user' });
    return [];
  }
  const { addresses, server, ad, error } = found;
  c.recorder.record({ type: 'dns', host, addresses, server, ad, ...(error ? { error: error.code } : {}) });
  if (error)
    c.recorder.record({
      type: 'error',
      stage: 'dns',
      code: error.code,
      message: `${host} could not be resolved by ${server} (${error.why})`,
    });
  return addresses;
}

async function resolve(c: Conversation): Promise<Address[]> {
  const { host, family } = c.opts;
  const literal = isIP(host);
  if (literal) return [{ address: host, family: literal as 4 | 6 }];
  const { proxy } = c.route;
  if (proxy && proxyResolvesNames(proxy.kind)) {
    c.note(
      'proxy',
      `${proxyKindName(proxy.kind)} through ${proxy.host}:${proxy.port}: the proxy resolves ${host} itself, so this machine does not look it up (its DNS may answer differently from the proxy's).`,
      'proxy-resolves-name',
      { host },
    );
    return [{ address: host, family: 4 }];
  }
  if (c.opts.resolvers?.length) return resolveWith(c, c.opts.resolvers);
  try {
    // dns.lookup asks the OS resolver, so /etc/hosts and search domains work as in a mail client.
    const found = await unlessAborted(lookup(host, { all: true, family: family ?? 0 }), c.signal);
    const addresses = found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    c.recorder.record({ type: 'dns', host, addresses });
    return addresses;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
    if (code === 'ABORTED') {
      c.recordFailure('dns', { code, message: 'stopped by the user' });
      return [];
    }
    c.recorder.record({ type: 'dns', host, addresses: [], error: code });
    c.recorder.record({ type: 'error', stage: 'dns', code, message: `${host} could not be resolved (${code})` });
    return [];
  }
}

/** Tries each address in turn, as an MTA would, and records every attempt. Through a proxy
 * the proxy hop is recorded as its own stage, with its timing. */
async function openTcp(c: Conversation, addresses: Address[]): Promise<boolean> {
  const { proxy } = c.route;
  const via = proxy ? { via: proxyLabel(proxy) } : {};
  for (const { address } of addresses) {
    c.recorder.record({ type: 'connect', address, port: c.opts.port, ...via });
    const result = await SmtpConnection.connect(address, c.opts.port, c.timeouts.connect, c.signal, c.route);
    if (result.ok) {
      c.conn = result.conn;
      c.progress.connected = true;
      c.progress.closed = false;
      if (proxy && result.proxied) {
        c.recorder.record({ type: 'proxy', url: via.via ?? '', ...roundTimes(result.proxied) });
        c.reach('proxy');
      }
      c.recorder.record({
        type: 'connected',
        localAddress: result.conn.localAddress,
        localPort: result.conn.localPort,
      });
      return true;
    }
    c.recordFailure(result.stage, result.failure);
    // A proxy that is down or refuses is down for every address.
    if (c.signal.aborted || result.stage === 'proxy') break;
  }
  c.progress.closed = true;
  c.progress.ending = true;
  return false;
}

function roundTimes(t: { tcpMs: number; hopMs: number }): { tcpMs: number; hopMs: number } {
  return { tcpMs: Math.round(t.tcpMs * 10) / 10, hopMs: Math.round(t.hopMs * 10) / 10 };
}

/** Drops the current connection without ceremony (nothing was said on it yet). */
function dropConnection(c: Conversation): void {
  c.conn?.destroy();
  c.recorder.record({ type: 'close', by: 'client' });
  c.conn = null;
}

interface TlsProbe {
  /** The negotiated protocol when the handshake succeeded. */
  protocol: string | null;
  /** What the server answered instead, when that was recognisably another protocol. */
  other: Extract<ServerSpoke, { kind: 'other' }> | null;
}

/** A fresh connection and a bare TLS handshake: does this port speak TLS from the first byte? */
async function tryTlsHandshake(c: Conversation, address: string): Promise<TlsProbe> {
  const result = await SmtpConnection.connect(address, c.opts.port, c.timeouts.connect, c.signal, c.route);
  if (!result.ok) return { protocol: null, other: null };
  const upgrade = await result.conn.upgrade(tlsConnectOptions(c), c.timeouts.tls, c.signal);
  // Read the protocol before closing: a destroyed socket no longer knows it.
  const protocol = upgrade.socket ? (upgrade.socket.getProtocol() ?? 'TLS') : null;
  result.conn.destroy();
  if (protocol) return { protocol, other: null };
  // A web server, for one, says nothing until asked, then answers the ClientHello with an
  // HTTP 400: the silence was not TLS, and now we know what it was.
  const spoke = whatServerSpoke(upgrade.capture.firstServerBytes);
  return { protocol: null, other: spoke.kind === 'other' ? spoke : null };
}

function noteOtherProtocol(c: Conversation, other: NonNullable<TlsProbe['other']>): void {
  c.note(
    'banner',
    `The port answered a TLS hello with ${other.protocol}: "${other.firstLine}". It is not a mail server.`,
    'tls-got-other-protocol',
    {
      protocol: other.protocol,
      firstLine: other.firstLine,
    },
  );
}

/** RFC 8314 §3.3: on an implicit-TLS port the server says nothing until the handshake. A
 * plaintext client therefore hears silence; we confirm the cause with a real handshake. */
async function confirmImplicitTls(c: Conversation, address: string): Promise<void> {
  c.note(
    'banner',
    'No greeting arrived. Checking on a new connection whether this port expects TLS from the first byte…',
  );
  const probe = await tryTlsHandshake(c, address);
  if (probe.protocol) {
    c.note(
      'banner',
      `A TLS handshake on a new connection succeeded (${probe.protocol}): this port speaks TLS from the first byte.`,
      'implicit-tls-confirmed',
      { protocol: probe.protocol },
    );
  } else if (probe.other) {
    noteOtherProtocol(c, probe.other);
  } else {
    c.note(
      'banner',
      'A TLS handshake on a new connection failed too: the server accepts connections but does not speak.',
      'implicit-tls-not-confirmed',
    );
  }
}

/** `auto`: a plaintext greeting within a short wait means plaintext (then STARTTLS if
 * offered); silence means implicit TLS, confirmed by a handshake on a fresh connection.
 * Returns true when the greeting has already been read (or the session ended). */
async function detectMode(c: Conversation, addresses: Address[], address: string): Promise<boolean> {
  const first = await c.conn!.readReply(c.timeouts.autoDetect, c.signal);
  if (first.ok || first.failure.code !== 'TIMEOUT') {
    const reply = c.recordOutcome('banner', first);
    if (reply) afterBanner(c, reply.code);
    return true;
  }
  if (first.failure.partial?.lines.length) {
    // The greeting has begun ("220-" and a pause is Postfix postscreen's greet test): this
    // is plaintext SMTP. Sending a TLS hello now would be the "pregreet" talking-too-early
    // that gets a client blocked, so wait for the rest of the greeting instead.
    c.note(
      'banner',
      'The greeting has started but is not finished yet (a pause after "220-", as Postfix postscreen does): waiting for the rest, without talking.',
      'auto-greeting-started',
    );
    return false;
  }
  const seconds = (c.timeouts.autoDetect / 1000).toString();
  c.note(
    'banner',
    `No plaintext greeting within ${seconds} s. Implicit-TLS ports (like 465) wait for the TLS handshake first, so SMTP Lens tries TLS on a new connection.`,
    'auto-try-tls',
  );
  dropConnection(c);
  const probe = await tryTlsHandshake(c, address);
  if (probe.other) {
    noteOtherProtocol(c, probe.other);
    c.progress.closed = true;
    c.progress.ending = true;
    return true;
  }
  if (!(await openTcp(c, addresses))) return true;
  if (probe.protocol) {
    c.note('banner', 'The port answered the TLS handshake: using implicit TLS.', 'auto-implicit');
    return !(await startTls(c, 'implicit'));
  }
  c.progress.tlsHandshakeFailed = true;
  c.note(
    'banner',
    'The TLS handshake failed as well, so this is a plaintext port with a slow greeting. Waiting for it.',
    'auto-plain-slow',
  );
  return false;
}

function afterBanner(c: Conversation, code: number | null): void {
  // RFC 5321 §3.1: 554 at the greeting means "no service"; the client should QUIT.
  // 421 means the server is closing the channel.
  if (code !== null && code >= 200 && code < 300) c.reach('banner');
  else c.progress.ending = true;
}

/** DNS, TCP, implicit TLS when asked for, and the server's greeting (RFC 5321 §4.3.1). */
export async function runConnect(c: Conversation): Promise<void> {
  const addresses = await resolve(c);
  if (!addresses.length) {
    c.progress.closed = true;
    c.progress.ending = true;
    return;
  }
  if (!(await openTcp(c, addresses))) return;
  c.reach('connect');
  const address = addresses.find((a) => a.address === c.conn?.raw.remoteAddress)?.address ?? addresses[0].address;

  if (c.opts.tls === 'implicit' && !(await startTls(c, 'implicit'))) return;
  if (c.opts.tls === 'auto' && (await detectMode(c, addresses, address))) return;
  const reply = await c.reply('banner', c.timeouts.greeting);
  if (reply) {
    afterBanner(c, reply.code);
    return;
  }
  // In auto mode a TLS handshake was already tried and failed: no need to try it again.
  const tlsTried = c.progress.tlsHandshakeFailed;
  // Only silence suggests implicit TLS: a greeting that began was plaintext, and after the
  // session's deadline nothing more is tried.
  const silent = c.lastFailure?.code === 'TIMEOUT' && !c.lastFailure.deadline;
  if (silent && !c.progress.tlsActive && !tlsTried) await confirmImplicitTls(c, address);
}
