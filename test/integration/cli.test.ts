import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import { TRANSCRIPT_SCHEMA, type Transcript } from '../../shared/transcript';
import { secretForms } from '../../main/engine/auth';
import { startLab, type Lab } from '../../main/lab/labServer';
import { labProbeArgs, runCli } from '../helpers/cli';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'relay-denied'] });
});
afterAll(() => lab.close());

const probeArgs = (...extra: string[]) => labProbeArgs(lab, 'submission-ok', ...extra);
const withAuth = [
  '--auth-user',
  LAB_USER,
  '--auth-pass-env',
  'LENS_TEST_PASS',
  '--from',
  LAB_USER,
  '--to',
  'bob@lab.test',
];
const env = { LENS_TEST_PASS: LAB_PASSWORD };

function expectNoSecret(text: string) {
  for (const form of secretForms({ user: LAB_USER, secret: LAB_PASSWORD })) expect(text).not.toContain(form);
}

describe('smtp-lens probe', () => {
  it('prints a readable transcript of a full STARTTLS + AUTH session, exit 0', async () => {
    const r = await runCli(probeArgs(...withAuth), { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const sendLines = lines.filter((l) => /\s(->|~>)\s\s\S/.test(l)).map((l) => l.replace(/^.*?(->|~>)\s+/, '$1 '));
    expect(sendLines.slice(0, 5)).toEqual([
      '-> EHLO client.example',
      '-> STARTTLS',
      '~> EHLO client.example',
      '~> AUTH PLAIN [redacted]',
      expect.stringMatching(/^~> MAIL FROM:<alice@lab\.test> SIZE=\d+$/),
    ]);
    expect(r.stdout).toContain('TLS established, encrypted from here on: TLSv1.3');
    expect(r.stdout).toContain('✓ verified for mail.lab.test');
    expect(r.stdout).toMatch(/<~ {2}235 /);
    expect(r.stdout).toMatch(/~> {2}QUIT/);
    expect(r.stdout).toContain('Result: OK — reached QUIT');
    expectNoSecret(r.stdout + r.stderr);
  });

  it('--json follows the transcript schema and carries no secret', async () => {
    const r = await runCli(probeArgs(...withAuth, '--json'), { env });
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as Transcript;
    expect(t.schema).toBe(TRANSCRIPT_SCHEMA);
    expect(t.target).toEqual({
      host: '127.0.0.1',
      port: lab.portOf('submission-ok'),
      tls: 'starttls',
      servername: 'mail.lab.test',
    });
    expect(t.events.find((e) => e.type === 'send' && e.redacted)).toMatchObject({ line: 'AUTH PLAIN [redacted]' });
    expect(t.tls?.sentChain).toHaveLength(2);
    expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
    expectNoSecret(r.stdout);
  });

  for (const mech of ['LOGIN', 'CRAM-MD5']) {
    it(`reads the password from stdin and keeps it out of the output (AUTH ${mech})`, async () => {
      const r = await runCli(probeArgs('--auth-user', LAB_USER, '--auth-pass-stdin', '--auth-mech', mech, '--json'), {
        stdin: `${LAB_PASSWORD}\n`,
      });
      expect(r.code).toBe(0);
      const t = JSON.parse(r.stdout) as Transcript;
      expect(t.events.filter((e) => e.type === 'send' && e.redacted).length).toBeGreaterThanOrEqual(1);
      expectNoSecret(r.stdout + r.stderr);
    });
  }

  it('exit 1 when there is an error finding, and --out writes the file', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'lens-cli-')), 'relay.txt');
    const r = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(lab.portOf('relay-denied')),
      '--servername',
      'mail.lab.test',
      '--ca',
      lab.rootCaPath,
      '--to',
      'someone@example.org',
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('554 5.7.1 <someone@example.org>: Relay access denied');
    expect(text).toContain('[smtp.relay-denied]');
    expect(text).toContain('Result: FAILED');
  });

  it('sends a message read from stdin with --data -', async () => {
    const before = lab.received.length;
    const message = 'Subject: from stdin\r\n\r\nhello\r\n';
    const r = await runCli(
      probeArgs('--auth-user', LAB_USER, '--auth-pass-env', 'LENS_TEST_PASS', '--to', 'bob@lab.test', '--data', '-'),
      { env, stdin: message },
    );
    expect(r.code).toBe(0);
    expect(lab.received.slice(before).at(-1)?.raw.toString()).toBe(message);
  });
});

describe('usage errors: one line on stderr, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /Usage/],
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['missing host', ['probe'], /missing HOST/],
    ['bad port', ['probe', 'example.org', '--port', '99999'], /--port must be a whole number/],
    ['bad TLS mode', ['probe', 'example.org', '--tls', 'ssl'], /--tls must be one of none, starttls, implicit, auto/],
    ['unknown option', ['probe', 'example.org', '--pasword', 'x'], /Unknown option '--pasword'/],
    [
      'unset password variable',
      ['probe', 'example.org', '--auth-user', 'a', '--auth-pass-env', 'NOPE_NOT_SET'],
      /NOPE_NOT_SET is not set/,
    ],
    ['bad quit-after', ['probe', 'example.org', '--quit-after', 'later'], /--quit-after must be one of/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      const output = name === 'no command' ? r.stdout : r.stderr;
      expect(output).toMatch(message);
      if (name !== 'no command') expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('--help lists every option of the contract', async () => {
    const r = await runCli(['probe', '--help']);
    expect(r.code).toBe(0);
    for (const option of [
      '--port',
      '--tls',
      '--ehlo',
      '--servername',
      '--ca',
      '--auth-user',
      '--auth-pass-env',
      '--auth-pass-stdin',
      '--auth-mech',
      '--from',
      '--to',
      '--data',
      '--quit-after',
      '--timeout',
      '--json',
      '--format',
      '--out',
      '-4, -6',
    ]) {
      expect(r.stdout).toContain(option);
    }
  });

  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.stdout).toBe(`smtp-lens ${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
  });
});
