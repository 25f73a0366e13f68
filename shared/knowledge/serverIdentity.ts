// Which product a server says it is, from its own greeting and EHLO reply. A vendor's reading of
// a reply text is only stated as fact when the server names that vendor here: many products
// share wordings ("Authentication Required"), and a configured banner may name none.
import type { TranscriptEvent } from '../transcript';

/** The products a banner or EHLO greeting names, as ServerSignature.server spells them. */
const NAMED: { server: string; pattern: RegExp }[] = [
  { server: 'Gmail', pattern: /\b(?:mx|smtp)\.google\.com\b|\bsmtp\.gmail\.com\b|\bgsmtp\b|support\.google\.com/i },
  {
    server: 'Microsoft',
    pattern: /\.outlook\.com\b|\.office365\.com\b|Microsoft ESMTP MAIL Service|\bSTOREDRV\.|aka\.ms\//i,
  },
  { server: 'Postfix', pattern: /\bPostfix\b/i },
  { server: 'Exim', pattern: /\bExim\b/i },
  { server: 'Sendmail', pattern: /\bSendmail\b/i },
];

/** Each signature vendor under the name its server gives itself (NAMED). */
const FAMILY: Record<string, string> = {
  Gmail: 'Gmail',
  'Exchange Online': 'Microsoft',
  'Microsoft 365': 'Microsoft',
  Exchange: 'Microsoft',
  Postfix: 'Postfix',
  Exim: 'Exim',
  Sendmail: 'Sendmail',
};
/** Hosted services: they always say who they are, so an unnamed server is not one of them. */
const HOSTED = new Set(['Gmail', 'Exchange Online', 'Microsoft 365']);

/** The product the greeting texts name, or null when they name none. */
export function identifyServer(greetings: readonly string[]): string | null {
  const text = greetings.join('\n');
  return NAMED.find((n) => n.pattern.test(text))?.server ?? null;
}

/** The server's greeting and the first line of its first EHLO reply, as recorded before
 * `upTo`. Both come first in a session, so the scan ends at the first other reply: this runs
 * for every reply recorded, and must not grow with the transcript. */
export function greetingsOf(events: readonly TranscriptEvent[], upTo = events.length): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.min(upTo, events.length); i++) {
    const e = events[i];
    if (e.type !== 'reply') continue;
    if (e.stage === 'banner') out.push(e.lines.join('\n'));
    else {
      if (e.stage === 'ehlo' && e.lines[0]) out.push(e.lines[0]);
      break;
    }
  }
  return out;
}

/**
 * How far a vendor's reading can be trusted for this server: `fact` when the server names that
 * vendor, `guess` when it names none and the product may hide its name (Postfix, Exim…),
 * `no` when it names another product, or the vendor is a hosted service it does not name.
 */
export function vendorReading(vendor: string, server: string | null): 'fact' | 'guess' | 'no' {
  const family = FAMILY[vendor];
  if (!family) return 'fact';
  if (server) return server === family ? 'fact' : 'no';
  return HOSTED.has(vendor) ? 'no' : 'guess';
}
