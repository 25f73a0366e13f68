// Why the client takes each step, in plain words. Step mode and Learn mode show these before
// the step runs; they live in the catalog so every face says the same thing.

export const STEP_REASONS = {
  connect: "Open a TCP connection and wait for the server's 220 greeting (RFC 5321 §4.3.1).",
  connectImplicit:
    'Open a TCP connection and start TLS at once (implicit TLS, RFC 8314 §3.3), then wait for the greeting.',
  ehlo: 'The client introduces itself and asks which extensions the server supports (RFC 5321 §4.1.1.1).',
  ehloAfterTls:
    'TLS is up. The server forgot everything said before, so the client introduces itself again and gets the capability list anew (RFC 3207 §4.2).',
  helo: 'The server refused EHLO, so the client falls back to the older HELO (RFC 5321 §4.1.4).',
  starttls:
    'The server offers STARTTLS, so the client asks to encrypt this connection before anything sensitive is sent (RFC 3207).',
  auth: 'The client proves who it is, so the server will accept mail for relay (RFC 4954).',
  /** AUTH PLAIN and LOGIN only base64-encode the secret (RFC 4616 §2): trainees take the
   * unreadable line for encryption. */
  authEncoding:
    'With PLAIN or LOGIN the user name and password are only base64-encoded, which anyone can decode: base64 is not encryption.',
  authInsideTls: 'Here TLS is up, so nobody on the path can read them.',
  authInClear: 'This connection is not encrypted, so anyone on the path could read them.',
  mail: 'The client starts a transaction and names the sender (the envelope "return path", RFC 5321 §4.1.1.2).',
  rcpt: 'The client names a recipient; the server decides here whether it will take mail for that address (RFC 5321 §4.1.1.3).',
  data: 'The client asks to send the message itself; the server answers 354 to say "go ahead" (RFC 5321 §4.1.1.4).',
  vrfy: 'The client asks whether an address exists (RFC 5321 §3.5.1). Most servers disable VRFY on purpose, so that nobody can harvest addresses, and answer 252 ("cannot verify, but will try"): that is normal, not an error.',
  envelope:
    'The server offers PIPELINING (RFC 2920), so the client sends MAIL FROM, every RCPT TO and DATA in one write, as real MTAs do, instead of waiting for each reply: one round trip instead of several. The server must answer each command in order.',
  bdat: 'The server offers CHUNKING (RFC 3030), so the message goes in BDAT chunks of a stated size, the last marked LAST: no dot-stuffing and no end-of-data line, and any bytes at all, bare LF included.',
  message: 'The client sends the headers and body, then a line with a single "." to mark the end (RFC 5321 §4.5.2).',
  quit: 'QUIT ends the session politely; the server answers 221 and closes (RFC 5321 §4.1.1.10).',
} as const;
