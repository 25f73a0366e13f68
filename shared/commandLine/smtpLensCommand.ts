// `smtp-lens probe …` from a request, and back. The options are probe's own (main/cli/help.ts);
// the table below is checked against main/cli/probeCommand.ts's OPTIONS by a test, so the two
// cannot drift apart.
import { AUTH_MECHANISMS, cliLabel, FLAG_OPTIONS, type FlagOption } from '../sessionRequest';
import { QUIT_AFTER, TLS_MODES } from '../transcript';
import {
  type CommandLine,
  type CommandRequest,
  defaultTlsMode,
  type ImportedCommand,
  sentences,
  type Unmapped,
} from './commandRequest';
import { shellLine, type Word } from './shellWords';

/** The switches of the request the CLI has (trusting the practice CA is the app's alone). */
const SWITCHES = FLAG_OPTIONS.filter((key) => key !== 'trustLabCa');
const SWITCH_OF = new Map(SWITCHES.map((key) => [cliLabel(key).slice(2), key] as const));

type Kind = { type: 'string' | 'boolean'; multiple?: true };
const STRING: Kind = { type: 'string' };
const STRINGS: Kind = { type: 'string', multiple: true };
const BOOLEAN: Kind = { type: 'boolean' };

/** probe's options by name, as `parseArgs` takes them. */
export const SMTP_LENS_PROBE_OPTIONS: Record<string, Kind> = {
  ...Object.fromEntries([...SWITCH_OF.keys()].map((name) => [name, BOOLEAN])),
  ...Object.fromEntries(
    [
      'port',
      'tls',
      'ehlo',
      'servername',
      'bind',
      'proxy',
      'proxy-pass-env',
      'auth-user',
      'auth-pass-env',
      'auth-mech',
      'from',
      'data',
      'body',
      'quit-after',
      'bdat-chunk',
      'notify',
      'ret',
      'envid',
      'orcpt',
      'vrfy',
      'keylog',
      'timeout',
      'format',
      'out',
      'share',
      'profile',
      'save-profile',
    ].map((name) => [name, STRING]),
  ),
  ...Object.fromEntries(['ca', 'resolver', 'to', 'header', 'attach', 'attach-type'].map((name) => [name, STRINGS])),
  ...Object.fromEntries(
    ['auth-pass-stdin', 'tls-versions', 'tls-audit', 'timings', 'json', 'no-color', 'save', 'help', '4', '6'].map(
      (name) => [name, BOOLEAN],
    ),
  ),
};

/** What smtp-lens reads a text from when it is not on the line: standard input, or a file the
 * caller writes (the CLI's --from-swaks, which has no here-document to give). */
export interface SmtpLensLineOptions {
  textFile?: (text: string, what: 'data' | 'body') => string;
}

/** The words after `smtp-lens probe`, and the standard input they read. */
function probeWords(r: CommandRequest, opts: SmtpLensLineOptions, unmapped: Unmapped[]) {
  const words: string[] = [];
  let stdin: string | undefined;
  const add = (name: string, value: string | number | undefined) => {
    if (value !== undefined) words.push(`--${name}`, String(value));
  };
  /** A text goes on the line unless smtp-lens would take it for a file name (@FILE, -). */
  const text = (name: 'data' | 'body', content: CommandRequest['data']) => {
    if (!content) return;
    if ('file' in content)
      return add(name, name === 'body' && content.file !== '-' ? `@${content.file}` : content.file);
    const { text: value } = content;
    if (name === 'body' && !value.startsWith('@') && value !== '-' && !value.includes('\n')) return add(name, value);
    if (opts.textFile) return add(name, `${name === 'body' ? '@' : ''}${opts.textFile(value, name)}`);
    stdin = value;
    add(name, '-');
  };
  if (r.host) words.push(r.host);
  add('port', r.port);
  add('tls', r.tls);
  add('ehlo', r.ehlo);
  add('servername', r.servername);
  for (const file of r.caFiles ?? []) add('ca', file);
  if (r.trustLabCa)
    unmapped.push({
      option: 'trust the practice CA',
      words:
        "Trusting the practice server's root CA has no switch: give its file with --ca (smtp-lens lab prints its path).",
    });
  add('bind', r.bind);
  add('proxy', r.proxy?.url);
  add('proxy-pass-env', r.proxy?.passwordEnv);
  if (r.family) words.push(`-${r.family}`);
  add('timeout', r.timeoutMs);
  if (r.auth) {
    add('auth-user', r.auth.user);
    add('auth-mech', r.auth.mechanism);
    add('auth-pass-env', r.auth.passwordEnv);
  }
  add('from', r.from);
  for (const to of r.to ?? []) add('to', to);
  for (const header of r.headers ?? []) add('header', header);
  text('body', r.body);
  for (const a of r.attachments ?? []) {
    add('attach-type', a.contentType);
    add('attach', a.file);
  }
  text('data', r.data);
  add('quit-after', r.quitAfter);
  add('vrfy', r.vrfy);
  add('notify', r.notify?.join(','));
  add('ret', r.ret);
  add('envid', r.envid);
  add('orcpt', r.orcpt);
  add('bdat-chunk', r.bdatChunk);
  if (r.portRole)
    unmapped.push({
      option: 'the port it stands for',
      words: `The port this practice scenario stands for (${r.portRole}) has no option: findings are worded for port ${r.port}.`,
    });
  for (const key of SWITCHES) if (r[key]) words.push(cliLabel(key));
  return { words, stdin };
}

/** `smtp-lens probe …` for a request. */
export function smtpLensLine(r: CommandRequest, opts: SmtpLensLineOptions = {}): CommandLine {
  const unmapped: Unmapped[] = [];
  const { words, stdin } = probeWords(r, opts, unmapped);
  const all: Word[] = ['smtp-lens', 'probe', ...words];
  const setFirst = [r.auth?.passwordEnv, r.proxy?.passwordEnv].filter((v): v is string => !!v);
  return {
    tool: 'smtp-lens',
    words: all,
    ...(stdin !== undefined ? { stdin } : {}),
    text: shellLine(all, stdin),
    setFirst,
    unmapped: sentences(unmapped),
    notes: [],
  };
}

/** The words after `smtp-lens probe` alone, as the CLI's argv (for --from-swaks). */
export function smtpLensProbeArgv(
  r: CommandRequest,
  opts: SmtpLensLineOptions,
): { argv: string[]; unmapped: Unmapped[] } {
  const unmapped: Unmapped[] = [];
  return { argv: probeWords(r, opts, unmapped).words, unmapped };
}

/** Options of the CLI that change how it runs or prints, not what the session does. */
const RUN_OPTIONS: Record<string, string> = {
  resolver: 'the DNS server to ask',
  'tls-versions': 'the TLS version check after the session (the Certificates tab has it)',
  'tls-audit': 'the TLS audit after the session (the Certificates tab has it)',
  keylog: 'the TLS key log file',
  timings: 'the text waterfall (the Timing tab shows it)',
  json: 'the output format',
  format: 'the output format (Export has them all)',
  out: 'the output file',
  'no-color': 'the colours of the output',
  save: 'saving to History (the app saves every session)',
  share: 'masking for sharing (Export has it)',
  help: 'the help',
  profile: 'a server saved on the machine that ran it',
  'save-profile': 'saving the server on the machine that runs it',
};

const asNumber = (value: string) => (/^\d+$/.test(value) ? Number(value) : null);

/** A parsed `smtp-lens probe` line (the words after `probe`) as a request. */
export function fromSmtpLensWords(words: Word[], stdin: string | null): ImportedCommand {
  const request: CommandRequest = {};
  const unmapped: Unmapped[] = [];
  const dropped: Unmapped[] = [];
  const notes: string[] = [];
  const positionals: string[] = [];
  let attachType: string | undefined;
  let user: string | undefined;
  let mechanism: string | undefined;
  let passwordEnv: string | undefined;
  let proxyPasswordEnv: string | undefined;
  const bad = (option: string, value: string, why: string) =>
    unmapped.push({ option: `${option} ${value}`, words: `${option} ${value}: ${why}.` });
  const content = (value: string, body: boolean) => {
    if (value === '-') return stdin !== null ? { text: stdin } : { file: '-' };
    if (body) return value.startsWith('@') ? { file: value.slice(1) } : { text: value };
    return { file: value };
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    if (typeof word !== 'string') {
      const shown = 'env' in word ? `$${word.env}` : word.shell;
      unmapped.push({
        option: shown,
        words: `${shown} is computed by the shell when it runs, so it cannot be read here.`,
      });
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.startsWith('--')
      ? word.slice(2, eq > 0 ? eq : undefined)
      : word === '-h'
        ? 'help'
        : word.slice(1);
    const kind = SMTP_LENS_PROBE_OPTIONS[name];
    if (!kind) {
      unmapped.push({ option: word, words: `${word} is not an option of smtp-lens probe.` });
      continue;
    }
    let value = '';
    if (kind.type === 'string') {
      const next = eq > 0 ? word.slice(eq + 1) : words[++i];
      if (next === undefined) {
        unmapped.push({ option: `--${name}`, words: `--${name} has no value.` });
        continue;
      }
      if (typeof next !== 'string') {
        if (name === 'auth-pass-env' || name === 'proxy-pass-env') continue;
        unmapped.push({
          option: `--${name}`,
          words: `The value of --${name} is computed by the shell, so it cannot be read here.`,
        });
        continue;
      }
      value = next;
    }
    const switchKey = SWITCH_OF.get(name) as FlagOption | undefined;
    if (switchKey) {
      request[switchKey] = true;
      continue;
    }
    switch (name) {
      case 'port': {
        const port = asNumber(value);
        if (port && port <= 65535) request.port = port;
        else bad('--port', value, 'not a port number');
        break;
      }
      case 'tls':
        if ((TLS_MODES as readonly string[]).includes(value.toLowerCase()))
          request.tls = value.toLowerCase() as CommandRequest['tls'];
        else bad('--tls', value, `not one of ${TLS_MODES.join(', ')}`);
        break;
      case 'ehlo':
      case 'servername':
      case 'bind':
      case 'from':
      case 'envid':
      case 'orcpt':
      case 'vrfy':
        request[name] = value;
        break;
      case 'proxy':
        request.proxy = { url: value };
        break;
      case 'proxy-pass-env':
        proxyPasswordEnv = value;
        break;
      case 'ca':
        request.caFiles = [...(request.caFiles ?? []), value];
        break;
      case 'auth-user':
        user = value;
        break;
      case 'auth-pass-env':
        passwordEnv = value;
        break;
      case 'auth-pass-stdin':
        notes.push('This line reads the password from standard input; in the app, type it in Password.');
        break;
      case 'auth-mech':
        mechanism = value.toUpperCase();
        break;
      case 'to':
        request.to = [...(request.to ?? []), value];
        break;
      case 'header':
        request.headers = [...(request.headers ?? []), value];
        break;
      case 'data':
        request.data = content(value, false);
        break;
      case 'body':
        request.body = content(value, true);
        break;
      case 'attach-type':
        attachType = value;
        break;
      case 'attach':
        request.attachments = [
          ...(request.attachments ?? []),
          { file: value, ...(attachType ? { contentType: attachType } : {}) },
        ];
        attachType = undefined;
        break;
      case 'quit-after':
        if ((QUIT_AFTER as readonly string[]).includes(value.toLowerCase()))
          request.quitAfter = value.toLowerCase() as CommandRequest['quitAfter'];
        else bad('--quit-after', value, `not one of ${QUIT_AFTER.join(', ')}`);
        break;
      case 'timeout':
      case 'bdat-chunk': {
        const n = asNumber(value);
        if (n) request[name === 'timeout' ? 'timeoutMs' : 'bdatChunk'] = n;
        else bad(`--${name}`, value, 'not a whole number');
        break;
      }
      case 'notify':
        request.notify = value
          .toUpperCase()
          .split(',')
          .map((n) => n.trim()) as CommandRequest['notify'];
        break;
      case 'ret':
        request.ret = value.toUpperCase() as CommandRequest['ret'];
        break;
      case '4':
      case '6':
        request.family = name === '4' ? 4 : 6;
        break;
      default:
        unmapped.push({
          option: `--${name}`,
          words: `--${name} is ${RUN_OPTIONS[name] ?? 'an option of the command line'}, not part of the connection.`,
        });
    }
  }
  if (positionals.length > 1)
    unmapped.push({
      option: positionals.slice(1).join(' '),
      words: `probe takes one HOST: ${positionals.slice(1).join(' ')} was not read.`,
    });
  if (positionals[0]) request.host = positionals[0];
  request.port ??= 25;
  request.tls ??= defaultTlsMode(request.port);
  if (user !== undefined) {
    const mech = AUTH_MECHANISMS.find((m) => m === mechanism);
    if (mechanism && !mech) bad('--auth-mech', mechanism, `not one of ${AUTH_MECHANISMS.join(', ')}`);
    request.auth = { user, ...(mech ? { mechanism: mech } : {}), ...(passwordEnv ? { passwordEnv } : {}) };
  } else if (passwordEnv)
    unmapped.push({ option: '--auth-pass-env', words: '--auth-pass-env without --auth-user logs in as nobody.' });
  if (request.proxy && proxyPasswordEnv) request.proxy.passwordEnv = proxyPasswordEnv;
  return { ok: true, tool: 'smtp-lens', request, unmapped, dropped, notes };
}
