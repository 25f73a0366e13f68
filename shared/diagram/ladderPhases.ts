// The chapters of an SMTP conversation, as the ladder labels them. Each starts where the
// conversation begins something new, so a trainee sees the structure before the details.

export type PhaseId = 'connect' | 'implicit-tls' | 'hello' | 'starttls' | 'after-tls' | 'auth' | 'mail' | 'quit';

export const PHASES: Record<PhaseId, { title: string; hint: string }> = {
  connect: { title: 'Connect', hint: 'open a TCP connection; the server speaks first with its 220 greeting' },
  'implicit-tls': {
    title: 'Implicit TLS',
    hint: 'encrypted from the first byte, before the greeting (port 465, RFC 8314)',
  },
  hello: { title: 'Hello', hint: 'the client introduces itself; the server lists what it can do' },
  starttls: { title: 'STARTTLS', hint: 'the client asks to turn this connection into a TLS connection (RFC 3207)' },
  // RFC 3207 §4.2: both sides discard what they learned before TLS.
  'after-tls': {
    title: 'After TLS: new EHLO',
    hint: 'TLS wiped the slate: the client starts over, and the server may now offer more (RFC 3207 §4.2)',
  },
  auth: { title: 'Log in', hint: 'AUTH; credentials are hidden in this transcript' },
  mail: { title: 'Send a message', hint: 'MAIL FROM (sender), RCPT TO (recipients), DATA (the message itself)' },
  quit: { title: 'Goodbye', hint: 'QUIT, and the connection closes' },
};
