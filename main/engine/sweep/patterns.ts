// The telling patterns of a sweep: facts that only show when ports are compared. Pure
// functions over the rows (only `port` and the cells are read), so each one is unit-tested
// with rows for ports like 25 that a test cannot bind on loopback.
import type { SweepPattern, SweepRow } from '../../../shared/sweep';
import { capitalise, listWords, portWords } from './wording';

export interface PatternContext {
  /** HOST was an IP address. */
  hostIsAddress: boolean;
  /** The name certificates were checked against, when one was given or HOST was a name. */
  servername: string | null;
}

type Row = Pick<SweepRow, 'port' | 'reach' | 'speaks' | 'starttls' | 'authBeforeTls' | 'certificate'>;
type Pattern = (rows: readonly Row[], ctx: PatternContext) => SweepPattern | null;

const ports = (rows: readonly Row[]) => rows.map((r) => r.port);
const answered = (rows: readonly Row[]) => rows.filter((r) => r.reach.value === 'connected');

/** Silence on 25 while other ports answer is the classic outbound block: residential ISPs
 * and many cloud providers drop port 25 to stop spam. RFC 5068 (BCP 134) accepts such
 * filtering as long as submission (587, and 465 since RFC 8314) stays open. */
const port25Blocked: Pattern = (rows) => {
  const p25 = rows.find((r) => r.port === 25 && r.reach.value === 'timed-out');
  const others = answered(rows).filter((r) => r.port !== 25);
  if (!p25 || !others.length) return null;
  return {
    id: 'port25-blocked',
    severity: 'warning',
    ports: [25],
    title: 'Outbound port 25 is probably blocked on your side',
    text:
      `Port 25 timed out while ${listWords(ports(others))} answered, so the host is up. Many ISPs and cloud providers silently drop ` +
      'outgoing connections to port 25 to stop spam. It does not affect sending from a mail client (use the submission ports), ' +
      'but this network cannot test or deliver server-to-server mail: try port 25 from a server on another network, or ask your provider to unblock it.',
  };
};

const portFiltered: Pattern = (rows) => {
  const silent = rows.filter((r) => r.port !== 25 && r.reach.value === 'timed-out');
  const others = answered(rows);
  if (!silent.length || !others.length) return null;
  return {
    id: 'port-filtered',
    severity: 'warning',
    ports: ports(silent),
    title: `${capitalise(portWords(ports(silent)))} timed out while others answered`,
    text:
      `${capitalise(portWords(ports(silent)))} gave no answer at all while ${listWords(ports(others))} connected: a firewall drops ` +
      `${silent.length === 1 ? 'it' : 'them'}, at the server or on your network. A port that is simply closed is refused at once instead.`,
  };
};

const authBeforeTls: Pattern = (rows) => {
  const clear = rows.filter((r) => r.authBeforeTls.value === 'offered');
  if (!clear.length) return null;
  const what =
    clear.length === 1
      ? `Port ${clear[0].port} offers AUTH ${clear[0].authBeforeTls.mechanisms.join(' ')} in plain text`
      : `Ports ${listWords(clear.map((r) => `${r.port} (${r.authBeforeTls.mechanisms.join(' ')})`))} offer AUTH in plain text`;
  return {
    id: 'auth-before-tls',
    severity: 'warning',
    ports: ports(clear),
    title: 'AUTH offered before TLS',
    text:
      `${what}, before any STARTTLS. A client that logs in ` +
      'before STARTTLS (or an attacker who strips STARTTLS from the reply) sends the password readable. Offer AUTH only inside TLS ' +
      '(Postfix: smtpd_tls_auth_only = yes), as RFC 4954 §4 and RFC 8314 §3 advise.',
  };
};

const starttlsInconsistent: Pattern = (rows) => {
  const offered = rows.filter((r) => r.starttls.value === 'offered');
  const missing = rows.filter((r) => r.starttls.value === 'not-offered');
  if (!offered.length || !missing.length) return null;
  return {
    id: 'starttls-inconsistent',
    severity: 'warning',
    ports: [...ports(offered), ...ports(missing)].sort((a, b) => a - b),
    title: 'STARTTLS on some ports but not others',
    text:
      `STARTTLS is advertised on ${portWords(ports(offered))} but not on ${listWords(ports(missing))}, so mail on ${listWords(ports(missing))} ` +
      'travels unencrypted. Usually one listener (a master.cf service, an Exim daemon port, an Exchange receive connector) lacks the TLS settings the others have.',
  };
};

const differentCertificates: Pattern = (rows) => {
  const withLeaf = rows.filter((r) => r.certificate.leaf);
  const groups = new Map<string, Row[]>();
  for (const r of withLeaf)
    groups.set(r.certificate.leaf!.fingerprint256, [...(groups.get(r.certificate.leaf!.fingerprint256) ?? []), r]);
  if (groups.size < 2) return null;
  const describe = [...groups.values()].map((group) => {
    const leaf = group[0].certificate.leaf!;
    const until = leaf.notAfter ? `, valid until ${leaf.notAfter.slice(0, 10)}` : '';
    return `${capitalise(portWords(ports(group)))}: ${leaf.subject} (SHA-256 ${leaf.fingerprint256.slice(0, 11)}…${until}).`;
  });
  const verdicts = new Set(withLeaf.map((r) => r.certificate.value));
  return {
    id: 'different-certificates',
    severity: verdicts.size > 1 ? 'warning' : 'info',
    ports: ports(withLeaf),
    title: 'Different certificates on different ports',
    text:
      `Not every port presents the same certificate. ${describe.join(' ')} That can be on purpose, but often one service was missed ` +
      'when the certificate was renewed or replaced: check that each port uses the one you expect.',
  };
};

/** RFC 8314 §3.3 gives implicit TLS to 465; 25 (RFC 3207) and 587 (RFC 6409) use STARTTLS. */
const STARTTLS_PORTS = [25, 587, 2525];

const implicitTlsPort: Pattern = (rows) => {
  const found = rows.filter(
    (r) => (r.speaks.value === 'implicit-tls' || r.speaks.value === 'tls-no-greeting') && r.port !== 465,
  );
  if (!found.length) return null;
  const surprising = found.filter((r) => STARTTLS_PORTS.includes(r.port));
  const text = surprising.length
    ? `${capitalise(portWords(ports(surprising)))} expect${surprising.length === 1 ? 's' : ''} TLS from the first byte, where clients and servers ` +
      'expect a plain-text greeting and STARTTLS: anything set to STARTTLS there hears only silence and times out. Either set clients to ' +
      '"SSL/TLS" for this port, or fix the server: implicit TLS belongs on 465 (RFC 8314 §3.3), STARTTLS on 587 (RFC 6409) and 25 (RFC 3207).'
    : `${capitalise(portWords(ports(found)))} speak${found.length === 1 ? 's' : ''} TLS from the first byte (implicit TLS, like 465): ` +
      `in a mail client choose "SSL/TLS" for ${found.length === 1 ? 'it' : 'them'}, not STARTTLS.`;
  return {
    id: 'implicit-tls-port',
    severity: surprising.length ? 'warning' : 'info',
    ports: ports(found),
    title: 'TLS from the first byte',
    text,
  };
};

const plaintextOn465: Pattern = (rows) => {
  const p465 = rows.find((r) => r.port === 465 && r.speaks.value === 'plaintext-smtp');
  if (!p465) return null;
  return {
    id: 'plaintext-on-465',
    severity: 'warning',
    ports: [465],
    title: 'Port 465 answers in plain text',
    text:
      'Port 465 greeted in plain text, but clients set up for 465 use implicit TLS ("SSL/TLS", RFC 8314 §3.3) and fail here. ' +
      'Configure 465 as implicit TLS (Postfix: smtpd_tls_wrappermode = yes on the submissions service).',
  };
};

const silentPort: Pattern = (rows) => {
  const silent = rows.filter((r) => r.speaks.value === 'silent');
  if (!silent.length) return null;
  return {
    id: 'silent-port',
    severity: 'warning',
    ports: ports(silent),
    title: 'Accepted, then silence',
    text:
      `${capitalise(portWords(ports(silent)))} accepted the connection but sent no greeting, neither in plain text nor after a TLS handshake. ` +
      'Something listens there without serving SMTP: a hung mail service, a proxy or load balancer with nothing behind it, or a tarpit.',
  };
};

const servernameIsAddress: Pattern = (rows, ctx) => {
  if (!ctx.hostIsAddress || ctx.servername) return null;
  const wrongName = rows.filter((r) => r.certificate.problems.includes('hostname'));
  if (!wrongName.length) return null;
  return {
    id: 'servername-is-address',
    severity: 'info',
    ports: ports(wrongName),
    title: 'Certificates were checked against an address',
    text:
      'The host was given as an IP address, and certificates name hosts, not addresses, so the name check fails on every port. ' +
      "Give the mail server's name as the server name (--servername NAME) to check the certificates as a mail client would.",
  };
};

const PATTERNS: Pattern[] = [
  port25Blocked,
  portFiltered,
  silentPort,
  implicitTlsPort,
  plaintextOn465,
  starttlsInconsistent,
  authBeforeTls,
  differentCertificates,
  servernameIsAddress,
];

export function findPatterns(rows: readonly Row[], ctx: PatternContext): SweepPattern[] {
  return PATTERNS.map((p) => p(rows, ctx)).filter((p): p is SweepPattern => p !== null);
}
