export const MAIN_HELP = `SMTP Lens — see and understand every step of an SMTP session.

Usage:
  smtp-lens probe HOST [options]   Hold a real SMTP session and explain every step
  smtp-lens lab [options]          Run the practice server (scenarios on 127.0.0.1)
  smtp-lens --version              Print the version
  smtp-lens --help                 This help; "smtp-lens probe --help" for probe's options

Exit codes: 0 the session reached its goal with no error finding,
            1 at least one error finding, 2 usage error.
`;

export const PROBE_HELP = `Usage: smtp-lens probe HOST [options]

Connects to HOST, holds an SMTP session and prints the conversation with an explanation of
everything that went wrong and how to fix it. With no --to, no mail is sent: the session
stops after EHLO, TLS and AUTH.

Connection:
  --port N               Port (default 25). 25 relay, 587 submission, 465 implicit TLS.
  --tls MODE             none | starttls | implicit | auto.
                         Default: implicit on 465, starttls on 587, auto elsewhere
                         (auto reads a plaintext greeting, else tries TLS from the first byte).
  -4, -6                 Use IPv4 or IPv6 only.
  --ehlo NAME            Name to send in EHLO (default: this host's FQDN or [address]).
  --servername NAME      SNI, and the name the certificate must match (default: HOST).
  --ca FILE              Extra trusted CA certificates (PEM); repeatable.
  --timeout MS           Timeout for every stage (default: connect 10 s, replies 30 s).

Authentication (the password never goes on the command line):
  --auth-user USER       Authenticate as USER. Without a password option you are asked for it.
  --auth-pass-env VAR    Read the password (or XOAUTH2 token) from environment variable VAR.
  --auth-pass-stdin      Read the password from the first line of standard input.
  --auth-mech MECH       PLAIN | LOGIN | CRAM-MD5 | XOAUTH2 (default: the best one offered).
  --allow-plaintext-auth   Send credentials even without TLS (dangerous).
  --allow-unverified-auth  Send credentials over TLS whose certificate failed verification.

Message:
  --from ADDR            Envelope sender (MAIL FROM).
  --to ADDR              Recipient (RCPT TO); repeatable. Without it no mail is sent.
  --data FILE|-          Message to send (headers and body); "-" reads standard input.
                         Default with --to: a short test message.
  --quit-after STAGE     connect | banner | ehlo | tls | auth | mail | rcpt | data.

Output:
  --json                 The transcript as JSON (schema smtp-lens/transcript@1).
  --format FMT           text | json (default text).
  --out FILE             Write the output to FILE instead of standard output.
  --no-color             No colours in text output (also: NO_COLOR=1).

Example:
  smtp-lens probe mail.example.com --port 587 --auth-user alice --auth-pass-env SMTP_PASS
`;

export const LAB_HELP = `Usage: smtp-lens lab [options]

Starts the practice server: real SMTP servers on 127.0.0.1 that misbehave on purpose, one
scenario per port, with their own test certificates. Runs until Ctrl-C.

  --scenario NAME     Start only this scenario; repeatable (default: all).
  --base-port N       First port (default 2525); each scenario has a fixed offset from it.
  --json              Print the scenario table as JSON.
`;
