import type { ReplyEvent, Stage } from '../../shared/transcript';
import { redactTypedLine } from './auth';
import { capabilitiesOf, discardUnprotectedBytes } from './commandSteps';
import type { Conversation } from './conversation';
import { startTls } from './tlsStep';

/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
export const MAX_COMMAND_LINE = 510;

const STAGE_OF_VERB: Record<string, Stage> = {
  EHLO: 'ehlo',
  HELO: 'ehlo',
  LHLO: 'ehlo',
  STARTTLS: 'tls',
  AUTH: 'auth',
  MAIL: 'mail',
  RCPT: 'rcpt',
  DATA: 'data',
  BDAT: 'data',
  QUIT: 'quit',
};

/** Lines typed by hand in the terminal. The same conversation and the same transcript as an
 * automatic run, so a terminal session exports and diagnoses like any other. */
export class ManualDriver {
  /** After a 334: the next line is a SASL response, i.e. a secret (RFC 4954 §4). */
  private inAuth = false;
  /** After 354: lines are message content until "." (RFC 5321 §4.1.1.4). */
  private inData = false;
  private stage: Stage = 'ehlo';

  constructor(private readonly c: Conversation) {}

  async send(line: string): Promise<ReplyEvent | null> {
    const c = this.c;
    if (!c.conn || c.progress.closed) {
      c.note(
        this.stage,
        'Not connected: the session has ended. Start a new one to type more commands.',
        'not-connected',
      );
      return null;
    }
    if (Buffer.byteLength(line) > MAX_COMMAND_LINE && !this.inData) {
      c.note(
        this.stage,
        `Not sent: the line is ${Buffer.byteLength(line)} octets; SMTP allows 512 including CRLF (RFC 5321 §4.5.3.1.4).`,
        'line-too-long',
      );
      return null;
    }
    const verb = line.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    if (!this.inData && !this.inAuth) this.stage = STAGE_OF_VERB[verb] ?? this.stage;

    if (this.inData && line !== '.') {
      c.send('data', line, { body: true });
      return null;
    }
    c.send(this.stage, redactTypedLine(line, this.inAuth));
    const timeout = this.inData ? c.timeouts.dataEnd : c.timeouts.command;
    const reply = await c.reply(this.stage, timeout);
    if (reply) await this.afterReply(verb, reply);
    return reply;
  }

  private async afterReply(verb: string, reply: ReplyEvent): Promise<void> {
    const c = this.c;
    const ok = reply.code !== null && reply.code >= 200 && reply.code < 300;
    if (this.inData) {
      this.inData = false;
      if (ok) c.reach('data');
      return;
    }
    if (this.inAuth || verb === 'AUTH') {
      this.inAuth = reply.code === 334;
      if (reply.code === 235) c.reach('auth');
      return;
    }
    switch (verb) {
      case 'EHLO':
      case 'HELO':
        if (ok) {
          c.progress.greeted = true;
          c.progress.capabilities = verb === 'EHLO' ? capabilitiesOf(reply) : [];
          c.reach('ehlo');
        }
        return;
      case 'STARTTLS':
        if (reply.code === 220) {
          discardUnprotectedBytes(c);
          c.progress.starttlsTried = true;
          await startTls(c, 'starttls');
        }
        return;
      case 'MAIL':
        if (ok) c.reach('mail');
        return;
      case 'RCPT':
        if (ok) c.reach('rcpt');
        return;
      case 'DATA':
        this.inData = reply.code === 354;
        return;
      case 'QUIT':
        c.progress.quitSent = true;
        if (reply.code === 221) c.reach('quit');
        c.close('client');
        return;
    }
  }
}
