// Runs `--tls-versions` after a session and writes the result into its transcript: one note per
// version (so every face shows it in order, and the findings rules see it) and the accept map
// as `transcript.tlsVersions`.

import type { NoteCode } from '../../../shared/noteCodes';
import { handshakeModeOf } from '../../../shared/sessionFacts';
import { tlsVersionLine, tlsVersionsSummary } from '../../../shared/knowledge/tlsVerdict';
import type { TlsVersionCheck, TlsVersionName, Transcript } from '../../../shared/transcript';
import { routeFor } from '../route';
import { SmtpSession } from '../session';
import { resolveTimeouts, type SessionOptions } from '../sessionOptions';
import { sniFor } from './tlsStep';
import { probeTlsVersions, tlsRuntime, type TlsRuntime, type VersionTarget } from './versionProbe';

/** The kind of TLS the session used: what the versions must be tried with. */
export function tlsModeOf(t: Transcript): 'starttls' | 'implicit' | null {
  const tried = handshakeModeOf(t.events);
  if (tried) return tried;
  if (t.target.tls === 'implicit' || t.target.tls === 'starttls') return t.target.tls;
  return null;
}

/** Where the extra connections go: the session's host, port, SNI, EHLO name, source and proxy. */
export function versionTargetFor(opts: SessionOptions, mode: 'starttls' | 'implicit'): VersionTarget {
  return {
    host: opts.host,
    port: opts.port,
    mode,
    servername: sniFor(opts.servername ?? opts.host),
    ...(opts.ehlo ? { ehlo: opts.ehlo } : {}),
    route: routeFor(opts),
    timeouts: resolveTimeouts(opts.timeout),
  };
}

export async function runTlsVersionCheck(
  session: SmtpSession,
  runtime: TlsRuntime = tlsRuntime(),
  signal?: AbortSignal,
): Promise<Record<TlsVersionName, TlsVersionCheck> | null> {
  const opts = session.options;
  const note = (text: string, code: NoteCode, data?: Record<string, string>) =>
    session.recorder.record({ type: 'note', stage: 'tls', text, code, ...(data ? { data } : {}) });
  const mode = tlsModeOf(session.transcript());
  if (!mode) {
    note(
      'TLS versions were not tested: this session did not use TLS. Use --tls starttls or --tls implicit.',
      'tls-versions-skipped',
    );
    return null;
  }
  note(
    `Testing TLS 1.0, 1.1, 1.2 and 1.3 one at a time, each on a new connection (${mode === 'starttls' ? 'EHLO and STARTTLS each time' : 'implicit TLS'})…`,
    'tls-versions-start',
  );
  const map = await probeTlsVersions(versionTargetFor(opts, mode), runtime, {
    ...(signal ? { signal } : {}),
    onResult: (version, check) =>
      note(tlsVersionLine(version, check), 'tls-version', { version, result: check.result }),
  });
  const results = Object.fromEntries(Object.entries(map).map(([v, c]) => [v, c.result]));
  note(`TLS versions: ${tlsVersionsSummary(map)}.`, 'tls-versions', results);
  return map;
}

/** A whole probe with the version map: the CLI's `probe --tls-versions`. */
export async function probeWithTlsVersions(options: SessionOptions, runtime?: TlsRuntime): Promise<Transcript> {
  const session = new SmtpSession(options);
  await session.run();
  const map = await runTlsVersionCheck(session, runtime);
  const transcript = session.transcript();
  return map ? { ...transcript, tlsVersions: map } : transcript;
}
