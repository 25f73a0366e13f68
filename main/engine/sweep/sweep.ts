// The port sweep: one SMTP session per port, all at once (bounded), each stopping
// after TLS and the EHLO inside it. It never sends MAIL, RCPT or DATA and never logs in: the
// sessions get no credentials and no recipients ("a probe with no recipients
// never sends MAIL"). Each port is detected in `auto` mode, never assumed from its number.
import { lookup } from 'node:dns/promises';
import { isIP } from '../ipLiteral';
import { mapBounded } from '../mapBounded';
import { lookupAddresses } from '../dns/addressLookup';
import type { DnsServer } from '../dns/dnsClient';
import { performance } from 'node:perf_hooks';
import { APP_VERSION } from '../../../shared/appInfo';
import { DEFAULT_SWEEP_PORTS, SWEEP_SCHEMA, type SweepResult, type SweepRow } from '../../../shared/sweep';
import type { Transcript, TranscriptEvent } from '../../../shared/transcript';
import type { EventInput } from '../recorder';
import { SmtpSession } from '../session';
import { parseProxyUrl, proxyResolvesNames } from '../../../shared/proxyUrl';
import { resolveTimeouts, type SessionOptions, type Timeouts } from '../sessionOptions';
import { findPatterns, type PatternContext } from './patterns';
import { portReport } from './portReport';
import { recommend } from './recommendation';

/** Per-stage limits for a sweep: shorter than a probe's, because a sweep waits for its
 * slowest port. Connect 5 s covers the SYN retransmits at 1 s and 3 s (RFC 6298 §2); a
 * greeting within 10 s covers postscreen-style pauses (Postfix waits 6 s). autoDetect is the
 * probe's own 3 s, so a slow plaintext greeting is not mistaken for implicit TLS. Each port
 * has 30 s in all: a healthy one needs well under 5 s for everything a sweep asks. */
export const SWEEP_TIMEOUTS: Timeouts = {
  connect: 5_000,
  greeting: 10_000,
  command: 10_000,
  tls: 5_000,
  dataEnd: 10_000,
  autoDetect: 3_000,
  session: 30_000,
};

/** How many ports are probed at once. */
export const SWEEP_CONCURRENCY = 6;

export interface SweepOptions {
  host: string;
  /** Default: 25, 465, 587, 2525. */
  ports?: number[];
  family?: 4 | 6;
  /** Ask these DNS servers (--resolver) instead of the operating system's. */
  resolvers?: DnsServer[];
  ehlo?: string;
  /** SNI and the name certificates must match; defaults to host. */
  servername?: string;
  /** Extra trust anchors, as PEM text. */
  ca?: string[];
  /** The source address and the proxy, as for `probe`. */
  bind?: string;
  proxy?: { url: string; secret?: string };
  /** One number for every stage, as `probe --timeout`; or some stages over SWEEP_TIMEOUTS. */
  timeout?: number | Partial<Timeouts>;
  concurrency?: number;
  /** Stops every session; ports not yet started are reported as not tried. */
  signal?: AbortSignal;
}

/** For a UI that fills the grid as ports finish and shows a port's transcript live. */
export interface SweepHooks {
  onPortStart?(port: number): void;
  onEvent?(port: number, event: TranscriptEvent, index: number): void;
  onRow?(row: SweepRow): void;
}

interface Resolved {
  dns: SweepResult['dns'];
  address: string | null;
  /** The lookup as a transcript event, recorded first in every port's transcript. */
  event: EventInput | null;
}

/** One lookup for every port: the ports are then probed on the same address, so they can be
 * compared (a round-robin name could otherwise send each port to another server). */
async function resolveOnce(host: string, family: 4 | 6 | undefined, resolvers?: DnsServer[]): Promise<Resolved> {
  if (isIP(host)) return { dns: null, address: host, event: null };
  if (resolvers?.length) {
    const found = await lookupAddresses(resolvers, host, family, SWEEP_TIMEOUTS.connect);
    const error = found.error?.code ?? null;
    return {
      dns: { addresses: found.addresses, error },
      address: found.addresses[0]?.address ?? null,
      event: {
        type: 'dns',
        host,
        addresses: found.addresses,
        server: found.server,
        ad: found.ad,
        ...(error ? { error } : {}),
      },
    };
  }
  try {
    const found = await lookup(host, { all: true, family: family ?? 0 });
    const addresses = found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    return {
      dns: { addresses, error: null },
      address: addresses[0]?.address ?? null,
      event: { type: 'dns', host, addresses },
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
    return {
      dns: { addresses: [], error: code },
      address: null,
      event: { type: 'dns', host, addresses: [], error: code },
    };
  }
}

async function sweepPort(
  port: number,
  base: SessionOptions,
  resolved: Resolved,
  hooks: SweepHooks,
  signal?: AbortSignal,
): Promise<SweepRow> {
  hooks.onPortStart?.(port);
  const started = performance.now();
  const session = new SmtpSession({ ...base, host: resolved.address ?? base.host, port });
  const unsubscribe = hooks.onEvent ? session.subscribe((e, i) => hooks.onEvent!(port, e, i)) : () => undefined;
  if (resolved.event) session.recorder.record(resolved.event);
  let transcript: Transcript;
  if (!resolved.address) {
    // DNS failed: the transcript says so, with the same finding a probe gives (net.dns-not-found).
    session.recorder.record({
      type: 'error',
      stage: 'dns',
      code: resolved.dns?.error ?? 'ERROR',
      message: `${base.host} could not be resolved (${resolved.dns?.error ?? 'ERROR'})`,
    });
    transcript = session.transcript();
  } else {
    const stop = () => session.abort();
    signal?.addEventListener('abort', stop);
    if (signal?.aborted) session.abort();
    await session.run();
    transcript = session.transcript();
    signal?.removeEventListener('abort', stop);
  }
  unsubscribe();
  const row = portReport(port, resolved.address, transcript, performance.now() - started);
  hooks.onRow?.(row);
  return row;
}

export async function sweep(options: SweepOptions, hooks: SweepHooks = {}): Promise<SweepResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const ports = [...new Set(options.ports ?? DEFAULT_SWEEP_PORTS)];
  // Through a proxy that resolves names, the proxy's DNS is the one that counts.
  const proxyUrl = options.proxy ? parseProxyUrl(options.proxy.url) : null;
  const remoteNames = proxyUrl !== null && !('problem' in proxyUrl) && proxyResolvesNames(proxyUrl.kind);
  const resolved =
    remoteNames && !isIP(options.host)
      ? { dns: null, address: options.host, event: null }
      : await resolveOnce(options.host, options.family, options.resolvers);
  const hostIsAddress = isIP(options.host) !== 0;
  // Connecting to the resolved address, so the name for SNI and the certificate check must be
  // passed on explicitly (RFC 6125 §6: the reference identity is the name the user asked for).
  const servername = options.servername ?? (hostIsAddress ? undefined : options.host);
  const base: SessionOptions = {
    host: options.host,
    port: 0,
    // Detect what each port speaks: a plaintext greeting (then STARTTLS if offered), or
    // silence and a TLS handshake from the first byte (RFC 8314 §3.3).
    tls: 'auto',
    // Stop after STARTTLS and the EHLO inside TLS: everything the grid needs, nothing sent.
    quitAfter: 'tls',
    timeout: resolveTimeouts(options.timeout, SWEEP_TIMEOUTS),
    ...(options.ehlo ? { ehlo: options.ehlo } : {}),
    ...(servername ? { servername } : {}),
    ...(options.ca?.length ? { ca: options.ca } : {}),
    ...(options.bind ? { bind: options.bind } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
  };
  const rows = await mapBounded(ports, options.concurrency ?? SWEEP_CONCURRENCY, (port) =>
    sweepPort(port, base, resolved, hooks, options.signal),
  );
  const ctx: PatternContext = { hostIsAddress, servername: servername ?? null };
  return {
    schema: SWEEP_SCHEMA,
    app: { name: 'smtp-lens', version: APP_VERSION },
    host: options.host,
    servername: options.servername ?? null,
    dns: resolved.dns,
    address: resolved.address,
    ports,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    rows,
    recommendation: recommend(rows, ctx),
    patterns: findPatterns(rows, ctx),
  };
}
