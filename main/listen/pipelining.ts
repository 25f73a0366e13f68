// Commands a client may not follow with more in the same write: RFC 2920 §3.1 lets EHLO,
// DATA, VRFY, EXPN, TURN, QUIT and NOOP only end a group, and RFC 3207 §5 says STARTTLS must
// be the last command of its group: whatever follows it in plain text could be injected
// into the TLS session (the STARTTLS injection of CVE-2011-0411 and its kin).
const LAST_IN_GROUP = new Set(['EHLO', 'HELO', 'DATA', 'VRFY', 'EXPN', 'TURN', 'QUIT', 'NOOP', 'STARTTLS']);

/** A command line ended with LF alone, or a CR not before LF (RFC 5321 §2.3.8). */
export function bareEndingIn(chunk: Buffer): 'LF' | 'CR' | null {
  const text = chunk.subarray(0, 4096).toString('latin1');
  return /(^|[^\r])\n/.test(text) ? 'LF' : /\r(?!\n|$)/.test(text) ? 'CR' : null;
}

/** The command verbs of one client write, when it holds more than one (a pipelined group). */
export function groupIn(chunk: Buffer): string[] | null {
  const lines = chunk.subarray(0, 4096).toString('latin1').split('\n').slice(0, -1);
  const verbs = lines.map((l) => (l.trim().split(/\s+/)[0] ?? '').toUpperCase()).filter((v) => /^[A-Z]{4,8}$/.test(v));
  return verbs.length > 1 ? verbs : null;
}

/** The command in one client write that was followed by more bytes, against the rules above. */
export function batchViolation(chunk: Buffer): { verb: string; followedBy: string } | null {
  const text = chunk.subarray(0, 4096).toString('latin1');
  let at = 0;
  for (;;) {
    const end = text.indexOf('\n', at);
    if (end === -1 || end === text.length - 1) return null;
    const verb = (text.slice(at, end).trim().split(/\s+/)[0] ?? '').toUpperCase();
    const rest = text.slice(end + 1);
    if (LAST_IN_GROUP.has(verb) && rest.trim()) return { verb, followedBy: rest.split(/\r?\n/)[0].slice(0, 80) };
    at = end + 1;
  }
}
