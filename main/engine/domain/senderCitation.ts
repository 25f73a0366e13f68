// A receiver that refuses mail for the sender's SPF or DMARC says so in its reply: RFC 7372's
// 5.7.23/5.7.24, Gmail's 5.7.26/5.7.27, Microsoft's 5.7.515, and Yahoo's 5.7.9 with
// "unauthenticated". Then the useful thing is to look the sender's records up at once, for the
// address the receiver saw, and put what they say under that reply.
import type { ConnectedEvent, Finding, Transcript } from '../../../shared/transcript';
import type { DnsServer } from '../dns/dnsClient';
import { senderFindings } from './domainFindings';
import type { SenderCard } from '../../../shared/domain';

const AUTH_CODES = new Set(['5.7.23', '5.7.24', '5.7.26', '5.7.27', '5.7.515', '4.7.23', '4.7.24', '4.7.26', '4.7.27']);
const AUTH_WORDS = /\b(SPF|DMARC|DKIM|unauthenticated|authentication level)\b/i;

/** The reply that cites the sender's authentication, by its index among the events. */
export function citingReply(t: Transcript): number | null {
  const i = t.events.findIndex(
    (e) =>
      e.type === 'reply' &&
      e.enhanced !== null &&
      (AUTH_CODES.has(e.enhanced) || (e.enhanced.startsWith('5.7.') && AUTH_WORDS.test(e.lines.join(' ')))),
  );
  return i < 0 ? null : i;
}

/** The envelope sender's domain, from the MAIL FROM line as sent. */
function mailFromDomain(t: Transcript): string | null {
  for (const e of t.events)
    if (e.type === 'send') {
      const m = /^MAIL FROM:<[^>]*@([^>\s]+)>/i.exec(e.line);
      if (m) return m[1].toLowerCase();
    }
  return null;
}

/** When a reply cites SPF or DMARC, the sender's card and its findings, placed under that reply. */
export async function explainCitedSenderAuth(
  t: Transcript,
  servers: readonly DnsServer[],
  timeoutMs: number,
): Promise<{ card: SenderCard; findings: Finding[] } | null> {
  const at = citingReply(t);
  const domain = mailFromDomain(t);
  if (at === null || !domain) return null;
  const seen = t.events.find((e): e is ConnectedEvent => e.type === 'connected');
  const helo = t.events.find((e) => e.type === 'send' && /^(EHLO|HELO) /i.test(e.line));
  // mailauth (and joi under it) loads only when a reply cites SPF or DMARC: tens of ms.
  const { checkSender } = await import('./senderAuth');
  const card = await checkSender(domain, {
    servers,
    timeoutMs,
    ...(seen ? { clientIp: { address: seen.localAddress, source: 'this-machine' as const } } : {}),
    ...(helo?.type === 'send' ? { helo: helo.line.slice(5).trim() } : {}),
  });
  return { card, findings: senderFindings(card).map((f) => ({ ...f, event: at })) };
}
