// Every enumerated entry of the IANA "SMTP Enhanced Status Codes" registry (RFC 5248 created
// it; RFC 3463 §3 defines the original codes). Titles follow the registry's sample text,
// shortened where it was long; meanings are our own plain words. Codes are written with an X
// for the class because the same subject.detail is used with class 2, 4 or 5.

export interface EnhancedCodeEntry {
  /** 'X.7.1' form. */
  code: string;
  title: string;
  meaning: string;
  ref: string;
}

const A = 'RFC 3463 §3.2';
const M = 'RFC 3463 §3.3';
const S = 'RFC 3463 §3.4';
const N = 'RFC 3463 §3.5';
const P = 'RFC 3463 §3.6';
const C = 'RFC 3463 §3.7';
const Y = 'RFC 3463 §3.8';

export const ENHANCED_CODE_TABLE: readonly EnhancedCodeEntry[] = [
  {
    code: 'X.0.0',
    title: 'Other undefined status',
    meaning: 'Only the class (success, temporary or permanent) is known; the server gave no detail.',
    ref: 'RFC 3463 §3.1',
  },

  // X.1: addressing
  {
    code: 'X.1.0',
    title: 'Other address status',
    meaning: 'Something about an address (sender or recipient) caused this result.',
    ref: A,
  },
  {
    code: 'X.1.1',
    title: 'Bad destination mailbox address',
    meaning: 'The mailbox does not exist: the part before the @ is not known at the destination.',
    ref: A,
  },
  {
    code: 'X.1.2',
    title: 'Bad destination system address',
    meaning: 'The part after the @ does not exist or cannot receive mail.',
    ref: A,
  },
  {
    code: 'X.1.3',
    title: 'Bad destination mailbox address syntax',
    meaning: 'The recipient address is not written correctly.',
    ref: A,
  },
  {
    code: 'X.1.4',
    title: 'Destination mailbox address ambiguous',
    meaning: 'The address matches more than one mailbox at the destination, so it cannot be delivered as given.',
    ref: A,
  },
  {
    code: 'X.1.5',
    title: 'Destination address valid',
    meaning: 'The recipient address is fine (used with success replies).',
    ref: A,
  },
  {
    code: 'X.1.6',
    title: 'Destination mailbox has moved, no forwarding address',
    meaning: 'The address used to work but no longer accepts mail, and no new address is known.',
    ref: A,
  },
  {
    code: 'X.1.7',
    title: "Bad sender's mailbox address syntax",
    meaning: 'The sender address (MAIL FROM) is not written correctly.',
    ref: A,
  },
  {
    code: 'X.1.8',
    title: "Bad sender's system address",
    meaning: "The sender's domain does not exist or cannot take bounces, so the server will not accept mail from it.",
    ref: A,
  },
  {
    code: 'X.1.9',
    title: 'Message relayed to non-compliant mailer',
    meaning: 'The address was valid, but the message went on to a system that cannot report further status.',
    ref: 'RFC 3886',
  },
  {
    code: 'X.1.10',
    title: 'Recipient address has null MX',
    meaning: 'The recipient\'s domain publishes a "null MX", which says it never receives mail.',
    ref: 'RFC 7505',
  },

  // X.2: mailbox
  {
    code: 'X.2.0',
    title: 'Other or undefined mailbox status',
    meaning: 'The mailbox exists, but something about it caused this result.',
    ref: M,
  },
  {
    code: 'X.2.1',
    title: 'Mailbox disabled, not accepting messages',
    meaning: 'The mailbox exists but is switched off, for a while or for good.',
    ref: M,
  },
  {
    code: 'X.2.2',
    title: 'Mailbox full',
    meaning: 'The recipient is over quota. Mail will go through again once they free some space.',
    ref: M,
  },
  {
    code: 'X.2.3',
    title: 'Message length exceeds administrative limit',
    meaning: 'The message is bigger than this particular mailbox allows.',
    ref: M,
  },
  {
    code: 'X.2.4',
    title: 'Mailing list expansion problem',
    meaning: 'The address is a mailing list and the list could not be expanded into its members.',
    ref: M,
  },

  // X.3: mail system
  {
    code: 'X.3.0',
    title: 'Other or undefined mail system status',
    meaning: 'The destination normally accepts mail, but something about the system caused this result.',
    ref: S,
  },
  { code: 'X.3.1', title: 'Mail system full', meaning: 'The receiving system has run out of storage.', ref: S },
  {
    code: 'X.3.2',
    title: 'System not accepting network messages',
    meaning: 'The host is not taking mail, for example while shutting down, overloaded or in maintenance.',
    ref: S,
  },
  {
    code: 'X.3.3',
    title: 'System not capable of selected features',
    meaning: 'The message asked for features the destination does not support.',
    ref: S,
  },
  {
    code: 'X.3.4',
    title: 'Message too big for system',
    meaning: 'The message is bigger than the system-wide size limit.',
    ref: S,
  },
  {
    code: 'X.3.5',
    title: 'System incorrectly configured',
    meaning: 'The receiving system is not set up in a way that lets it accept this message.',
    ref: S,
  },
  {
    code: 'X.3.6',
    title: 'Requested priority was changed',
    meaning: 'The message was accepted, but not at the priority the sender asked for (MT-PRIORITY).',
    ref: 'RFC 6710',
  },

  // X.4: network and routing
  {
    code: 'X.4.0',
    title: 'Other or undefined network or routing status',
    meaning: 'A network or routing problem happened that no more specific code describes.',
    ref: N,
  },
  {
    code: 'X.4.1',
    title: 'No answer from host',
    meaning: 'The next server did not answer the connection attempt.',
    ref: N,
  },
  {
    code: 'X.4.2',
    title: 'Bad connection',
    meaning: 'A connection was made but broke or timed out before the message got through.',
    ref: N,
  },
  {
    code: 'X.4.3',
    title: 'Directory server failure',
    meaning: 'A lookup service, usually DNS, could not be reached.',
    ref: N,
  },
  {
    code: 'X.4.4',
    title: 'Unable to route',
    meaning:
      'The server could not work out where to send the message next, for example because the domain has no usable MX or address.',
    ref: N,
  },
  { code: 'X.4.5', title: 'Mail system congestion', meaning: 'The mail system is too busy right now.', ref: N },
  {
    code: 'X.4.6',
    title: 'Routing loop detected',
    meaning: 'The message went round in a loop between servers or forwarding rules.',
    ref: N,
  },
  {
    code: 'X.4.7',
    title: 'Delivery time expired',
    meaning: 'The message waited in a queue for too long and the server gave up.',
    ref: N,
  },

  // X.5: mail delivery protocol
  {
    code: 'X.5.0',
    title: 'Other or undefined protocol status',
    meaning: 'Something went wrong in the SMTP exchange itself.',
    ref: P,
  },
  { code: 'X.5.1', title: 'Invalid command', meaning: 'A command was sent out of order or is not supported.', ref: P },
  {
    code: 'X.5.2',
    title: 'Syntax error',
    meaning: 'A command could not be understood: unknown, or badly written.',
    ref: P,
  },
  {
    code: 'X.5.3',
    title: 'Too many recipients',
    meaning: 'More recipients were given than the server will take in one message; the rest should be sent separately.',
    ref: P,
  },
  {
    code: 'X.5.4',
    title: 'Invalid command arguments',
    meaning: 'The command is valid but one of its arguments is not (out of range or unknown).',
    ref: P,
  },
  {
    code: 'X.5.5',
    title: 'Wrong protocol version',
    meaning: 'The two sides could not agree on a protocol version.',
    ref: P,
  },
  {
    code: 'X.5.6',
    title: 'Authentication exchange line is too long',
    meaning: 'During AUTH the client sent an answer longer than the server can hold for that mechanism.',
    ref: 'RFC 4954 §6',
  },

  // X.6: message content or media
  {
    code: 'X.6.0',
    title: 'Other or undefined media error',
    meaning: 'Something about the message content made it undeliverable.',
    ref: C,
  },
  {
    code: 'X.6.1',
    title: 'Media not supported',
    meaning: 'The kind of content in the message is not supported on the way to the recipient.',
    ref: C,
  },
  {
    code: 'X.6.2',
    title: 'Conversion required and prohibited',
    meaning: 'The content would have to be converted to be delivered, and conversion is not allowed.',
    ref: C,
  },
  {
    code: 'X.6.3',
    title: 'Conversion required but not supported',
    meaning: 'The content would have to be converted (for example 8-bit to 7-bit) and the server cannot do it.',
    ref: C,
  },
  {
    code: 'X.6.4',
    title: 'Conversion with loss performed',
    meaning: 'The message was delivered, but a conversion lost some of its content.',
    ref: C,
  },
  { code: 'X.6.5', title: 'Conversion failed', meaning: 'A needed conversion of the content did not work.', ref: C },
  {
    code: 'X.6.6',
    title: 'Message content not available',
    meaning: 'The content to send (BURL) could not be fetched from the remote store.',
    ref: 'RFC 4468',
  },
  {
    code: 'X.6.7',
    title: 'Non-ASCII addresses not permitted for that sender/recipient',
    meaning: 'An address with non-ASCII characters was used where the server does not allow it (SMTPUTF8).',
    ref: 'RFC 6531',
  },
  {
    code: 'X.6.8',
    title: 'UTF-8 string reply is required, but not permitted by the SMTP client',
    meaning: 'The server needs to answer with a UTF-8 mailbox name, but the client did not say it can accept one.',
    ref: 'RFC 6531',
  },
  {
    code: 'X.6.9',
    title: 'UTF-8 header message cannot be transferred to one or more recipients',
    meaning: 'The message has UTF-8 headers and some recipient cannot receive those, so it is refused after DATA.',
    ref: 'RFC 6531',
  },
  {
    code: 'X.6.10',
    title: 'Deprecated duplicate of X.6.8',
    meaning: 'Registered by mistake as a copy of X.6.8 and deprecated; treat it as X.6.8.',
    ref: 'RFC 6531 (IANA registry note)',
  },

  // X.7: security or policy
  {
    code: 'X.7.0',
    title: 'Other or undefined security status',
    meaning:
      'A security or policy rule caused this result; often the reason is hidden on purpose. Also used for "authenticate first" and "STARTTLS first".',
    ref: Y,
  },
  {
    code: 'X.7.1',
    title: 'Delivery not authorized, message refused',
    meaning:
      'Policy does not let this sender send to this destination: relay denied, blocklists, filters and similar rules.',
    ref: Y,
  },
  {
    code: 'X.7.2',
    title: 'Mailing list expansion prohibited',
    meaning: 'The sender is not allowed to post to this mailing list.',
    ref: Y,
  },
  {
    code: 'X.7.3',
    title: 'Security conversion required but not possible',
    meaning: 'The message had to be converted from one secure-messaging format to another and that was not possible.',
    ref: Y,
  },
  {
    code: 'X.7.4',
    title: 'Security features not supported',
    meaning: 'The message asked for security features the delivery path cannot support.',
    ref: Y,
  },
  {
    code: 'X.7.5',
    title: 'Cryptographic failure',
    meaning: 'A system allowed to check or decrypt the message could not, because a key was missing or bad.',
    ref: Y,
  },
  {
    code: 'X.7.6',
    title: 'Cryptographic algorithm not supported',
    meaning: 'A system allowed to check or decrypt the message does not support the algorithm used.',
    ref: Y,
  },
  {
    code: 'X.7.7',
    title: 'Message integrity failure',
    meaning: 'The message could not be checked because it was damaged or altered on the way.',
    ref: Y,
  },
  {
    code: 'X.7.8',
    title: 'Authentication credentials invalid',
    meaning: 'AUTH failed: wrong user name or password, or credentials that are not enough for this account.',
    ref: 'RFC 4954 §6',
  },
  {
    code: 'X.7.9',
    title: 'Authentication mechanism is too weak',
    meaning: 'The AUTH mechanism chosen is weaker than policy allows for this user; try a stronger one.',
    ref: 'RFC 4954 §6',
  },
  {
    code: 'X.7.10',
    title: 'Encryption needed',
    meaning: 'This authentication needs an encrypted connection first: use TLS (or a stronger mechanism).',
    ref: 'RFC 5248',
  },
  {
    code: 'X.7.11',
    title: 'Encryption required for requested authentication mechanism',
    meaning: 'That AUTH mechanism is allowed only over an encrypted connection.',
    ref: 'RFC 4954 §6',
  },
  {
    code: 'X.7.12',
    title: 'A password transition is needed',
    meaning: 'The account must log in once with PLAIN (over TLS) before the chosen mechanism can work.',
    ref: 'RFC 4954 §6',
  },
  {
    code: 'X.7.13',
    title: 'User account disabled',
    meaning: 'The credentials are right, but the account is disabled; only its administrator can re-enable it.',
    ref: 'RFC 5248',
  },
  {
    code: 'X.7.14',
    title: 'Trust relationship required',
    meaning: 'The submission server needs a configured trust with another server to fetch the content (BURL).',
    ref: 'RFC 5248',
  },
  {
    code: 'X.7.15',
    title: 'Priority level is too low',
    meaning: "The message's priority is below what the server accepts right now (MT-PRIORITY).",
    ref: 'RFC 6710',
  },
  {
    code: 'X.7.16',
    title: 'Message is too big for the specified priority',
    meaning: 'At this priority the server accepts only smaller messages.',
    ref: 'RFC 6710',
  },
  {
    code: 'X.7.17',
    title: 'Mailbox owner has changed',
    meaning: 'The recipient mailbox changed owner since the date the sender gave (RRVS), so it is not delivered.',
    ref: 'RFC 7293',
  },
  {
    code: 'X.7.18',
    title: 'Domain owner has changed',
    meaning: "The recipient's domain changed owner since the date the sender gave (RRVS).",
    ref: 'RFC 7293',
  },
  {
    code: 'X.7.19',
    title: 'RRVS test cannot be completed',
    meaning: 'The server cannot tell whether the mailbox changed owner, because it did not record the needed date.',
    ref: 'RFC 7293',
  },
  {
    code: 'X.7.20',
    title: 'No passing DKIM signature found',
    meaning: 'The message has no DKIM signature that verifies, and local policy requires one.',
    ref: 'RFC 7372 §3.1',
  },
  {
    code: 'X.7.21',
    title: 'No acceptable DKIM signature found',
    meaning: 'DKIM signatures verify, but none of them is from a signer local policy accepts.',
    ref: 'RFC 7372 §3.1',
  },
  {
    code: 'X.7.22',
    title: 'No valid author-matched DKIM signature found',
    meaning: 'No verifying DKIM signature matches the domain in the From header.',
    ref: 'RFC 7372 §3.1',
  },
  {
    code: 'X.7.23',
    title: 'SPF validation failed',
    meaning: 'SPF says the sending IP is not allowed to send for the MAIL FROM domain.',
    ref: 'RFC 7372 §3.2',
  },
  {
    code: 'X.7.24',
    title: 'SPF validation error',
    meaning: 'The SPF check could not be completed (DNS error or a broken SPF record).',
    ref: 'RFC 7372 §3.2',
  },
  {
    code: 'X.7.25',
    title: 'Reverse DNS validation failed',
    meaning: 'The sending IP has no matching reverse DNS (PTR) name, and local policy requires one.',
    ref: 'RFC 7372 §3.3',
  },
  {
    code: 'X.7.26',
    title: 'Multiple authentication checks failed',
    meaning: 'More than one sender-authentication check (SPF, DKIM, DMARC...) failed; the server does not say which.',
    ref: 'RFC 7372 §3.4',
  },
  {
    code: 'X.7.27',
    title: 'Sender address has null MX',
    meaning: "The sender's domain says it receives no mail (null MX), so bounces could not be returned.",
    ref: 'RFC 7505',
  },
  {
    code: 'X.7.28',
    title: 'Mail flood detected',
    meaning: 'The message looks like part of a flood of similar abusive messages.',
    ref: 'draft-levine-mailbomb-header (IANA registry)',
  },
  {
    code: 'X.7.29',
    title: 'ARC validation failure',
    meaning: 'The Authenticated Received Chain (ARC) headers on the message did not validate.',
    ref: 'RFC 8617',
  },
  {
    code: 'X.7.30',
    title: 'REQUIRETLS support required',
    meaning: 'The message demands REQUIRETLS and the next hop does not offer it over TLS, so it cannot be passed on.',
    ref: 'RFC 8689',
  },
];
