// Context notes: sentences the engine adds to a finding's explanation when the session's
// context makes them true, whatever the finding. They compose, where variants would multiply:
// "the password already crossed in clear" can follow a 538, a 535 or a 530 alike.

export interface ContextNote {
  text: string;
  /** Placeholders the text uses. */
  vars: string[];
}

export const CONTEXT_NOTES: Readonly<Record<string, ContextNote>> = {
  /** The EHLO capability lists before and after TLS in two columns (RFC 3207 §4.2). {ehlo}
   * is preformatted: every line starts with two spaces and must not be re-wrapped. */
  'ehlo-lists': {
    text: 'What the server offered, before and after TLS:\n{ehlo}',
    vars: ['ehlo'],
  },
  /** AUTH PLAIN, XOAUTH2 and similar carry the secret on the AUTH line itself (RFC 4954 §4,
   * "initial response"), so it was on the wire before the server could refuse. */
  'secret-sent-in-clear': {
    text:
      'The AUTH command itself carried the credentials ({mechanism} sends them at once) and went out without TLS, so anyone on the path could read them. ' +
      'Change the password unless the whole network path was yours.',
    vars: ['mechanism'],
  },
};
