// Basic SMTP reply codes: what each three-digit code means, in plain words.
// RFC 5321 §4.2.2 lists the codes by command and §4.2.3 in numeric order; the AUTH extension
// (RFC 4954 §4 and §6), RFC 7504 (521/556) and ETRN (RFC 1985) add a few more.

export interface ReplyCodeInfo {
  code: number;
  /** A few words for a compact annotation line, e.g. "Transaction failed". */
  title: string;
  /** One short sentence a new mail admin can read at a glance. */
  meaning: string;
  ref: string;
}

export const REPLY_CODES: readonly ReplyCodeInfo[] = [
  {
    code: 211,
    title: 'System status',
    meaning: 'System status or a reply to HELP about the system.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 214,
    title: 'Help message',
    meaning: 'Help text meant for a human reader (the answer to HELP).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 220,
    title: 'Service ready',
    meaning: 'The service is ready: the greeting, or "go ahead with the TLS handshake" after STARTTLS.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 221,
    title: 'Closing connection',
    meaning: 'The server is closing the connection, normally in answer to QUIT.',
    ref: 'RFC 5321 §4.2.3',
  },
  { code: 235, title: 'Authentication succeeded', meaning: 'Authentication succeeded.', ref: 'RFC 4954 §6' },
  { code: 250, title: 'OK', meaning: 'The command worked.', ref: 'RFC 5321 §4.2.3' },
  {
    code: 251,
    title: 'User not local; will forward',
    meaning: 'The recipient is not local, but the server will forward the message.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 252,
    title: 'Cannot verify; will try delivery',
    meaning: 'The server cannot confirm the address (VRFY) but will accept mail for it and try to deliver.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 253,
    title: 'ETRN: delivery started',
    meaning: 'ETRN accepted: the server has started delivering the mail it queued for that domain.',
    ref: 'RFC 1985',
  },
  {
    code: 334,
    title: 'AUTH challenge',
    meaning: "AUTH in progress: the server sends a base64 challenge and waits for the client's answer.",
    ref: 'RFC 4954 §4',
  },
  {
    code: 354,
    title: 'Start mail input',
    meaning: 'Send the message now; finish it with a line holding only a dot (<CRLF>.<CRLF>).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 421,
    title: 'Service not available',
    meaning: 'The service is not available right now and the server is closing the connection; try again later.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 432,
    title: 'Password transition needed',
    meaning: 'The user must move to a new authentication mechanism (a password transition is needed).',
    ref: 'RFC 4954 §6',
  },
  {
    code: 450,
    title: 'Mailbox unavailable (temporary)',
    meaning: 'Temporary refusal: the mailbox is unavailable for now (busy, or held by policy such as greylisting).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 451,
    title: 'Local error in processing (temporary)',
    meaning: 'Temporary refusal: the server hit a local error while processing; try again later.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 452,
    title: 'Insufficient storage (temporary)',
    meaning: 'Temporary refusal: the server is short of storage, or too many recipients were given.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 454,
    title: 'TLS or AUTH temporarily unavailable',
    meaning: 'Temporary failure of TLS or authentication on the server side; try again later.',
    ref: 'RFC 4954 §6',
  },
  {
    code: 455,
    title: 'Parameters not accepted (temporary)',
    meaning: 'The server cannot handle the MAIL or RCPT parameters right now.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 458,
    title: 'ETRN: cannot queue',
    meaning: 'ETRN refused for now: the server cannot queue mail for that node.',
    ref: 'RFC 1985',
  },
  {
    code: 459,
    title: 'ETRN: not allowed',
    meaning: 'ETRN refused: that node is not allowed to start a queue run.',
    ref: 'RFC 1985',
  },
  {
    code: 500,
    title: 'Syntax error, command unrecognised',
    meaning:
      'Syntax error: the command was not recognised or the line was too long (with AUTH: the answer line was too long).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 501,
    title: 'Syntax error in parameters',
    meaning: "Syntax error in the command's parameters or arguments.",
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 502,
    title: 'Command not implemented',
    meaning: 'The server knows the command but does not implement it.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 503,
    title: 'Bad sequence of commands',
    meaning: 'Commands were sent in the wrong order (for example MAIL before EHLO, or AUTH twice).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 504,
    title: 'Parameter not implemented',
    meaning: 'A parameter of the command is not implemented (with AUTH: the mechanism is not supported).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 521,
    title: 'Host does not accept mail',
    meaning: 'This host never accepts mail; the client should not retry.',
    ref: 'RFC 7504',
  },
  {
    code: 530,
    title: 'Authentication or encryption required',
    meaning: 'Access denied until a condition is met: usually "authenticate first" or "issue STARTTLS first".',
    ref: 'RFC 4954 §6',
  },
  {
    code: 534,
    title: 'Mechanism too weak',
    meaning: 'The chosen authentication mechanism is too weak for this account.',
    ref: 'RFC 4954 §6',
  },
  {
    code: 535,
    title: 'Authentication failed',
    meaning: 'Authentication failed: the credentials were not accepted.',
    ref: 'RFC 4954 §6',
  },
  {
    code: 538,
    title: 'Encryption required for this AUTH mechanism',
    meaning: 'This authentication mechanism may only be used over an encrypted connection.',
    ref: 'RFC 4954 §6',
  },
  {
    code: 550,
    title: 'Mailbox unavailable',
    meaning: 'Permanent refusal: the mailbox is unavailable (does not exist, or access is denied by policy).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 551,
    title: 'User not local',
    meaning: 'The recipient is not local; the server names another address to try and will not forward.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 552,
    title: 'Storage allocation exceeded',
    meaning: 'Permanent refusal: a storage allocation was exceeded (message too large, or mailbox over quota).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 553,
    title: 'Mailbox name not allowed',
    meaning: 'Permanent refusal: the mailbox name is not allowed (bad syntax, or not accepted here).',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 554,
    title: 'Transaction failed',
    meaning: 'The transaction failed; at the greeting it means "no SMTP service here for you".',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 555,
    title: 'Parameters not recognised',
    meaning: 'A MAIL FROM or RCPT TO parameter was not recognised or is not implemented.',
    ref: 'RFC 5321 §4.2.3',
  },
  {
    code: 556,
    title: 'Domain does not accept mail',
    meaning: "The recipient's domain does not accept mail (for example it publishes a null MX).",
    ref: 'RFC 7504',
  },
];

const BY_CODE = new Map<number, ReplyCodeInfo>(REPLY_CODES.map((r) => [r.code, r]));

/** First digit of a reply code (RFC 5321 §4.2.1). 1yz is defined but unused by SMTP today. */
export const REPLY_CLASSES: Readonly<Record<number, string>> = {
  1: 'Positive preliminary reply (not used by SMTP today)',
  2: 'Success: the command was completed',
  3: 'Intermediate: the server needs more input before it can finish',
  4: 'Temporary failure: the same command may work if tried again later',
  5: 'Permanent failure: repeating the same command will not work',
};

/** Second digit of a reply code (RFC 5321 §4.2.1). */
export const REPLY_CATEGORIES: Readonly<Record<number, string>> = {
  0: 'syntax',
  1: 'information',
  2: 'the connection',
  3: 'unspecified',
  4: 'unspecified',
  5: 'the mail system',
};

/** The entry for a known code, or null. */
export function replyCodeInfo(code: number): ReplyCodeInfo | null {
  return BY_CODE.get(code) ?? null;
}

/**
 * A short meaning for any reply code. Known codes get their own sentence; other valid codes
 * (100-599) fall back to what the first and second digits say (RFC 5321 §4.2.1).
 */
export function describeReplyCode(code: number): string {
  const known = BY_CODE.get(code);
  if (known) return known.meaning;
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    return 'Not a valid SMTP reply code: a reply code has three digits and starts with 2, 3, 4 or 5.';
  }
  const first = Math.floor(code / 100);
  const second = Math.floor(code / 10) % 10;
  const klass = REPLY_CLASSES[first];
  const category = REPLY_CATEGORIES[second];
  if (!klass) return 'Not a valid SMTP reply code: a reply code has three digits and starts with 2, 3, 4 or 5.';
  if (!category) return `${klass}. The second digit (${second}) is not one RFC 5321 defines.`;
  return `${klass}, about ${category}. This exact code is not a standard one.`;
}

const CLASS_TITLES: Readonly<Record<number, string>> = {
  2: 'Success',
  3: 'Intermediate reply',
  4: 'Temporary failure',
  5: 'Permanent failure',
};

/** A few words for any reply code, for a compact annotation: the code's own title, or its
 * class (RFC 5321 §4.2.1) when the exact code is not a standard one. */
export function replyCodeTitle(code: number): string {
  const known = BY_CODE.get(code);
  if (known) return known.title;
  const klass = CLASS_TITLES[Math.floor(code / 100)];
  return klass ? `${klass} (non-standard code)` : 'Not a valid reply code';
}
