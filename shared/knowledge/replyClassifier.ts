// How SMTP Lens reads a failed reply: which finding it produces. A known server text
// (serverSignatures.ts) wins, because it says more than any number; otherwise the reply code,
// the enhanced status code and the point of the session decide (RFC 5321 §4.2, RFC 3463).
// It lives in shared/ so the engine's rules, the UI and the tests read a reply the same way.

import type { FindingId } from '../findings/catalog';
import type { Stage } from '../transcript';
import { matchServerSignature, type ServerSignature } from './serverSignatures';

export interface ReplyFacts {
  code: number | null;
  enhanced: string | null;
  /** The reply text, or the raw reply lines joined by "\n". */
  text: string;
  /** Where in the session the reply came; null when unknown (a reply quoted out of context). */
  stage: Stage | null;
  /** The command it answered ("EHLO", "HELO", "AUTH", ...); empty when unknown. */
  verb?: string;
  /** Whether TLS was up when the reply came. */
  tlsUp?: boolean;
  /** The product the server names in its greeting (identifyServer), or null. */
  server?: string | null;
}

export interface ReplyReading {
  /** The finding this reply produces at this point of the session, or null for none. */
  findingId: FindingId | null;
  /**
   * What the reply says, wherever it came: the signature's finding or the generic reading.
   * It equals findingId except at the greeting, where every refusal is smtp.banner-rejected
   * and the reason picks the wording (too many connections, a blocklist, "not now").
   */
  reason: FindingId | null;
  signature: ServerSignature | null;
}

const RATE = /too many (concurrent )?(connections|messages|recipients)|rate limit/i;
const UNKNOWN_USER = /user unknown|no such user|unknown user|mailbox unavailable|recipient not found/i;

/** Replies to AUTH (RFC 4954 §6). */
function authReading(code: number): FindingId {
  if (code === 504) return 'auth.mechanism-unsupported';
  // 500/502: the server does not know AUTH at all, or not on this connection.
  if (code === 500 || code === 502) return 'auth.not-offered';
  return code < 500 ? 'smtp.temporary-failure' : 'auth.failed';
}

/** The reading of a 4xx/5xx reply when no known server text matched. */
function genericReading(f: ReplyFacts, code: number): FindingId | null {
  const enhanced = f.enhanced ?? '';
  const { text, stage } = f;
  if (stage === 'ehlo') {
    // RFC 5321 §4.1.4: 500/502 to EHLO means "I only know HELO"; the client falls back to HELO
    // and nothing is wrong yet. Any other refusal, or a refused HELO, is a real rejection.
    if ((code === 500 || code === 502) && f.verb !== 'HELO') return null;
    return code === 421 ? 'smtp.temporary-failure' : 'smtp.ehlo-rejected';
  }
  if (stage === 'tls') return 'tls.starttls-failed';
  // RFC 4954 §6: 538 / 5.7.11 "encryption required for requested authentication mechanism".
  if (code === 538 || enhanced === '5.7.11') return 'auth.encryption-required';
  // RFC 3207 §4: 530 "Must issue a STARTTLS command first"; a bare 530 5.7.0 before TLS reads the same.
  if (code === 530 && (/tls|ssl|encrypt/i.test(text) || (enhanced === '5.7.0' && !f.tlsUp && !/auth/i.test(text))))
    return 'tls.encryption-required';
  // RFC 4954 §6: 530 5.7.0 "Authentication required".
  if (code === 530 || enhanced === '5.7.57') return 'auth.required';
  if (stage === 'auth') return authReading(code);
  // RFC 4954 §6: 534 (mechanism too weak, or an app password needed) and 535 only answer AUTH.
  if (code === 534 || code === 535) return 'auth.failed';
  if (/gr[ae]y ?list/i.test(text)) return 'smtp.greylisted';
  if (RATE.test(text) || enhanced === '4.5.3' || enhanced === '5.5.3') return 'smtp.rate-limited';
  if (/relay/i.test(text) && (stage === 'rcpt' || code >= 500)) return 'smtp.relay-denied';
  if (enhanced === '4.2.2' || enhanced === '5.2.2') return 'smtp.temporary-failure';
  if (code === 552 || enhanced === '5.3.4' || enhanced === '5.2.3') return 'smtp.message-too-large';
  if (stage === 'mail' && code >= 500) return 'smtp.sender-rejected';
  if (enhanced === '5.1.1' || enhanced === '5.1.10' || UNKNOWN_USER.test(text)) return 'smtp.recipient-unknown';
  if (/^[45]\.1\.[78]$/.test(enhanced)) return 'smtp.sender-rejected';
  if (code < 500) return 'smtp.temporary-failure';
  return 'smtp.policy-rejected';
}

/** Reads one reply. Only 4xx and 5xx replies produce findings (RFC 5321 §4.2.1). */
export function readReply(f: ReplyFacts): ReplyReading {
  if (f.code === null || f.code < 400) return { findingId: null, reason: null, signature: null };
  const signature = matchServerSignature(f.code, f.enhanced, f.text, f.server ?? null);
  if (f.stage === 'banner') {
    // RFC 5321 §3.1, §4.3.1: a 4xx/5xx instead of the 220 greeting refuses the whole session
    // before the client has said anything. What the text says only picks the wording.
    const reason = signature?.findingId ?? genericReading({ ...f, stage: null }, f.code);
    return { findingId: 'smtp.banner-rejected', reason, signature };
  }
  const reason = signature?.findingId ?? genericReading(f, f.code);
  return { findingId: reason, reason, signature };
}
