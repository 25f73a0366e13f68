// A probe as a command line says it. A session request holds the contents of its files (the CA's
// PEM, an attachment's bytes) and its secrets; a command line names files by path and reads
// secrets from the environment. This is the request in that form: what "Copy as" writes and
// what a pasted line is read into, the same for smtp-lens, swaks and openssl s_client.
import type { AuthMechanism, SessionRequest } from '../sessionRequest';
import type { TlsMode } from '../transcript';
import type { Word } from './shellWords';

/** The environment variable a command reads the password from. Never the password itself. */
export const PASSWORD_ENV = 'SMTP_PASSWORD';
export const PROXY_PASSWORD_ENV = 'SMTP_PROXY_PASSWORD';

/** Text given on the line, or a file named by it ("-" is standard input). */
export type Content = { text: string } | { file: string };

export type CommandRequest = Omit<
  SessionRequest,
  'host' | 'port' | 'tls' | 'auth' | 'ca' | 'attachments' | 'proxy' | 'data' | 'body'
> & {
  /** No host: the recipient domain's MX, as swaks and smtp-lens both do. */
  host?: string;
  port?: number;
  tls?: TlsMode;
  family?: 4 | 6;
  /** The password is read from `passwordEnv` when the command runs (none: the tool asks). */
  auth?: { user: string; mechanism?: AuthMechanism; passwordEnv?: string };
  proxy?: { url: string; passwordEnv?: string };
  caFiles?: string[];
  attachments?: { file: string; contentType?: string }[];
  data?: Content;
  body?: Content;
};

/** An option one side has and the other lacks, in words. */
export interface Unmapped {
  option: string;
  words: string;
}

/** Each entry's words as a sentence, however it was written. */
export const sentences = (list: Unmapped[]): Unmapped[] =>
  list.map((u) => (/[.!?]$/.test(u.words) ? u : { ...u, words: `${u.words}.` }));

export type Tool = 'smtp-lens' | 'swaks' | 'openssl';

/** A command line made from a request: ready to paste, with what it cannot say. */
export interface CommandLine {
  tool: Tool;
  words: Word[];
  /** The message, given on standard input as a here-document. */
  stdin?: string;
  /** The whole line, quoted for a POSIX shell. */
  text: string;
  /** Environment variables the line reads (the password): to set before running it. */
  setFirst: string[];
  unmapped: Unmapped[];
  /** Where the tool behaves differently from SMTP Lens with the same request. */
  notes: string[];
}

/** A pasted line read back. Secrets on it are never kept: `dropped` says which, and why. */
export type ImportedCommand =
  | {
      ok: true;
      tool: Exclude<Tool, 'openssl'>;
      request: CommandRequest;
      unmapped: Unmapped[];
      dropped: Unmapped[];
      notes: string[];
    }
  | { ok: false; problem: string };

/** RFC 8314 §3.3 gives 465 to implicit TLS; RFC 6409 makes 587 submission with STARTTLS. The
 * CLI's default when --tls is not given (main/cli/probeCommand.ts, checked by its test). */
export function defaultTlsMode(port: number): TlsMode {
  if (port === 465) return 'implicit';
  if (port === 587) return 'starttls';
  return 'auto';
}

/** The request as a command line says it: files by path (as given, or by the name the CA was
 * loaded under), the password and the proxy's password by environment variable. */
export function commandRequestOf(
  r: SessionRequest,
  files: { caFiles?: string[]; passwordEnv?: string; proxyPasswordEnv?: string } = {},
): CommandRequest {
  const { auth, ca, attachments, proxy, data, body, ...rest } = r;
  const out: CommandRequest = { ...rest };
  if (auth)
    out.auth = {
      user: auth.user,
      ...(auth.mechanism ? { mechanism: auth.mechanism } : {}),
      passwordEnv: files.passwordEnv ?? PASSWORD_ENV,
    };
  if (proxy)
    out.proxy = {
      url: proxy.url,
      ...(proxyHasUser(proxy.url) ? { passwordEnv: files.proxyPasswordEnv ?? PROXY_PASSWORD_ENV } : {}),
    };
  const caFiles = files.caFiles ?? ca?.map((_, i) => `ca-${i + 1}.pem`) ?? [];
  if (caFiles.length) out.caFiles = caFiles;
  if (attachments?.length)
    out.attachments = attachments.map((a) => ({
      file: a.filename,
      ...(a.contentType ? { contentType: a.contentType } : {}),
    }));
  if (data !== undefined) out.data = { text: data };
  if (body !== undefined) out.body = { text: body };
  return out;
}

/** A proxy URL that names a user (socks5h://alice@host:1080) needs the proxy's password too. */
export function proxyHasUser(url: string): boolean {
  return /^[a-z0-9+.-]+:\/\/[^/@]+@/i.test(url);
}

/** The host and port as one word: host:port, or [v6]:port (RFC 3986 §3.2.2). */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** What to tell the user before they run a line that reads a secret from the environment, and
 * a way to set it that keeps it out of the shell's history (bash, zsh). */
export function setFirstWords(line: Pick<CommandLine, 'setFirst'>): { words: string; example: string } | null {
  if (!line.setFirst.length) return null;
  return {
    words: `Set ${line.setFirst.join(' and ')} first: the password is never written into the command.`,
    example: line.setFirst.map((v) => `read -rs ${v} && export ${v}`).join('; '),
  };
}
