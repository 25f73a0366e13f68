// A request as a swaks command line (swaks' own options, `swaks --help`), with what swaks cannot
// say named in words. Reading a swaks line back is swaksImport.ts.
import { cliLabel } from '../sessionRequest';
import type { QuitAfter } from '../transcript';
import { type CommandLine, type CommandRequest, hostPort, sentences, type Unmapped } from './commandRequest';
import { shellLine, type Word } from './shellWords';

/** smtp-lens --quit-after and swaks' stop points that mean the same place in the session:
 * `ehlo` is the first EHLO (before STARTTLS), `tls` the TLS handshake. */
export const SWAKS_QUIT_AFTER: Record<QuitAfter, string | null> = {
  connect: 'CONNECT',
  banner: 'BANNER',
  ehlo: 'FIRST-EHLO',
  tls: 'TLS',
  auth: 'AUTH',
  mail: 'MAIL',
  rcpt: 'RCPT',
  // The whole session, swaks' default.
  data: null,
};

/** What swaks has no option for, field by field, in the words a user reads. */
const SWAKS_LACKS: Partial<Record<keyof CommandRequest, string>> = {
  proxy:
    'swaks has no SOCKS or HTTP proxy (its own --proxy sends a HAProxy PROXY header, something else): run it on a host that can reach the server',
  bdat: 'swaks has no BDAT (CHUNKING): it sends the message with DATA',
  bdatChunk: 'swaks has no equivalent of --bdat-chunk',
  notify: 'swaks has no DSN parameters (RFC 3461): no equivalent of --notify',
  ret: 'swaks has no DSN parameters (RFC 3461): no equivalent of --ret',
  envid: 'swaks has no DSN parameters (RFC 3461): no equivalent of --envid',
  orcpt: 'swaks has no DSN parameters (RFC 3461): no equivalent of --orcpt',
  vrfy: 'swaks has no VRFY: no equivalent of --vrfy',
  requiretls: 'swaks has no REQUIRETLS (RFC 8689): no equivalent of --requiretls',
  probeStarttlsInjection: 'swaks has no STARTTLS injection probe: no equivalent of --probe-starttls-injection',
  probeSmuggling: 'swaks has no SMTP smuggling probe: no equivalent of --probe-smuggling',
  fetchIntermediate:
    'swaks does not download a missing intermediate certificate: no equivalent of --fetch-intermediate',
  trustLabCa:
    "Trusting the practice server's root CA has no swaks switch: give its file with --tls-ca-path (smtp-lens lab prints its path)",
  portRole: 'swaks has no port role: the port this practice scenario stands for is not said',
};

const SWAKS_TLS = { none: null, starttls: '--tls', implicit: '--tls-on-connect', auto: '--tls-optional-strict' };

/** `swaks …` for a request. The password is `"$SMTP_PASSWORD"`, expanded by the shell. */
export function swaksLine(r: CommandRequest): CommandLine {
  const words: Word[] = ['swaks'];
  const unmapped: Unmapped[] = [];
  const notes: string[] = [];
  const add = (name: string, value: Word | number | undefined) => {
    if (value !== undefined) words.push(name, typeof value === 'number' ? String(value) : value);
  };
  let stdin: string | undefined;
  /** Text on the line, or on standard input when swaks would read it as a file name. */
  const text = (name: '--data' | '--body', content: CommandRequest['data']) => {
    if (!content) return;
    if ('file' in content) return add(name, content.file === '-' ? '-' : `@${content.file}`);
    const value = content.text;
    if (name === '--body' && !value.startsWith('@') && value !== '-' && !value.includes('\n')) return add(name, value);
    stdin = value;
    add(name, '-');
  };
  const port = r.port ?? 25;
  if (r.host) add('--server', hostPort(r.host, port));
  else add('--port', port);
  const tls = r.tls ?? 'auto';
  const tlsOption = SWAKS_TLS[tls];
  if (tlsOption) words.push(tlsOption);
  if (tls === 'auto')
    notes.push(
      'swaks has no --tls auto: --tls-optional-strict uses STARTTLS when the server offers it, but never tries TLS from the first byte.',
    );
  if (tlsOption && !r.allowUnverifiedAuth) {
    words.push('--tls-verify');
    notes.push(
      'With --tls-verify swaks stops at a certificate that fails verification (SMTP Lens reports it and goes on, without sending the password); older swaks, such as 20201014, check the chain but not the name in it.',
    );
  }
  if (tlsOption && r.allowUnverifiedAuth)
    notes.push('Without --tls-verify (as --allow-unverified-auth asks), swaks does not check the certificate at all.');
  const sni = r.servername ?? (r.host && !/^[\d.]+$|:/.test(r.host) ? r.host : undefined);
  if (tlsOption) add('--tls-sni', sni);
  const [ca, ...moreCa] = r.caFiles ?? [];
  if (tlsOption) add('--tls-ca-path', ca);
  for (const file of tlsOption ? moreCa : [])
    unmapped.push({
      option: '--ca',
      words: `swaks takes one --tls-ca-path: ${file} is left out (or join the files into one)`,
    });
  add('--ehlo', r.ehlo);
  add('--local-interface', r.bind);
  if (r.family) words.push(`-${r.family}`);
  if (r.timeoutMs !== undefined) {
    const seconds = Math.ceil(r.timeoutMs / 1000);
    add('--timeout', `${seconds}s`);
    if (seconds * 1000 !== r.timeoutMs)
      notes.push(`swaks counts its timeout in seconds: ${r.timeoutMs} ms became ${seconds} s.`);
  }
  if (r.auth) {
    const mech = r.auth.mechanism === 'XOAUTH2' ? undefined : r.auth.mechanism;
    words.push('--auth', ...(mech ? [mech] : []));
    if (r.auth.mechanism === 'XOAUTH2')
      unmapped.push({
        option: '--auth-mech XOAUTH2',
        words: 'swaks has no XOAUTH2: it tries the mechanisms the server offers',
      });
    add('--auth-user', r.auth.user);
    if (r.auth.passwordEnv) {
      add('--auth-password', { env: r.auth.passwordEnv });
      notes.push(
        'swaks gets the password on its own command line, where other users of this machine can see it while it runs (ps).',
      );
    }
    if (!r.allowPlaintextAuth && (tls === 'none' || tls === 'auto'))
      notes.push(
        'swaks sends the password even without TLS; SMTP Lens withholds it unless --allow-plaintext-auth is given.',
      );
  }
  add('--from', r.from);
  if (r.to?.length) add('--to', r.to.join(','));
  for (const header of r.headers ?? []) add('--header', header);
  text('--body', r.body);
  let typed = false;
  for (const a of r.attachments ?? []) {
    // swaks' --attach-type holds for every --attach after it; SMTP Lens's for the next one only.
    if (a.contentType || typed) add('--attach-type', a.contentType ?? 'application/octet-stream');
    typed = !!a.contentType;
    add('--attach', `@${a.file}`);
  }
  if (r.attachments?.some((a) => !a.contentType))
    notes.push(
      'swaks sends an attachment without --attach-type as application/octet-stream; SMTP Lens guesses the type from the file name.',
    );
  text('--data', r.data);
  if (r.data && 'text' in r.data && /%[A-Z_]+%|\\n/.test(r.data.text))
    notes.push(
      'swaks replaces %DATE%-style tokens and the two characters \\n in the message; SMTP Lens sends it as written.',
    );
  const stop = r.quitAfter ? SWAKS_QUIT_AFTER[r.quitAfter] : null;
  if (stop) add('--quit-after', stop);
  if (r.quitAfter === 'tls')
    notes.push(
      'swaks stops right after the TLS handshake; SMTP Lens first sends EHLO again, to show what is offered inside TLS.',
    );
  if (!r.noPipelining) words.push('--pipeline');
  for (const [field, why] of Object.entries(SWAKS_LACKS) as [keyof CommandRequest, string][])
    if (r[field] !== undefined && r[field] !== false)
      unmapped.push({ option: field === 'trustLabCa' || field === 'portRole' ? field : cliLabel(field), words: why });
  const setFirst = r.auth?.passwordEnv ? [r.auth.passwordEnv] : [];
  return {
    tool: 'swaks',
    words,
    ...(stdin !== undefined ? { stdin } : {}),
    text: shellLine(words, stdin),
    setFirst,
    unmapped: sentences(unmapped),
    notes,
  };
}
