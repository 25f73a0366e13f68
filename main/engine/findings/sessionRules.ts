import type { NoteCode } from '../../../shared/noteCodes';
import { authMechanisms, hasCapability } from '../../../shared/sessionFacts';
import { inContext } from './contextWording';
import { type RawFinding, type Rule, seconds } from './rule';
import { sessionContext } from './sessionContext';
import type { ReplyEvent, TranscriptEvent } from '../../../shared/transcript';
import { firstUnsafe } from '../../../shared/untrustedText';

/** Mechanisms that send the password itself (only base64-encoded) and so must not be used in clear. */
const CLEARTEXT_MECHANISMS = ['PLAIN', 'LOGIN'];

/** What the EHLO lists show (RFC 3207, RFC 4954 §4). */
export const ehloRules: Rule = ({ index, target, tls }) => {
  const found: RawFinding[] = [];
  const { beforeTls } = index.ehlo;
  if (!beforeTls) return found;
  const plainAuth = authMechanisms(beforeTls.capabilities).filter((m) => CLEARTEXT_MECHANISMS.includes(m));
  // On an implicit-TLS port the "before TLS" list was itself sent inside TLS.
  const inClear = target.tls !== 'implicit' && tls?.mode !== 'implicit';
  if (inClear && plainAuth.length) {
    found.push({ id: 'auth.offered-before-tls', event: beforeTls.index, vars: { mechanisms: plainAuth.join(' ') } });
  }
  const wantedTls = target.tls === 'starttls' || target.tls === 'auto';
  if (inClear && wantedTls && !hasCapability(beforeTls.capabilities, 'STARTTLS')) {
    found.push({
      id: 'tls.starttls-not-offered',
      event: beforeTls.index,
      variant: target.tls === 'starttls' ? 'required' : 'opportunistic',
    });
  }
  return found;
};

/** Facts the session noted as it went (note events with a code). */
const NOTE_FINDINGS: Partial<Record<NoteCode, (data: Record<string, string>) => Omit<RawFinding, 'event'>>> = {
  'starttls-plaintext-discarded': (d) => ({
    id: 'tls.plaintext-after-starttls',
    vars: { bytes: d.bytes ?? '', preview: d.preview ?? '' },
  }),
  'auth-withheld-plaintext': () => ({ id: 'auth.withheld', variant: 'plaintext' }),
  'auth-withheld-unverified': () => ({ id: 'auth.withheld', variant: 'unverified' }),
  'auth-not-offered': () => ({ id: 'auth.not-offered' }),
  'auth-mechanism-unsupported': (d) => ({
    id: 'auth.mechanism-unsupported',
    vars: { mechanism: d.mechanism ?? '', offered: d.offered ?? '' },
  }),
  'implicit-tls-confirmed': () => ({ id: 'port.implicit-tls-expected' }),
  // Auto mode found it without a failure: a finding only where clients expect STARTTLS
  // (noteRules below); elsewhere the note itself says what auto found.
  'auto-implicit': () => ({ id: 'port.implicit-tls-expected' }),
  'starttls-injection-confirmed': (d) => ({ id: 'sec.starttls-injection', vars: { command: d.command ?? 'NOOP' } }),
  'smuggling-accepted': (d) => ({ id: 'sec.smuggling-accepted', vars: { sequence: d.sequence ?? '' } }),
  'smuggling-ignored': (d) => ({ id: 'sec.smuggling-not-accepted', vars: { count: d.count ?? '' } }),
  'smuggling-rejected': (d) => ({
    id: 'sec.smuggling-not-accepted',
    variant: 'rejected',
    vars: { count: d.count ?? '', reply: d.reply ?? '' },
  }),
  'tls-got-plaintext': (d) => ({ id: 'port.plaintext-not-tls', vars: { firstBytes: d.preview ?? '' } }),
  'pipelining-broken': (d) => ({
    id: 'smtp.pipelining-broken',
    vars: { command: d.command ?? '', reply: d.reply ?? '', got: d.got ?? '', expected: d.expected ?? '' },
    ...(d.kind === 'missing' ? { variant: 'missing' } : {}),
  }),
  'bdat-refused': (d) => ({ id: 'smtp.bdat-refused', vars: { command: d.command ?? '', reply: d.reply ?? '' } }),
  'smtputf8-not-offered': (d) => ({
    id: 'smtp.utf8-not-offered',
    vars: { address: d.address ?? '', alabel: d.alabel || 'none (the local part is not ASCII)' },
  }),
  '8bitmime-not-offered': () => ({ id: 'smtp.8bitmime-not-offered' }),
  'dsn-not-offered': (d) => ({ id: 'smtp.dsn-not-offered', vars: { params: d.params ?? '' } }),
  'requiretls-unavailable': (d) => ({ id: 'smtp.requiretls-unavailable', vars: { why: d.why ?? '' } }),
};

/** Ports whose clients expect plain text first and STARTTLS (RFC 3207; RFC 6409 for 587). */
const STARTTLS_PORTS = [25, 587];

export const noteRules: Rule = (input) => {
  const found: RawFinding[] = [];
  for (const index of input.index.codedNotes) {
    const e = input.events[index];
    if (e.type !== 'note' || !e.code) continue;
    const make = NOTE_FINDINGS[e.code];
    if (!make) continue;
    if (e.code === 'auto-implicit' && !STARTTLS_PORTS.includes(input.target.port)) continue;
    const finding = make(e.data ?? {});
    // A variant the note itself chose (auth.withheld) stands; the others are worded by context.
    if (finding.variant)
      found.push({ ...finding, event: index, vars: { port: String(input.target.port), ...finding.vars } });
    else found.push(inContext({ ...finding, event: index }, sessionContext(input, index)));
  }
  return found;
};

/** A greeting later than this is worth a word: clients start giving up after 15 to 60 s, and
 * deliberate greeting pauses (postscreen, greet_pause) are usually around 6 s. */
export const SLOW_GREETING_MS = 5_000;

/** RFC 5321 §4.3.1: the greeting is the first reply. The wait is measured from the moment the
 * client could hear it: TCP connected, or the implicit-TLS handshake finished. */
export const greetingRules: Rule = (input) => {
  const { events } = input;
  const banner = input.index.banner;
  if (banner === -1) return [];
  let from = -1;
  for (let i = banner - 1; i >= 0 && from === -1; i--) {
    const type = events[i].type;
    if (type === 'connected' || type === 'tls-established') from = i;
  }
  if (from === -1) return [];
  const waited = events[banner].t - events[from].t;
  if (waited < SLOW_GREETING_MS) return [];
  return [
    inContext(
      { id: 'smtp.banner-slow', event: banner, vars: { seconds: seconds(waited) } },
      sessionContext(input, banner),
    ),
  ];
};

/** Lines that break RFC 5321's framing but that we could still read. */
export const framingRules: Rule = ({ events, index }) => {
  const found: RawFinding[] = [];
  const { bareLf, longLine: long } = index;
  if (bareLf !== -1)
    found.push({ id: 'smtp.bare-lf', event: bareLf, vars: { stage: (events[bareLf] as { stage: string }).stage } });
  if (long !== -1)
    found.push({
      id: 'smtp.line-too-long',
      event: long,
      vars: { length: String((events[long] as { longLine: number }).longLine) },
    });
  const controls = controlCharacterFinding(events, index.unsafeReplies);
  if (controls) found.push(controls);
  return found;
};

/** RFC 5321 §4.2: reply text is printable; one finding for the session, at the first reply
 * that holds a terminal control or bidi character, saying how many replies did. */
function controlCharacterFinding(events: readonly TranscriptEvent[], unsafe: readonly number[]): RawFinding | null {
  const first = unsafe[0];
  const count = unsafe.length;
  if (first === undefined) return null;
  const reply = events[first] as ReplyEvent;
  const sample = reply.lines.map(firstUnsafe).find((x): x is string => x !== null) ?? '';
  return {
    id: 'smtp.control-characters',
    event: first,
    vars: {
      stage: reply.stage === 'banner' ? 'the greeting' : `the reply at ${reply.stage}`,
      count: count === 1 ? 'one reply' : `${count} replies`,
      sample,
    },
  };
}
