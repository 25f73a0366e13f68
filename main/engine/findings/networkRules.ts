import type { ConnectEvent, ErrorEvent, ReplyEvent, TranscriptEvent } from '../../../shared/transcript';
import type { FindingId } from '../../../shared/findings/catalog';
import { type RawFinding, type Rule, seconds } from './rule';

const NET_IDS: Record<string, FindingId> = {
  ECONNREFUSED: 'net.refused',
  TIMEOUT: 'net.timeout',
  ETIMEDOUT: 'net.timeout',
  EHOSTUNREACH: 'net.unreachable',
  ENETUNREACH: 'net.unreachable',
  EADDRNOTAVAIL: 'net.unreachable',
  ECONNRESET: 'net.reset',
};

function lastBefore<T extends TranscriptEvent['type']>(events: readonly TranscriptEvent[], index: number, type: T) {
  for (let i = index - 1; i >= 0; i--)
    if (events[i].type === type) return events[i] as Extract<TranscriptEvent, { type: T }>;
  return null;
}

/** Time the client waited before giving up: from the last thing that happened to the error.
 * The unfinished reply recorded with the error is part of the wait, not before it. */
function waited(events: readonly TranscriptEvent[], index: number): string {
  let i = index - 1;
  while (i >= 0 && events[i].type === 'reply' && (events[i] as ReplyEvent).incomplete) i--;
  return seconds(events[index].t - (events[i]?.t ?? 0));
}

/** A TIMEOUT: silence, a reply that did not finish, or the session's deadline. */
function timeoutFinding(events: readonly TranscriptEvent[], e: ErrorEvent, index: number): RawFinding {
  const vars = { stage: e.stage, seconds: waited(events, index) };
  if (!e.deadline) return { id: 'smtp.timeout', event: index, vars };
  return { id: 'smtp.timeout', event: index, vars, variant: e.deadline === 'session' ? 'session' : 'unfinished' };
}

function connectFailure(
  events: readonly TranscriptEvent[],
  e: ErrorEvent,
  index: number,
  port: number,
): RawFinding | null {
  const id = NET_IDS[e.code];
  if (!id) return null;
  const attempt = lastBefore(events, index, 'connect') as ConnectEvent | null;
  const vars = { address: attempt?.address ?? '', port: String(port), seconds: waited(events, index) };
  // "bind EADDRNOTAVAIL 192.0.2.77": the source address (--bind) is not this machine's.
  const bind = e.code === 'EADDRNOTAVAIL' ? /EADDRNOTAVAIL (\S+)/.exec(e.message)?.[1] : undefined;
  if (bind) return { id, event: index, vars: { ...vars, bind }, variant: 'no-such-source' };
  // Port 25 silence is the classic sign of an ISP or cloud provider blocking outbound SMTP.
  return { id, event: index, vars, ...(id === 'net.timeout' && port === 25 ? { variant: 'port25' } : {}) };
}

const PROXY_VARIANTS: Record<string, string> = {
  PROXY_DOWN: 'down',
  PROXY_TIMEOUT: 'timeout',
  PROXY_AUTH_REQUIRED: 'auth-required',
  PROXY_AUTH_FAILED: 'auth',
  PROXY_NOT_ALLOWED: 'not-allowed',
  PROXY_TARGET_REFUSED: 'target-refused',
  PROXY_TARGET_UNREACHABLE: 'target-unreachable',
  PROXY_PROTOCOL: 'protocol',
};

/** The proxy hop failed: the proxy's own error, not the mail server's. */
function proxyFailure(events: readonly TranscriptEvent[], e: ErrorEvent, index: number, port: number): RawFinding {
  const attempt = lastBefore(events, index, 'connect') as ConnectEvent | null;
  const base = PROXY_VARIANTS[e.code];
  const variant = base === 'not-allowed' && port === 25 ? 'not-allowed-port25' : base;
  const vars = {
    proxy: attempt?.via ?? 'the proxy',
    target: `${attempt?.address ?? ''}:${port}`,
    detail: e.message,
    port: String(port),
  };
  return { id: 'net.proxy-failed', event: index, vars, ...(variant ? { variant } : {}) };
}

function explainedLater(events: readonly TranscriptEvent[], index: number): boolean {
  return events
    .slice(index)
    .some((e) => e.type === 'note' && (e.code === 'implicit-tls-confirmed' || e.code === 'tls-got-other-protocol'));
}

/** After connecting: the server went silent, hung up, reset, or spoke something not SMTP. */
function sessionFailure(events: readonly TranscriptEvent[], e: ErrorEvent, index: number): RawFinding | null {
  switch (e.code) {
    case 'TIMEOUT':
      // A silent greeting explained by a later check (the port speaks TLS from the first byte,
      // or another protocol) is that finding, not a slow server.
      if (e.stage === 'banner' && explainedLater(events, index)) return null;
      return timeoutFinding(events, e, index);
    case 'CLOSED':
      return e.stage === 'quit' ? null : { id: 'net.closed-by-server', event: index, vars: { stage: e.stage } };
    case 'ECONNRESET':
    case 'EPIPE':
      return { id: 'net.reset', event: index, vars: { stage: e.stage } };
    case 'OVERFLOW':
      return { id: 'smtp.protocol-violation', event: index, vars: { detail: e.message } };
    default:
      return null;
  }
}

const NOT_SMTP: [RegExp, string][] = [
  [/^HTTP\/\d/i, 'HTTP (a web server)'],
  [/^<(!doctype|html)/i, 'HTML (a web server)'],
  [/^SSH-\d/, 'SSH'],
  [/^\+OK/, 'POP3 (mail retrieval, not sending)'],
  [/^\* (OK|PREAUTH)/, 'IMAP (mail retrieval, not sending)'],
];

export const networkRules: Rule = ({ events, target, index: where }) => {
  const found: RawFinding[] = [];
  // Each event is of one kind, so at most one of these finds anything at a given event.
  for (const index of where.dnsFailures) {
    const e = events[index];
    if (e.type === 'dns') found.push({ id: 'net.dns-not-found', event: index, vars: { host: e.host } });
  }
  for (const index of where.errors) {
    const e = events[index];
    if (e.type === 'error') {
      // The session's deadline can run out while connecting too: that is not a silent network.
      const finding =
        e.stage === 'proxy' && e.code !== 'EADDRNOTAVAIL'
          ? proxyFailure(events, e, index, target.port)
          : (e.stage === 'connect' || e.stage === 'proxy') && e.deadline !== 'session'
            ? connectFailure(events, e, index, target.port)
            : sessionFailure(events, e, index);
      if (finding) found.push(finding);
    }
  }
  for (const index of where.malformedReplies) {
    const e = events[index];
    if (e.type === 'reply' && e.malformed) {
      const first = e.lines[0] ?? '';
      const protocol = e.stage === 'banner' ? NOT_SMTP.find(([re]) => re.test(first))?.[1] : undefined;
      if (protocol)
        found.push({ id: 'port.not-smtp', event: index, vars: { protocol, firstLine: first.slice(0, 100) } });
      else found.push({ id: 'smtp.protocol-violation', event: index, vars: { detail: e.malformed } });
    }
  }
  return found;
};
