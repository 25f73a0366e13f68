// Bounces without a delivery-status part: the free-form notices Exchange, Gmail, Yahoo, qmail,
// Exim, Sendmail, Zoho and others write for people. Each names the failed recipient on a
// line of its own (or in a sentence), then the remote server's reply, the host that gave it
// and, in its own words, the command it answered. Those shapes are read here, and the reply
// goes to the same classifier as a live session's.
import type { ExplainResult } from '../../../shared/explain';
import type { Stage } from '../../../shared/transcript';
import { explainReply, stageOf } from './explainReply';

/** Bounded like a log line: a notice's text is short, and the patterns stay linear. */
const MAX_TEXT = 64 << 10;
const MAX_DIAGNOSTIC = 600;

const ADDRESS = String.raw`[^\s<>()"',;:@]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+`;

/** Where the copy of the original message starts; nothing after it is the notice. */
const ORIGINAL =
  /^[ \t]*-*[ \t]*(?:below (?:this|the next) line is a copy of the (?:message|mail header)|this is a copy of the message|original message(?! details)(?: headers| follows)?\b|unsent message follows|message header follows|original message headers)/im;

/** A line that opens a recipient's paragraph, and what follows the address on it. */
const RECIPIENT_LINES: readonly RegExp[] = [
  // qmail, Yahoo, Postfix's human part: "<bob@example.com>:"; Sendmail's "<bob@example.com>".
  new RegExp(String.raw`^<(${ADDRESS})>:?(?:\s+(.*))?$`),
  // Gmail, Exchange, Exim: the address alone on an (often indented) line.
  new RegExp(`^(${ADDRESS})$`),
  // Zoho: "bob@example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 …", and
  // "[Status: Error, Address: <bob@example.com>, ResponseCode 421, , Host not reachable.]".
  new RegExp(String.raw`^(${ADDRESS})\s+(.*\bERROR_CODE\s*:.*)$`),
  new RegExp(String.raw`^\[Status: \w+, Address: <(${ADDRESS})>, (.*?)\]?$`),
  // Mimecast: "-- bob@example.com" under "could not be delivered:".
  new RegExp(`^-- (${ADDRESS})$`),
  // Exchange Online, Outlook.com: "Your message to bob@example.com couldn't be delivered."
  new RegExp(
    String.raw`\bmessage to <?(${ADDRESS})>? (?:couldn't|could not|can't|cannot) be delivered\b\.?\s*(.*)$`,
    'i',
  ),
  // Gmail today: "Your message wasn't delivered to bob@example.com because …".
  new RegExp(
    String.raw`\b(?:wasn't|was not|couldn't be|could not be) delivered to <?(${ADDRESS})>?\b[.,]?\s*(.*)$`,
    'i',
  ),
  // Mimecast, Exchange's details, many gateways: "Recipient: bob@example.com".
  new RegExp(
    String.raw`^(?:failed |original |final )?recipient(?: address)?(?:es|s)?\s*:\s*<?(${ADDRESS})>?\s*(.*)$`,
    'i',
  ),
];

/** Where the notice says the remote server's reply is; the reply starts at its code. */
const REPLY = /(?:^|[\s'"(#:])([45]\d\d)(?:[ -]\1)?(?:[ -]#?([245]\.\d{1,3}\.\d{1,3}))?(?=[ -]|$)/;

/** The host that refused, by each notice's phrase. */
const REMOTE_HOST: readonly RegExp[] = [
  /\bhost ([\w.:-]+?)\.? ?\[[\w.:]+\]/i, // Exim "host mx [ip]", Postfix "host mx[ip] said:"
  /\bby ([\w.-]+\.[A-Za-z]{2,})\.? \[[\d.:a-f]+\]/i, // Gmail
  /\bwhile talking to ([\w.-]+?)\.?:/i, // Sendmail
  /\bRemote Server at ([\w.-]+) \(/i, // Exchange
  /\b([\w.:-]+) does not like recipient/, // qmail
  /\bConnected to ([\w.:-]+) but /, // qmail
  /\bGiving up on ([\w.:-]+?)\.?(?:\s|$)/, // qmail
  /\bRemote-MTA:\s*(?:dns;\s*)?([\w.-]+)/i,
];

/** The reporting server, where the notice names itself. */
const REPORTING_HOST: readonly RegExp[] = [
  /\bGenerating server:\s*([\w.-]+)/i, // Exchange
  /\bThis is the mail system at host ([\w.-]+?)\.?$/im, // Postfix
  /\bThis is the qmail-send program at ([\w.-]+?)\.?$/im, // qmail
];

/** The command the remote server answered, by each notice's words. */
function commandIn(text: string): Stage | null {
  const said =
    /\bin reply to (RCPT TO|MAIL FROM|end of DATA|DATA|BDAT|EHLO|HELO|STARTTLS|AUTH)\b/i.exec(text)?.[1] ??
    /\bafter (RCPT TO|MAIL FROM|end of data|DATA|initial connection|HELO|EHLO|STARTTLS|AUTH)\b/i.exec(text)?.[1];
  if (said) return stageOf(said);
  // Sendmail's transcript: the last command it sent before the refusal.
  const sent = [...text.matchAll(/>>> (RCPT TO|MAIL FROM|DATA|EHLO|HELO|STARTTLS|AUTH|\.)\b/gi)].pop()?.[1];
  if (sent) return sent === '.' ? 'data' : stageOf(sent);
  if (/does not like recipient|\[RCPT_TO\]/i.test(text)) return 'rcpt';
  if (/failed on DATA command|failed after I sent the message|\[(?:DATA|BODY|END_OF_DATA)\]/i.test(text)) return 'data';
  if (/but sender was rejected|\[MAIL_FROM\]/i.test(text)) return 'mail';
  if (/but my name was rejected/i.test(text)) return 'ehlo';
  if (/but greeting failed/i.test(text)) return 'banner';
  // Gmail's "(state 14)": the SMTP state its client was in (14 RCPT, 13 EHLO, 15-18 DATA).
  const state = /\(state (\d+)\)/.exec(text)?.[1];
  return state === '14' ? 'rcpt' : state === '13' ? 'ehlo' : state && /^1[5-8]$/.test(state) ? 'data' : null;
}

const TEMPORARY =
  /\b(?:has been delayed|this is a warning (?:message )?only|will be retried|will keep trying|still (?:trying|retrying)|delivery attempts will continue|delayed mail|temporary failure)\b/i;
const GAVE_UP =
  /\b(?:in the queue too long|retry timeout exceeded|QUEUE\.Expired|message expired|could not be delivered for more than|delivery time expired)\b/i;

/** How long the sender keeps retrying, in the notice's own words ("for 2 more day(s)"). */
export function retryIn(notice: string): string | null {
  const text = notice.replace(/\s+/g, ' ');
  const m =
    /Message will be retried for (\d+ more \w+(?:\(s\))?)/i.exec(text) ??
    /Will keep trying until (?:the )?message is (.+?) old/i.exec(text) ??
    /It will be retried until it is (.+?) old/i.exec(text) ??
    /keep trying to deliver (?:this|the|your) message for (?:the next )?(.+?)(?:\.\s|\.?$)/i.exec(text) ??
    /Delivery attempts will continue for (.+?)(?:,|\.|$)/i.exec(text);
  if (!m) return null;
  const prefix = /until/i.test(m[0]) ? 'until the message is ' : 'for ';
  return `${prefix}${m[1].replace(/\s+/g, ' ').trim()}${/until/i.test(m[0]) ? ' old' : ''}`;
}

interface Paragraph {
  recipient: string;
  lines: string[];
}

/** The notice's paragraphs, one per recipient line, each with the lines up to the next one. */
function paragraphs(notice: string): Paragraph[] {
  const found: Paragraph[] = [];
  for (const raw of notice.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    const at = RECIPIENT_LINES.findIndex((p) => p.test(line));
    // "<bob@example.com>: …" indented is a folded reply quoting the address (Postfix), not a new paragraph.
    const hit = at === -1 || (at === 0 && /^\s/.test(raw) && found.length) ? null : RECIPIENT_LINES[at].exec(line);
    if (hit) {
      const recipient = hit[1].toLowerCase();
      const same = found.find((p) => p.recipient === recipient);
      // The same recipient named again (a summary, then the details) continues its paragraph.
      const p = same ?? { recipient, lines: [] };
      if (!same) found.push(p);
      if (hit[2]) p.lines.push(hit[2]);
      // Move it last, so the lines that follow are its own.
      found.splice(found.indexOf(p), 1);
      found.push(p);
      continue;
    }
    if (found.length && line) found[found.length - 1].lines.push(line.replace(/^-- /, ''));
  }
  return found;
}

/** "550 5.1.1 …" from a paragraph, with Gmail's repeated code ("550 550 5.1.1") and the
 * quotes and markers around Exchange's ("Remote Server returned '…'", "#550 … ##") removed. */
function replyIn(text: string): string | null {
  const m = REPLY.exec(text);
  if (!m) return null;
  const start = m.index + m[0].indexOf(m[1]);
  let reply = text.slice(start).replace(/^(\d{3})[ -]\1\b/, '$1');
  // Where the quoted reply ends: Exchange's closing quote or "##", Gmail's "(state N)", qmail's
  // "Giving up on", Sendmail's transcript markers, Postfix's "(in reply to … command)".
  reply = reply.split(/'(?:\s|$)|\s##|\s\(state \d+\)|\s+Giving up on\s|\s-{3,}|\s<<<|\s>>>|\s\(in reply to /)[0];
  return reply.replace(/^#/, '').replace(/\s+/g, ' ').trim().slice(0, MAX_DIAGNOSTIC);
}

const firstMatch = (patterns: readonly RegExp[], text: string) =>
  patterns.map((p) => p.exec(text)?.[1]).find((x) => x) ?? null;

/** The words only a non-delivery notice uses, in the body; a normal message with a
 * "Recipient:" line is not read as one. */
const NOTICE_WORDS =
  /could ?n[o']t be delivered|could not be delivered|wasn't delivered|delivery to the following recipients? (?:failed|has been delayed)|remote server returned|does not like recipient|permanent fatal errors|diagnostic information for administrators|SMTP error from remote mail server|delivery has failed|undeliverable|remote host said|unable to deliver|ERROR CODE\s*:|message was not delivered|failed permanently|delivery status notification|returned to sender|mail delivery failed|this is the (?:mail system|qmail-send program) at|created automatically by mail delivery software/i;

/** A bounce by its envelope (RFC 3464 §2: sent from the null sender as MAILER-DAEMON or
 * postmaster), its subject, or its words. */
export function looksLikeNotice(o: { from?: string; subject?: string; text: string }): boolean {
  return (
    /mailer-daemon|postmaster|mail delivery (sub)?system/i.test(o.from ?? '') ||
    /undeliver|delivery (status|failure|failed|notification)|failure notice|returned mail|non remis|not delivered|mail delivery failed|returned to sender|delayed mail/i.test(
      o.subject ?? '',
    ) ||
    NOTICE_WORDS.test(o.text.slice(0, MAX_TEXT).replace(/\s+/g, ' '))
  );
}

/** What a notice says of one recipient, before any reading: the facts explainReply takes. */
export type NoticeFacts = Parameters<typeof explainReply>[0] & { recipient: string };

/** Every failed recipient a free-form notice names, with what the remote server said. */
export function noticeFacts(body: string): NoticeFacts[] {
  const text = body.slice(0, MAX_TEXT);
  const cut = ORIGINAL.exec(text);
  const notice = cut ? text.slice(0, cut.index) : text;
  const returned = cut ? text.slice(cut.index, cut.index + (16 << 10)) : '';
  const reportingMta = firstMatch(REPORTING_HOST, notice);
  const temporary = TEMPORARY.test(notice);
  const retry = temporary ? retryIn(notice) : null;
  return paragraphs(notice).flatMap(({ recipient, lines }): NoticeFacts[] => {
    // Zoho writes the codes as fields: "ERROR_CODE :550, ERROR_CODE :5.1.1 …", "ResponseCode 421, , …".
    const said = lines
      .join(' ')
      .replace(/ERROR_CODE\s*:\s*(\d{3}),\s*ERROR_CODE\s*:\s*/g, '$1 ')
      .replace(/ResponseCode (\d{3}),[\s,]*/g, '$1 ')
      // Sendmail: "(reason: 550 5.1.1 <bob@example.com>... User unknown)".
      .replace(/\(reason: (.*?)\)(?=\s|$)/, '$1');
    const reply = replyIn(said);
    // Without a reply, the paragraph's own words, less qmail's "Giving up on HOST." trailer.
    const diagnostic = reply ?? said.replace(/\s*Giving up on \S+\s*$/, '').slice(0, MAX_DIAGNOSTIC);
    if (!diagnostic) return [];
    const status =
      /^\d{3} ([245]\.\d{1,3}\.\d{1,3})\b/.exec(diagnostic)?.[1] ??
      // qmail's "(#5.1.1)", Mimecast's "-- 5.4.1 Recipient address rejected" (never an IP's tail).
      /(?:^|[\s#(:])([245]\.\d{1,3}\.\d{1,3})(?!\.\d)(?=[\s).;,]|$)/.exec(said)?.[1];
    const remote = firstMatch(REMOTE_HOST, said);
    return [
      {
        recipient,
        diagnostic,
        command: commandIn(said),
        remoteMta: remote && remote !== reportingMta ? remote : null,
        reportingMta,
        status: status ?? null,
        permanent: !temporary,
        // Returned with a temporary reply: the sender stopped retrying it (as RFC 3464 §2.3.3 has
        // a "failed" action with a 4.x.x status).
        gaveUp: !temporary && (GAVE_UP.test(said) || /^4/.test(diagnostic)),
        retry,
        // The returned headers after the notice hold the receiver's Authentication-Results.
        context: `${said}\n${returned}`,
      },
    ];
  });
}

/** The notice's recipients, each read by the live classifier. */
export const explainFreeForm = (body: string): ExplainResult[] => noticeFacts(body).map(explainReply);
