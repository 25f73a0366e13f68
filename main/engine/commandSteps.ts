import type { ReplyEvent } from '../../shared/transcript';
import { APP_VERSION } from '../../shared/appInfo';
import type { Conversation } from './conversation';
import { defaultEhloName } from './ehloName';
import { defaultTestMessage, dotStuff } from './message';
import { replyLineText } from './replyReader';
import { sendWithSmugglingProbe } from './smugglingProbe';
import { startTls, printablePreview } from './tlsStep';

/** How many message lines the transcript keeps; the rest is summarised in one note. */
export const MAX_RECORDED_BODY_LINES = 500;

const isPositive = (r: ReplyEvent) => r.code !== null && r.code >= 200 && r.code < 300;

export function ehloName(c: Conversation): string {
  return c.opts.ehlo ?? defaultEhloName(c.conn?.localAddress ?? '');
}

export function senderAddress(c: Conversation): string {
  const name = ehloName(c).replace(/^\[(IPv6:)?|\]$/g, '');
  return c.opts.from ?? `smtp-lens@${name.includes('.') && !/^[\d.]+$/.test(name) ? name : 'localhost.localdomain'}`;
}

/** The EHLO keywords of a reply: every line after the first (RFC 5321 §4.1.1.1). */
export function capabilitiesOf(reply: ReplyEvent): string[] {
  return reply.lines
    .slice(1)
    .map((line) => replyLineText(line).trim().toUpperCase())
    .filter(Boolean);
}

export async function runEhlo(c: Conversation, helo: boolean): Promise<void> {
  const verb = helo ? 'HELO' : 'EHLO';
  c.send('ehlo', `${verb} ${ehloName(c)}`);
  const reply = await c.reply('ehlo', c.timeouts.command);
  if (!reply) return;
  if (isPositive(reply)) {
    c.progress.greeted = true;
    c.progress.heloNeeded = false;
    c.progress.capabilities = helo ? [] : capabilitiesOf(reply);
    c.reach('ehlo');
  } else if (!helo && (reply.code === 500 || reply.code === 502)) {
    // RFC 5321 §4.1.4: a server that does not know EHLO answers 500/502; fall back to HELO.
    c.progress.heloNeeded = true;
  } else {
    c.progress.ending = true;
  }
}

/** RFC 3207 §4.2 / §6: anything received after the 220 and before the handshake was not
 * protected by TLS and could have been injected; it must be thrown away, and we say so. */
export function discardUnprotectedBytes(c: Conversation): void {
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

/** RFC 3207: STARTTLS, a 220, then the handshake on the same connection. */
export async function runStartTls(c: Conversation): Promise<void> {
  c.progress.starttlsTried = true;
  const probe = c.opts.probeStarttlsInjection === true;
  if (probe) sendWithInjectedNoop(c);
  else c.send('tls', 'STARTTLS');
  const reply = await c.reply('tls', c.timeouts.command);
  if (!reply) return;
  if (reply.code !== 220) {
    c.progress.ending = true;
    return;
  }
  discardUnprotectedBytes(c);
  if ((await startTls(c, 'starttls')) && probe) await listenForInjectedReply(c);
}

/** The NOOP rides in the same write (so the same TCP segment) as STARTTLS, as an attacker
 * on the path would insert it. Both lines are recorded as sent. */
function sendWithInjectedNoop(c: Conversation): void {
  c.note(
    'tls',
    'Security probe (asked for): "NOOP" goes in the same packet as STARTTLS. A correct server throws it away (RFC 3207 §4.2); a vulnerable one runs it inside TLS.',
    'starttls-injection-probe',
  );
  c.recorder.record({ type: 'send', stage: 'tls', line: 'STARTTLS' });
  c.recorder.record({ type: 'send', stage: 'tls', line: 'NOOP' });
  c.conn?.write('STARTTLS\r\nNOOP\r\n');
}

/** Inside TLS, before the client says anything: a reply now can only answer the injected
 * NOOP, which the server must have carried over from plaintext. */
async function listenForInjectedReply(c: Conversation): Promise<void> {
  const outcome = await c.conn!.readReply(Math.min(c.timeouts.command, 1_500), c.signal);
  if (outcome.ok) {
    c.recordOutcome('tls', outcome);
    c.note(
      'tls',
      'The server answered the NOOP sent before TLS, inside TLS: it ran a command that was injected in plaintext.',
      'starttls-injection-confirmed',
      { command: 'NOOP' },
    );
  } else if (outcome.failure.code === 'TIMEOUT') {
    c.note(
      'tls',
      'No answer to the injected NOOP: the server threw it away when TLS started, as it should.',
      'starttls-injection-refused',
    );
  } else {
    c.fail('tls', outcome.failure);
  }
}

async function simpleCommand(
  c: Conversation,
  stage: 'mail' | 'rcpt' | 'data',
  line: string,
  timeout = c.timeouts.command,
) {
  c.send(stage, line);
  return c.reply(stage, timeout);
}

export async function runMail(c: Conversation): Promise<void> {
  c.progress.mailTried = true;
  const reply = await simpleCommand(c, 'mail', `MAIL FROM:<${senderAddress(c)}>`);
  if (reply && isPositive(reply)) c.reach('mail');
  else c.progress.ending = true;
}

export async function runRcpt(c: Conversation, index: number): Promise<void> {
  const to = c.opts.to ?? [];
  c.progress.rcptNext = index + 1;
  const reply = await simpleCommand(c, 'rcpt', `RCPT TO:<${to[index]}>`);
  if (reply && isPositive(reply)) {
    c.progress.rcptAccepted++;
    c.reach('rcpt');
  }
}

export async function runData(c: Conversation): Promise<void> {
  c.progress.dataTried = true;
  const reply = await simpleCommand(c, 'data', 'DATA');
  // RFC 5321 §4.1.1.4: only 354 invites the message.
  if (reply?.code !== 354) c.progress.ending = true;
}

export function messageText(c: Conversation): string {
  return (
    c.opts.data ??
    defaultTestMessage({
      from: senderAddress(c),
      to: c.opts.to ?? [],
      ehloName: ehloName(c),
      target: `${c.opts.host}:${c.opts.port}`,
      version: APP_VERSION,
    })
  );
}

/** Sends the message and the final "." (RFC 5321 §4.1.1.4), then waits for the verdict. */
export async function runMessage(c: Conversation): Promise<void> {
  c.progress.messageSent = true;
  const lines = dotStuff(messageText(c));
  const probe = c.opts.probeSmuggling === true;
  if (!probe) c.conn?.write(`${[...lines, '.'].join('\r\n')}\r\n`);
  lines.slice(0, MAX_RECORDED_BODY_LINES).forEach((line) => {
    c.recorder.record({ type: 'send', stage: 'data', line, body: true });
  });
  if (lines.length > MAX_RECORDED_BODY_LINES) {
    const more = lines.length - MAX_RECORDED_BODY_LINES;
    c.note('data', `… ${more} more message lines sent (not shown).`);
  }
  let reply: ReplyEvent | null;
  if (probe) reply = await sendWithSmugglingProbe(c, lines);
  else {
    c.recorder.record({ type: 'send', stage: 'data', line: '.' });
    reply = await c.reply('data', c.timeouts.dataEnd);
  }
  if (reply && isPositive(reply)) c.reach('data');
  else c.progress.ending = true;
}

/** RFC 5321 §4.1.1.10: QUIT, a 221, and the connection closes. */
export async function runQuit(c: Conversation): Promise<void> {
  c.progress.quitSent = true;
  c.send('quit', 'QUIT');
  const reply = await c.reply('quit', c.timeouts.command);
  if (reply && reply.code === 221) c.reach('quit');
  if (!c.progress.closed) c.close('client');
}
