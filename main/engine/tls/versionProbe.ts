// `--tls-versions`: offer TLS 1.0, 1.1, 1.2 and 1.3 one at a time, each on a fresh connection,
// and record which ones the server accepts. A server that still accepts 1.0/1.1 lets badly
// configured clients connect with deprecated protection (RFC 8996).
//
// The honest part is telling "the server refused" apart from "this client could not ask": OpenSSL
// 3 will only offer 1.0/1.1 at security level 0, and Electron's BoringSSL may not offer them at
// all. What we could not ask is reported as "not testable here", never as "not supported".

import tls from 'node:tls';
import { TLS_VERSION_NAMES, type TlsVersionCheck, type TlsVersionName } from '../../../shared/transcript';
import { defaultEhloName } from '../ehloName';
import type { Timeouts } from '../sessionOptions';
import type { Route } from '../route';
import { SmtpConnection } from '../smtpConnection';
import { diagnoseHandshake, versionLabel } from './handshakeFailure';

export interface TlsRuntime {
  library: 'openssl' | 'boringssl';
  version: string;
  /** How to build a client context; tls.createSecureContext unless a test stands in for another runtime. */
  createContext?: (options: tls.SecureContextOptions) => unknown;
}

/** Electron builds Node on Chromium's BoringSSL yet still reports an "openssl" version
 * (electron/electron#18826), so the electron key is the reliable sign. */
export function tlsRuntime(versions: Record<string, string | undefined> = process.versions): TlsRuntime {
  if (versions.boringssl || versions.electron)
    return { library: 'boringssl', version: versions.boringssl ?? `Electron ${versions.electron}` };
  return { library: 'openssl', version: versions.openssl ?? 'unknown' };
}

const LEGACY = new Set<TlsVersionName>(['TLSv1', 'TLSv1.1']);

/** Client options that offer exactly one version. TLS 1.0/1.1 sign the handshake with SHA-1
 * or MD5+SHA-1, which OpenSSL 3 forbids above security level 0. BoringSSL has no levels. */
export function clientOptionsFor(version: TlsVersionName, runtime: TlsRuntime): tls.ConnectionOptions {
  const only = { minVersion: version, maxVersion: version } as const;
  return LEGACY.has(version) && runtime.library === 'openssl' ? { ...only, ciphers: 'DEFAULT:@SECLEVEL=0' } : only;
}

/** Can this runtime build a client that offers `version`? A runtime without the version (or
 * without its cipher syntax) refuses to create the context. */
export function canOffer(version: TlsVersionName, runtime: TlsRuntime): { ok: true } | { ok: false; why: string } {
  try {
    (runtime.createContext ?? tls.createSecureContext)(clientOptionsFor(version, runtime) as tls.SecureContextOptions);
    return { ok: true };
  } catch (err) {
    return {
      ok: false,
      why: `this runtime (${runtime.library} ${runtime.version}) cannot offer ${versionLabel(version)}: ${(err as Error).message}`,
    };
  }
}

export interface VersionTarget {
  host: string;
  port: number;
  mode: 'starttls' | 'implicit';
  /** SNI; null for an IP address (RFC 6066 §3). */
  servername: string | null;
  ehlo?: string;
  /** The source address and the proxy, as the session's own connection used. */
  route?: Route;
  timeouts: Pick<Timeouts, 'connect' | 'command' | 'greeting' | 'tls'>;
}

/** RFC 3207 §4: greeting, EHLO, STARTTLS, 220. Returns why it failed, or null. */
async function starttlsPreamble(
  conn: SmtpConnection,
  target: VersionTarget,
  signal: AbortSignal,
): Promise<string | null> {
  const banner = await conn.readReply(target.timeouts.greeting, signal);
  if (!banner.ok) return `no greeting (${banner.failure.code})`;
  if (banner.reply.code !== 220) return `the greeting was "${banner.reply.lines[0] ?? ''}"`;
  conn.write(`EHLO ${target.ehlo ?? defaultEhloName(conn.localAddress)}\r\n`);
  const ehlo = await conn.readReply(target.timeouts.command, signal);
  if (!ehlo.ok) return `no answer to EHLO (${ehlo.failure.code})`;
  if (!ehlo.reply.lines.slice(1).some((l) => /^\d{3}[ -]STARTTLS\s*$/i.test(l)))
    return 'the server did not offer STARTTLS';
  conn.write('STARTTLS\r\n');
  const go = await conn.readReply(target.timeouts.command, signal);
  if (!go.ok) return `no answer to STARTTLS (${go.failure.code})`;
  if (go.reply.code !== 220) return `STARTTLS was answered "${go.reply.lines[0] ?? ''}"`;
  conn.drainUnread(); // RFC 3207 §4.2: nothing sent before the handshake counts
  return null;
}

/** A new connection, ready for a ClientHello: connected, and past STARTTLS's 220 when the
 * port starts in plain text. The caller destroys the connection. */
export async function openForTls(
  target: VersionTarget,
  signal: AbortSignal,
): Promise<{ ok: true; conn: SmtpConnection } | { ok: false; detail: string }> {
  const connected = await SmtpConnection.connect(
    target.host,
    target.port,
    target.timeouts.connect,
    signal,
    target.route,
  );
  if (!connected.ok) return { ok: false, detail: `could not connect (${connected.failure.code})` };
  if (target.mode === 'starttls') {
    const failed = await starttlsPreamble(connected.conn, target, signal);
    if (failed) {
      connected.conn.destroy();
      return { ok: false, detail: failed };
    }
  }
  return { ok: true, conn: connected.conn };
}

/** One version, one fresh connection. */
export async function tryTlsVersion(
  target: VersionTarget,
  version: TlsVersionName,
  runtime: TlsRuntime = tlsRuntime(),
  signal: AbortSignal = new AbortController().signal,
): Promise<TlsVersionCheck> {
  const offer = canOffer(version, runtime);
  if (!offer.ok) return { result: 'not-testable', detail: offer.why };
  const opened = await openForTls(target, signal);
  if (!opened.ok) return { result: 'inconclusive', detail: opened.detail };
  const conn = opened.conn;
  try {
    const options: tls.ConnectionOptions = {
      ...clientOptionsFor(version, runtime),
      ...(target.servername ? { servername: target.servername } : {}),
      rejectUnauthorized: false, // only the version is in question here
    };
    const upgrade = await conn.upgrade(options, target.timeouts.tls, signal);
    if (upgrade.socket) {
      const got = upgrade.socket.getProtocol();
      const cipher = upgrade.socket.getCipher().standardName ?? upgrade.socket.getCipher().name;
      return got === version
        ? { result: 'accepted', cipher, detail: `the server completed a ${versionLabel(version)} handshake` }
        : { result: 'refused', detail: `the server negotiated ${got ?? 'another version'} instead` };
    }
    const failure = upgrade.failure ?? { code: 'ERROR', message: 'the handshake failed' };
    const diagnosis = diagnoseHandshake({
      code: failure.code,
      message: failure.message,
      alert: upgrade.capture.alert?.description ?? null,
      serverVersion: upgrade.capture.version,
    });
    // The ServerHello names the version the server agreed to (RFC 8446 §4.1.3, RFC 5246
    // §7.4.1.3). If that is the one offered, the server accepts it, whatever stopped later
    // (this client refusing its SHA-1 handshake signature, say).
    if (upgrade.capture.version === version) {
      return {
        result: 'accepted',
        detail: `the server chose ${versionLabel(version)} in its ServerHello; the handshake then stopped: ${diagnosis.words} [${diagnosis.library}]`,
      };
    }
    // Failing before the server said anything, other than by a hang-up, is this client's doing.
    const local =
      diagnosis.kind === 'local' ||
      (upgrade.capture.bytesFromServer === 0 && !['reset', 'timeout'].includes(diagnosis.kind));
    if (local)
      return {
        result: 'not-testable',
        detail: `this runtime (${runtime.library} ${runtime.version}) could not offer ${versionLabel(version)} [${diagnosis.library}]`,
      };
    if (diagnosis.kind === 'timeout') return { result: 'inconclusive', detail: diagnosis.words };
    const words =
      diagnosis.kind === 'version' && diagnosis.alert
        ? `the server answered with the alert ${diagnosis.alert}`
        : diagnosis.words;
    return { result: 'refused', detail: `${words} [${failure.code}]` };
  } finally {
    conn.destroy();
  }
}

/** Every version in turn (never in parallel: some servers limit connections per client). */
export async function probeTlsVersions(
  target: VersionTarget,
  runtime: TlsRuntime = tlsRuntime(),
  opts: { signal?: AbortSignal; onResult?: (version: TlsVersionName, check: TlsVersionCheck) => void } = {},
): Promise<Record<TlsVersionName, TlsVersionCheck>> {
  const map = {} as Record<TlsVersionName, TlsVersionCheck>;
  for (const version of TLS_VERSION_NAMES) {
    map[version] = await tryTlsVersion(target, version, runtime, opts.signal);
    opts.onResult?.(version, map[version]);
  }
  return map;
}
