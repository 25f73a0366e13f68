import type { ReplyEvent } from '../../shared/transcript';
import { APP_VERSION } from '../../shared/appInfo';
import type { Conversation } from './conversation';
import { defaultEhloName } from './ehloName';
import { defaultTestMessage, dotStuff } from './message';
import { sendInChunks } from './chunking';
import { usesBdat } from './planner';
import { envelopeReady, type EnvelopeInput, mailParameters, rcptParameters } from './envelope';
import { buildMessage, hasParts } from './messageBuilder';
import { AFTER_REPLY } from './replyEffects';
import { sendWithSmugglingProbe } from './smugglingProbe';

/** How many message lines the transcript keeps; the rest is summarised in one note. */
export const MAX_RECORDED_BODY_LINES = 500;

export function ehloName(c: Conversation): string {
  return c.opts.ehlo ?? defaultEhloName(c.conn?.localAddress ?? '');
}

export function senderAddress(c: Conversation): string {
  const name = ehloName(c).replace(/^\[(IPv6:)?|\]$/g, '');
  return c.opts.from ?? `smtp-lens@${name.includes('.') && !/^[\d.]+$/.test(name) ? name : 'localhost.localdomain'}`;
}

/** The lines the automatic steps send; the Step preview shows exactly these. */
export const commandLine = {
  ehlo: (c: Conversation, helo: boolean) => `${helo ? 'HELO' : 'EHLO'} ${ehloName(c)}`,
  mail: (c: Conversation) => [`MAIL FROM:<${senderAddress(c)}>`, ...mailParameters(c, envelopeOf(c))].join(' '),
  rcpt: (c: Conversation, index: number) => [`RCPT TO:<${(c.opts.to ?? [])[index]}>`, ...rcptParameters(c)].join(' '),
  message: (c: Conversation) => `(${dotStuff(messageText(c)).length} lines of message, then ".")`,
};

export async function runEhlo(c: Conversation, helo: boolean): Promise<void> {
  c.send('ehlo', commandLine.ehlo(c, helo));
  const reply = await c.reply('ehlo', c.timeouts.command);
  // A refused EHLO is followed by HELO (RFC 5321 §4.1.4); a refused HELO ends the session.
  if (reply && !AFTER_REPLY.ehlo(c, reply, helo) && (helo || !c.progress.heloNeeded)) c.progress.ending = true;
}

/** RFC 3207: STARTTLS, a 220, then the handshake on the same connection. */
export async function runStartTls(c: Conversation): Promise<void> {
  const probe = c.opts.probeStarttlsInjection === true;
  if (probe) sendWithInjectedNoop(c);
  else c.send('tls', 'STARTTLS');
  c.progress.starttlsTried = true;
  const reply = await c.reply('tls', c.timeouts.command);
  if (!reply) return;
  if (reply.code !== 220) c.progress.ending = true;
  if ((await AFTER_REPLY.starttls(c, reply)) && probe) await listenForInjectedReply(c);
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

/** The sender, the recipients and (when one will be sent) the message, for MAIL's parameters. */
export function envelopeOf(c: Conversation): EnvelopeInput {
  const to = c.opts.to ?? [];
  return { from: senderAddress(c), to, message: to.length ? messageText(c) : null };
}

/** RFC 5321 §3.5.1: VRFY, whose 252 ("cannot verify, but will accept") is the usual answer of
 * servers that disable it on purpose; 502 and 550 are said in words, never a failure of the session. */
export async function runVrfy(c: Conversation): Promise<void> {
  c.progress.vrfyTried = true;
  c.send('rcpt', `VRFY ${c.opts.vrfy ?? ''}`);
  const reply = await c.reply('rcpt', c.timeouts.command);
  if (!reply) return;
  const code = reply.code ?? 0;
  const reading =
    code === 250 || code === 251
      ? 'The server confirms the address exists.'
      : code === 252
        ? 'The server neither confirms nor denies (252): the usual answer where VRFY is disabled on purpose (Postfix disable_vrfy_command), so addresses cannot be harvested. It will still try to deliver.'
        : code === 502 || code === 500
          ? 'VRFY is switched off on this server: normal, and no sign of a problem.'
          : code === 550 || code === 551 || code === 553
            ? 'The server says there is no such address here.'
            : `The server answered ${code}.`;
  c.note('rcpt', reading, 'vrfy-reading', { code: String(code) });
}

/** Builds the message from its parts (--header, --body, --attach) before the envelope, whose
 * SIZE parameter must count it. */
export async function ensureMessage(c: Conversation): Promise<void> {
  if (c.composed !== null || c.opts.data !== undefined || !hasParts(c.opts)) return;
  c.composed = await buildMessage(testMessage(c), c.opts);
}

export async function runMail(c: Conversation): Promise<void> {
  c.progress.mailTried = true;
  await ensureMessage(c);
  if (!envelopeReady(c, envelopeOf(c))) {
    c.progress.ending = true;
    return;
  }
  c.send('mail', commandLine.mail(c));
  const reply = await c.reply('mail', c.timeouts.command);
  if (!reply || !AFTER_REPLY.mail(c, reply)) c.progress.ending = true;
}

export async function runRcpt(c: Conversation, index: number): Promise<void> {
  c.progress.rcptNext = index + 1;
  c.send('rcpt', commandLine.rcpt(c, index));
  const reply = await c.reply('rcpt', c.timeouts.command);
  if (reply) AFTER_REPLY.rcpt(c, reply);
}

export async function runData(c: Conversation): Promise<void> {
  c.progress.dataTried = true;
  c.send('data', 'DATA');
  const reply = await c.reply('data', c.timeouts.command);
  if (!reply || !AFTER_REPLY.data(c, reply)) c.progress.ending = true;
}

export function messageText(c: Conversation): string {
  return c.composed ?? c.opts.data ?? testMessage(c);
}

function testMessage(c: Conversation): string {
  return defaultTestMessage({
    from: senderAddress(c),
    to: c.opts.to ?? [],
    ehloName: ehloName(c),
    target: `${c.opts.host}:${c.opts.port}`,
    version: APP_VERSION,
  });
}

/** Sends the message and the final "." (RFC 5321 §4.1.1.4), then waits for the verdict; or,
 * with --bdat where CHUNKING is offered, in BDAT chunks (RFC 3030). */
export async function runMessage(c: Conversation): Promise<void> {
  c.progress.messageSent = true;
  if (usesBdat(c.progress, c.opts)) return sendInChunks(c, messageText(c));
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
  if (!reply || !AFTER_REPLY.message(c, reply)) c.progress.ending = true;
}

/** RFC 5321 §4.1.1.10: QUIT, a 221, and the connection closes. */
export async function runQuit(c: Conversation): Promise<void> {
  c.progress.quitSent = true;
  c.send('quit', 'QUIT');
  const reply = await c.reply('quit', c.timeouts.command);
  if (reply) AFTER_REPLY.quit(c, reply);
  else if (!c.progress.closed) c.close('client');
}
