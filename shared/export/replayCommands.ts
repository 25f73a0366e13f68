// The swaks and `openssl s_client` commands that replay a session, so a vendor's support
// can run the same test with the tools they already trust. Built from the transcript alone:
// the port, the TLS mode actually used, SNI, the EHLO name, the AUTH user and mechanism,
// the envelope, and where the session stopped. The password is never in the transcript,
// so it is left as a placeholder: an environment variable the reader sets first.
import type { SendEvent, Transcript } from '../transcript';

export interface ReplayOptions {
  /** The CA file the session trusted (the CLI knows its --ca path); otherwise left out. */
  caPath?: string;
}

export interface ReplayCommands {
  /** One swaks command, continued over lines with " \". */
  swaks: string;
  /** `openssl s_client` for the TLS part, or null when the session used no TLS. */
  openssl: string | null;
  /** Things the reader should know before running them. */
  notes: string[];
}

/** The environment variable the swaks command reads the password from. */
export const PASSWORD_PLACEHOLDER = '"$SMTP_PASSWORD"';

/** POSIX shell quoting: safe words as they are, everything else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `openssl -connect` wants [v6]:port. */
const hostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

const isIp = (name: string) => /^[\d.]+$/.test(name) || name.includes(':');

interface Facts {
  tls: 'none' | 'starttls' | 'implicit';
  ehlo: string | null;
  authMechanism: string | null;
  authUser: string | null;
  from: string | null;
  to: string[];
  /** The last command before QUIT, for --quit-after. */
  last: string | null;
  afterTls: boolean;
  dataSent: boolean;
}

/** The command word: what comes before the first space or colon (the same as splitting at
 * /[\s:]/ and taking the first part, without building the other parts). */
const VERB = /^[^\s:]*/;
const verb = (e: SendEvent) => VERB.exec(e.line)![0].toUpperCase();
const AUTH_LINE = /^AUTH\b/i;
const HELLO = /^(EHLO|HELO|LHLO)$/;
const AUTHENTICATING = /^Authenticating as "(.*)" with (\S+?)\./;
const ANGLE_ADDRESS = /<([^>]*)>/;

function facts(t: Transcript): Facts {
  const tlsStart = t.events.find((e) => e.type === 'tls-start');
  const tlsMode = t.tls?.mode ?? (tlsStart?.type === 'tls-start' ? tlsStart.mode : null);
  const f: Facts = {
    tls: tlsMode ?? (t.target.tls === 'starttls' || t.target.tls === 'implicit' ? t.target.tls : 'none'),
    ehlo: null,
    authMechanism: null,
    authUser: null,
    from: null,
    to: [],
    last: null,
    afterTls: false,
    dataSent: false,
  };
  let encrypted = false;
  for (const e of t.events) {
    if (e.type === 'tls-established') encrypted = true;
    if (e.type === 'note') {
      // authStep.ts: 'Authenticating as "USER" with MECH.' The user name is not a secret.
      const m = AUTHENTICATING.exec(e.text);
      if (m) [f.authUser, f.authMechanism] = [m[1]!, m[2]!];
    }
    if (e.type !== 'send' || e.body || (e.redacted && !AUTH_LINE.test(e.line))) continue;
    const v = verb(e);
    if (v === 'QUIT') continue;
    if (HELLO.test(v)) f.ehlo ??= e.line.slice(5).trim() || null;
    if (v === 'AUTH') f.authMechanism ??= e.line.split(/\s+/)[1]?.toUpperCase() ?? null;
    if (v === 'MAIL') f.from ??= ANGLE_ADDRESS.exec(e.line)?.[1] ?? null;
    if (v === 'RCPT') {
      const to = ANGLE_ADDRESS.exec(e.line)?.[1];
      if (to) f.to.push(to);
    }
    if (v === 'DATA') f.dataSent = true;
    f.last = v;
    f.afterTls = encrypted;
  }
  return f;
}

/** swaks(1) --quit-after stop points for the last command SMTP Lens sent. */
function quitAfter(f: Facts): string | null {
  switch (f.last) {
    case null:
      return 'BANNER';
    case 'EHLO':
    case 'HELO':
    case 'LHLO':
      return f.tls === 'starttls' && !f.afterTls ? 'FIRST-HELO' : 'HELO';
    case 'STARTTLS':
      return 'TLS';
    case 'AUTH':
      return 'AUTH';
    case 'MAIL':
      return 'MAIL';
    case 'RCPT':
      return 'RCPT';
    default:
      return f.dataSent ? null : 'RCPT';
  }
}

function lines(command: string, options: (string | null)[][]): string {
  const parts = options.filter((o) => o.every((w) => w !== null)) as string[][];
  return [command, ...parts.map((o) => `  ${o.join(' ')}`)].join(' \\\n');
}

export function replayCommands(t: Transcript, options: ReplayOptions = {}): ReplayCommands {
  const f = facts(t);
  const q = shellQuote;
  const notes: string[] = [];
  const sni = t.target.servername ?? t.tls?.servername ?? null;
  const checkedName = t.tls?.verification.checkedName ?? sni ?? t.target.host;
  const ca = options.caPath ? q(options.caPath) : null;
  const stop = quitAfter(f);

  const swaks: (string | null)[][] = [
    ['--server', q(t.target.host)],
    ['--port', String(t.target.port)],
  ];
  if (f.ehlo) swaks.push(['--helo', q(f.ehlo)]);
  if (f.tls === 'starttls') swaks.push(['--tls']);
  if (f.tls === 'implicit') swaks.push(['--tls-on-connect']);
  if (f.tls !== 'none') {
    // SMTP Lens always verifies the chain; swaks only does when asked.
    swaks.push(['--tls-verify'], ['--tls-ca-path', ca]);
    if (sni && !isIp(sni)) swaks.push(['--tls-sni', q(sni)]);
  }
  if (f.authMechanism) {
    swaks.push(
      ['--auth', q(f.authMechanism)],
      ['--auth-user', q(f.authUser ?? 'USER')],
      ['--auth-password', PASSWORD_PLACEHOLDER],
    );
    notes.push(
      'The password is not in the transcript: set SMTP_PASSWORD first (read -rs SMTP_PASSWORD; export SMTP_PASSWORD), or type it in place of "$SMTP_PASSWORD".',
    );
    if (f.authMechanism === 'XOAUTH2')
      notes.push("XOAUTH2 needs a swaks release that supports it (Debian 12's 20201014.0 does not).");
  }
  if (f.from !== null) swaks.push(['--from', q(f.from)]);
  if (f.to.length) swaks.push(['--to', q(f.to.join(','))]);
  if (stop) swaks.push(['--quit-after', stop]);
  if (f.dataSent) notes.push('swaks sends its own short test message, not the message of this session.');
  const probes = new Set<string>();
  for (const e of t.events) if (e.type === 'note' && e.code) probes.add(e.code);
  if (probes.has('smuggling-probe'))
    notes.push(
      'swaks cannot repeat the smuggling probe: it ends its message with <CR><LF>.<CR><LF> only. Run smtp-lens probe --probe-smuggling again instead.',
    );
  if (probes.has('starttls-injection-probe'))
    notes.push(
      'swaks cannot repeat the STARTTLS injection probe. Run smtp-lens probe --probe-starttls-injection again instead.',
    );
  if (f.tls !== 'none') {
    if (!ca)
      notes.push(
        "If the server's CA is not in the system trust store, add --tls-ca-path FILE (swaks) and -CAfile FILE (openssl).",
      );
    if (t.tls && !t.tls.verification.ok)
      notes.push(
        'The certificate failed verification in this session, so swaks --tls-verify and openssl -verify_return_error stop there; leave those options out to see the rest of the conversation.',
      );
  }

  let openssl: string | null = null;
  if (f.tls !== 'none') {
    const s: (string | null)[][] = [['-connect', q(hostPort(t.target.host, t.target.port))]];
    if (f.tls === 'starttls') s.push(['-starttls', 'smtp'], f.ehlo ? ['-name', q(f.ehlo)] : [null]);
    if (sni && !isIp(sni)) s.push(['-servername', q(sni)]);
    s.push(isIp(checkedName) ? ['-verify_ip', q(checkedName)] : ['-verify_hostname', q(checkedName)]);
    s.push(['-CAfile', ca], ['-verify_return_error'], ['-showcerts']);
    openssl = lines('openssl s_client', s);
  } else {
    notes.push('This session used no TLS, so there is no openssl s_client command for it.');
  }
  return { swaks: lines('swaks', swaks), openssl, notes };
}
