// The ESMTP parameters of MAIL FROM and RCPT TO, chosen from what the server offered in its
// EHLO reply and what the user asked for; and the checks that must pass before MAIL is sent,
// because some extensions forbid sending at all where they are not offered.
import { domainToASCII } from 'node:url';
import { hasCapability } from '../../shared/sessionFacts';
import type { Conversation } from './conversation';
import { dotStuff } from './message';

/** What the latest EHLO reply offers ("SIZE 10485760" offers SIZE). */
export function offers(c: Conversation, keyword: string): boolean {
  return hasCapability(c.progress.capabilities, keyword);
}

/** RFC 1870 §4: the limit the server announced; 0 means "no fixed limit", null "none said". */
export function advertisedSize(c: Conversation): number | null {
  const line = c.progress.capabilities.find((l) => l.split(/\s+/)[0] === 'SIZE');
  const value = line ? Number(line.split(/\s+/)[1] ?? 0) : Number.NaN;
  return Number.isFinite(value) ? value : null;
}

/** RFC 1870 §4: octets of the message with its CRLFs, without dot-stuffing or the final dot. */
export function messageOctets(message: string): number {
  const lines = dotStuff(message).map((line) => (line.startsWith('..') ? line.slice(1) : line));
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 2, 0);
}

const nonAscii = (text: string) => /[^\x00-\x7f]/.test(text);

/** RFC 3461 §4: "+", "=" and anything outside "!".."~" as "+XX". */
export function xtext(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) =>
      b < 33 || b > 126 || b === 0x2b || b === 0x3d
        ? `+${b.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(b),
    )
    .join('');
}

/** The address with its domain as an A-label (RFC 5891), when only the domain was UTF-8. */
export function aLabelForm(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || nonAscii(address.slice(0, at))) return null;
  const ascii = domainToASCII(address.slice(at + 1));
  return ascii ? `${address.slice(0, at)}@${ascii}` : null;
}

export interface EnvelopeInput {
  from: string;
  to: readonly string[];
  message: string | null;
}

function wantsDsn(c: Conversation): string[] {
  const o = c.opts;
  return [
    ...(o.notify ? ['NOTIFY'] : []),
    ...(o.ret ? ['RET'] : []),
    ...(o.envid ? ['ENVID'] : []),
    ...(o.orcpt ? ['ORCPT'] : []),
  ];
}

/** MAIL FROM's parameters: SIZE (RFC 1870), BODY=8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531),
 * RET and ENVID (RFC 3461), REQUIRETLS (RFC 8689), each only where offered. */
export function mailParameters(c: Conversation, e: EnvelopeInput): string[] {
  const o = c.opts;
  const params: string[] = [];
  if (e.message !== null && offers(c, 'SIZE')) params.push(`SIZE=${messageOctets(e.message)}`);
  const utf8 = [e.from, ...e.to].some(nonAscii) && offers(c, 'SMTPUTF8');
  // RFC 6531 §3.4: a message with UTF-8 headers is 8-bit too.
  if ((e.message !== null && nonAscii(e.message)) || utf8) {
    if (offers(c, '8BITMIME')) params.push('BODY=8BITMIME');
  }
  if (utf8) params.push('SMTPUTF8');
  if (offers(c, 'DSN')) {
    if (o.ret) params.push(`RET=${o.ret}`);
    if (o.envid) params.push(`ENVID=${xtext(o.envid)}`);
  }
  if (o.requiretls && offers(c, 'REQUIRETLS')) params.push('REQUIRETLS');
  return params;
}

/** RCPT TO's parameters: NOTIFY and ORCPT (RFC 3461 §4.1, §4.2), where DSN is offered. */
export function rcptParameters(c: Conversation): string[] {
  if (!offers(c, 'DSN')) return [];
  const o = c.opts;
  return [
    ...(o.notify ? [`NOTIFY=${o.notify.join(',')}`] : []),
    ...(o.orcpt ? [`ORCPT=rfc822;${xtext(o.orcpt)}`] : []),
  ];
}

/**
 * What must be settled before MAIL, said as notes. Returns false when the transaction must not
 * start: a UTF-8 address to a server without SMTPUTF8 (RFC 6531 §3.2), 8-bit content to a server
 * without 8BITMIME (RFC 6152 §3), or REQUIRETLS where it cannot be honoured (RFC 8689 §4.1).
 */
export function envelopeReady(c: Conversation, e: EnvelopeInput): boolean {
  const utf8Address = [e.from, ...e.to].find(nonAscii);
  if (utf8Address && !offers(c, 'SMTPUTF8')) {
    const alabel = aLabelForm(utf8Address);
    c.note(
      'mail',
      `${utf8Address} is a UTF-8 address, and the server does not offer SMTPUTF8 (RFC 6531): it must not be sent there, so MAIL was not sent.${alabel ? ` Its domain as an A-label: ${alabel}.` : ''}`,
      'smtputf8-not-offered',
      { address: utf8Address, alabel: alabel ?? '' },
    );
    return false;
  }
  if (e.message !== null && nonAscii(e.message) && !offers(c, '8BITMIME')) {
    c.note(
      'mail',
      'The message has 8-bit content, and the server does not offer 8BITMIME (RFC 6152): it must not be sent as it is, so MAIL was not sent.',
      '8bitmime-not-offered',
    );
    return false;
  }
  if (c.opts.requiretls) {
    const why = !c.progress.tlsActive
      ? 'the connection is not encrypted'
      : c.tls && !c.tls.verification.ok
        ? 'the certificate did not verify'
        : !offers(c, 'REQUIRETLS')
          ? 'the server does not offer REQUIRETLS'
          : null;
    if (why) {
      c.note(
        'mail',
        `REQUIRETLS was asked for, and ${why} (RFC 8689 §4.1 forbids sending then): MAIL was not sent.`,
        'requiretls-unavailable',
        { why },
      );
      return false;
    }
  }
  if (c.opts.bdat && !offers(c, 'CHUNKING'))
    c.note(
      'data',
      'The server does not offer CHUNKING (RFC 3030), so the message goes with DATA instead of BDAT.',
      'chunking-not-offered',
    );
  const dsn = wantsDsn(c);
  if (dsn.length && !offers(c, 'DSN'))
    c.note(
      'mail',
      `The server does not offer DSN (RFC 3461), so ${dsn.join(', ')} ${dsn.length === 1 ? 'was' : 'were'} left off the envelope.`,
      'dsn-not-offered',
      { params: dsn.join(', ') },
    );
  const limit = advertisedSize(c);
  const size = e.message !== null ? messageOctets(e.message) : 0;
  if (limit && size > limit)
    c.note(
      'mail',
      `The message is ${size} octets and the server's limit is ${limit} (SIZE in its EHLO reply): it should refuse the MAIL FROM that declares SIZE=${size}, before any data is sent.`,
      'size-over-limit',
      { size: String(size), limit: String(limit) },
    );
  return true;
}
