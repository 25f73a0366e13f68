import type { DnsEvent } from '../transcript';
// What each arrow of the ladder says: the verb or the code in bold, then a short text. Only
// event text is used, so AUTH lines are already redacted (redacted at the source)
// and nothing here can reveal a secret the transcript does not hold.
import { REDACTED, type ReplyEvent } from '../transcript';

export interface ArrowDetail {
  text: string;
  /** 'new' marks something a trainee should notice (capabilities that appeared after TLS). */
  tone: 'muted' | 'new' | 'error';
}

export interface ArrowLabel {
  label: string;
  text: string;
  details: ArrowDetail[];
}

const VERB = /^([A-Za-z][A-Za-z0-9-]{1,15})(?:\s+(.*))?$/;

/** "MAIL FROM:<a@b>" → MAIL + "FROM:<a@b>"; a redacted SASL response → "answer" + the marker. */
export function commandLabel(line: string, redacted: boolean): ArrowLabel {
  if (redacted && !VERB.test(line))
    return {
      label: 'answer',
      text: REDACTED,
      details: [{ text: 'credentials: hidden in this transcript', tone: 'muted' }],
    };
  if (!line.trim()) return { label: '(empty line)', text: '', details: [] };
  const m = VERB.exec(line.trim());
  if (!m) return { label: '', text: line, details: [] };
  const details: ArrowDetail[] = redacted ? [{ text: 'credentials: hidden in this transcript', tone: 'muted' }] : [];
  return { label: m[1].toUpperCase(), text: m[2] ?? '', details };
}

/** The text of a reply line without its code, separator and enhanced code. */
export function replyLineText(line: string, enhanced: string | null): string {
  let text = line.replace(/^\d{3}[ -]?/, '');
  if (enhanced && text.startsWith(enhanced)) text = text.slice(enhanced.length).trimStart();
  return text;
}

const keyword = (capability: string) => capability.toUpperCase().split(/[ =]/)[0];

/**
 * The label of a reply. `previousCapabilities` is the EHLO list seen before TLS on this
 * connection: after STARTTLS the server lists its extensions again (RFC 3207 §4.2), and what
 * appears only now (AUTH, most often) is the thing a trainee should see.
 */
export function replyLabel(
  reply: ReplyEvent,
  command: string | null,
  previousCapabilities: readonly string[] | null,
): ArrowLabel {
  const details: ArrowDetail[] = [];
  if (reply.code === null) {
    details.push({ text: reply.malformed ? `not valid SMTP: ${reply.malformed}` : 'not valid SMTP', tone: 'error' });
    return { label: 'malformed reply', text: reply.lines[0] ?? '', details };
  }
  const label = reply.enhanced ? `${reply.code} ${reply.enhanced}` : String(reply.code);
  const text = replyLineText(reply.lines[0] ?? '', reply.enhanced);
  if (/^(EHLO|LHLO)$/i.test(command ?? '') && reply.lines.length > 1) {
    const capabilities = reply.lines
      .slice(1)
      .map((l) => replyLineText(l, null))
      .filter(Boolean);
    details.push({ text: `offers: ${capabilities.join(' · ')}`, tone: 'muted' });
    if (previousCapabilities) {
      const before = new Set(previousCapabilities.map(keyword));
      const added = capabilities.filter((c) => !before.has(keyword(c)));
      if (added.length) details.push({ text: `new after TLS: ${added.join(' · ')}`, tone: 'new' });
    }
  } else if (reply.lines.length > 1) {
    details.push({
      text: `+ ${reply.lines.length - 1} more line${reply.lines.length === 2 ? '' : 's'}: ${reply.lines
        .slice(1)
        .map((l) => replyLineText(l, reply.enhanced))
        .join(' ')}`,
      tone: 'muted',
    });
  }
  if (reply.annotation?.challenge !== undefined)
    details.push({ text: `base64 for "${reply.annotation.challenge}"`, tone: 'muted' });
  if (reply.incomplete)
    details.push({ text: 'cut off: the connection closed in the middle of this reply', tone: 'error' });
  return { label, text, details };
}

/** The EHLO capability keywords of a reply, for comparing before and after TLS. */
export function capabilitiesOf(reply: ReplyEvent): string[] {
  return reply.lines
    .slice(1)
    .map((l) => replyLineText(l, null))
    .filter(Boolean);
}

/** Who answered a DNS lookup SMTP Lens made itself (--resolver), and whether it validated. */
export function dnsServerNote(e: DnsEvent): string {
  if (!e.server) return '';
  return ` (asked ${e.server}${e.ad ? ', DNSSEC-validated' : ''})`;
}
