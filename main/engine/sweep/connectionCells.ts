// The first cells of a sweep row, read from a port's transcript: did it connect, what did it
// speak, what did it greet with. Pure functions over the events: no I/O.
import type { Reachability, Speaks, SweepRow } from '../../../shared/sweep';
import type {
  ConnectEvent,
  ErrorEvent,
  NoteEvent,
  ReplyEvent,
  Transcript,
  TranscriptEvent,
} from '../../../shared/transcript';
import { replyText } from '../../../shared/sessionFacts';
import { ms } from '../durationWords';
import { whatServerSpoke } from '../tls/protocolSniff';

const REACH_BY_CODE: Record<string, Reachability> = {
  ECONNREFUSED: 'refused',
  TIMEOUT: 'timed-out',
  ETIMEDOUT: 'timed-out',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ECONNRESET: 'reset',
  // Through a proxy, the proxy says what happened to the port.
  PROXY_TARGET_REFUSED: 'refused',
  PROXY_TIMEOUT: 'timed-out',
  PROXY_TARGET_UNREACHABLE: 'unreachable',
};

function noteWith(events: readonly TranscriptEvent[], code: string): NoteEvent | undefined {
  return events.find((e): e is NoteEvent => e.type === 'note' && e.code === code);
}

export function bannerEvent(events: readonly TranscriptEvent[]): { reply: ReplyEvent; index: number } | null {
  const index = events.findIndex((e) => e.type === 'reply' && e.stage === 'banner');
  return index === -1 ? null : { reply: events[index] as ReplyEvent, index };
}

/** Implicit TLS: the handshake came before any SMTP byte (RFC 8314 §3.3). */
export function implicitTls(t: Transcript): boolean {
  return t.tls?.mode === 'implicit';
}

/** From the connection attempt to its failure. */
function waitedFor(events: readonly TranscriptEvent[], failure: ErrorEvent): number {
  const attempt = events
    .slice(0, events.indexOf(failure))
    .reverse()
    .find((e) => e.type === 'connect');
  return failure.t - (attempt?.t ?? 0);
}

export function reachCell(t: Transcript): SweepRow['reach'] {
  const { events } = t;
  const connected = events.findIndex((e) => e.type === 'connected');
  if (connected !== -1) {
    let attempt: ConnectEvent | null = null;
    for (let i = connected - 1; i >= 0 && !attempt; i--)
      if (events[i].type === 'connect') attempt = events[i] as ConnectEvent;
    const connectMs = attempt ? Math.round((events[connected].t - attempt.t) * 10) / 10 : null;
    const label = connectMs === null ? 'yes' : `yes, ${ms(connectMs)}`;
    return {
      value: 'connected',
      label,
      hint: `The TCP connection was accepted${connectMs === null ? '' : ` in ${ms(connectMs)}`}.`,
      connectMs,
      code: null,
    };
  }
  const failure = events.find(
    (e): e is ErrorEvent => e.type === 'error' && (e.stage === 'connect' || e.stage === 'proxy' || e.stage === 'dns'),
  );
  if (!failure)
    return {
      value: 'not-tried',
      label: 'stopped',
      hint: 'The sweep was stopped before this port connected.',
      connectMs: null,
      code: null,
    };
  if (failure.stage === 'dns') {
    return {
      value: 'not-tried',
      label: 'no address',
      hint: `The host name did not resolve (${failure.code}), so no connection was tried.`,
      connectMs: null,
      code: failure.code,
    };
  }
  const value = REACH_BY_CODE[failure.code] ?? 'failed';
  // The proxy's words: they name the proxy, so a blocked port is not blamed on the server.
  if (failure.stage === 'proxy')
    return {
      value,
      label: `${value === 'failed' ? 'proxy failed' : value} (proxy)`,
      hint: `${failure.message}.`,
      connectMs: null,
      code: failure.code,
    };
  const hints: Record<Reachability, string> = {
    connected: '',
    refused: 'Refused at once: the host answered, but nothing listens on this port (or a firewall rejects it).',
    'timed-out': `No answer at all within ${ms(waitedFor(events, failure))}: something on the way silently drops the connection, typically a firewall or a provider block.`,
    unreachable: `The network says the host cannot be reached (${failure.code}).`,
    reset: 'The connection was reset while it was being opened.',
    failed: `The connection failed: ${failure.message} (${failure.code}).`,
    'not-tried': '',
  };
  const labels: Record<Reachability, string> = {
    connected: 'yes',
    refused: 'refused',
    'timed-out': 'timed out',
    unreachable: 'unreachable',
    reset: 'reset',
    failed: 'failed',
    'not-tried': 'not tried',
  };
  return { value, label: labels[value], hint: hints[value], connectMs: null, code: failure.code };
}

/** The protocol a non-SMTP first line gives away (the same table the TLS sniffer uses). */
function protocolOf(firstLine: string): string | null {
  const spoke = whatServerSpoke(Buffer.from(firstLine, 'latin1'));
  return spoke.kind === 'other' ? spoke.protocol : null;
}

type SpeaksCell = SweepRow['speaks'];
const cell = (value: Speaks, label: string, hint: string, protocol: string | null = null): SpeaksCell => ({
  value,
  label,
  hint,
  protocol,
});

/** Detected on the wire, never from the port number: the engine's auto mode read a plaintext
 * greeting, or heard silence and then completed a TLS handshake on a fresh connection. */
export function speaksCell(t: Transcript, reach: SweepRow['reach']): SpeaksCell {
  const { events } = t;
  if (reach.value !== 'connected') return cell('nothing', '—', 'No connection, so nothing was heard.');
  const banner = bannerEvent(events);
  // Stopped by the user: the session notes it, or its read ends with the client's own close.
  const stopped =
    noteWith(events, 'aborted') || events.some((e) => e.type === 'error' && e.code === 'CLOSED_BY_CLIENT');
  if (!banner && stopped) return cell('nothing', 'stopped', 'The sweep was stopped before the port said anything.');
  const other = noteWith(events, 'tls-got-other-protocol');
  if (other) {
    const protocol = other.data?.protocol ?? null;
    return cell('not-smtp', `not SMTP${protocol ? `: ${protocol.split(' ')[0]}` : ''}`, other.text, protocol);
  }
  const inTls = implicitTls(t);
  if (banner?.reply.malformed) {
    const first = banner.reply.lines[0] ?? '';
    const protocol = protocolOf(first);
    const hint = `The first line was "${first.slice(0, 80)}", not an SMTP greeting${protocol ? `: this is ${protocol}` : ''}.`;
    return cell('not-smtp', `not SMTP${protocol ? `: ${protocol.split(' ')[0]}` : ''}`, hint, protocol);
  }
  if (banner && inTls) {
    return cell(
      'implicit-tls',
      'implicit TLS',
      'TLS from the first byte, then SMTP inside it (RFC 8314 "implicit TLS"; "SSL/TLS" in mail clients).',
    );
  }
  if (banner)
    return cell(
      'plaintext-smtp',
      'SMTP',
      'An SMTP greeting in plain text; encryption, if any, starts with STARTTLS (RFC 3207).',
    );
  if (inTls)
    return cell(
      'tls-no-greeting',
      'TLS, no SMTP',
      'The TLS handshake worked from the first byte, but no SMTP greeting came inside it.',
    );
  const hungUp = events.some(
    (e) => e.type === 'error' && e.stage === 'banner' && (e.code === 'CLOSED' || e.code === 'ECONNRESET'),
  );
  if (hungUp) return cell('silent', 'hung up', 'The server accepted the connection and closed it without a word.');
  return cell(
    'silent',
    'silent',
    'The server accepted the connection but sent no greeting, neither in plain text nor after a TLS handshake.',
  );
}

export function bannerOf(t: Transcript): SweepRow['banner'] {
  const found = bannerEvent(t.events);
  if (!found) return null;
  const { reply, index } = found;
  let from: TranscriptEvent | null = null;
  for (let i = index - 1; i >= 0 && !from; i--)
    if (t.events[i].type === 'connected' || t.events[i].type === 'tls-established') from = t.events[i];
  return {
    code: reply.code,
    lines: reply.lines,
    text: replyText(reply),
    waitedMs: from ? Math.round((reply.t - from.t) * 10) / 10 : null,
  };
}
