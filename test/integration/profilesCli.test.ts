// Saved servers from the command line, against the practice server: --save-profile writes the
// options given (never the password), --profile uses them with every option typed beside it
// winning, and `smtp-lens profiles` lists, shows, renames, copies and deletes them.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../main/lab/labServer';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import { PROFILE_SCHEMA } from '../../shared/profile';
import type { SweepResult } from '../../shared/sweep';
import { labProbeArgs, runCli } from '../helpers/cli';

let lab: Lab;
let root: string;
beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok'] });
  root = mkdtempSync(path.join(tmpdir(), 'smtp-lens-profiles-cli-'));
});
afterAll(async () => {
  await lab.close();
  rmSync(root, { recursive: true, force: true });
});

const env = () => ({ SMTP_LENS_DATA_DIR: root, LENS_TEST_PASS: LAB_PASSWORD });
const cli = (...args: string[]) => runCli(args, { env: env() });
const profileFile = (name: string) => path.join(root, 'profiles', `${name}.json`);
const sendLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => /\s(->|~>)\s\s\S/.test(l))
    .map((l) => l.replace(/^.*?(->|~>)\s+/, '$1 '));

describe('--save-profile and --profile', () => {
  it('probe --save-profile saves the options given, without the password, and runs as usual', async () => {
    const r = await cli(
      ...labProbeArgs(lab, 'submission-ok'),
      '--auth-user',
      LAB_USER,
      '--auth-pass-env',
      'LENS_TEST_PASS',
      '--from',
      LAB_USER,
      '--to',
      'bob@lab.test',
      '--no-pipelining',
      '--save-profile',
      'lab-submit',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `Saved profile lab-submit: ${profileFile('lab-submit')} (no password is saved; give it each time)\n`,
    );
    expect(r.stdout).toContain('Result: OK — reached QUIT');
    const text = readFileSync(profileFile('lab-submit'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      schema: PROFILE_SCHEMA,
      request: {
        host: '127.0.0.1',
        port: lab.portOf('submission-ok'),
        tls: 'starttls',
        ehlo: 'client.example',
        servername: 'mail.lab.test',
        from: LAB_USER,
        to: ['bob@lab.test'],
        noPipelining: true,
        auth: { user: LAB_USER },
        ca: [{ file: path.resolve(lab.rootCaPath) }],
      },
    });
    expect(text).not.toContain(LAB_PASSWORD);
  });

  it('probe --profile runs the saved session; the password is given as always', async () => {
    const r = await cli('probe', '--profile', 'lab-submit', '--auth-pass-env', 'LENS_TEST_PASS');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sent = sendLines(r.stdout);
    expect(sent.slice(0, 7)).toEqual([
      '-> EHLO client.example',
      '-> STARTTLS',
      '~> EHLO client.example',
      '~> AUTH PLAIN [redacted]',
      expect.stringMatching(/^~> MAIL FROM:<alice@lab\.test> SIZE=\d+$/),
      '~> RCPT TO:<bob@lab.test>',
      '~> DATA',
    ]);
    expect(sent.at(-1)).toBe('~> QUIT');
    expect(r.stdout).toContain('✓ verified for mail.lab.test');
  });

  it('options typed beside --profile win, field by field; the rest comes from the profile', async () => {
    const r = await cli(
      'probe',
      '--profile',
      'lab-submit',
      '--auth-pass-env',
      'LENS_TEST_PASS',
      '--ehlo',
      'override.example',
      '--to',
      'carol@lab.test',
      '--quit-after',
      'rcpt',
    );
    expect(r.code).toBe(0);
    const sent = sendLines(r.stdout);
    expect(sent[0]).toBe('-> EHLO override.example');
    expect(sent).toContain('~> RCPT TO:<carol@lab.test>');
    expect(sent.join('\n')).not.toContain('bob@lab.test');
    expect(sent).not.toContain('~> DATA');
    // The profile itself is as it was.
    expect(JSON.parse(readFileSync(profileFile('lab-submit'), 'utf8')).request.ehlo).toBe('client.example');
  });

  it("the profile's user needs a password as --auth-user does: without a terminal or a password option, refused", async () => {
    const r = await cli('probe', 'localhost', '--profile', 'lab-submit', '--quit-after', 'tls');
    // Not a TTY and no --auth-pass-env: the profile's user needs a password, as for --auth-user.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--auth-user needs a password: use --auth-pass-env VAR or --auth-pass-stdin');
  });

  it('sweep --profile takes the host, names and CA from the profile; sweep --save-profile saves them', async () => {
    const port = String(lab.portOf('submission-ok'));
    const r = await cli('sweep', '--profile', 'lab-submit', '--ports', port, '--json', '--save-profile', 'lab-sweep');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as SweepResult;
    expect(result.host).toBe('127.0.0.1');
    expect(result.rows[0]!.certificate.value).toBe('verified');
    expect(result.rows[0]!.transcript.target.servername).toBe('mail.lab.test');
    const saved = JSON.parse(readFileSync(profileFile('lab-sweep'), 'utf8'));
    expect(saved.request).toMatchObject({ host: '127.0.0.1', port: Number(port), ehlo: 'client.example' });
    expect(saved.request.ca).toEqual([{ file: path.resolve(lab.rootCaPath) }]);
  });

  it('refuses in one line, exit 2: a missing profile, a name that is a path, --save-profile with no HOST', async () => {
    const missing = await cli('probe', '--profile', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `smtp-lens: --profile nope: no profile named "nope" in ${path.join(root, 'profiles')} ("smtp-lens profiles" lists them) (see smtp-lens --help)\n`,
    );
    const traversal = await cli(...labProbeArgs(lab, 'submission-ok'), '--save-profile', '../escape');
    expect(traversal.code).toBe(2);
    expect(traversal.stderr).toContain(
      '--save-profile ../escape: "../escape" is not a profile name: use 1 to 64 letters, digits',
    );
    expect(readdirSync(root)).toEqual(['profiles']);
    const mx = await cli('probe', '--to', 'bob@example.com', '--save-profile', 'mx');
    expect(mx.code).toBe(2);
    expect(mx.stderr).toContain('--save-profile needs a HOST');
    const vantage = await cli('diff', '--vantage', '127.0.0.1', '--via', 'direct', '--profile', 'lab-submit');
    expect(vantage.code).toBe(2);
  });
});

describe('smtp-lens profiles', () => {
  it('lists name, host:port, TLS and user', async () => {
    const r = await cli('profiles');
    expect(r.code).toBe(0);
    const port = lab.portOf('submission-ok');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+HOST:PORT\s+TLS\s+USER$/);
    expect(lines[1]).toMatch(new RegExp(`^lab-submit\\s+127\\.0\\.0\\.1:${port}\\s+starttls\\s+alice@lab\\.test$`));
    expect(lines[2]).toMatch(new RegExp(`^lab-sweep\\s+127\\.0\\.0\\.1:${port}\\s+starttls\\s+alice@lab\\.test$`));
    // The columns line up.
    expect(lines[1]!.indexOf('127.0.0.1')).toBe(lines[0]!.indexOf('HOST:PORT'));
    expect(lines.slice(3)).toEqual(['', `2 in ${path.join(root, 'profiles')}`, '']);
    const json = JSON.parse((await cli('profiles', 'list', '--json')).stdout);
    expect(json.profiles.map((p: { name: string }) => p.name)).toEqual(['lab-submit', 'lab-sweep']);
    expect(json.problems).toEqual([]);
  });

  it('shows, renames, duplicates and deletes', async () => {
    const shown = JSON.parse((await cli('profiles', 'show', 'lab-sweep')).stdout);
    expect(shown).toMatchObject({ name: 'lab-sweep', file: profileFile('lab-sweep'), remembered: false });
    expect((await cli('profiles', 'rename', 'lab-sweep', 'swept')).stdout).toBe('Renamed profile lab-sweep to swept\n');
    expect((await cli('profiles', 'duplicate', 'swept', 'swept-2')).stdout).toBe('Copied profile swept to swept-2\n');
    expect((await cli('profiles', 'delete', 'swept')).stdout).toBe('Deleted profile swept\n');
    expect(readdirSync(path.join(root, 'profiles')).sort()).toEqual(['lab-submit.json', 'swept-2.json']);
    const taken = await cli('profiles', 'rename', 'swept-2', 'lab-submit');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('a profile named "lab-submit" already exists');
    expect((await cli('profiles', 'delete', 'swept-2')).code).toBe(0);
    expect((await cli('profiles', 'frobnicate')).code).toBe(2);
  });

  it('names a hostile file on stderr (exit 1) and refuses to use it, in words', async () => {
    writeFileSync(
      profileFile('evil'),
      JSON.stringify({
        schema: PROFILE_SCHEMA,
        request: { host: 'x\u001b]0;pwned\u0007', port: 25, tls: 'auto', extra: 1 },
      }),
    );
    const r = await cli('profiles');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lab-submit');
    expect(r.stderr).toBe(
      'smtp-lens: profiles/evil.json is not a profile: request: Unrecognized key: "extra" (a profile holds only the request\'s settings)\n',
    );
    const used = await cli('probe', '--profile', 'evil');
    expect(used.code).toBe(2);
    expect(used.stderr).toContain('--profile evil: profiles/evil.json: request: Unrecognized key: "extra"');
    expect(used.stderr).not.toContain('\u001b');
  });
});
