// swaks' options (swaks --help): every name each answers to, whether it takes a value, and why
// SMTP Lens has no equivalent of those it cannot keep. Read by swaksImport.ts.

export type Arg = 'none' | 'value' | 'required';

/** swaks' options by every name it answers to (either - or -- works for each). */
const ALIASES: [string, string[], Arg][] = [
  ['server', ['s'], 'value'],
  ['port', ['p'], 'value'],
  ['local-interface', ['li'], 'value'],
  ['local-port', ['lp', 'lport'], 'value'],
  ['copy-routing', [], 'required'],
  ['4', [], 'none'],
  ['6', [], 'none'],
  ['socket', [], 'value'],
  ['pipe', [], 'value'],
  ['to', ['t'], 'value'],
  ['from', ['f'], 'value'],
  ['ehlo', ['lhlo', 'h', 'helo'], 'value'],
  ['quit-after', ['q', 'quit'], 'required'],
  ['drop-after', ['da'], 'required'],
  ['drop-after-send', ['das'], 'required'],
  ['timeout', [], 'value'],
  ['protocol', [], 'required'],
  ['pipeline', [], 'none'],
  ['prdr', [], 'none'],
  ['force-getpwuid', [], 'none'],
  ['tls', [], 'none'],
  ['tls-optional', ['tlso'], 'none'],
  ['tls-optional-strict', ['tlsos'], 'none'],
  ['tls-on-connect', ['tlsc'], 'none'],
  ['tls-protocol', ['tlsp'], 'required'],
  ['tls-cipher', [], 'required'],
  ['tls-verify', [], 'none'],
  ['tls-ca-path', [], 'required'],
  ['tls-cert', [], 'required'],
  ['tls-key', [], 'required'],
  ['tls-get-peer-cert', [], 'value'],
  ['tls-sni', [], 'required'],
  ['auth', ['a'], 'value'],
  ['auth-optional', ['ao'], 'value'],
  ['auth-optional-strict', ['aos'], 'value'],
  ['auth-user', ['au'], 'value'],
  ['auth-password', ['ap'], 'value'],
  ['auth-extra', ['ae'], 'required'],
  ['auth-map', ['am'], 'required'],
  ['auth-plaintext', ['apt'], 'none'],
  ['auth-hide-password', ['ahp'], 'value'],
  ['data', ['d'], 'value'],
  ['g', [], 'none'],
  ['body', [], 'value'],
  ['attach', [], 'value'],
  ['attach-body', [], 'value'],
  ['attach-type', [], 'required'],
  ['attach-name', [], 'value'],
  ['add-header', ['ah'], 'required'],
  ['header', [], 'required'],
  ['no-data-fixup', ['ndf'], 'none'],
  ['no-strip-from', ['nsf'], 'none'],
  ['dump-as-body', ['dab'], 'value'],
  ['dump-as-body-shows-password', ['dabsp'], 'none'],
  ['config', [], 'value'],
  ...['addr', 'name', 'port', 'proto', 'destaddr', 'destport', 'helo', 'login', 'reverse-name'].map(
    (a): [string, string[], Arg] => [`xclient-${a}`, [], 'value'],
  ),
  ['xclient', [], 'value'],
  ...['delim', 'no-verify', 'before-starttls', 'optional', 'optional-strict'].map((a): [string, string[], Arg] => [
    `xclient-${a}`,
    [],
    'none',
  ]),
  ...['version', 'family', 'protocol', 'command', 'source', 'source-port', 'dest', 'dest-port'].map(
    (a): [string, string[], Arg] => [`proxy-${a}`, [], 'value'],
  ),
  ['proxy', [], 'value'],
];

/** How swaks prints the session, not what it does: SMTP Lens shows every exchange anyway. */
const DISPLAY: [string, string[], Arg][] = [
  ['suppress-data', ['n'], 'none'],
  ['show-time-lapse', ['stl'], 'value'],
  ['no-info-hints', ['nih'], 'none'],
  ['no-send-hints', ['nsh'], 'none'],
  ['no-receive-hints', ['nrh'], 'none'],
  ['no-hints', ['nth'], 'none'],
  ['show-raw-text', ['raw'], 'none'],
  ['output', ['output-file'], 'required'],
  ['output-file-stdout', [], 'required'],
  ['output-file-stderr', [], 'required'],
  ['protect-prompt', ['pp'], 'none'],
  ['hide-receive', ['hr'], 'none'],
  ['hide-send', ['hs'], 'none'],
  ['hide-informational', ['hi'], 'none'],
  ['hide-all', ['ha'], 'none'],
  ['silent', ['S'], 'value'],
  ['support', [], 'none'],
  ['dump', [], 'value'],
  ['dump-mail', [], 'none'],
  ['help', [], 'none'],
  ['version', [], 'none'],
];

export const SWAKS_OPTION = new Map<string, { name: string; arg: Arg; display: boolean }>();
for (const [list, display] of [
  [ALIASES, false],
  [DISPLAY, true],
] as const)
  for (const [name, aliases, arg] of list)
    for (const alias of [name, ...aliases]) SWAKS_OPTION.set(alias, { name, arg, display });

/** Why an option that swaks has and SMTP Lens lacks cannot be kept. */
const LACKS: Record<string, string> = {
  'local-port': 'SMTP Lens lets the system choose the source port',
  'copy-routing': 'SMTP Lens finds the MX of the first --to domain',
  socket: 'SMTP Lens connects over TCP only',
  pipe: 'SMTP Lens connects over TCP only',
  'drop-after': 'SMTP Lens always ends with QUIT (--quit-after)',
  'drop-after-send': 'SMTP Lens always ends with QUIT (--quit-after)',
  prdr: 'SMTP Lens has no PRDR',
  'force-getpwuid': 'SMTP Lens does not guess a sender from the login name',
  'tls-protocol': 'SMTP Lens offers every TLS version it has; --tls-versions tries each in turn',
  'tls-cipher': 'SMTP Lens offers its own cipher list; --tls-audit tries each suite',
  'tls-cert': 'SMTP Lens sends no client certificate',
  'tls-key': 'SMTP Lens sends no client certificate',
  'tls-get-peer-cert': 'the Certificates tab (and the JSON transcript) has the whole chain',
  'auth-extra': 'SMTP Lens has no realm or NTLM domain',
  'auth-map': 'SMTP Lens has no mechanism aliases',
  'attach-body': 'SMTP Lens has no multipart/alternative body: give --body',
  'attach-name': 'SMTP Lens names an attachment after its file',
  'no-data-fixup': 'SMTP Lens always dot-stuffs and ends the message (RFC 5321 §4.5.2)',
  'no-strip-from': 'SMTP Lens sends the message as given',
  'dump-as-body': 'SMTP Lens has no such body',
  'dump-as-body-shows-password': 'SMTP Lens never puts the password in a message',
  config: 'SMTP Lens does not read swaks configuration files',
  proxy: 'SMTP Lens sends no HAProxy PROXY header (its --proxy is a SOCKS or HTTP proxy, something else)',
};

/** The families of options with one reason for all (XCLIENT, the PROXY protocol). */
export function lacksFamily(name: string): string | undefined {
  if (name.startsWith('xclient')) return 'SMTP Lens sends no XCLIENT (a Postfix extension for trusted clients)';
  if (name.startsWith('proxy-')) return LACKS.proxy;
  return LACKS[name];
}
