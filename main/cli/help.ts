export const DOMAIN_HELP = `Usage: smtp-lens domain DOMAIN|ADDRESS [options]

Where mail for a domain goes, as a sending MTA works it out (RFC 5321 §5.1): the MX records in
preference order with their addresses (or the domain's own address when there is no MX, or
nothing for a null MX), then one probe of each MX on port 25: STARTTLS, stopping after TLS, so
no mail is ever sent. Then the domain's policies, checked against the certificates the MX hosts
really presented: MTA-STS (RFC 8461), DANE (RFC 7672) and TLS-RPT (RFC 8460). Ends with a
verdict in words. An address gives its domain.

  --resolver IP[:PORT]  Ask this DNS server instead of the system's; repeatable, tried in
                        order. Every name is asked there: the MX, its hosts, their addresses,
                        TLSA, and the MTA-STS policy host.
  --port N              Probe the MX hosts on this port (default 25; for relays and tests).
                        DANE then looks up _N._tcp.MXHOST.
  --ca FILE             Also trust this root CA (PEM), for the MX hosts and the MTA-STS host.
  --proxy URL           Probe the MX hosts through this proxy (socks5h://, socks5://,
                        socks4a://, http://), as for probe; DNS and MTA-STS stay direct.
  --proxy-pass-env VAR  The proxy's password, from the environment variable VAR.
  --bind ADDR           Connect to the MX hosts from this address of this machine.
  --timeout MS          Each DNS query's, HTTPS fetch's and SMTP stage's deadline (default 10000).
  --no-probe            DNS and policies only: no SMTP connection at all.
  --profile NAME        Take --ca, --proxy, --bind and --timeout from a saved profile (not its
                        host or port: the MX hosts are found); options typed here win.
  --sender-domain D     Also check the sending domain D as a receiver does: its SPF, evaluated
                        for this machine's address (or --sender-ip), and its DMARC policy.
  --sender-ip IP        The sending MTA's address, for --sender-domain's SPF.
  --json                The report as JSON (schema smtp-lens/domain@1, docs/domain-schema.md).
  --format FMT          text (default), md (for tickets), html (one page) or json.
  --out FILE, -o        Write the report to FILE instead of the terminal.
  --save                Keep each MX's probe in the history, as a session of its own.
  --no-color            No colour, even on a terminal.

Exit codes: 0 a sending MTA would deliver over verified TLS and no error finding,
            1 anything else, 2 usage error.
`;

export const MAIN_HELP = `SMTP Lens — see and understand every step of an SMTP session.

Usage:
  smtp-lens probe HOST [options]   Hold a real SMTP session and explain every step
  smtp-lens sweep HOST [options]   Probe several ports at once: what each offers, which to use
  smtp-lens domain DOMAIN|ADDRESS  Every MX of a domain, in the order senders try them, each probed
  smtp-lens explain [FILE…|-]      Why mail bounced: a bounce, a mail log excerpt or a pasted reply
  smtp-lens listen [options]       Be the server a device or an app sends to, and explain the client
  smtp-lens lab [options]          Run the practice server (scenarios on 127.0.0.1)
  smtp-lens web [--port N]         Serve the app's UI to a browser on 127.0.0.1
  smtp-lens show FILE [options]    Re-render a saved transcript: text, md, json or html
  smtp-lens diff A.json B.json     Compare two saved sessions: findings, EHLO, TLS, timings
  smtp-lens diff --vantage HOST --via ROUTE
                                   Probe HOST from two places (direct and a proxy, or two
                                   source addresses) and say what differs by client address
  smtp-lens profiles [ACTION]      Saved servers: list, show, rename, duplicate, delete
                                   (save one with probe … --save-profile NAME)
  smtp-lens command --as TOOL [probe options]
                                   The probe as a swaks, openssl s_client or smtp-lens line
  smtp-lens --version              Print the version
  smtp-lens --help                 This help; "smtp-lens probe --help" for probe's options

Exit codes: 0 the session reached its goal with no error finding,
            1 at least one error finding, 2 usage error.
`;

export const PROBE_HELP = `Usage: smtp-lens probe HOST [options]
       smtp-lens probe --to ADDRESS [options]

Connects to HOST, holds an SMTP session and prints the conversation with an explanation of
everything that went wrong and how to fix it. With no --to, no mail is sent: the session
stops after EHLO, TLS and AUTH. With --to and no HOST, it goes to the recipient domain's MX,
as swaks does: the first MX host, in preference order, that answers (it says which).

Profiles (saved servers, docs/data.md):
  --profile NAME         Start from the saved profile NAME: its host, port, TLS mode, names,
                         CAs, proxy, user, addresses and switches. Every option typed beside
                         it wins, field by field (HOST, --port 465, --to …; a list such as
                         --to or --ca replaces the profile's). The password is never in a
                         profile: give it as below each time.
  --save-profile NAME    Save this run's options as profile NAME (replacing one of that
                         name), without the password, the proxy's password or the message.
                         --ca files are saved as their full paths.

Connection:
  --port N               Port (default 25). 25 relay, 587 submission, 465 implicit TLS.
  --tls MODE             none | starttls | implicit | auto.
                         Default: implicit on 465, starttls on 587, auto elsewhere
                         (auto reads a plaintext greeting, else tries TLS from the first byte).
  -4, -6                 Use IPv4 or IPv6 only.
  --ehlo NAME            Name to send in EHLO (default: this host's FQDN or [address]).
  --bind ADDR            Connect from this address of this machine (multi-homed hosts: the one
                         with good reverse DNS, or the one the receiver allows). The transcript
                         records the local address used.
  --proxy URL            Go through a proxy, where outbound port 25 is blocked here:
                         socks5h://HOST:PORT (the proxy resolves names; ssh -D makes one),
                         socks5://, socks4a://, or http:// (CONNECT). A user goes in the URL
                         (socks5h://USER@HOST:PORT); its password never does.
  --proxy-pass-env VAR   The proxy's password, read from the environment variable VAR
                         (otherwise asked for at the prompt).
  --servername NAME      SNI, and the name the certificate must match (default: HOST).
  --ca FILE              Extra trusted CA certificates (PEM); repeatable.
  --resolver IP[:PORT]   Look the host up at this DNS server instead of the system's;
                         repeatable. The DNS event then names the server and the AD bit.
  --timeout MS           Deadline for every stage (default: connect 10 s, each reply 30 s,
                         TLS 15 s, after the message 60 s). A reply must be complete by
                         then, however busy the server looks. The whole session has 3 min,
                         or 6 x MS if that is longer (docs/limits.md).

TLS checks:
  --tls-versions         After the session, try TLS 1.0, 1.1, 1.2 and 1.3 one at a time,
                         each on a new connection, and report which ones the server accepts.
  --tls-audit            After the session, audit the server's TLS as testssl.sh does, in
                         about a second: every cipher suite offered alone at every version,
                         each on a new connection (STARTTLS or implicit, as the session), 8 at
                         a time; who chooses the order; forward secrecy; the key exchange
                         groups and DH sizes; weak suites (RC4, 3DES, NULL, EXPORT, anonymous,
                         CBC-only TLS 1.2, RSA key exchange) worded for the port's role.
  --keylog FILE          Append the session's TLS secrets to FILE (the SSLKEYLOGFILE format,
                         kept readable by you only: mode 0600), so that Wireshark or tshark
                         can decrypt a capture of the session. Needs TLS.
                         WARNING: with a capture of the traffic, the file decrypts the whole
                         session, the password included. Delete it when you are done; never
                         attach it to a ticket.
  --fetch-intermediate   If the server does not send an intermediate certificate, download
                         it from the address in the certificate (AIA) and show the chain as
                         it would be built with it.
  --probe-starttls-injection
                         Security probe: send NOOP in the same packet as STARTTLS and report
                         whether the server runs it inside TLS (CVE-2011-0411 class).
  --probe-smuggling      Security probe: end the message with <LF>.<LF> and three other
                         non-standard sequences, each followed by a 2 s pause, before the
                         real end, and report whether the server stops at one of them
                         (SMTP smuggling, CVE-2023-51764 class). Needs --to: the message
                         is delivered.

From swaks:
  --from-swaks 'LINE'    Run the probe a swaks command line describes (paste it in single
                         quotes); options given beside it win. What SMTP Lens cannot do the
                         same way is printed on stderr first. A password written on the line
                         is not used: give --auth-pass-env VAR (swaks -ap "$VAR" becomes that).

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
  --header 'NAME: VALUE'  Add a header to the test message, or replace the one of that name;
                         repeatable.
  --body TEXT|@FILE|-    The test message's body: the text, a file's contents, or stdin.
  --attach FILE          Attach a file (MIME), its type guessed from its name; repeatable.
  --attach-type TYPE     The type of the next --attach (for example application/pdf).
  --vrfy ADDR            Ask VRFY ADDR after EHLO (most servers answer 252 on purpose).
  --no-pipelining        Send MAIL, RCPT and DATA one at a time even where PIPELINING is
                         offered (by default they go in one write, as MTAs send them).
  --bdat                 Send the message in BDAT chunks (CHUNKING, RFC 3030) instead of DATA.
  --bdat-chunk N         Octets per BDAT chunk (default: the whole message in one).
  --notify LIST          DSN (RFC 3461): NEVER, or SUCCESS,FAILURE,DELAY, on every RCPT.
  --ret FULL|HDRS        DSN: return the whole message or its headers in a bounce.
  --envid ID             DSN: the envelope id the reports quote.
  --orcpt ADDR           DSN: the original recipient, on every RCPT.
  --requiretls           RFC 8689: ask every server on the way for verified TLS, or a bounce.
                         Sent only over verified TLS to a server that offers it.
  --quit-after STAGE     connect | banner | ehlo | tls | auth | mail | rcpt | data.

Output:
  --json                 The transcript as JSON (schema smtp-lens/transcript@1).
  --format FMT           text | md | json | html (default text). md is for tickets; html is one
                         self-contained page with the diagrams (no script, opens offline).
  --out FILE             Write the output to FILE instead of standard output. Nothing is
                         written if it would contain the password (exit code 1).
  --share WHAT           Mask before sharing, consistently within the file: emails (local
                         parts), hosts (host and certificate names), ips; comma-separated,
                         or all. Example: --share emails,hosts
  --save                 Also keep the session in the history folder (docs/history.md;
                         SMTP_LENS_DATA_DIR moves it).
  --no-color             No colours in text output (also: NO_COLOR=1).
  --timings              After the transcript, a timing waterfall: one bar per stage (DNS,
                         connect, greeting, TLS, each command), with slow stages explained.

Example:
  smtp-lens probe mail.example.com --port 587 --auth-user alice --auth-pass-env SMTP_PASS
  smtp-lens probe mail.example.com --port 587 --auth-user alice --save-profile work …
  smtp-lens probe --profile work --auth-pass-env SMTP_PASS --to bob@example.com
`;

export const LAB_HELP = `Usage: smtp-lens lab [options]

Starts the practice server: real SMTP servers on 127.0.0.1 that misbehave on purpose, one
scenario per port, with a test PKI generated at start (the root CA is written to a temporary
folder; trust it with --ca). Runs until Ctrl-C. Practice login: alice@lab.test / wonderland.

  --scenario NAME     Start only this scenario; repeatable (default: all).
  --base-port N       First port (default 2525); each scenario has a fixed offset from it.
  --json              Print the scenario table as JSON.

Scenarios (port with the default base):
  2525 submission-ok                  2533 expired-cert
  2526 implicit-tls-ok                2534 self-signed
  2527 relay-denied                   2535 greylisting
  2528 auth-fails                     2536 slow-banner
  2529 tls-required                   2537 pregreet
  2530 no-starttls                    2538 implicit-tls-on-587-mistake
  2531 missing-intermediate           2539 starttls-injection-vulnerable
  2532 hostname-mismatch              2540 smuggling-vulnerable
                                      2541 broken-extensions

Example:
  smtp-lens lab --scenario submission-ok --scenario relay-denied
  smtp-lens probe 127.0.0.1 --port 2525 --servername mail.lab.test --ca ROOT_CA_PATH
`;

export const WEB_HELP = `Usage: smtp-lens web [options]

Serves the SMTP Lens UI to a browser on this machine: an HTTP server on 127.0.0.1 whose
address carries a secret per-run token, with the built-in practice server behind it.
Runs until Ctrl-C.

  --port N            Port to listen on (default: a free port).
`;

export const SWEEP_HELP = `Usage: smtp-lens sweep HOST [options]

Probes several ports of HOST at the same time and shows, for each, whether it connects, what
it speaks (detected, not assumed from the number), STARTTLS, AUTH before and after TLS, the
TLS version and the certificate verdict; then which port to use, and patterns worth knowing
(port 25 blocked by your provider, AUTH offered in clear, different certificates, ...).
It never sends MAIL, RCPT or DATA and never logs in: each session stops after TLS.

  --ports LIST           Comma-separated ports (default 25,465,587,2525).
  -4, -6                 Use IPv4 or IPv6 only. The name is resolved once, for every port.
  --ehlo NAME            Name to send in EHLO (default: this host's FQDN or [address]).
  --servername NAME      SNI, and the name certificates must match (default: HOST).
  --ca FILE              Extra trusted CA certificates (PEM); repeatable.
  --proxy URL            Probe every port through this proxy, as for probe.
  --proxy-pass-env VAR   The proxy's password, from the environment variable VAR.
  --bind ADDR            Connect from this address of this machine.
  --resolver IP[:PORT]   Look the host up at this DNS server instead of the system's;
                         repeatable. The DNS event then names the server and the AD bit.
  --timeout MS           Deadline for every stage of every port (default: connect 5 s,
                         greeting and replies 10 s; silence for 3 s means "try TLS from the
                         first byte"). Each port has 30 s in all, or 6 x MS if longer.
  --profile NAME         Start from a saved profile: its host (when HOST is left out), EHLO
                         and SNI names, CAs, proxy, source address and timeout; options typed
                         here win. Its port and TLS mode are not used: --ports says which.
  --save-profile NAME    Save the host and these options as profile NAME (port: the
                         profile's, else the first swept; TLS auto), for a later probe.
  --json                 The whole result as JSON (schema smtp-lens/sweep@1), with each
                         port's full transcript.
  --no-color             No colours (also: NO_COLOR=1).

Exit codes: 0 at least one port answered SMTP, 1 none did, 2 usage error.

Example:
  smtp-lens sweep mail.example.com
  smtp-lens sweep 127.0.0.1 --ports 2525,2526,2527 --servername mail.lab.test --ca ROOT_CA_PATH
`;

export const SHOW_HELP = `Usage: smtp-lens show FILE [options]

Re-renders a saved transcript (from --json, --format json, or the history folder) in any
export format. FILE "-" reads standard input. A file that is not an SMTP Lens transcript is
reported in one line and nothing is written, as is one over 64 MiB (checked before reading)
or nested deeper than 64 levels.

  --format FMT        text | md | json | html (default text).
  --json              Same as --format json.
  --out FILE          Write to FILE instead of standard output.
  --share WHAT        Mask emails, hosts, ips (comma-separated) or all; see probe --help.
  --no-color          No colours in text output (also: NO_COLOR=1).

Exit codes: 0 rendered, 1 refused (the output would contain a secret),
            2 usage error or FILE is not a readable transcript.

Example:
  smtp-lens probe mail.example.com --port 587 --json --out before.json
  smtp-lens show before.json --format md --share emails --out ticket.md
`;

export const DIFF_HELP = `Usage: smtp-lens diff A.json B.json [options]
       smtp-lens diff --vantage HOST[:PORT] --via ROUTE [--via ROUTE] [probe options]

Compares two saved sessions, typically the same server before and after a fix: findings
fixed and new, the reply at each step, EHLO capabilities added and removed (before and after
TLS), the TLS protocol, cipher and certificate chain (by fingerprint), and the time each stage
took.

With --vantage it probes HOST twice, one probe after the other, with the same probe options,
from two vantage points: directly and through a proxy, or from two addresses of this machine.
Then it says what differs by client address: a greeting refused to one address (a blocklist,
a geo or per-IP policy), a reply at the same step (greylisting, a refusal), EHLO keywords
(STARTTLS or AUTH offered to one only), TLS (another certificate or version: another server,
or a middlebox on one path), the host the greeting names (a load balancer), or a connection
that fails on one path only (port 25 blocked); or that nothing depends on the address.

  --vantage HOST[:PORT]  The server to probe from both vantage points ([IPv6]:PORT, or --port).
  --via ROUTE            Where a probe leaves from:
                           direct              this machine, as probe does
                           ADDRESS             this address of this machine (as --bind)
                           socks5h://HOST:PORT through this proxy (as --proxy; also socks5://,
                                               socks4a://, socks4://, http:// for CONNECT)
                         Once: A is direct and B is ROUTE. Twice: A and B are the two routes.
  --proxy-pass-env VAR   The password of a --via proxy whose URL names a user.
  --save                 Keep both sessions in the history.
  --json                 The comparison as JSON (schema smtp-lens/diff@1).
  --no-color             No colours (also: NO_COLOR=1).

Every other probe option applies to both probes (--port, --tls, --ehlo, --from, --to, ...);
not --bind or --proxy (give them with --via), nor --out, --format, --share or --timings.

Examples:
  smtp-lens diff --vantage mx.example.com --via socks5h://127.0.0.1:1080
  smtp-lens diff --vantage mx.example.com --via 192.0.2.10 --via 192.0.2.11 --to postmaster@example.com

Exit codes (like diff): 0 the same apart from timings, 1 different,
            2 usage error or a file is not a readable transcript (see show --help).
`;

export const EXPLAIN_HELP = `Usage: smtp-lens explain [FILE…|-] [--json | --format text|md|html]

Why mail was not delivered, from the text the mail system left: a bounce message (an RFC 3464
delivery status notification or the free-form notice of Exchange, Gmail, Yahoo, qmail, Exim,
Sendmail and others, as .eml or pasted), a mail log excerpt (Postfix, Exim, Sendmail, Exchange
message tracking), or SMTP replies pasted from a ticket. With no FILE, or "-", it reads
standard input.

For each failed recipient it prints the reason (in the vocabulary of docs/bounce-reasons.md),
whether the failure is permanent, which server refused which command and in what words, and the
next step: usually a probe of the server that refused. Feedback reports and automatic replies
are recognised as not bounces.

Options:
  --json                One smtp-lens/explain@1 object per input (an array for several files).
  --format FORMAT       text (the default, wrapped to the terminal), md or html (for a ticket),
                        or json (as --json).
  -h, --help            This help.

Exit codes: 0 every input explained, 1 something could not be classified or read, 2 usage error.
`;

export const LISTEN_HELP = `Usage: smtp-lens listen [options]

SMTP Lens as the server a scanner, a printer, a CMS, a mail client or an app sends to: each
client session is printed when it ends, with what the client really did. Its TLS ClientHello
(versions, cipher suites, SNI, ALPN, JA4) is read before the handshake, so an outdated client
is named even when its handshake fails. Nothing received is relayed.

  --port N              Port to listen on (default 2525).
  --tls MODE            starttls (default), implicit (TLS from the first byte, as on 465) or none.
  --auth MODE           optional (default), required or none.
  --accept-login USER   Accept only this user name (any password); default any.
  --listen-address ADDR Bind ADDR instead of 127.0.0.1, so a device on the LAN can reach it.
                        Prints a warning: anyone who reaches it can send to it.
  --max-sessions N      Stop after N client sessions (for scripts).
  --behave NAME         lenient (default): take any client, TLS 1.0 included, to see all it does.
                        strict: as Microsoft 365 and Gmail submission servers do, TLS 1.2 or later
                        and STARTTLS before anything else, to reproduce their refusal here.
  --cert FILE --key FILE  Present this certificate (PEM chain) and key instead of one made at start.
  --json                One smtp-lens/transcript@1 object per session and line (NDJSON), with
                        role "server" and the client's findings.
  --save                Keep each session in the history, as probe --save does; "smtp-lens show"
                        and the app open and export them like any session.
  --no-color            No colour, even on a terminal.

Exit codes: 0 stopped (Ctrl-C or --max-sessions), 2 usage error.
`;

export const PROFILES_HELP = `Usage: smtp-lens profiles [list] [--json]
       smtp-lens profiles show NAME
       smtp-lens profiles rename OLD NEW
       smtp-lens profiles duplicate NAME NEW
       smtp-lens profiles delete NAME

Saved servers: a name and the options of a probe (host, port, TLS mode, EHLO and SNI names,
CAs, proxy URL, source address, user and mechanism, addresses, switches), one readable JSON
file each, profiles/NAME.json in the data folder (docs/data.md; SMTP_LENS_DATA_DIR moves it).
Save one with probe … --save-profile NAME (or the app's sidebar), use it with --profile NAME.
A profile never holds a password: the desktop app can remember one in the OS keychain, apart
from the file; the command line asks for it each time.

Names: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or a digit.

  list                The profiles: name, host:port, TLS mode, user (the default action).
                      Files in the folder that are not profiles are named on stderr (exit 1).
  show NAME           The profile's settings as JSON.
  rename OLD NEW      Rename it (its remembered password follows).
  duplicate NAME NEW  Copy it under another name.
  delete NAME         Delete it, and the password the app remembered for it.
  --json              list as JSON: { dir, profiles, problems }.

Exit codes: 0 done, 1 a profile file is not readable, 2 usage error (no such profile, a bad name).
`;

export const COMMAND_HELP = `Usage: smtp-lens command --as swaks|openssl|smtp-lens [probe options]

Prints the probe that the options describe as another tool's command line, as the app's
"Copy as" does: swaks (the whole session), openssl s_client (the connection and TLS; you type
the SMTP commands) or smtp-lens probe itself. Nothing connects. The password is never written:
the line reads it from an environment variable (SMTP_PASSWORD unless --auth-pass-env names
one). What the other tool cannot do, and where it behaves differently, goes to stderr.

Example:
  smtp-lens command --as swaks mail.example.com --port 587 --auth-user alice --to bob@example.com
`;
