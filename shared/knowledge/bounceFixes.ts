// What to do about each bounce reason, for a result no catalog finding covers (a bounce whose
// text names no reply a session could meet: a queue that expired, a mailbox over quota seen
// only as "5.2.2"). Written for the admin of the sending side, who is the one holding it.
import type { BounceReason } from './bounceReason';

export const REASON_FIXES: Record<BounceReason, { fix: string; refs: string[] }> = {
  blocked: {
    fix: "Look up the sending server's IP address in the blocklist the text names and follow its delisting steps; check that the IP has reverse DNS matching a forward name and that HELO gives that name. Until then, send through a relay with a good reputation.",
    refs: ['RFC 5321 §4.1.4', 'RFC 3463 §3.8'],
  },
  contenterror: {
    fix: 'Fix the message, not the server: a malformed header, bare LF line ends or 8-bit data without 8BITMIME. Send the same message to a test mailbox and read its raw source.',
    refs: ['RFC 5322 §2.2', 'RFC 5321 §2.3.8', 'RFC 6152'],
  },
  delivered: { fix: 'Nothing: the message was delivered.', refs: ['RFC 3464 §2.3.3'] },
  exceedlimit: {
    fix: "Send a smaller message (a link instead of the attachment), or ask the recipient's admin to raise the per-mailbox limit.",
    refs: ['RFC 3463 §3.3'],
  },
  expired: {
    fix: 'The message was retried until its queue lifetime ran out. Read the last reply or error it got (above): that is the problem to fix. Then check that the destination is reachable on port 25 from the sending server, and that its MX records are right.',
    refs: ['RFC 5321 §4.5.4.1', 'RFC 3463 §3.5'],
  },
  feedback: {
    fix: 'A recipient reported the message as spam. Remove them from the list, and check the message was wanted (consent, a working unsubscribe link, RFC 8058).',
    refs: ['RFC 5965', 'RFC 8058'],
  },
  filtered: {
    fix: "The recipient's filter refused the message once it saw it. Send a plain test message; if that passes, change the content the filter objects to, or ask the recipient to allow your sender.",
    refs: ['RFC 5321 §4.2.5', 'RFC 3463 §3.8'],
  },
  hasmoved: {
    fix: 'Update the address book or list to the new address, if the bounce gives one, and send again.',
    refs: ['RFC 3463 §3.2'],
  },
  hostunknown: {
    fix: "Check the recipient's domain for typing errors, and that it has MX (or A) records: `smtp-lens domain DOMAIN`. A null MX (RFC 7505) means the domain takes no mail at all.",
    refs: ['RFC 5321 §5.1', 'RFC 7505', 'RFC 3463 §3.2'],
  },
  mailboxfull: {
    fix: 'The recipient must clear space, or their admin raise the quota; nothing on the sending side fixes it. Tell them another way, and send again later.',
    refs: ['RFC 3463 §3.3'],
  },
  mailererror: {
    fix: "The recipient's delivery program failed (a pipe, a script, a filter). Only the recipient's admin can fix it: send them this bounce.",
    refs: ['RFC 3463 §3.4'],
  },
  mesgtoobig: {
    fix: "Send a smaller message: the receiving server's limit is in its EHLO SIZE line (`smtp-lens probe HOST --port 25 --quit-after ehlo` shows it). Share large files by link.",
    refs: ['RFC 1870', 'RFC 3463 §3.4'],
  },
  networkerror: {
    fix: 'Check that the sending server can reach the destination on port 25 (a firewall, a provider that blocks 25, a wrong or dead MX): probe it from the sending server.',
    refs: ['RFC 5321 §4.5.4.1', 'RFC 3463 §3.5'],
  },
  norelaying: {
    fix: "The server that refused is not the destination for this recipient. If you are its user, log in on the submission port. Otherwise the recipient domain's MX records point at the wrong server.",
    refs: ['RFC 5321 §3.6.2', 'RFC 3463 §3.8'],
  },
  notaccept: {
    fix: 'The destination takes no mail (a null MX, or a server that refuses every session). Check the address with the recipient by another way.',
    refs: ['RFC 7505', 'RFC 3463 §3.5'],
  },
  onhold: {
    fix: 'The report says too little to decide. Look at the Diagnostic-Code and the sending server log for this recipient.',
    refs: ['RFC 3464 §2.3.6'],
  },
  policyviolation: {
    fix: "Read the rule the text names. For SPF, DKIM or DMARC failures, check the sender domain's records (`smtp-lens domain SENDER-DOMAIN --sender-domain SENDER-DOMAIN`) and that the sending server signs with DKIM.",
    refs: ['RFC 7208', 'RFC 6376', 'RFC 7489', 'RFC 3463 §3.8'],
  },
  rejected: {
    fix: 'The sender address was refused. Check that the sender domain exists and has MX or A records, that SPF allows this server, and that the envelope sender is an address you own.',
    refs: ['RFC 5321 §3.3', 'RFC 3463 §3.2'],
  },
  securityerror: {
    fix: 'Check the login and the TLS settings of the sending server against what the receiving one requires: `smtp-lens probe HOST --port 25 --quit-after tls` shows the certificate and the STARTTLS offer.',
    refs: ['RFC 3207', 'RFC 4954', 'RFC 3463 §3.8'],
  },
  spamdetected: {
    fix: "The receiver's filter judged the message spam. Check SPF, DKIM and DMARC of the sender domain, the sending IP's reputation, and the content; the provider's postmaster pages name what they check.",
    refs: ['RFC 3463 §3.8', 'RFC 7489'],
  },
  suspend: {
    fix: 'The mailbox exists but is disabled. Reach the recipient another way; sending again will not help until it is enabled.',
    refs: ['RFC 3463 §3.3'],
  },
  syntaxerror: {
    fix: "The receiving server did not understand a command: check the sending software's address syntax and SMTP extensions (a probe shows the exchange line by line).",
    refs: ['RFC 5321 §4.2.2', 'RFC 3463 §3.6'],
  },
  systemerror: {
    fix: "An error inside the receiving server. A temporary one usually clears; if it persists, send the bounce to the recipient's admin.",
    refs: ['RFC 3463 §3.4'],
  },
  systemfull: {
    fix: 'The receiving server is out of storage. Only its admin can fix it; the sending server retries a temporary failure on its own.',
    refs: ['RFC 3463 §3.4'],
  },
  toomanyconn: {
    fix: 'Send more slowly: fewer connections, messages or recipients per session. Real MTAs back off and retry on their own; scripts and applications must too.',
    refs: ['RFC 5321 §4.5.3.1.10', 'RFC 3463 §3.5'],
  },
  undefined: {
    fix: "The text names no reason. Look at the sending server's log for this recipient, or probe the receiving server to see its reply.",
    refs: ['RFC 3463'],
  },
  userunknown: {
    fix: 'Check the address for typing errors with the recipient by another way; remove it from lists if it is gone. Nothing on the sending server fixes it.',
    refs: ['RFC 5321 §3.3', 'RFC 3463 §3.2'],
  },
  vacation: { fix: 'Nothing: the mailbox exists and answered by itself.', refs: ['RFC 3834'] },
  virusdetected: {
    fix: 'Scan the sending computer and the attachment; send the document in another form if it was a false alarm.',
    refs: ['RFC 3463 §3.7'],
  },
};
