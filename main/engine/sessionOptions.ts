import type { DnsServer } from './dns/dnsClient';
import type { Timeouts } from '../../shared/timeouts';
import type { AuthMechanism, SessionRequest } from '../../shared/sessionRequest';

export type { AuthMechanism };

export interface Credentials {
  user: string;
  /** The password, or the OAuth 2.0 access token for XOAUTH2. Never recorded. */
  secret: string;
  /** Chosen from what the server offers when absent. */
  mechanism?: AuthMechanism;
}

export { resolveTimeouts, type Timeouts } from '../../shared/timeouts';

/**
 * What one session is asked to do: the request every face builds (shared/sessionRequest.ts,
 * where each option is described), as the engine takes it. The practice CA is already among
 * `ca`, credentials are checked, and the CLI's -4/-6 and the sweep's per-stage timeouts join in.
 */
export type SessionOptions = Omit<SessionRequest, 'trustLabCa' | 'timeoutMs' | 'auth'> & {
  /** Force IPv4 or IPv6 (-4 / -6). */
  family?: 4 | 6;
  /** Ask these DNS servers (--resolver) instead of the operating system's resolver. */
  resolvers?: DnsServer[];
  auth?: Credentials;
  /** One number sets every stage's timeout; an object sets some of them. */
  timeout?: number | Partial<Timeouts>;
  /** --keylog: each line of the session's TLS secrets, as Node's TLSSocket emits it (NSS key log
   * format, newline-terminated). A function the CLI passes in, so it never enters a request, a
   * schema or a transcript; the CLI owns the file. */
  onKeylog?: (line: Buffer) => void;
};

/** The parts of a request (a session's or a sweep's) that the engine takes in another form. */
interface RequestTrust {
  ca?: string[];
  trustLabCa?: boolean;
  timeoutMs?: number;
}

/** The engine's options for a checked request; `labCa` is the practice server's root, added
 * when the request trusts it. Every other option passes through under its own name. */
export function optionsFromRequest<R extends RequestTrust>(
  request: R,
  labCa?: string,
): Omit<R, keyof RequestTrust> & { ca?: string[]; timeout?: number } {
  const { trustLabCa, timeoutMs, ca, ...rest } = request;
  const anchors = [...(ca ?? []), ...(trustLabCa && labCa ? [labCa] : [])];
  return {
    ...rest,
    ...(anchors.length ? { ca: anchors } : {}),
    ...(timeoutMs ? { timeout: timeoutMs } : {}),
  };
}
