// A bounce message to one result per recipient. mailparser (nodemailer's) decodes the MIME:
// quoted-printable, base64, any line ending. The delivery-status part is read as RFC 3464
// lays it out: a per-message block, then one block per recipient, each of header-style
// fields, folded lines joined (RFC 3464 §2.1, RFC 5322 §2.2.3).
import { simpleParser } from 'mailparser';
import { type ExplainResult, MAX_EXPLAIN_BYTES as MAX_MESSAGE_BYTES } from '../../../shared/explain';
import { withFinding } from './explainFinding';
import { stageOf } from './explainReply';
import { explainFreeForm, looksLikeNotice, type NoticeFacts, noticeFacts, retryIn } from './freeForm';
import { authResultsIn, senderDomainIn } from '../../../shared/knowledge/authResults';
import { bounceReason, replyFactsOf } from '../../../shared/knowledge/bounceReason';
import type { Stage } from '../../../shared/transcript';

export { MAX_EXPLAIN_BYTES as MAX_MESSAGE_BYTES } from '../../../shared/explain';

export type MessageKind = 'bounce' | 'feedback' | 'auto-reply' | 'message';

export interface MessageExplanation {
  kind: MessageKind;
  results: ExplainResult[];
  subject: string | null;
}

type Fields = Map<string, string>;

/** "Name: value" blocks separated by blank lines, continuation lines joined to their field. */
function fieldBlocks(text: string): Fields[] {
  return text
    .replace(/\r\n|\r/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields: Fields = new Map();
      let last = '';
      for (const line of block.split('\n')) {
        if (/^[ \t]/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`);
        else {
          const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
          if (!m) continue;
          last = m[1].toLowerCase();
          fields.set(last, m[2].trim());
        }
      }
      return fields;
    })
    .filter((f) => f.size > 0);
}

/** "rfc822; bob@example.com" and "dns; mx.example.com" to their value (RFC 3464 §2.1.2). */
const typed = (v: string | undefined) => (v ? v.replace(/^[^;]*;\s*/, '').replace(/^<|>$/g, '') : null);

/** The command the remote server refused, from the human-readable part: Postfix writes
 * "(in reply to RCPT TO command)" after the recipient's diagnostic. */
function commandFor(recipient: string | null, text: string): Stage | null {
  const at = recipient ? text.indexOf(recipient) : -1;
  if (at === -1) return null;
  // Only that recipient's paragraph: up to the next blank line.
  const around = text.slice(at).split(/\r?\n[ \t]*\r?\n/)[0];
  const verb = /in reply to (RCPT TO|MAIL FROM|end of DATA|DATA|BDAT|EHLO|HELO|STARTTLS|AUTH)\b/i.exec(around)?.[1];
  return verb ? stageOf(verb) : null;
}

/** What the human-readable part says of one recipient: Postfix writes "<bob@example.com>: …"
 * and folds it over indented lines, up to a blank line. */
function humanWords(recipient: string | null, text: string): string | null {
  const at = recipient ? text.indexOf(`<${recipient}>:`) : -1;
  if (at === -1) return null;
  const said = text
    .slice(at + recipient!.length + 3)
    .split(/\r?\n[ \t]*\r?\n/)[0]
    .replace(/\s+/g, ' ')
    .trim();
  return said || null;
}

/** The remote server's words. A Diagnostic-Code of another type than "smtp" (x-unix,
 * X-Postfix) is the reporting MTA's own, often terser than its human part ("input/output
 * error" against "… error writing message: File too large"), so that part is preferred. */
function diagnosticOf(field: string | undefined, recipient: string | null, human: string): string {
  const value = typed(field) ?? '';
  if (/^smtp;/i.test(field ?? '')) return value;
  return humanWords(recipient, human) ?? value;
}

/** One recipient's block, with the message's notice part (`text`), what that part says of
 * each recipient read as a free-form notice (`notices`: Exim's report carries only a Status;
 * the host, the command and the words are in the notice), and the returned headers. */
function recipientResult(
  r: Fields,
  perMessage: Fields | undefined,
  text: string,
  notices: NoticeFacts[],
  returned: string,
): ExplainResult {
  const recipient = typed(r.get('final-recipient')) ?? typed(r.get('original-recipient'));
  const given = /\d\.\d{1,3}\.\d{1,3}/.exec(r.get('status') ?? '')?.[0] ?? null;
  const action = (r.get('action') ?? '').toLowerCase();
  const field = r.get('diagnostic-code');
  const notice = recipient ? notices.find((n) => n.recipient === recipient.toLowerCase()) : undefined;
  const diagnostic = (field ? null : notice?.diagnostic) ?? diagnosticOf(field, recipient, text);
  const command = commandFor(recipient, text) ?? notice?.command ?? null;
  const facts = replyFactsOf(diagnostic, command);
  // "X.0.0" is "other or undefined" (RFC 3463 §3.1): Exim reports 5.0.0 beside a reply that
  // says 5.7.1; the reply's own code is the more specific one.
  const status = given && /^\d\.0\.0$/.test(given) && facts.enhanced ? facts.enhanced : given;
  // RFC 3464 §2.3.3: "failed" with a 4.x.x status means the sender stopped retrying.
  const gaveUp = action === 'failed' && status?.startsWith('4');
  const reading = gaveUp
    ? { reason: 'expired' as const, basis: 'codes' as const }
    : bounceReason({ ...facts, enhanced: status ?? facts.enhanced });
  return withFinding({
    recipient,
    reason: action === 'delivered' || action === 'relayed' ? 'delivered' : reading.reason,
    reasonBasis: reading.basis,
    permanent: action === 'failed',
    status,
    replyCode: facts.code,
    diagnostic,
    command,
    remoteMta: typed(r.get('remote-mta')) ?? notice?.remoteMta ?? null,
    reportingMta: typed(perMessage?.get('reporting-mta')),
    // RFC 3464 §2.3.9: only a "delayed" report says until when the sender keeps trying.
    retry: action === 'delayed' ? retryOf(r.get('will-retry-until'), text) : null,
    authentication: authResultsIn(`${diagnostic}\n${humanWords(recipient, text) ?? ''}\n${returned}`),
    senderDomain: senderDomainIn(`${diagnostic}\n${returned}`),
  });
}

const isAutoReply = (headers: Map<string, unknown>, subject: string) =>
  /^auto-replied/i.test(String(headers.get('auto-submitted') ?? '')) ||
  headers.has('x-autoreply') ||
  headers.has('x-autorespond') ||
  /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|vacation)\b/i.test(subject);

const retryOf = (willRetryUntil: string | undefined, human: string) =>
  willRetryUntil ? `until ${willRetryUntil}` : retryIn(human);

/** The returned message's header (RFC 3462 text/rfc822-headers, or the whole message/rfc822):
 * the receiver's Authentication-Results are there when it refused for SPF, DKIM or DMARC. */
function returnedHeaders(parts: { contentType: string; content: Buffer }[]): string {
  const part = parts.find((a) => /^(text\/rfc822-headers|message\/rfc822|message\/global)$/i.test(a.contentType));
  return part
    ? part.content
        .subarray(0, 16 << 10)
        .toString('utf8')
        .split(/\r?\n\r?\n/)[0]
    : '';
}

export async function explainMessage(raw: Buffer): Promise<MessageExplanation> {
  if (raw.length > MAX_MESSAGE_BYTES)
    throw Object.assign(
      new Error(`the input is ${raw.length} bytes, more than the ${MAX_MESSAGE_BYTES >> 20} MB a bounce can be`),
      { code: 'TOO_LARGE' },
    );
  // A mailbox written with CR alone (old Mac tools) is not split into lines by the MIME
  // parser: CR becomes CRLF first, byte for byte otherwise (latin1 keeps every octet).
  const text = raw.toString('latin1');
  const input = /\r(?!\n)/.test(text) ? Buffer.from(text.replace(/\r(?!\n)/g, '\r\n'), 'latin1') : raw;
  const mail = await simpleParser(input, {
    skipImageLinks: true,
    skipTextToHtml: true,
    maxHtmlLengthToParse: 1 << 20,
    // The delivery-status part as a part of its own, not folded into the text.
    keepDeliveryStatus: true,
  });
  const subject = mail.subject ?? null;
  const contentType = String(
    (mail.headers.get('content-type') as { params?: Record<string, string> } | undefined)?.params?.['report-type'] ??
      '',
  ).toLowerCase();
  const part = (type: string) => mail.attachments.find((a) => a.contentType.toLowerCase() === type);
  if (contentType === 'feedback-report' || part('message/feedback-report'))
    return { kind: 'feedback', results: [], subject };
  const status = part('message/delivery-status') ?? part('message/global-delivery-status');
  if (status) {
    const [perMessage, ...recipients] = fieldBlocks(status.content.toString('utf8'));
    const hasRecipient = (f: Fields) => f.has('final-recipient') || f.has('original-recipient');
    const blocks = hasRecipient(perMessage ?? new Map()) ? [perMessage, ...recipients] : recipients;
    const human = mail.text ?? '';
    const returned = returnedHeaders(mail.attachments);
    // Read once per message, not once per recipient.
    const notices = noticeFacts(human);
    return {
      kind: 'bounce',
      results: blocks.filter(hasRecipient).map((r) => recipientResult(r, perMessage, human, notices, returned)),
      subject,
    };
  }
  // No delivery-status part: a free-form notice, if it reads as one and names a recipient.
  const from = mail.from?.text ?? '';
  if (looksLikeNotice({ from, subject: subject ?? '', text: mail.text ?? '' })) {
    const results = explainFreeForm(mail.text ?? '');
    if (results.length) return { kind: 'bounce', results, subject };
  }
  if (isAutoReply(mail.headers, subject ?? '')) return { kind: 'auto-reply', results: [], subject };
  return { kind: 'message', results: [], subject };
}
