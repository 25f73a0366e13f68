import { authWithheld, WITHHELD_BECAUSE } from '../../shared/knowledge/authPolicy';
import { authMechanisms } from '../../shared/sessionFacts';
import type { Conversation } from './conversation';
import { authDialogue, chooseMechanism } from './auth';
import type { Credentials } from './sessionOptions';
import { replyLineText } from './replyReader';
import { AFTER_REPLY } from './replyEffects';

/** AUTH with the given credentials. Credentials are never sent where they could be read or
 * intercepted unless the user allowed it (docs/ARCHITECTURE.md, principles); the decision is recorded as a note. */
export async function runAuth(c: Conversation, creds: Credentials): Promise<void> {
  c.progress.authTried = true;
  const offered = authMechanisms(c.progress.capabilities);
  if (!offered.length) {
    c.note('auth', 'The server did not offer AUTH in its EHLO reply, so no credentials were sent.', 'auth-not-offered');
    return;
  }
  const withheld = authWithheld({
    tlsActive: c.progress.tlsActive,
    verified: c.tls?.verification.ok === true,
    ...(c.opts.allowPlaintextAuth ? { allowPlaintextAuth: true } : {}),
    ...(c.opts.allowUnverifiedAuth ? { allowUnverifiedAuth: true } : {}),
  });
  if (withheld) {
    c.note('auth', `Credentials were not sent: ${WITHHELD_BECAUSE[withheld]}.`, `auth-withheld-${withheld}`);
    c.progress.ending = true;
    return;
  }
  const mechanism = chooseMechanism(offered, creds.mechanism);
  if (!mechanism) {
    const wanted = creds.mechanism ?? 'PLAIN, LOGIN or CRAM-MD5';
    c.note(
      'auth',
      `The server offers ${offered.join(' ')} but not ${wanted}, so no credentials were sent.`,
      'auth-mechanism-unsupported',
      {
        mechanism: wanted,
        offered: offered.join(' '),
      },
    );
    c.progress.ending = true;
    return;
  }
  const dialogue = authDialogue(creds, mechanism);
  c.note('auth', `Authenticating as "${creds.user}" with ${mechanism}. Credentials are redacted in this transcript.`);
  c.send('auth', dialogue.first);
  // RFC 4954 §4: the server may send several 334 challenges before its verdict.
  for (let round = 0; round < 5; round++) {
    const reply = await c.reply('auth', c.timeouts.command);
    if (!reply) return;
    if (reply.code === 334) {
      c.send('auth', dialogue.answer(replyLineText(reply.lines[0]).trim(), round));
      continue;
    }
    AFTER_REPLY.auth(c, reply);
    if (reply.code !== 235) c.progress.ending = true;
    return;
  }
  c.progress.ending = true;
}
