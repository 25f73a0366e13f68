// The differences between two sessions of one server from two vantage points (a direct
// connection and a proxy, or two source addresses), said as an admin would say them: what
// differs, then what usually causes it. The comparison is shared/compare.ts (`differences`);
// this only words it. Server text is quoted through displayText, cut to a readable length.
import type { Difference, FindingRef, ReplyRef, TlsSide, TranscriptDiff, VantageRef } from './compare';
import { cutForDisplay, displayText } from './untrustedText';

/** A vantage point as the diff names it: "via socks5h://127.0.0.1:1080" (the server saw the
 * proxy's address, which this machine cannot know), or "from 192.0.2.10" (the address the
 * server saw), or "direct" when the transcript has no connection to tell. */
export function vantageLabel(v: VantageRef): string {
  if (v.proxy) return `via ${v.proxy}`;
  return v.localAddress ? `from ${v.localAddress}` : 'direct';
}

export interface VantageSide {
  /** "A" or "B", as in the rest of the diff. */
  letter: string;
  /** Where it came from: vantageLabel, or the CLI's own words for the route it was given. */
  label: string;
}

export const NO_DIFFERENCE =
  'No difference that depends on the client address: both vantage points got the same answers (timings aside).';

const QUOTE_LIMIT = 200;

/** 554 5.7.1 "Service unavailable; ..." */
function quote(r: ReplyRef): string {
  const enhanced = r.enhanced && r.text.startsWith(`${r.enhanced} `) ? r.enhanced : null;
  const text = enhanced ? r.text.slice(enhanced.length + 1) : r.text;
  const cut = cutForDisplay(displayText(text), QUOTE_LIMIT);
  const code = [r.code ?? 'a malformed reply', ...(enhanced ? [enhanced] : [])].join(' ');
  return `${code} "${cut.text}${cut.omitted ? '…' : ''}"`;
}

const klass = (r: ReplyRef) => (r.code === null ? 0 : Math.floor(r.code / 100));
const greylisted = (r: ReplyRef) => r.findings?.includes('smtp.greylisted') === true || /gr[ae]y ?list/i.test(r.text);
const blocklisted = (r: ReplyRef) =>
  /block ?list|black ?list|\b(rbl|dnsbl)\b|spamhaus|\bzen\b|barracuda|spamcop|sorbs|listed (at|on|in|by)/i.test(r.text);

/** The side that was refused, when exactly one was: the other got a 2xx or 3xx. */
function refusedSide(a: ReplyRef, b: ReplyRef): 'a' | 'b' | null {
  if (klass(a) >= 4 && klass(b) < 4 && klass(b) > 0) return 'a';
  if (klass(b) >= 4 && klass(a) < 4 && klass(a) > 0) return 'b';
  return null;
}

function whyRefused(r: ReplyRef, who: string, atGreeting: boolean): string {
  if (blocklisted(r))
    return `The refusal names a blocklist: ${who}'s address is listed there. Look the address up on that list and ask for delisting (or send from another address).`;
  if (greylisted(r))
    return `That is greylisting: the server defers an address it has not seen before. A real MTA retries and gets through after a few minutes; a second try from ${who} should be accepted.`;
  if (klass(r) === 4)
    return `A temporary refusal for ${who}'s address only: greylisting ("try again later"), or a per-IP rate or connection limit.`;
  // At the greeting the general sentence already says it; later, SPF can be the reason too.
  return atGreeting
    ? ''
    : `A permanent refusal for ${who}'s address only: a blocklist, a reputation check, a per-IP policy, or SPF (which is checked against the client address).`;
}

const side = (s: VantageSide) => `${s.letter} (${s.label})`;

function reachWords(d: Extract<Difference, { kind: 'reach' }>, failed: VantageSide, other: VantageSide): string {
  const { code, message, stage } = d.failure;
  const who = side(failed);
  const but = `while ${side(other)} reached the server`;
  if (stage === 'proxy') {
    if (code === 'PROXY_TARGET_REFUSED')
      return `${who} was refused: ${message}. The direct path works, so the server (or a firewall in front of it) refuses connections from the proxy's address.`;
    if (code === 'PROXY_TARGET_UNREACHABLE' || code === 'PROXY_TIMEOUT')
      return `${who} did not get through: ${message} (${code}), ${but}. From the proxy's network the server cannot be reached${d.port === 25 ? ': port 25 is probably blocked there, as many providers block it' : ''}.`;
    if (code === 'PROXY_NOT_ALLOWED')
      return `${who} did not get through: ${message}. The proxy's own rules forbid this destination${d.port === 25 ? ' (providers often forbid port 25 on their proxies)' : ''}: that says nothing about the mail server.`;
    return `${who} did not get through its proxy: ${message} (${code}). That is the proxy's failure: the mail server was never reached on that path, so there is nothing of the server's to compare. Fix the proxy, then compare again.`;
  }
  if (stage === 'dns')
    return `${who} could not resolve the host (${code}: ${message}), ${but}: the two paths use different DNS (a proxy that resolves names itself, or another resolver).`;
  if (code === 'EADDRNOTAVAIL')
    return `${who} could not connect: this machine has no such address to connect from (${message}). Give an address of this machine (ip addr lists them).`;
  if (code === 'TIMEOUT' && d.port === 25 && !d.proxied)
    return `${who} got no answer on port 25 (${message}), ${but}. Port 25 is blocked on the direct path: many ISPs and cloud providers block outbound port 25 (ask them to open it, or send through a relay on 587), or a firewall in front of the server drops this address.`;
  if (code === 'TIMEOUT')
    return `${who} got no answer (${message}), ${but}: a firewall on that path, or in front of the server, drops its packets.`;
  if (code === 'ECONNREFUSED')
    return `${who}'s connection was refused (ECONNREFUSED), ${but}: a firewall on that path, or in front of the server, rejects this address, or the port is closed to it.`;
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH')
    return `${who} has no route to the server (${code}), ${but}: a routing problem on that path (IPv6 without a route, a VPN, a missing default route).`;
  return `${who} could not connect (${code}: ${message}), ${but}: the path from there is blocked or broken.`;
}

function greetingWords(d: Extract<Difference, { kind: 'greeting' }>, a: VantageSide, b: VantageSide): string {
  const said = `The greeting differs: ${side(a)} got ${quote(d.a)}; ${side(b)} got ${quote(d.b)}.`;
  const refused = refusedSide(d.a, d.b);
  const why = refused ? whyRefused(refused === 'a' ? d.a : d.b, refused === 'a' ? a.letter : b.letter, true) : '';
  return `${said} The server answers differently by client address: a blocklist, a geo policy or a per-IP policy.${why ? ` ${why}` : ''}`;
}

function replyWords(d: Extract<Difference, { kind: 'reply' }>, a: VantageSide, b: VantageSide): string {
  const said = `At ${d.step}, ${side(a)} got ${quote(d.a)}; ${side(b)} got ${quote(d.b)}.`;
  const refused = refusedSide(d.a, d.b);
  let why: string;
  if (refused) why = whyRefused(refused === 'a' ? d.a : d.b, refused === 'a' ? a.letter : b.letter, false);
  else if (klass(d.a) === klass(d.b))
    why = 'The same kind of answer in other codes: the server words it by client address.';
  else
    why = `One temporary, one permanent refusal: the server treats the two addresses differently${[d.a, d.b].some(greylisted) ? ' (one is greylisted)' : ''}.`;
  const later = d.later.length ? ` Later replies differ too, most likely as a consequence: ${d.later.join(', ')}.` : '';
  return `${said} ${why}${later}`;
}

function ehloWords(d: Extract<Difference, { kind: 'ehlo' }>, a: VantageSide, b: VantageSide): string {
  const where = d.afterTls ? 'EHLO in TLS' : 'EHLO';
  const parts = [
    ...(d.onlyA.length ? [`${d.onlyA.map(displayText).join(', ')} offered to ${side(a)} only`] : []),
    ...(d.onlyB.length ? [`${d.onlyB.map(displayText).join(', ')} offered to ${side(b)} only`] : []),
    ...d.changed.map((c) => `${displayText(c.a)} to ${a.letter}, ${displayText(c.b)} to ${b.letter}`),
  ];
  const keywords = [...d.onlyA, ...d.onlyB, ...d.changed.map((c) => c.keyword)].map((c) =>
    c.trim().split(/[ =]/)[0]!.toUpperCase(),
  );
  const notes: string[] = [];
  if (keywords.includes('STARTTLS')) {
    const without = d.onlyA.some((c) => /^starttls$/i.test(c.trim())) ? b : a;
    notes.push(
      `Without STARTTLS, ${without.letter} cannot encrypt: a middlebox on that path may strip STARTTLS (some firewalls' SMTP inspection does), or the server offers TLS by client address.`,
    );
  }
  if (keywords.includes('AUTH'))
    notes.push('Servers often offer AUTH only to their own networks, or only to addresses they trust.');
  if (!notes.length)
    notes.push('The server (or something on one of the paths) offers different extensions by client address.');
  return `${where} differs: ${parts.join('; ')}. ${notes.join(' ')}`;
}

function tlsLine(t: TlsSide | null): string {
  if (!t) return 'no TLS';
  const leaf = t.leaf
    ? `certificate ${displayText(t.leaf.name)} (SHA-256 ${t.leaf.fingerprint256.slice(0, 23)}…)`
    : 'no certificate';
  return `${t.protocol}, ${t.cipher}, ${leaf}${t.verified ? ', verified' : ', NOT verified'}`;
}

function tlsWords(d: Extract<Difference, { kind: 'tls' }>, a: VantageSide, b: VantageSide): string {
  const said = `TLS differs: ${side(a)} saw ${tlsLine(d.a)}; ${side(b)} saw ${tlsLine(d.b)}.`;
  if (d.a === null || d.b === null)
    return `${said} TLS was used on one path only: something on the other path (a middlebox) or the server's per-address policy kept it from happening.`;
  if (d.certificate)
    return `${said} Another certificate means another server answers on one path, or a middlebox on one path intercepts TLS and presents its own certificate.`;
  return `${said} The same certificate with another protocol or cipher: a different node behind a load balancer, or a middlebox on one path that terminates TLS.`;
}

const findingList = (list: FindingRef[]) => list.map((f) => `${f.title} [${f.id}]`).join('; ');

function findingsWords(d: Extract<Difference, { kind: 'findings' }>, a: VantageSide, b: VantageSide): string {
  const parts = [
    ...(d.onlyA.length ? [`only ${side(a)}: ${findingList(d.onlyA)}`] : []),
    ...(d.onlyB.length ? [`only ${side(b)}: ${findingList(d.onlyB)}`] : []),
  ];
  return `The server gave the same answers, but the findings differ (${parts.join('; ')}): a slower or less reliable path, not the server's policy.`;
}

function differenceWords(x: Difference, a: VantageSide, b: VantageSide): string {
  switch (x.kind) {
    case 'reach':
      return x.failed === 'a' ? reachWords(x, a, b) : reachWords(x, b, a);
    case 'greeting':
      return greetingWords(x, a, b);
    case 'banner-host':
      return `The greeting names another host: ${displayText(x.a)} to ${side(a)}, ${displayText(x.b)} to ${side(b)}. A load balancer (or anycast) sends each client address to a different node; the nodes may not be configured alike, so probe each one.`;
    case 'ehlo':
      return ehloWords(x, a, b);
    case 'tls':
      return tlsWords(x, a, b);
    case 'reply':
      return replyWords(x, a, b);
    case 'findings':
      return findingsWords(x, a, b);
  }
}

/** One sentence, or a few, per difference; NO_DIFFERENCE when there is none. */
export function vantageSentences(d: TranscriptDiff, labels?: { a: string; b: string }): string[] {
  const a: VantageSide = { letter: 'A', label: labels?.a ?? vantageLabel(d.vantage.a) };
  const b: VantageSide = { letter: 'B', label: labels?.b ?? vantageLabel(d.vantage.b) };
  if (!d.differences.length)
    return [d.same ? NO_DIFFERENCE : `${NO_DIFFERENCE.replace(/\.$/, '')}; only the outcome differs.`];
  return d.differences.map((x) => differenceWords(x, a, b));
}
