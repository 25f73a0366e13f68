// Enhanced status codes ("5.7.1"): class.subject.detail (RFC 3463 §2), sent after the basic
// reply code by servers that advertise ENHANCEDSTATUSCODES (RFC 2034). The enumerated entries
// live in enhancedStatusCodeTable.ts; this file holds the class and subject meanings and the
// lookup.

import { ENHANCED_CODE_TABLE, type EnhancedCodeEntry } from './enhancedStatusCodeTable';

export type { EnhancedCodeEntry } from './enhancedStatusCodeTable';

/** Every enumerated code of the IANA registry, in registry order. */
export const ENHANCED_CODES: readonly EnhancedCodeEntry[] = ENHANCED_CODE_TABLE;

/** The three classes (RFC 3463 §2; IANA "Class Sub-Codes"). */
export const ENHANCED_CLASSES: Readonly<Record<string, { title: string; meaning: string }>> = {
  '2': {
    title: 'Success',
    meaning:
      'Success: the action was carried out. The detail may note something done on the way, such as a conversion.',
  },
  '4': {
    title: 'Persistent transient failure',
    meaning:
      'Temporary failure: the message itself is fine, but a condition that may clear up stopped it for now. Sending again later may work.',
  },
  '5': {
    title: 'Permanent failure',
    meaning:
      'Permanent failure: sending the same thing again will not work. Something about the message or the destination has to change first.',
  },
};

/** The eight subjects (RFC 3463 §2; IANA "Subject Sub-Codes"). */
export const ENHANCED_SUBJECTS: Readonly<Record<string, { title: string; meaning: string }>> = {
  '0': { title: 'Other or undefined status', meaning: 'No further information about what area the problem is in.' },
  '1': {
    title: 'Addressing status',
    meaning: 'About the sender or recipient address: its syntax or whether it exists. Usually the sender can fix it.',
  },
  '2': {
    title: 'Mailbox status',
    meaning: "About the recipient's mailbox, which exists: for example full or disabled.",
  },
  '3': {
    title: 'Mail system status',
    meaning: 'About the receiving mail system as a whole: storage, size limits, configuration.',
  },
  '4': {
    title: 'Network and routing status',
    meaning: 'About the network or routing between systems: DNS, connections, loops, delays.',
  },
  '5': {
    title: 'Mail delivery protocol status',
    meaning: 'About the SMTP conversation itself: bad commands, syntax, arguments.',
  },
  '6': {
    title: 'Message content or media status',
    meaning: 'About the message content: media types, conversions, UTF-8.',
  },
  '7': {
    title: 'Security or policy status',
    meaning: 'About security or policy: authentication, encryption, relaying, anti-spam rules.',
  },
};

// RFC 3463 §2: class is 2, 4 or 5; subject and detail are 1-3 digits without leading zeros.
// We also accept the registry's 'X.s.d' spelling.
const ENHANCED_RE = /^([245Xx])\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

const BY_CODE = new Map<string, EnhancedCodeEntry>(ENHANCED_CODE_TABLE.map((e) => [e.code, e]));

export interface EnhancedCodeDescription {
  /** The code as given, normalised (class upper-cased for the 'X' form). */
  code: string;
  classMeaning: string;
  /** What the subject (middle number) is about. */
  subject: string;
  /** Registry title, or null when the detail is not registered. */
  title: string | null;
  meaning: string | null;
  ref: string | null;
}

/**
 * Describe an enhanced status code such as '5.7.1'. Returns null when the text is not a
 * syntactically valid code. An unregistered detail ('5.7.99') still gets its class and
 * subject meaning, with title, meaning and ref null.
 */
export function describeEnhancedCode(enhanced: string): EnhancedCodeDescription | null {
  if (typeof enhanced !== 'string') return null;
  const m = ENHANCED_RE.exec(enhanced.trim());
  if (!m) return null;
  const klass = m[1].toUpperCase();
  const code = `${klass}.${m[2]}.${m[3]}`;
  const classMeaning =
    klass === 'X'
      ? 'Any class: the same detail is used for success, temporary and permanent results.'
      : ENHANCED_CLASSES[klass].meaning;
  const subj = ENHANCED_SUBJECTS[m[2]];
  const subject = subj
    ? `${subj.title}: ${subj.meaning}`
    : `Subject ${m[2]} is not defined by RFC 3463 or the IANA registry.`;
  const entry = BY_CODE.get(`X.${m[2]}.${m[3]}`);
  return {
    code,
    classMeaning,
    subject,
    title: entry?.title ?? null,
    meaning: entry?.meaning ?? null,
    ref: entry?.ref ?? null,
  };
}

/** One line for a transcript annotation, e.g. "5.7.1 Delivery not authorized, message refused: ...". */
export function enhancedCodeSummary(enhanced: string): string | null {
  const d = describeEnhancedCode(enhanced);
  if (!d) return null;
  if (d.title) return `${d.code} ${d.title}: ${d.meaning}`;
  return `${d.code} (not in the registry). ${d.subject}`;
}

/** A few words for a compact annotation: the registry title, or the subject's title when the
 * detail is not registered ("Security or policy status, unregistered detail"). */
export function enhancedCodeTitle(enhanced: string): string | null {
  const d = describeEnhancedCode(enhanced);
  if (!d) return null;
  if (d.title) return d.title;
  const subject = ENHANCED_SUBJECTS[d.code.split('.')[1]];
  return subject ? `${subject.title}, unregistered detail` : 'Unregistered code';
}
