// The stage of the session a command line belongs to, by its verb: how the terminal (typed
// lines) and the listener (a client's lines) place what they record.
import type { Stage } from './transcript';

export const STAGE_OF_VERB: Readonly<Record<string, Stage>> = {
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
