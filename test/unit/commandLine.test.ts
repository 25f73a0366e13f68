// "Copy as" and "Paste a command": a request written as an smtp-lens, swaks or openssl line and
// read back. The quoting is checked against the real /bin/sh; the option table against probe's.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { OPTIONS, defaultTlsMode as cliDefaultTlsMode } from '../../main/cli/probeCommand';
import {
  type CommandRequest,
  commandRequestOf,
  defaultTlsMode,
  type ImportedCommand,
} from '../../shared/commandLine/commandRequest';
import { importCommandLine } from '../../shared/commandLine/importCommand';
import { opensslLine } from '../../shared/commandLine/opensslCommand';
import { readShellWords, shellLine } from '../../shared/commandLine/shellWords';
import { SMTP_LENS_PROBE_OPTIONS, smtpLensLine } from '../../shared/commandLine/smtpLensCommand';
import { swaksLine } from '../../shared/commandLine/swaksCommand';
import { FLAG_OPTIONS, type SessionRequest } from '../../shared/sessionRequest';
import { EMPTY_FORM } from '../../renderer/src/state/formState';
import { commandFromForm, formFromCommand } from '../../renderer/src/state/formCommand';
import { seededRandom } from '../helpers/seededRandom';

const PASSWORD = 'S3cret-pa$$ word!';
const PROXY_PASSWORD = 'proxy-Secret-9';

/** A typical submission: what the form sends for a mail client's settings. */
const SUBMISSION: SessionRequest = {
  host: 'mail.example.com',
  port: 587,
  tls: 'starttls',
  ehlo: 'client.example.org',
  auth: { user: 'alice@example.com', secret: PASSWORD, mechanism: 'PLAIN' },
  from: 'alice@example.com',
  to: ['bob@example.net'],
};

function imported(text: string): Extract<ImportedCommand, { ok: true }> {
  const result = importCommandLine(text);
  if (!result.ok) throw new Error(`not read: ${result.problem}\n${text}`);
  return result;
}

/** What the real shell makes of a line: each word printf gets, NUL-separated. */
function shellSays(line: string, env: Record<string, string> = {}): string[] {
  const out = spawnSync('/bin/sh', ['-c', line], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout.split('\0').slice(0, -1);
}

const ODD = [
  'two words',
  "it's",
  'say "hi"',
  '$HOME and ${PATH}',
  '$HOME',
  'price$5',
  '`id` $(id)',
  'back\\slash',
  'ünïcødé — ✉ 日本',
  'line one\nline two',
  '',
  '*.pem',
  '~root',
  '#not a comment',
  'a#b',
  'semi;colon | pipe & amp',
  '!bang',
  'tab\there',
  "'",
];

describe('shell words', () => {
  it('quotes odd values so that /bin/sh gives back each exactly, and reads the line back the same', () => {
    const line = shellLine(['printf', '%s\\0', ...ODD]);
    expect(shellSays(line)).toEqual(ODD);
    const read = readShellWords(line);
    expect(read).toMatchObject({ words: ['printf', '%s\\0', ...ODD], stdin: null });
  });

  it('leaves plain words unquoted, so a line reads as people type it', () => {
    expect(shellLine(['swaks', '--server', 'mail.example.com:587', '--to', 'bob@example.net,carol@example.net'])).toBe(
      'swaks --server mail.example.com:587 --to bob@example.net,carol@example.net',
    );
  });

  it('gives a message as a here-document that the shell passes on unchanged, $ and quotes included', () => {
    const message = "Subject: $5 for 'you'\n\n.\nEOF\nSMTP_LENS_MESSAGE\n`id`";
    const line = shellLine(['cat'], message);
    const out = spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
    expect(out.stdout).toBe(`${message}\n`);
    expect(readShellWords(line)).toMatchObject({ words: ['cat'], stdin: message });
  });

  it('reads continuations, variables, command substitutions, comments and pipes as a shell would', () => {
    const read = readShellWords(
      'swaks --to a@b \\\n  -ap "$SMTP_PASSWORD" --body "$(cat body.txt)" --h-X a#b 2>&1 | tee log # done',
    );
    expect(read).toMatchObject({
      words: [
        'swaks',
        '--to',
        'a@b',
        '-ap',
        { env: 'SMTP_PASSWORD' },
        '--body',
        { shell: '$(cat body.txt)' },
        '--h-X',
        'a#b',
      ],
    });
    if ('notes' in read) expect(read.notes.join(' ')).toContain('Only the first command was read');
  });
});

describe('request → smtp-lens line → request', () => {
  const everything: CommandRequest = {
    host: 'mx.example.com',
    port: 2525,
    tls: 'auto',
    ehlo: 'client.example.org',
    servername: 'mail.example.com',
    bind: '192.0.2.10',
    proxy: { url: 'socks5h://bob@proxy.example:1080', passwordEnv: 'SMTP_PROXY_PASSWORD' },
    caFiles: ['/etc/ssl/company ca.pem', "/tmp/it's.pem"],
    family: 6,
    timeoutMs: 2500,
    auth: { user: 'alice', mechanism: 'CRAM-MD5', passwordEnv: 'SMTP_PASSWORD' },
    from: 'alice@example.com',
    to: ['bob@example.net', 'ünïcode@exämple.de'],
    headers: ['Subject: $HOME is "home"', "X-Quote: it's"],
    body: { text: 'Hello,\nthis is a two-line body.' },
    attachments: [{ file: 'report.pdf', contentType: 'application/pdf' }, { file: 'notes 1.txt' }],
    quitAfter: 'rcpt',
    vrfy: 'postmaster',
    notify: ['SUCCESS', 'FAILURE'],
    ret: 'HDRS',
    envid: 'QQ314159',
    orcpt: 'rfc822;bob@example.net',
    bdat: true,
    bdatChunk: 1000,
    ...Object.fromEntries(FLAG_OPTIONS.filter((f) => f !== 'trustLabCa' && f !== 'bdat').map((f) => [f, true])),
  };

  it('keeps every option the CLI has, for a typical submission and for every field at once', () => {
    const typical = commandRequestOf(SUBMISSION);
    expect(imported(smtpLensLine(typical).text).request).toEqual(typical);
    expect(imported(smtpLensLine(everything).text).request).toEqual(everything);
  });

  it('keeps a whole message given as a here-document, and a body smtp-lens would take for a file', () => {
    const data: CommandRequest = { host: 'h.example', port: 25, tls: 'none', data: { text: "Subject: x\n\n$1 'a'\n" } };
    const line = smtpLensLine(data);
    expect(line.text).toContain("--data - <<'SMTP_LENS_MESSAGE'\n");
    expect(imported(line.text).request).toEqual(data);
    const atBody: CommandRequest = { host: 'h.example', port: 25, tls: 'none', body: { text: '@not-a-file' } };
    expect(imported(smtpLensLine(atBody).text).request).toEqual(atBody);
  });

  it('a mutation the round trip must catch: the line for another TLS mode reads back as that mode', () => {
    const typical = commandRequestOf(SUBMISSION);
    const line = smtpLensLine({ ...typical, tls: 'implicit' });
    expect(imported(line.text).request).not.toEqual(typical);
  });
});

describe('request → swaks line → request', () => {
  const expressible: CommandRequest[] = [
    commandRequestOf(SUBMISSION),
    {
      host: '2001:db8::25',
      port: 465,
      tls: 'implicit',
      servername: 'mail.example.com',
      caFiles: ['/etc/ssl/lab root.pem'],
      bind: '2001:db8::10',
      family: 6,
      timeoutMs: 20_000,
      auth: { user: 'alice', passwordEnv: 'MY_PASS' },
      from: 'alice@example.com',
      to: ['bob@example.net', 'carol@example.net'],
      headers: ['Subject: $5 "deal"', "X-It: it's"],
      body: { text: 'line one\nline two' },
      attachments: [{ file: 'a b.pdf', contentType: 'application/pdf' }],
      quitAfter: 'rcpt',
      noPipelining: true,
    },
    { host: 'mx.example.com', port: 25, tls: 'auto', quitAfter: 'tls', to: ['x@example.com'] },
    { host: 'mx.example.com', port: 25, tls: 'none', quitAfter: 'ehlo', data: { text: 'Subject: hi\n\nbody\n' } },
    { port: 25, tls: 'starttls', to: ['postmaster@example.org'], quitAfter: 'rcpt' },
  ];

  it('keeps everything swaks can express', () => {
    for (const r of expressible) expect(imported(swaksLine(r).text).request, swaksLine(r).text).toEqual(r);
  });

  it('names what swaks cannot express, in words, and keeps the rest', () => {
    const r: CommandRequest = {
      ...commandRequestOf(SUBMISSION),
      bdat: true,
      bdatChunk: 4096,
      notify: ['SUCCESS'],
      vrfy: 'postmaster',
      proxy: { url: 'socks5h://127.0.0.1:1080' },
      requiretls: true,
      probeSmuggling: true,
      caFiles: ['one.pem', 'two.pem'],
    };
    const line = swaksLine(r);
    const words = line.unmapped.map((u) => u.words);
    expect(words).toContain('swaks has no equivalent of --bdat-chunk.');
    expect(line.unmapped.map((u) => u.option)).toEqual(
      expect.arrayContaining([
        '--bdat',
        '--bdat-chunk',
        '--notify',
        '--vrfy',
        '--proxy',
        '--requiretls',
        '--probe-smuggling',
        '--ca',
      ]),
    );
    expect(words.join(' ')).toContain('two.pem is left out');
    expect(line.text).toContain('--tls-ca-path one.pem');
  });
});

describe('the password', () => {
  const withSecrets: SessionRequest = {
    ...SUBMISSION,
    proxy: { url: 'http://bob@proxy.example:3128', secret: PROXY_PASSWORD },
  };

  it('is never in any line, only the variable it is read from, with the words to set it first', () => {
    const command = commandRequestOf(withSecrets);
    for (const line of [smtpLensLine(command), swaksLine(command), opensslLine(command)]) {
      const all = JSON.stringify(line);
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain(PROXY_PASSWORD);
    }
    expect(smtpLensLine(command).text).toContain('--auth-pass-env SMTP_PASSWORD');
    expect(smtpLensLine(command).text).toContain('--proxy-pass-env SMTP_PROXY_PASSWORD');
    expect(swaksLine(command).text).toContain('--auth-password "$SMTP_PASSWORD"');
    expect(opensslLine(command).text).toContain('-proxy_pass env:SMTP_PROXY_PASSWORD');
    expect(swaksLine(command).setFirst).toEqual(['SMTP_PASSWORD']);
  });

  it('the form: Copy as never writes the password typed in it', () => {
    const form = {
      ...EMPTY_FORM,
      host: 'mail.example.com',
      authUser: 'alice',
      authPass: PASSWORD,
      proxyUrl: 'socks5h://u@p:1080',
      proxyPass: PROXY_PASSWORD,
    };
    for (const tool of ['smtp-lens', 'swaks', 'openssl'] as const) {
      const made = commandFromForm(form, null, tool);
      expect(JSON.stringify(made)).not.toContain(PASSWORD);
      expect(JSON.stringify(made)).not.toContain(PROXY_PASSWORD);
    }
  });

  it('written on a pasted line, is dropped, said so, and is nowhere in the result', () => {
    const lines = [
      `swaks -s mail.example.com:587 -tls -au alice -ap '${PASSWORD}' --to bob@example.net`,
      `swaks --server mail.example.com --auth-password=${PASSWORD.replace(/[$ !]/g, '')} --auth-user alice`,
      `SWAKS_OPT_auth_password='${PASSWORD}' swaks --server mail.example.com --auth-user alice`,
      `SMTP_PASSWORD='${PASSWORD}' smtp-lens probe mail.example.com --auth-user alice --auth-pass-env SMTP_PASSWORD`,
    ];
    for (const line of lines) {
      const result = imported(line);
      expect(JSON.stringify(result)).not.toContain(PASSWORD.replace(/[$ !]/g, '').slice(0, 8));
      expect(result.dropped.length, line).toBe(1);
      expect(result.dropped[0]?.words).toMatch(/not kept: SMTP Lens never stores a password/);
    }
    const viaCommand = imported('swaks --server mail.example.com -au alice -ap "$(pass show smtp)"');
    expect(viaCommand.dropped[0]?.words).toContain('$(pass show smtp)');
    // From the environment: kept by name, so the line runs the same.
    expect(imported('swaks --server m.example -au alice -ap "$SMTP_PASSWORD"').request.auth).toEqual({
      user: 'alice',
      passwordEnv: 'SMTP_PASSWORD',
    });
  });
});

describe('a pasted swaks line', () => {
  it('reads the options admins type, under any of their names', () => {
    const r = imported(
      "swaks -s '[2001:db8::1]:2525' -tlsc --tls-verify -h client.example --tls-sni mx.example -t a@x.example,b@x.example " +
        '-f me@x.example --h-Subject: "hi there" -q EHLO --timeout 2m --pipeline --protocol ESMTPA -au me',
    ).request;
    expect(r).toEqual({
      host: '2001:db8::1',
      port: 2525,
      tls: 'implicit',
      ehlo: 'client.example',
      servername: 'mx.example',
      to: ['a@x.example', 'b@x.example'],
      from: 'me@x.example',
      headers: ['Subject: hi there'],
      quitAfter: 'tls',
      timeoutMs: 120_000,
      auth: { user: 'me' },
    });
  });

  it('names every option it cannot keep, and why', () => {
    const result = imported(
      'swaks --server mx.example --tls-cert c.pem --tls-key k.pem --pipe "exim -bh 1.2.3.4" --tls-cipher RC4 --xclient-addr 1.2.3.4 --hide-all --frobnicate',
    );
    const options = result.unmapped.map((u) => u.option);
    expect(options).toEqual([
      '--tls-cert',
      '--tls-key',
      '--pipe',
      '--tls-cipher',
      '--xclient-addr',
      '--hide-all',
      '--frobnicate',
    ]);
    expect(result.unmapped[0]?.words).toBe('swaks --tls-cert: SMTP Lens sends no client certificate.');
    expect(result.unmapped.at(-1)?.words).toBe('--frobnicate is not a swaks option this version of SMTP Lens knows.');
  });
});

describe('input that is not a command', () => {
  it('gets one clear sentence, never a crash', () => {
    const cases: [string, RegExp][] = [
      ['', /Nothing to read/],
      ["swaks --to 'bob", /single quote at character 12 is not closed/],
      ['swaks --body "$(cat x', /\$\( is not closed/],
      ['ls -la', /"ls" is not swaks or smtp-lens/],
      ['openssl s_client -connect mx:25 -starttls smtp', /openssl s_client line opens TLS/],
      ['smtp-lens sweep mx.example.com', /not smtp-lens sweep/],
      ['smtp-lens probe mx --data - <<EOF\nno end', /no closing EOF line/],
      ['$ "$X"', /No command found/],
      ['x'.repeat(2 * 1024 * 1024), /over 1 MiB/],
    ];
    for (const [text, problem] of cases) {
      const result = importCommandLine(text);
      expect(result.ok, text.slice(0, 40)).toBe(false);
      if (!result.ok) expect(result.problem).toMatch(problem);
    }
  });

  it('never throws on random text, swaks-like or not', () => {
    const random = seededRandom(20);
    const pieces = [
      'swaks',
      'smtp-lens',
      'probe',
      '--to',
      '-ap',
      '"',
      "'",
      '\\',
      '$(',
      ')',
      '`',
      '<<',
      'EOF',
      '\n',
      '|',
      '#',
      '--server',
      '-s',
      '=',
      'é',
      '\u0000',
      ' ',
    ];
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = Math.floor(random() * 12); i > 0; i--) text += pieces[Math.floor(random() * pieces.length)];
      expect(() => importCommandLine(text)).not.toThrow();
    }
  });
});

describe('the form', () => {
  it('pasted swaks line fills the form and names what it has no field for', () => {
    const result = imported(
      'swaks --server mail.example.com:587 --tls --auth LOGIN --auth-user alice --auth-password "$SMTP_PASSWORD" --from alice@example.com --to bob@example.net --header \'Subject: hello\' --tls-ca-path /etc/ssl/lab.pem',
    );
    const { form, unmapped, notes } = formFromCommand(result, { rootCaPath: '/etc/ssl/lab.pem' }, EMPTY_FORM);
    expect(form).toMatchObject({
      host: 'mail.example.com',
      port: '587',
      tls: 'starttls',
      authUser: 'alice',
      authPass: '',
      authMech: 'LOGIN',
      from: 'alice@example.com',
      to: 'bob@example.net',
      noPipelining: true,
      trustLabCa: true,
    });
    expect(unmapped.map((u) => u.words)).toContain(
      'The form has no field for header lines (--header): smtp-lens probe takes it.',
    );
    expect(notes.join(' ')).toContain('$SMTP_PASSWORD: type it in Password');
  });

  it('Copy as gives the practice server its own CA file, and names a loaded CA by its name', () => {
    const form = {
      ...EMPTY_FORM,
      host: '127.0.0.1',
      port: '2525',
      tls: 'starttls' as const,
      trustLabCa: true,
      caPem: 'PEM',
      caName: 'corp.pem',
    };
    const made = commandFromForm(form, { rootCaPath: '/tmp/lab/root.pem' }, 'swaks');
    if (!('line' in made)) throw new Error(made.problem);
    expect(made.line.text).toContain('--tls-ca-path corp.pem');
    expect(made.line.unmapped.map((u) => u.words).join(' ')).toContain('/tmp/lab/root.pem is left out');
    expect(made.line.notes[0]).toContain('named as it was loaded (corp.pem)');
    expect(commandFromForm({ ...EMPTY_FORM }, null, 'swaks')).toEqual({
      problem: expect.stringContaining('The server'),
    });
  });
});

describe('the table of probe options', () => {
  it("is probe's own: same names, types and repeatability, and the same default TLS mode per port", () => {
    const ours = Object.fromEntries(
      Object.entries(SMTP_LENS_PROBE_OPTIONS).map(([k, v]) => [k, [v.type, !!v.multiple]]),
    );
    const theirs = Object.fromEntries(
      Object.entries(OPTIONS).map(([k, v]) => [k, [v.type, 'multiple' in v && !!v.multiple]]),
    );
    expect(ours).toEqual(theirs);
    for (const port of [25, 465, 587, 2525]) expect(defaultTlsMode(port)).toBe(cliDefaultTlsMode(port));
  });
});
