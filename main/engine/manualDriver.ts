import { STAGE_OF_VERB } from '../../shared/commandStage';
import type { ReplyEvent, Stage } from '../../shared/transcript';
import { redactTypedLine } from './auth';
import type { Conversation } from './conversation';
import { AFTER_REPLY } from './replyEffects';

/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
export const MAX_COMMAND_LINE = 510;

/** Lines typed by hand in the terminal. The same conversation and the same transcript as an
 * automatic run, so a terminal session exports and diagnoses like any other. */
export class ManualDriver {
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
    // What the server waits for decides what this line is (progress.expects, set by the replies).
    const expects = c.progress.expects;
    if (Buffer.byteLength(line) > MAX_COMMAND_LINE && expects !== 'data') {
      c.note(
        this.stage,
        `Not sent: the line is ${Buffer.byteLength(line)} octets; SMTP allows 512 including CRLF (RFC 5321 §4.5.3.1.4).`,
        'line-too-long',
      );
      return null;
    }
    const verb = line.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    if (expects === 'command') this.stage = STAGE_OF_VERB[verb] ?? this.stage;

    if (expects === 'data' && line !== '.') {
      c.send('data', line, { body: true });
      return null;
    }
    c.send(this.stage, redactTypedLine(line, expects === 'sasl'));
    const reply = await c.reply(this.stage, expects === 'data' ? c.timeouts.dataEnd : c.timeouts.command);
    if (reply) await this.afterReply(expects === 'command' ? verb : expects, reply);
    return reply;
  }

  /** The same effects as an automatic run's (replyEffects.ts), picked by what was answered. */
  private async afterReply(what: string, reply: ReplyEvent): Promise<void> {
    const c = this.c;
    switch (what) {
      case 'data':
        AFTER_REPLY.message(c, reply);
        return;
      case 'sasl':
      case 'AUTH':
        AFTER_REPLY.auth(c, reply);
        return;
      case 'EHLO':
      case 'HELO':
        AFTER_REPLY.ehlo(c, reply, what === 'HELO');
        return;
      case 'STARTTLS':
        await AFTER_REPLY.starttls(c, reply);
        return;
      case 'MAIL':
        AFTER_REPLY.mail(c, reply);
        return;
      case 'RCPT':
        AFTER_REPLY.rcpt(c, reply);
        return;
      case 'DATA':
        AFTER_REPLY.data(c, reply);
        return;
      case 'QUIT':
        AFTER_REPLY.quit(c, reply);
        return;
    }
  }
}
