// What a reply does to the session, written once. An automatic run (commandSteps.ts) and a
// line typed in the terminal (manualDriver.ts) both call these right after the reply to the
// command they sent, so the two can never disagree about where the conversation stands.
import type { ReplyEvent } from '../../shared/transcript';
import type { Conversation } from './conversation';
import { replyLineText } from './replyReader';
import { printablePreview, startTls } from './tls/tlsStep';

const isPositive = (r: ReplyEvent) => r.code !== null && r.code >= 200 && r.code < 300;

/** The EHLO keywords of a reply: every line after the first (RFC 5321 §4.1.1.1). */
function capabilitiesOf(reply: ReplyEvent): string[] {
  return reply.lines
    .slice(1)
    .map((line) => replyLineText(line).trim().toUpperCase())
    .filter(Boolean);
}

/** RFC 3207 §4.2 / §6: anything received after the 220 and before the handshake was not
 * protected by TLS and could have been injected; it must be thrown away, and we say so. */
function discardUnprotectedBytes(c: Conversation): void {
  const leftover = c.conn?.drainUnread() ?? '';
  if (!leftover) return;
  const bytes = Buffer.byteLength(leftover).toString();
  const preview = printablePreview(Buffer.from(leftover));
  c.note(
    'tls',
    `Discarded ${bytes} bytes the server sent after "220" and before the TLS handshake: "${preview}".`,
    'starttls-plaintext-discarded',
    { bytes, preview },
  );
}

/** Each returns whether the command did what was asked. */
export const AFTER_REPLY = {
  ehlo(c: Conversation, reply: ReplyEvent, helo: boolean): boolean {
    if (isPositive(reply)) {
      c.progress.greeted = true;
      c.progress.heloNeeded = false;
      c.progress.capabilities = helo ? [] : capabilitiesOf(reply);
      c.reach('ehlo');
      return true;
    }
    // RFC 5321 §4.1.4: a server that does not know EHLO answers 500/502; fall back to HELO.
    if (!helo && (reply.code === 500 || reply.code === 502)) c.progress.heloNeeded = true;
    return false;
  },

  /** RFC 3207 §4: after a 220 the handshake runs on the same connection. */
  async starttls(c: Conversation, reply: ReplyEvent): Promise<boolean> {
    c.progress.starttlsTried = true;
    if (reply.code !== 220) return false;
    discardUnprotectedBytes(c);
    return startTls(c, 'starttls');
  },

  /** RFC 4954 §4: 334 asks for the next SASL response, 235 is success. */
  auth(c: Conversation, reply: ReplyEvent): boolean {
    c.progress.expects = reply.code === 334 ? 'sasl' : 'command';
    if (reply.code === 235) c.reach('auth');
    return reply.code === 235 || reply.code === 334;
  },

  mail(c: Conversation, reply: ReplyEvent): boolean {
    if (!isPositive(reply)) return false;
    c.reach('mail');
    return true;
  },

  rcpt(c: Conversation, reply: ReplyEvent): boolean {
    if (!isPositive(reply)) return false;
    c.progress.rcptAccepted++;
    c.reach('rcpt');
    return true;
  },

  /** RFC 5321 §4.1.1.4: only 354 invites the message, which runs until a line with a lone ".". */
  data(c: Conversation, reply: ReplyEvent): boolean {
    if (reply.code !== 354) return false;
    c.progress.expects = 'data';
    return true;
  },

  /** The verdict on the message, after its final ".". */
  message(c: Conversation, reply: ReplyEvent): boolean {
    c.progress.expects = 'command';
    if (!isPositive(reply)) return false;
    c.reach('data');
    return true;
  },

  /** RFC 5321 §4.1.1.10: QUIT, a 221, and the connection closes. */
  quit(c: Conversation, reply: ReplyEvent): boolean {
    c.progress.quitSent = true;
    if (reply.code === 221) c.reach('quit');
    if (!c.progress.closed) c.close('client');
    return reply.code === 221;
  },
};
