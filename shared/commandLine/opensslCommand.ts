// A request as an `openssl s_client` line: the connection, STARTTLS and the certificate check,
// as admins run them. s_client opens TLS and leaves SMTP to the person typing, so what the
// session would do after TLS is said in words.
import { cliLabel } from '../sessionRequest';
import { type CommandLine, type CommandRequest, hostPort, sentences, type Unmapped } from './commandRequest';
import { shellLine, type Word } from './shellWords';

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

/** The parts of a session s_client does not script: typed by hand after the handshake. */
const TYPED: [keyof CommandRequest, string][] = [
  ['auth', 'AUTH'],
  ['from', 'MAIL FROM'],
  ['to', 'RCPT TO'],
  ['data', 'the message'],
  ['body', 'the message'],
  ['headers', 'the message'],
  ['attachments', 'the message'],
  ['vrfy', 'VRFY'],
];

const LACKS: Partial<Record<keyof CommandRequest, string>> = {
  timeoutMs: 'openssl s_client has no timeout: no equivalent of --timeout',
  bdat: 'openssl s_client sends no message: no equivalent of --bdat',
  bdatChunk: 'openssl s_client sends no message: no equivalent of --bdat-chunk',
  notify: 'openssl s_client sends no envelope: no equivalent of --notify',
  ret: 'openssl s_client sends no envelope: no equivalent of --ret',
  envid: 'openssl s_client sends no envelope: no equivalent of --envid',
  orcpt: 'openssl s_client sends no envelope: no equivalent of --orcpt',
  requiretls: 'openssl s_client sends no envelope: no equivalent of --requiretls',
  probeStarttlsInjection: 'openssl s_client has no STARTTLS injection probe',
  probeSmuggling: 'openssl s_client has no SMTP smuggling probe',
  fetchIntermediate: 'openssl s_client does not download a missing intermediate (AIA)',
  trustLabCa:
    "Trusting the practice server's root CA has no openssl switch: give its file with -CAfile (smtp-lens lab prints its path)",
};

/** `openssl s_client …` for a request's connection and TLS. */
export function opensslLine(r: CommandRequest): CommandLine {
  const words: Word[] = ['openssl', 's_client'];
  const unmapped: Unmapped[] = [];
  const notes: string[] = [];
  const setFirst: string[] = [];
  const host = r.host ?? '';
  const port = r.port ?? 25;
  if (!r.host)
    unmapped.push({ option: 'HOST', words: 'openssl s_client needs a host: it does not look up MX records' });
  words.push('-connect', hostPort(host || 'HOST', port));
  const tls = r.tls ?? 'auto';
  const starttls = tls === 'starttls' || (tls !== 'implicit' && port !== 465);
  if (starttls) words.push('-starttls', 'smtp');
  if (tls === 'none')
    unmapped.push({
      option: '--tls none',
      words: 'openssl s_client always starts TLS: this line uses STARTTLS, which --tls none never sends',
    });
  if (tls === 'auto')
    notes.push(
      `openssl s_client has no --tls auto: this line uses ${starttls ? 'STARTTLS' : 'TLS from the first byte'}, as port ${port} usually does.`,
    );
  if (starttls && r.ehlo) words.push('-name', r.ehlo);
  const name = r.servername ?? (host && !isIp(host) ? host : undefined);
  if (name) words.push('-servername', name, '-verify_hostname', name);
  else if (host) words.push('-verify_ip', host);
  words.push('-verify_return_error');
  const [ca, ...moreCa] = r.caFiles ?? [];
  if (ca) words.push('-CAfile', ca);
  for (const file of moreCa)
    unmapped.push({
      option: '--ca',
      words: `openssl s_client takes one -CAfile: ${file} is left out (or join the files into one)`,
    });
  if (r.bind) words.push('-bind', r.bind);
  if (r.family) words.push(`-${r.family}`);
  if (r.proxy) {
    const url = /^http:\/\/(?:([^@/]+)@)?([^/]+)\/?$/i.exec(r.proxy.url);
    if (url) {
      words.push('-proxy', url[2] as string);
      if (url[1]) {
        words.push('-proxy_user', decodeURIComponent(url[1]));
        const env = r.proxy.passwordEnv;
        if (env) {
          words.push('-proxy_pass', `env:${env}`);
          setFirst.push(env);
        }
      }
    } else
      unmapped.push({
        option: '--proxy',
        words: 'openssl s_client goes through an HTTP CONNECT proxy only (-proxy), not SOCKS',
      });
  }
  // The lines typed after the handshake end in CRLF, as SMTP wants them (RFC 5321 §2.3.8).
  words.push('-crlf');
  const typed = [...new Set(TYPED.filter(([field]) => r[field] !== undefined).map(([, what]) => what))];
  if (typed.length)
    unmapped.push({
      option: typed.join(', '),
      words: `openssl s_client stops at the TLS session: type EHLO, ${typed.join(', ')} and QUIT yourself (AUTH in base64, RFC 4954)`,
    });
  if (r.quitAfter && r.quitAfter !== 'tls')
    notes.push(`Type QUIT when you are done (smtp-lens would stop after ${r.quitAfter}).`);
  for (const [field, why] of Object.entries(LACKS) as [keyof CommandRequest, string][])
    if (r[field] !== undefined && r[field] !== false)
      unmapped.push({ option: field === 'trustLabCa' ? field : cliLabel(field), words: why });
  notes.push('After the handshake, type EHLO (and QUIT to end); echo QUIT | in front of the line ends it at once.');
  return { tool: 'openssl', words, text: shellLine(words), setFirst, unmapped: sentences(unmapped), notes };
}
