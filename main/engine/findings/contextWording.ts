// Picks the wording of a finding from the session's context: the port and TLS mode,
// whether TLS was up, whether AUTH was done, and what the EHLO lists before and after TLS
// offered. The words themselves are in the catalog; this only chooses the variant, the values
// and the context notes.

import type { ReplyReading } from '../../../shared/knowledge/replyClassifier';
import { ehloSideBySide } from './ehloTable';
import type { RawFinding } from './rule';
import type { SessionContext } from './sessionContext';

type Wording = Pick<RawFinding, 'variant' | 'notes'> & { vars?: Record<string, string> };
type Chooser = (ctx: SessionContext, reading: ReplyReading | null) => Wording;

/** Mechanisms that put the secret on the AUTH line itself (RFC 4954 §4 initial response). */
const sentSecretAtOnce = (ctx: SessionContext) => Boolean(ctx.authCommand?.redacted);

/** AUTH is missing before TLS, and either appears after it or could (STARTTLS is offered). */
function authOnlyAfterTls(ctx: SessionContext): boolean {
  if (ctx.authBeforeTls.length) return false;
  return ctx.authAfterTls ? ctx.authAfterTls.length > 0 : ctx.starttlsOffered;
}

/** The EHLO lists side by side, when there was a list before TLS to compare. */
function withLists(ctx: SessionContext, wording: Wording): Wording {
  if (!ctx.lists.beforeTls || ctx.implicitTls) return wording;
  return {
    ...wording,
    vars: { ...wording.vars, ehlo: ehloSideBySide(ctx.lists) },
    notes: [...(wording.notes ?? []), 'ehlo-lists'],
  };
}

/** The credentials went out before TLS: say so, whatever the refusal was. */
function withExposure(ctx: SessionContext, wording: Wording): Wording {
  if (!sentSecretAtOnce(ctx) || ctx.tlsUp) return wording;
  return { ...wording, notes: [...(wording.notes ?? []), 'secret-sent-in-clear'] };
}

/** A refused greeting is worded by what its text says: a rate limit, a blocklist, "not now".
 * Also used by explain, which meets the same refusal quoted in a bounce. */
export function bannerWording(reading: ReplyReading | null): { variant?: string } {
  if (reading?.reason === 'smtp.rate-limited') return { variant: 'rate-limited' };
  if (reading?.signature && reading.reason === 'smtp.policy-rejected') return { variant: 'blocklisted' };
  return reading?.reason === 'smtp.temporary-failure' || reading?.reason === 'smtp.greylisted'
    ? { variant: 'temporary' }
    : {};
}

/** "20 kB", "10.2 MB": SIZE is in octets (RFC 1870 §4). */
function humanBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return n >= 1_000 ? `${Math.round(n / 1_000)} kB` : `${n} bytes`;
}

/** Mechanisms whose secret a passive listener can read or reuse (PLAIN: RFC 4616 §6). */
const READABLE_SECRET = ['PLAIN', 'LOGIN', 'XOAUTH2', 'OAUTHBEARER'];

/** Server texts that mean "this account may not send as that address". */
const SENDER_OWNERSHIP = ['postfix.sender-not-owned', 'exo.send-as-denied', 'exchange.send-as'];

const RFC5321_FQDN = /^(\[.+\]|[^.\s]+(\.[^.\s]+)+)$/;

const CHOOSERS: Record<string, Chooser> = {
  // In auto mode nothing failed: auto found implicit TLS where clients expect plain text first
  // and STARTTLS, on 25 and 587 (RFC 8314 §3.3, RFC 6409); sessionRules.ts keeps it to those.
  'port.implicit-tls-expected': (ctx) => (ctx.mode === 'auto' ? { variant: 'auto-on-starttls-port' } : {}),
  // RFC 5321 §3.6.2: relaying is for authorised clients. Logged in: the account is limited. Not
  // logged in: on port 25, or where no login is even offered, the server acts as an MX.
  'smtp.relay-denied': (ctx) => {
    if (ctx.authenticated) return { variant: 'after-auth' };
    if (ctx.port === 25) return { variant: 'no-auth-port25' };
    return { variant: ctx.authOffered ? 'no-auth' : 'no-auth-mx' };
  },
  // Logged in and refused for the sender: the account may not use that address, when the text
  // says so or the enhanced code is a policy one (X.7.x); a sender domain that does not exist
  // is refused the same with or without a login.
  'smtp.sender-rejected': (ctx, reading) => {
    const ownership = reading?.signature
      ? SENDER_OWNERSHIP.includes(reading.signature.id)
      : /^[45]\.7\./.test(ctx.enhanced ?? '');
    return ctx.authenticated && ownership ? { variant: 'after-auth' } : {};
  },
  // The reply to the final "." (RFC 5321 §4.1.1.4): the server judged the message itself. A
  // refusal of the envelope where a login was offered and not done is most likely about that.
  'smtp.policy-rejected': (ctx) => {
    if (ctx.command.trim() === '.') return { variant: 'after-data' };
    const envelope = ctx.verb === 'MAIL' || ctx.verb === 'RCPT';
    return envelope && ctx.authOffered && !ctx.authenticated && ctx.port !== 25 ? { variant: 'no-auth' } : {};
  },
  'smtp.message-too-large': (ctx) => {
    const limit: Record<string, string> = ctx.sizeLimit
      ? { limit: `${ctx.sizeLimit} (${humanBytes(ctx.sizeLimit)})` }
      : {};
    // RFC 1870 §6: SIZE= on MAIL FROM lets the server refuse before a byte of data is sent.
    const declared = ctx.verb === 'MAIL' ? /\bSIZE=(\d+)/i.exec(ctx.command)?.[1] : undefined;
    if (declared)
      return { variant: 'declared', vars: { ...limit, size: `${declared} (${humanBytes(Number(declared))})` } };
    return ctx.sizeLimit ? { variant: 'size-known', vars: limit } : {};
  },
  'smtp.banner-rejected': (_ctx, reading) => bannerWording(reading),
  // A reply that complains about the client ("bare <LF>", "synchronization"), as opposed to a
  // malformed reply from the server (networkRules).
  'smtp.protocol-violation': (_ctx, reading) => (reading ? { variant: 'client-rejected' } : {}),
  // Deliberate greeting pauses belong to port 25; on a submission port they break mail clients.
  'smtp.banner-slow': (ctx) => ({ variant: ctx.port === 25 ? 'port25' : 'submission' }),
  'smtp.ehlo-rejected': (ctx) => {
    const name = ctx.command.split(/\s+/)[1] ?? '';
    if (ctx.verb === 'HELO') return { variant: 'helo', vars: { name } };
    return name && !RFC5321_FQDN.test(name) ? { variant: 'not-fqdn', vars: { name } } : { vars: { name } };
  },
  'tls.encryption-required': (ctx) => {
    if (ctx.verb === 'AUTH') {
      const variant = ctx.authAfterTls?.length && !ctx.authBeforeTls.length ? 'auth-after-tls' : 'auth-before-tls';
      return withExposure(ctx, withLists(ctx, { variant }));
    }
    if (ctx.tlsUp) return {};
    return { variant: ctx.starttlsOffered ? 'starttls-skipped' : 'starttls-missing' };
  },
  'auth.not-offered': (ctx) => {
    if (ctx.authAfterTls) return ctx.port === 25 ? { variant: 'port25' } : withLists(ctx, { variant: 'after-tls' });
    if (!ctx.tlsUp && ctx.starttlsOffered) return withLists(ctx, { variant: 'before-tls' });
    return ctx.port === 25 ? { variant: 'port25' } : {};
  },
  'auth.mechanism-unsupported': (ctx) =>
    !ctx.tlsUp && !ctx.implicitTls && ctx.starttlsOffered ? withLists(ctx, { variant: 'before-tls' }) : {},
  'auth.required': (ctx) => {
    if (!ctx.authCommand && !ctx.tlsUp && authOnlyAfterTls(ctx)) return withLists(ctx, { variant: 'auth-after-tls' });
    return ctx.port === 25 && !ctx.authCommand ? { variant: 'port25' } : {};
  },
  'auth.encryption-required': (ctx) => {
    if (ctx.tlsUp) return { variant: 'tls-up' };
    return withExposure(ctx, { variant: ctx.starttlsOffered ? 'starttls-offered' : 'no-starttls' });
  },
  'auth.failed': (ctx) => (!ctx.tlsUp && READABLE_SECRET.includes(ctx.mechanism) ? { variant: 'in-clear' } : {}),
};

/** The finding with its context wording: variant, extra values and notes. */
export function inContext(raw: RawFinding, ctx: SessionContext, reading: ReplyReading | null = null): RawFinding {
  const base: Record<string, string> = {
    port: String(ctx.port),
    command: ctx.verb,
    mechanism: ctx.mechanism,
    offered: ctx.offeredMechanisms.join(' ') || 'no mechanism at all',
    ...(ctx.sender ? { sender: ctx.sender } : {}),
    ...(ctx.recipient ? { recipient: ctx.recipient } : {}),
  };
  const wording = CHOOSERS[raw.id]?.(ctx, reading) ?? {};
  const out: RawFinding = { ...raw, vars: { ...base, ...raw.vars, ...wording.vars } };
  if (wording.variant) out.variant = wording.variant;
  if (wording.notes?.length) out.notes = wording.notes;
  return out;
}
