// Why a message was not delivered, in the reason vocabulary of Sisimai, the reference bounce
// classifier, so results can be compared with it. One function reads a reply wherever it came
// from: a live session's reply, a DSN's Diagnostic-Code, a log line, a pasted reply. What the
// text says wins when it names a class of problem; otherwise the enhanced status code
// (RFC 3463), then the reply code and the command it answered (RFC 5321 §4.2) decide, and the
// result says it was read from the codes alone.
import type { Stage } from '../transcript';

export const BOUNCE_REASONS = {
  blocked:
    'the receiving server refused the sending server itself: its IP address, its host name, its reverse DNS or its HELO (a blocklist, a reputation system, greylisting)',
  contenterror:
    'the message was refused for its headers or its MIME structure (a malformed header, a bare LF, 8-bit data without 8BITMIME)',
  delivered: 'the message was delivered (a success DSN)',
  exceedlimit: 'the message exceeds a limit of the recipient (RFC 3463 5.2.3: longer than the mailbox accepts)',
  expired: 'the sending server gave up: the message stayed queued longer than its lifetime (RFC 3463 4.4.7)',
  feedback: 'not a bounce: a feedback (abuse or spam complaint) report in ARF (RFC 5965)',
  filtered:
    "refused after DATA by the recipient's filter (a rule on headers or content, or a recipient refused only once the message was seen)",
  hasmoved: 'the mailbox has moved; the new address may be given (RFC 3463 5.1.6)',
  hostunknown: 'the domain of the recipient does not exist or takes no mail (NXDOMAIN, a null MX; RFC 3463 5.1.2)',
  mailboxfull: "the recipient's mailbox is over its quota (RFC 3463 4.2.2/5.2.2)",
  mailererror: 'the local delivery program failed (a command, a pipe or a script at the recipient)',
  mesgtoobig: 'the message is larger than the server accepts at all (SIZE, RFC 1870; RFC 3463 5.3.4)',
  networkerror:
    'the sending server could not reach the receiving one: DNS failure, routing, a connection that timed out or was refused (RFC 3463 4.4.x)',
  norelaying: 'the server is not the destination for this recipient and does not relay for this sender',
  notaccept: 'the destination takes no mail at all, or none now (a null MX, a server that refuses every session)',
  onhold: 'not decided yet: the report gives too little to say why',
  policyviolation:
    "refused by the receiver's policy: sender authentication (SPF, DKIM, DMARC), a rule on who may send to whom, a forbidden attachment",
  rejected:
    "the sender's address was refused (MAIL FROM: an unknown or unresolvable sender domain, a spoofed or forbidden sender)",
  securityerror:
    'authentication or encryption failed or was required: a wrong password, AUTH or STARTTLS required, a certificate problem',
  spamdetected: "the receiver's spam filter judged the message to be spam",
  suspend: 'the mailbox exists but is disabled, suspended or inactive (RFC 3463 5.2.1)',
  syntaxerror: 'a command or its parameters were not understood (RFC 5321 500/501/503/504)',
  systemerror: 'the receiving server had an internal error (RFC 3463 x.3.0, 451 local error)',
  systemfull: 'the receiving server is out of disk space or storage (RFC 3463 4.3.1, 452)',
  toomanyconn: 'too many connections, messages or recipients: a rate or concurrency limit',
  undefined: 'the text gives no reason that can be classified',
  userunknown: 'no such mailbox at the recipient domain (RFC 3463 5.1.1)',
  vacation: 'not a bounce: an automatic reply (out of office, RFC 3834)',
  virusdetected: 'the message carried, or looked like it carried, a virus or malware',
} as const;

export type BounceReason = keyof typeof BOUNCE_REASONS;

export interface BounceFacts {
  code: number | null;
  enhanced: string | null;
  /** The diagnostic or reply text. */
  text: string;
  /** The command it answered, when known ('rcpt' for "in reply to RCPT TO"). */
  stage: Stage | null;
}

export interface BounceReading {
  reason: BounceReason;
  /** 'text': the words named the class; 'codes': only the status and reply codes did. */
  basis: 'text' | 'codes';
}

// Word classes, most specific first. Each is how real servers say it, generalised from their
// texts (the corpus in test/unit/bounceReason.test.ts names the source of each).
const WORDS: readonly [BounceReason, RegExp][] = [
  ['virusdetected', /\bvirus|malware|infected|trojan|\bworm\b|phishing attachment/i],
  // "Relay access denied", qmail's "not in my list of allowed rcpthosts", Haraka's "I cannot
  // deliver mail for", Exchange's "Unable to relay", "we do not relay".
  [
    'norelaying',
    /relay(ing)? (access )?(denied|not permitted|prohibited|not allowed)|unable to relay|do(es)? not relay|(isn't|not) in my list of allowed rcpthosts|cannot deliver mail for|relaying denied|not permitted to relay|relay not allowed/i,
  ],
  // Greylisting, by the words or by the tool that does it (postgrey, SQLgrey, milter-greylist).
  ['blocked', /gr[ae]y ?list|postgrey|sqlgrey|milter-greylist|greylisting in action/i],
  // Blocklists and reputation, by the provider's own names and codes (Spamhaus ZEN/SBL/XBL/PBL,
  // Outlook's S3140/S3150, Yahoo's TSS04, Barracuda, SpamCop, SORBS, Mimecast, Proofpoint).
  [
    'blocked',
    /block ?list|black ?list|\b(rbl|dnsbl|rbls)\b|spamhaus|\b(zen|sbl|xbl|pbl)\b|barracuda|spamcop|sorbs|uceprotect|\bS3[01]\d\d\b|\bTSS0\d\b|banned sending ip|on our block list|listed (at|on|in|by)|ip (address )?(reputation|has been blocked|is blocked)|poor reputation|client host .{0,80} blocked|reverse (dns|lookup)|no ptr|cannot find your hostname|helo command rejected|not allowed to send from your ip|sending ip .{0,40}(blocked|banned)/i,
  ],
  // Rate and concurrency limits, also where "rate" is never said.
  [
    'toomanyconn',
    /too many (concurrent |simultaneous )?(connections|sessions|messages|recipients|mails|emails)|rate limit|rate-limit|rate that is unusual|unusual rate|try (again )?later.{0,40}(sending|volume)|exceeded (the )?(allowed |maximum )?(number|quota) of (connections|messages|recipients)|connection limit|throttl|temporarily deferred due to (user complaints|unexpected volume)|sending limit|daily (user )?sending quota|\bTS0[1-3]\b|4\.7\.28/i,
  ],
  [
    'spamdetected',
    /\bspam|unsolicited|junk mail|\bUCE\b|bulk mail|content.{0,20}(rejected|refused).{0,20}spam|spamassassin|rspamd|message looks like/i,
  ],
  [
    'mailboxfull',
    /mailbox (is )?full|over (its |the )?quota|quota exceeded|exceeds? (the )?(storage|quota)|insufficient (user )?storage|mailbox.{0,20}size limit|out of storage space|user.{0,20}over quota|error writing message: file too large/i,
  ],
  [
    'suspend',
    /(account|mailbox|address|user) (is |has been )?(disabled|suspended|inactive|deactivated|locked|frozen|expired|not active)|inactive (user|account|mailbox|e-?mail address|address)|is no longer active|mailbox unavailable.{0,30}(disabled|inactive)/i,
  ],
  ['hasmoved', /has moved|no longer (at|with) this|address changed|moved to a new address/i],
  [
    'rejected',
    /sender (address )?(rejected|denied|refused|unknown|verify failed)|sender domain .{0,40}(not found|does not exist|must resolve)|domain of sender address .{0,80} does not (resolve|exist)|from address .{0,40}(rejected|not allowed)|mail from .{0,40}(rejected|refused)/i,
  ],
  [
    'hostunknown',
    /unrouteable address|host (or domain name )?not found|domain (not found|does not exist|has no mx)|unrouteable (mail )?domain|unknown (host|domain)|nxdomain|name service error|no such domain|null mx|does not accept mail \(nullmx\)|domain name not found|could(n't| not) find any host/i,
  ],
  // "No such user" and the recipient-access rules that mean it.
  [
    'userunknown',
    /user unknown|unknown user|no such (user|recipient|mailbox|address|account)|recipient (address )?(rejected|not found|unknown|does not exist|invalid)|invalid (recipient|mailbox|address)|address rejected: user unknown|mailbox (does not exist|not found|unavailable)|does(n't| not) exist|not a valid (mailbox|recipient|user)|resolver\.adr\.recipientnotfound|recipientnotfound|undeliverable address|this user doesn't have a|no mailbox here|account that you tried to reach does not exist|the email account that you tried to reach/i,
  ],
  [
    'policyviolation',
    /\b(dmarc|dkim|spf)\b|sender policy framework|sender is unauthenticated|unauthenticated (e-?mail|mail|sender)|policy (violation|reasons|rejection)|anti-?spoofing|security polic(y|ies)|potential security issue|administrative prohibition|prohibited attachment|attachment.{0,30}(not allowed|blocked|forbidden)|not authorized to send|5\.7\.(23|25|26|27|515)\b/i,
  ],
  [
    'mesgtoobig',
    /message (size )?(is )?too (big|large)|message (size )?exceeds|size limit|message length exceeds|exceeded (the )?(maximum )?(message )?size|mail size/i,
  ],
  ['systemfull', /disk (is )?full|insufficient (system )?storage|out of (disk )?space|no space left|system storage/i],
  [
    'securityerror',
    /authentication (required|failed|unsuccessful)|not authenticated|must (issue a )?starttls|tls (is )?required|encryption required|must authenticate|auth(entication)? credentials invalid|certificate|username and password not accepted/i,
  ],
  [
    'contenterror',
    /bare lf|bare <lf>|header .{0,40}(invalid|malformed|syntax)|malformed (header|mime|message)|invalid (header|mime)|8-?bit (data|content) not|line too long|message not rfc ?5322/i,
  ],
  [
    'expired',
    /delivery time expired|message expired|retry timeout exceeded|could not be delivered for \d+ (days|hours)|queue lifetime|too long in (the )?queue|in the queue too long|queue\.expired|giving up/i,
  ],
  [
    'networkerror',
    /connection (timed out|refused|reset)|network is unreachable|no route to host|lost connection|temporary (dns|lookup) failure|dns (lookup )?(failure|error)|host (is )?(un|not )reachable/i,
  ],
  [
    'mailererror',
    /command (died|failed)|mailer error|pipe to |exit (code|status) \d+|local delivery failed|procmail|maildrop/i,
  ],
  [
    'syntaxerror',
    /syntax error|command not (recognized|implemented)|bad sequence of commands|unrecognized command|parameter not implemented/i,
  ],
  [
    'systemerror',
    /local error in processing|internal (server )?error|system error|server error|temporary server error|resources (are )?temporarily unavailable|service unavailable/i,
  ],
];

/** RFC 3463's subject and detail, as each reason reads them. */
const ENHANCED: readonly [RegExp, BounceReason][] = [
  [/^[45]\.1\.(1|10)$/, 'userunknown'],
  [/^[45]\.1\.2$/, 'hostunknown'],
  [/^[45]\.1\.[378]$/, 'rejected'],
  [/^[45]\.1\.6$/, 'hasmoved'],
  [/^[45]\.2\.1$/, 'suspend'],
  [/^[45]\.2\.2$/, 'mailboxfull'],
  [/^[45]\.2\.3$/, 'exceedlimit'],
  [/^[45]\.3\.1$/, 'systemfull'],
  [/^[45]\.3\.4$/, 'mesgtoobig'],
  [/^[45]\.3\.\d+$/, 'systemerror'],
  [/^[45]\.4\.7$/, 'expired'],
  [/^[45]\.4\.\d+$/, 'networkerror'],
  [/^[45]\.5\.3$/, 'toomanyconn'],
  [/^[45]\.5\.\d+$/, 'syntaxerror'],
  [/^[45]\.6\.\d+$/, 'contenterror'],
  [/^[45]\.7\.(1|0)$/, 'policyviolation'],
  [/^[45]\.7\.(7|8|9|11|13|14|57|139)$/, 'securityerror'],
  [/^[45]\.7\.\d+$/, 'policyviolation'],
];

/** The reason the codes alone give: the enhanced code first, then the reply code and the
 * command it answered. */
function fromCodes(f: BounceFacts): BounceReason {
  const enhanced = f.enhanced ?? '';
  const hit = ENHANCED.find(([pattern]) => pattern.test(enhanced));
  if (hit) return hit[1];
  const code = f.code ?? 0;
  if (code === 552) return f.stage === 'rcpt' ? 'mailboxfull' : 'mesgtoobig';
  if (code === 452) return 'systemfull';
  if (code === 550 || code === 553)
    return f.stage === 'rcpt'
      ? 'userunknown'
      : f.stage === 'mail'
        ? 'rejected'
        : f.stage === 'data'
          ? 'filtered'
          : 'blocked';
  if (code === 551) return 'hasmoved';
  if (code === 554)
    return f.stage === 'banner' || f.stage === 'connect' ? 'blocked' : f.stage === 'data' ? 'filtered' : 'notaccept';
  if (code === 556) return 'notaccept';
  if (code === 421) return 'toomanyconn';
  if (code === 500 || code === 501 || code === 502 || code === 503 || code === 504) return 'syntaxerror';
  if (code === 530 || code === 534 || code === 535 || code === 538) return 'securityerror';
  if (code === 451) return 'systemerror';
  if (code >= 200 && code < 300) return 'delivered';
  return code >= 400 ? 'onhold' : 'undefined';
}

export function bounceReason(f: BounceFacts): BounceReading {
  const words = WORDS.find(([, pattern]) => pattern.test(f.text));
  if (words) {
    const [reason] = words;
    // A refusal after DATA that names no class but "rejected" is a filter; a size text on a
    // per-mailbox limit is exceedlimit (RFC 3463 5.2.3), not the server's own SIZE.
    if (reason === 'mesgtoobig' && /^[45]\.2\.3$/.test(f.enhanced ?? ''))
      return { reason: 'exceedlimit', basis: 'text' };
    return { reason, basis: 'text' };
  }
  return { reason: fromCodes(f), basis: 'codes' };
}

/** The text of a reply's lines, without the reply code and without the enhanced code each
 * continuation line repeats (RFC 2034 §4), so words broken across lines read as one text. */
export function replyTextOf(lines: readonly string[]): string {
  return lines
    .map((l, i) => {
      const text = l.replace(/^\s*[2-5]\d\d[ -]?/, '');
      return i === 0 ? text : text.replace(/^[245]\.\d{1,3}\.\d{1,3} /, '');
    })
    .join(' ');
}

/** A reply as pasted or quoted ("550-5.1.1 …" lines, qmail's "(#5.1.1)"), to the facts the
 * reader needs: the reply code, the enhanced code (RFC 3463 §2) and the text. */
export function replyFactsOf(raw: string, stage: Stage | null = null): BounceFacts {
  const lines = raw.split(/\r\n|\r|\n/).filter((l) => l.trim());
  const code = /^\s*([2-5]\d\d)[ -]/.exec(lines[0] ?? '')?.[1];
  const text = replyTextOf(lines);
  const enhanced =
    /^\s*([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? /\(#([245]\.\d{1,3}\.\d{1,3})\)/.exec(text)?.[1] ?? null;
  return { code: code ? Number(code) : null, enhanced, text, stage };
}
