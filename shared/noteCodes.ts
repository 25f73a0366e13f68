// The codes a note event can carry: what SMTP Lens did or saw that is not a line on the wire.
// Rules (main/engine/findings) and faces match on them, so they are a closed set: a typo in a
// note, a rule or a test does not compile. Each says what the note records.
export const NOTE_CODES = {
  aborted: 'The user pressed Stop.',
  'not-connected': 'A line was typed after the session had ended.',
  'line-too-long': 'A typed line was longer than SMTP allows and was not sent (RFC 5321 §4.5.3.1.4).',
  'auto-try-tls': 'Auto mode: no plaintext greeting came, so a TLS handshake is tried on a new connection.',
  'auto-implicit': 'Auto mode: the port answered the handshake, so the session uses implicit TLS.',
  'auto-plain-slow': 'Auto mode: the handshake failed too, so the port is plaintext with a slow greeting.',
  'auto-greeting-started': 'Auto mode: the greeting has begun ("220-" and a pause), so no TLS hello is sent.',
  'implicit-tls-confirmed': 'After silence, a handshake on a new connection showed the port speaks TLS first.',
  'implicit-tls-not-confirmed': 'After silence, a handshake on a new connection failed as well.',
  'tls-alert': 'The server answered the TLS hello with an alert (data: alert, description).',
  'tls-server-version': 'The TLS version the server chose in its ServerHello (data: version).',
  'tls-got-plaintext': 'The server answered a TLS hello with SMTP text (data: preview).',
  'tls-got-plaintext-after-starttls': 'After agreeing to STARTTLS, the server answered the hello with text.',
  'tls-got-other-protocol': 'The port answered a TLS hello with another protocol (data: protocol, firstLine).',
  'starttls-plaintext-discarded': 'Bytes that came after "220" and before the handshake were thrown away.',
  'starttls-injection-probe': 'Security probe: NOOP was sent in the same packet as STARTTLS.',
  'starttls-injection-confirmed': 'The server answered the injected NOOP inside TLS.',
  'starttls-injection-refused': 'The server threw the injected NOOP away, as it should.',
  'auth-not-offered': 'The server offered no AUTH, so no credentials were sent.',
  'auth-withheld-plaintext': 'Credentials were not sent: the connection is not encrypted.',
  'auth-withheld-unverified': 'Credentials were not sent: the certificate failed verification.',
  'auth-mechanism-unsupported': 'The server does not offer the mechanism asked for (data: mechanism, offered).',
  'aia-fetch': 'One download of a missing issuer from its AIA address (data: url, ok).',
  'aia-none': 'The certificate names no AIA address to download its issuer from.',
  'aia-completed': 'The chain as it would be with the downloaded certificate (data: ok).',
  'tls-versions-start': 'The TLS version check starts: one handshake per version.',
  'tls-versions-skipped': 'The TLS version check was skipped (no TLS on this port).',
  'tls-version': 'One version of the check: accepted or refused (data: version, result).',
  'tls-versions': 'The TLS version check, summed up.',
  'smuggling-probe': 'Security probe: the message ends with non-standard sequences first.',
  'smuggling-sent': 'One non-standard end-of-data sequence was sent, then a pause (data: sequence).',
  'smuggling-accepted': 'The server took a non-standard sequence as the end of the data (data: sequence, reply).',
  'smuggling-rejected': 'The server refused the bare line endings: strict handling (data: reply).',
  'smuggling-ignored': 'No non-standard sequence ended the data (data: count).',
  'client-hello':
    "Listen mode: the client's TLS ClientHello (data: versions, newest, ciphers, groups, sni, alpn, ja4, rsaOnly).",
  'client-hello-unreadable': 'Listen mode: what the client sent after STARTTLS was not a ClientHello (data: problem).',
} as const;

export type NoteCode = keyof typeof NOTE_CODES;
