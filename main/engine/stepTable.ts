// One entry per kind of step: the line it sends, as the transcript will show it (credentials
// redacted), and how it runs. Run, Step and the Step preview all go through this table; what
// each reply then does to the session is in replyEffects.ts, shared with typed commands.
import { authMechanisms } from '../../shared/sessionFacts';
import { authDialogue, chooseMechanism } from './auth';
import { runAuth } from './authStep';
import {
  commandLine,
  runData,
  runVrfy,
  runEhlo,
  runMail,
  runMessage,
  runQuit,
  runRcpt,
  runStartTls,
} from './commandSteps';
import { runConnect } from './connectStep';
import type { Conversation } from './conversation';
import { envelopeBatch, runEnvelopeBatch } from './pipelining';
import { type PlannedStep, type StepKind, usesBdat } from './planner';

interface StepEntry {
  /** The line the step will send, for the Step preview; null when it sends none of its own. */
  line(c: Conversation, step: PlannedStep): string | null;
  run(c: Conversation, step: PlannedStep): Promise<void>;
}

/** The AUTH line as recorded: the mechanism the server offers, the credentials redacted. */
function authLine(c: Conversation): string | null {
  const mechanism = chooseMechanism(authMechanisms(c.progress.capabilities), c.opts.auth?.mechanism);
  return mechanism ? authDialogue({ user: '', secret: '', ...c.opts.auth }, mechanism).first.logged : null;
}

export const STEP_TABLE: Record<StepKind, StepEntry> = {
  connect: { line: () => null, run: (c) => runConnect(c) },
  ehlo: { line: (c) => commandLine.ehlo(c, false), run: (c) => runEhlo(c, false) },
  helo: { line: (c) => commandLine.ehlo(c, true), run: (c) => runEhlo(c, true) },
  starttls: { line: () => 'STARTTLS', run: (c) => runStartTls(c) },
  auth: { line: authLine, run: (c) => (c.opts.auth ? runAuth(c, c.opts.auth) : Promise.resolve()) },
  mail: { line: (c) => commandLine.mail(c), run: (c) => runMail(c) },
  vrfy: { line: (c) => `VRFY ${c.opts.vrfy ?? ''}`, run: (c) => runVrfy(c) },
  envelope: {
    line: (c) =>
      envelopeBatch(c)
        .map((b) => b.line)
        .join('\n'),
    run: (c) => runEnvelopeBatch(c),
  },
  rcpt: { line: (c, s) => commandLine.rcpt(c, s.rcptIndex ?? 0), run: (c, s) => runRcpt(c, s.rcptIndex ?? 0) },
  data: { line: () => 'DATA', run: (c) => runData(c) },
  message: {
    line: (c) =>
      usesBdat(c.progress, c.opts) ? '(the message in BDAT chunks, the last one BDAT n LAST)' : commandLine.message(c),
    run: (c) => runMessage(c),
  },
  quit: { line: () => 'QUIT', run: (c) => runQuit(c) },
};
