// What `explain` found, in the words every view shows: the CLI's text, the Markdown and HTML
// files for a ticket, and the app's Explain cards. One model, so they never disagree.
import type { ExplainedInput, ExplainResult } from '../explain';
import { BOUNCE_REASONS } from '../knowledge/bounceReason';

export const KIND_WORDS: Record<ExplainedInput['kind'], string> = {
  bounce: 'a bounce (a delivery status notification)',
  feedback: 'a feedback report (ARF, RFC 5965): a complaint about a message, not a bounce',
  'auto-reply': 'an automatic reply (RFC 3834): not a bounce, the mailbox exists',
  log: 'a mail log excerpt',
  reply: 'SMTP replies',
  unknown: 'nothing SMTP Lens can explain: not a bounce, a mail log or an SMTP reply',
};

const COMMAND_WORDS: Record<string, string> = {
  rcpt: 'RCPT TO',
  mail: 'MAIL FROM',
  data: 'the message (DATA)',
  ehlo: 'EHLO',
  tls: 'STARTTLS',
  auth: 'AUTH',
  banner: 'the connection',
};

export type NextAction =
  | { kind: 'probe'; host: string; recipient: string | null }
  | { kind: 'domain'; domain: string; senderDomain: string | null };

/** The suggested next step: probe the server that refused, or look at the domain (with the
 * sender's, when the sender's SPF, DKIM or DMARC is why). The CLI prints it, the app's card
 * has a button that does it. */
export function nextAction(r: ExplainResult): NextAction | null {
  const domain = r.recipient?.split('@')[1] ?? null;
  if (r.reason === 'policyviolation' && r.senderDomain)
    return { kind: 'domain', domain: domain ?? r.senderDomain, senderDomain: r.senderDomain };
  if (r.remoteMta && r.recipient) return { kind: 'probe', host: r.remoteMta, recipient: r.recipient };
  if (domain && ['hostunknown', 'networkerror', 'expired', 'notaccept'].includes(r.reason))
    return { kind: 'domain', domain, senderDomain: null };
  if (r.remoteMta) return { kind: 'probe', host: r.remoteMta, recipient: null };
  return domain ? { kind: 'domain', domain, senderDomain: null } : null;
}

export function nextStep(r: ExplainResult): string | null {
  const a = nextAction(r);
  if (!a) return null;
  if (a.kind === 'probe')
    return `smtp-lens probe ${a.host} --port 25${a.recipient ? ` --to ${a.recipient} --quit-after rcpt` : ' --quit-after tls'}`;
  return `smtp-lens domain ${a.domain}${a.senderDomain ? ` --sender-domain ${a.senderDomain}` : ''}`;
}

export interface ResultCard {
  recipient: string;
  reason: ExplainResult['reason'];
  /** "userunknown" or "mailboxfull (from the codes)". */
  reasonLabel: string;
  /** "permanent: the sender will not retry", "temporary: … for 2 more day(s)". */
  permanence: string;
  /** The catalog finding's title, when the reply is one a session could meet. */
  title: string | null;
  findingId: string | null;
  /** "Recognised: Outlook.com: network on block list", when the text is a known server's. */
  vendor: string | null;
  /** What the reason means, as a sentence. */
  meaning: string;
  /** "mx.example.com refused RCPT TO: 550 5.1.1 …" */
  said: string;
  authentication: string[];
  fix: string;
  refs: string[];
  reportedBy: string | null;
  next: string | null;
}

export interface InputSection {
  file: string;
  heading: string;
  results: ResultCard[];
}

const sentence = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;

export function resultCard(r: ExplainResult): ResultCard {
  const retry = r.retry ? ` ${r.retry}` : '';
  const codes = [r.replyCode, r.status].filter((x) => x !== null).join(' ');
  const refused = r.command && COMMAND_WORDS[r.command] ? ` refused ${COMMAND_WORDS[r.command]}` : '';
  // Without a reply code nobody "said" it: the reporting server decided (a local user it does
  // not have, a queue that expired) and wrote it down.
  const who = r.remoteMta
    ? `${r.remoteMta}${refused}`
    : refused
      ? `The server${refused}`
      : r.replyCode
        ? 'The server said'
        : `${r.reportingMta ?? 'The sending server'} reported`;
  return {
    recipient: r.recipient ?? '(no recipient named)',
    reason: r.reason,
    reasonLabel: `${r.reason}${r.reasonBasis === 'codes' ? ' (from the codes)' : ''}`,
    permanence: r.permanent ? 'permanent: the sender will not retry' : `temporary: the sender keeps retrying${retry}`,
    title: r.findingId ? r.title : null,
    findingId: r.findingId,
    vendor: r.vendorReading ? `Recognised: ${r.vendorReading}` : null,
    meaning: sentence(BOUNCE_REASONS[r.reason]),
    said: `${who}: ${codes ? `${codes} ` : ''}${r.diagnostic.replace(/^(\d{3} )?(\d\.\d+\.\d+ )?/, '')}`,
    authentication: r.authentication.map((a) => a.words),
    fix: r.fix,
    refs: r.refs,
    reportedBy: r.reportingMta,
    next: nextStep(r),
  };
}

export function inputSection(e: ExplainedInput): InputSection {
  const n = e.results.length;
  return {
    file: e.file,
    heading: `${e.file}: ${KIND_WORDS[e.kind]}${n ? `, ${n} result${n === 1 ? '' : 's'}` : ''}`,
    results: e.results.map(resultCard),
  };
}
