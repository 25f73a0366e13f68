// A pasted swaks command line read into a request: every swaks option (swaks --help) is either
// mapped to the request or named, with the reason, in `unmapped`. A password written on the line
// is never kept.
import { AUTH_MECHANISMS, type AuthMechanism } from '../sessionRequest';
import type { QuitAfter, TlsMode } from '../transcript';
import type { CommandRequest, Content, ImportedCommand, Unmapped } from './commandRequest';
import type { Word } from './shellWords';
import { SWAKS_QUIT_AFTER } from './swaksCommand';
import { type Arg, lacksFamily, SWAKS_OPTION } from './swaksOptions';

const SERVICES: Record<string, number> = { smtp: 25, submission: 587, smtps: 465, submissions: 465, lmtp: 24 };

const asPort = (v: string) => {
  const n = /^\d+$/.test(v) ? Number(v) : SERVICES[v.toLowerCase()];
  return n && n <= 65535 ? n : null;
};

/** host:port, [host]:port or host/port (swaks --server and --local-interface). */
function splitHostPort(v: string): { host: string; port?: string } {
  const m = /^\[([^\]]+)\](?:[:/](\w+))?$/.exec(v) ?? /^([^:/]+)(?:[:/](\w+))?$/.exec(v) ?? /^(.+)\/(\w+)$/.exec(v);
  if (!m) return { host: v };
  return { host: m[1] as string, ...(m[2] ? { port: m[2] } : {}) };
}

/** swaks' --timeout: seconds, or with s, m or h. */
function timeoutMs(v: string): number | null {
  const m = /^(\d+)([smh]?)$/i.exec(v);
  if (!m) return null;
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600 }[(m[2] ?? '').toLowerCase() as '' | 's' | 'm' | 'h'] * 1000;
}

const QUIT_FROM_SWAKS: Record<string, QuitAfter> = {
  ...Object.fromEntries(
    Object.entries(SWAKS_QUIT_AFTER)
      .filter((e): e is [QuitAfter, string] => e[1] !== null)
      .map(([ours, theirs]) => [theirs, ours]),
  ),
  'FIRST-HELO': 'ehlo',
  'FIRST-LHLO': 'ehlo',
  STARTTLS: 'tls',
  // After the second EHLO in a STARTTLS session, the only one otherwise: where ours stops for tls.
  EHLO: 'tls',
  HELO: 'tls',
  LHLO: 'tls',
  FROM: 'mail',
  TO: 'rcpt',
};

/** swaks turns the two characters \n and %NEWLINE% into line ends in --data and --add-header. */
const newlines = (v: string) => v.replace(/\\n|%NEWLINE%/g, '\n');

const shown = (w: Word) => (typeof w === 'string' ? w : 'env' in w ? `"$${w.env}"` : w.shell);

interface State {
  r: CommandRequest;
  unmapped: Unmapped[];
  dropped: Unmapped[];
  notes: string[];
  tls: TlsMode;
  verify: boolean;
  pipeline: boolean;
  sni?: string;
  auth: boolean;
  mechanisms?: string;
  user?: string;
  passwordEnv?: string;
  attachType?: string;
}

/** --data, --body and --attach: "-" standard input, @FILE a file, @@text the text "@text". */
function content(v: string, stdin: string | null, data: boolean): Content | null {
  if (v === '-') return stdin !== null ? { text: stdin } : { file: '-' };
  if (v.startsWith('@@')) return { text: v.slice(1) };
  if (v.startsWith('@')) return { file: v.slice(1) };
  // A --data with no line break is a file name to swaks (the older form, still read).
  if (data && !/\n|\\n|%NEWLINE%/.test(v)) return { file: v };
  return { text: data ? newlines(v) : v };
}

function apply(s: State, name: string, value: string | undefined, stdin: string | null): void {
  const lacks = (words: string) => s.unmapped.push({ option: `--${name}`, words: `swaks --${name}: ${words}.` });
  const v = value ?? '';
  switch (name) {
    case 'server': {
      const { host, port } = splitHostPort(v);
      s.r.host = host;
      if (port !== undefined) apply(s, 'port', port, stdin);
      return;
    }
    case 'port': {
      const port = asPort(v);
      if (port) s.r.port = port;
      else lacks(`"${v}" is not a port number or a service SMTP Lens knows`);
      return;
    }
    case 'local-interface': {
      const { host, port } = splitHostPort(v);
      s.r.bind = host;
      if (port) lacks(`the source port ${port} is not kept: SMTP Lens lets the system choose it`);
      return;
    }
    case '4':
    case '6':
      s.r.family = name === '4' ? 4 : 6;
      return;
    case 'to':
      s.r.to = [
        ...(s.r.to ?? []),
        ...v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ];
      return;
    case 'from':
      if (v === '<>') lacks('the null sender <> has no equivalent: SMTP Lens sends a sender address');
      else s.r.from = v;
      return;
    case 'ehlo':
      s.r.ehlo = v;
      return;
    case 'quit-after': {
      const stop = QUIT_FROM_SWAKS[v.toUpperCase()];
      if (stop) s.r.quitAfter = stop;
      else lacks(`SMTP Lens has no stop point ${v.toUpperCase()}`);
      return;
    }
    case 'timeout': {
      const ms = timeoutMs(v);
      if (ms && ms <= 600_000) s.r.timeoutMs = Math.max(ms, 100);
      else lacks(`${v} is not a timeout SMTP Lens takes (1 s to 10 min per stage)`);
      return;
    }
    case 'protocol': {
      const p = v.toUpperCase();
      if (!/^(E?SMTP|SSMTP|SMTPS)(S?A?)$/.test(p) || p === 'SMTP' || p === 'SMTPS') {
        lacks(`${p} has no equivalent: SMTP Lens speaks ESMTP (EHLO, then HELO if refused)`);
        if (p !== 'SMTPS') return;
      }
      if (p.startsWith('SSMTP') || p === 'SMTPS') {
        s.tls = 'implicit';
        s.r.port ??= 465;
      } else if (/^ESMTPS/.test(p)) s.tls = 'starttls';
      if (/A$/.test(p)) s.auth = true;
      return;
    }
    case 'pipeline':
      s.pipeline = true;
      return;
    case 'tls':
      s.tls = 'starttls';
      return;
    case 'tls-optional':
    case 'tls-optional-strict':
      s.tls = 'auto';
      s.notes.push(
        `swaks --${name} (STARTTLS if offered) is read as --tls auto, which also detects TLS from the first byte.`,
      );
      return;
    case 'tls-on-connect':
      s.tls = 'implicit';
      return;
    case 'tls-verify':
      s.verify = true;
      return;
    case 'tls-ca-path':
      s.r.caFiles = [...(s.r.caFiles ?? []), v];
      return;
    case 'tls-sni':
      s.sni = v;
      return;
    case 'auth':
    case 'auth-optional':
    case 'auth-optional-strict':
      s.auth = true;
      if (value) s.mechanisms = value;
      if (name !== 'auth')
        s.notes.push(`swaks --${name} is read as --auth: SMTP Lens logs in when asked, and a refusal is a finding.`);
      return;
    case 'auth-user':
      if (v === '<>') lacks('the empty user name has no equivalent');
      else s.user = v;
      return;
    case 'data':
    case 'g': {
      const c = content(name === 'g' ? '-' : v, stdin, true);
      if (c) s.r.data = c;
      return;
    }
    case 'body': {
      const c = content(v, stdin, false);
      if (c) s.r.body = c;
      return;
    }
    case 'attach': {
      const c = content(v, stdin, false);
      if (c && 'file' in c && c.file !== '-')
        s.r.attachments = [
          ...(s.r.attachments ?? []),
          { file: c.file, ...(s.attachType ? { contentType: s.attachType } : {}) },
        ];
      else lacks('SMTP Lens attaches files only: give the attachment as @FILE');
      return;
    }
    case 'attach-type':
      s.attachType = v === 'application/octet-stream' ? undefined : v;
      return;
    case 'add-header':
    case 'header':
      s.r.headers = [...(s.r.headers ?? []), ...newlines(v).split('\n').filter(Boolean)];
      if (name === 'add-header')
        s.notes.push(
          'swaks --add-header is read as --header, which replaces a header of the same name in the test message.',
        );
      return;
    default:
      lacks(lacksFamily(name) ?? 'no equivalent in SMTP Lens');
  }
}

/** The password option's value: a variable is kept by name; anything else is dropped. */
function password(s: State, value: Word | undefined): void {
  if (value === undefined) {
    s.notes.push('swaks --auth-password has no value here: swaks would ask for it, and so will SMTP Lens.');
    return;
  }
  if (typeof value !== 'string' && 'env' in value) {
    s.passwordEnv = value.env;
    return;
  }
  s.dropped.push({
    option: '--auth-password',
    words:
      typeof value === 'string'
        ? 'The password written on the line (--auth-password) was not kept: SMTP Lens never stores a password. Type it in Password, or give it from an environment variable (--auth-pass-env).'
        : `The password comes from ${value.shell} when the shell runs: not kept. Type it in Password, or give it from an environment variable (--auth-pass-env).`,
  });
}

/** The words after `swaks` as a request, with what could not be kept. */
export function fromSwaksWords(words: Word[], stdin: string | null): ImportedCommand {
  const s: State = {
    r: {},
    unmapped: [],
    dropped: [],
    notes: [],
    tls: 'none',
    verify: false,
    pipeline: false,
    auth: false,
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    if (typeof word !== 'string' || !word.startsWith('-') || word === '-') {
      s.unmapped.push({ option: shown(word), words: `${shown(word)}: swaks takes no argument outside an option.` });
      continue;
    }
    const eq = word.indexOf('=');
    const bare = word.replace(/^--?/, '');
    const key = eq > 0 ? bare.slice(0, bare.indexOf('=')) : bare;
    const header = /^h-(.+?):?$/.exec(key);
    const option = header
      ? { name: 'h-', arg: 'required' as Arg, display: false }
      : (SWAKS_OPTION.get(key) ?? SWAKS_OPTION.get(key.toLowerCase()));
    if (!option) {
      s.unmapped.push({ option: word, words: `${word} is not a swaks option this version of SMTP Lens knows.` });
      continue;
    }
    let value: Word | undefined;
    if (option.arg !== 'none') {
      if (eq > 0) value = word.slice(eq + 1);
      else {
        const next = words[i + 1];
        const looksLikeOption = typeof next === 'string' && next.length > 1 && next.startsWith('-');
        if (next !== undefined && (option.arg === 'required' || !looksLikeOption)) {
          value = next;
          i++;
        }
      }
    }
    if (option.name === 'auth-password') {
      password(s, value);
      continue;
    }
    if (option.display) {
      s.unmapped.push({
        option: `--${option.name}`,
        words: `swaks --${option.name} is how swaks prints the session; SMTP Lens shows every exchange.`,
      });
      continue;
    }
    if (value !== undefined && typeof value !== 'string') {
      s.unmapped.push({
        option: `--${option.name}`,
        words: `swaks --${option.name}: its value (${shown(value)}) is computed by the shell when it runs, so it cannot be read here.`,
      });
      continue;
    }
    if (option.arg === 'required' && value === undefined) {
      s.unmapped.push({ option: `--${option.name}`, words: `swaks --${option.name} has no value.` });
      continue;
    }
    if (header) s.r.headers = [...(s.r.headers ?? []), `${header[1]}: ${value}`];
    else apply(s, option.name, value, stdin);
  }
  return finish(s);
}

function finish(s: State): ImportedCommand {
  const { r } = s;
  r.tls = s.tls;
  r.port ??= s.tls === 'implicit' ? 465 : 25;
  if (s.sni && s.sni !== r.host) r.servername = s.sni;
  if (s.tls !== 'none' && !s.verify)
    s.notes.push(
      'This swaks line does not check the certificate (no --tls-verify); SMTP Lens always does, and withholds the password when it fails.',
    );
  if (!s.pipeline) r.noPipelining = true;
  if (s.auth || s.user !== undefined) {
    const asked = (s.mechanisms ?? '').toUpperCase().split(',').filter(Boolean);
    const mechanism = asked.find((m): m is AuthMechanism => (AUTH_MECHANISMS as readonly string[]).includes(m));
    const others = asked.filter((m) => m !== mechanism);
    if (others.length)
      s.unmapped.push({
        option: `--auth ${s.mechanisms}`,
        words: `swaks --auth ${s.mechanisms}: SMTP Lens tries one mechanism (${mechanism ?? 'the best offered'}); ${others.join(', ')} left out.`,
      });
    if (s.user === undefined)
      s.unmapped.push({
        option: '--auth',
        words: 'swaks --auth without --auth-user: swaks would ask for the user; give it in User.',
      });
    else
      r.auth = {
        user: s.user,
        ...(mechanism ? { mechanism } : {}),
        ...(s.passwordEnv ? { passwordEnv: s.passwordEnv } : {}),
      };
    if (s.tls === 'none')
      s.notes.push(
        'swaks would send the password without TLS; SMTP Lens withholds it unless "send credentials anyway" is ticked.',
      );
  }
  return { ok: true, tool: 'swaks', request: r, unmapped: s.unmapped, dropped: s.dropped, notes: s.notes };
}
