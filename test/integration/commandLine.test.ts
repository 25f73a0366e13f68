// "Copy as", run for real: the swaks, smtp-lens and openssl s_client lines made from one request
// run against the practice server, with the password only in the environment; and
// `probe --from-swaks` runs a pasted swaks line.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../main/lab/labServer';
import { commandRequestOf, type CommandRequest } from '../../shared/commandLine/commandRequest';
import { opensslLine } from '../../shared/commandLine/opensslCommand';
import { shellLine } from '../../shared/commandLine/shellWords';
import { smtpLensLine } from '../../shared/commandLine/smtpLensCommand';
import { swaksLine } from '../../shared/commandLine/swaksCommand';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import type { Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import { requireOpenssl, requireSwaks, runTool } from '../helpers/externalTool';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'implicit-tls-ok', 'hostname-mismatch'] });
});
afterAll(() => lab?.close());

/** What the form sends for the practice submission server, as Copy as turns it into a command. */
const submission = (scenario = 'submission-ok', subject = 'copied as a command'): CommandRequest =>
  commandRequestOf(
    {
      host: '127.0.0.1',
      port: lab.portOf(scenario),
      tls: scenario === 'implicit-tls-ok' ? 'implicit' : 'starttls',
      servername: 'mail.lab.test',
      ehlo: 'client.example',
      auth: { user: LAB_USER, secret: LAB_PASSWORD, mechanism: 'PLAIN' },
      from: LAB_USER,
      to: ['bob@lab.test'],
      headers: [`Subject: ${subject}`],
      body: 'Hello from a copied command.',
    },
    { caFiles: [lab.rootCaPath] },
  );

/** A line as the user pastes it into sh, the password set in the environment beforehand. */
const inShell = (line: string, stdin = '') =>
  runTool('/bin/sh', ['-c', line], { env: { SMTP_PASSWORD: LAB_PASSWORD }, stdin, timeoutMs: 25_000 });

/** swaks' replies in order: the last line of each (the one with a space after the code). */
const swaksReplies = (out: string) =>
  out
    .split('\n')
    .map((l) => /^<[-~] +(\d{3}) /.exec(l)?.[1])
    .filter((c): c is string => !!c)
    .map(Number);

const BIN = path.resolve('bin/smtp-lens.js');

describe('the copied swaks line', () => {
  it('completes the transaction against the practice server with the password from SMTP_PASSWORD', async (ctx) => {
    requireSwaks(ctx);
    const before = lab.messages('submission-ok').length;
    const line = swaksLine(submission('submission-ok', 'copied as swaks'));
    expect(line.text).not.toContain(LAB_PASSWORD);
    expect(line.setFirst).toEqual(['SMTP_PASSWORD']);
    const r = await inShell(line.text);
    expect(r.code, r.out).toBe(0);
    const at = (re: RegExp) => r.lines.findIndex((l) => re.test(l));
    expect(at(/^<~ +235 /)).toBeGreaterThan(at(/^=== TLS started/));
    expect(at(/^<~ +250 2\.0\.0 Ok: queued as \w+/)).toBeGreaterThan(at(/^ ~> DATA/));
    const message = lab.messages('submission-ok').slice(before).at(-1);
    expect(message).toMatchObject({ from: LAB_USER, to: ['bob@lab.test'] });
    expect(message?.raw.toString('utf8')).toContain('Subject: copied as swaks\r\n');
  });

  it('and the copied smtp-lens line gets the same replies, in the same order', async (ctx) => {
    requireSwaks(ctx);
    const request = submission();
    const swaks = await inShell(swaksLine(request).text);
    const lens = smtpLensLine(request);
    const ours = await inShell(`${shellLine([process.execPath, BIN, ...lens.words.slice(1)])} --json`);
    expect(ours.code, ours.out).toBe(0);
    const transcript = JSON.parse(ours.out) as Transcript;
    const codes = transcript.events.flatMap((e) => (e.type === 'reply' && e.code !== null ? [e.code] : []));
    expect(codes).toEqual([220, 250, 220, 250, 235, 250, 250, 354, 250, 221]);
    expect(swaksReplies(swaks.out)).toEqual(codes);
    expect(transcript.outcome.ok).toBe(true);
  });

  it('over implicit TLS too (--tls-on-connect)', async (ctx) => {
    requireSwaks(ctx);
    const line = swaksLine(submission('implicit-tls-ok'));
    expect(line.words).toContain('--tls-on-connect');
    const r = await inShell(line.text);
    expect(r.code, r.out).toBe(0);
    expect(swaksReplies(r.out)).toEqual([220, 250, 235, 250, 250, 354, 250, 221]);
  });
});

describe('the copied openssl s_client line', () => {
  it('connects with STARTTLS and verifies the practice certificate, QUIT on its input', async (ctx) => {
    requireOpenssl(ctx);
    const line = opensslLine(submission());
    const r = await inShell(line.text, 'QUIT\n');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^depth=0 O = SMTP Lens, CN = mail\.lab\.test$/m);
    expect(r.out).toMatch(/^ *Verify return code: 0 \(ok\)$/m);
    expect(line.unmapped[0]?.words).toContain('type EHLO, AUTH, MAIL FROM, RCPT TO, the message and QUIT yourself');
  });

  it('implicit TLS, and refuses a certificate for another name (the check is real)', async (ctx) => {
    requireOpenssl(ctx);
    const implicit = await inShell(opensslLine(submission('implicit-tls-ok')).text, 'QUIT\n');
    expect(implicit.out).toMatch(/Verify return code: 0 \(ok\)/);
    const wrong = await inShell(opensslLine(submission('hostname-mismatch')).text, 'QUIT\n');
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toMatch(/hostname mismatch/);
  });
});

describe('smtp-lens probe --from-swaks', () => {
  const pasted = (extra = '') =>
    `swaks --server 127.0.0.1:${lab.portOf('submission-ok')} --tls --tls-verify --tls-sni mail.lab.test ` +
    `--tls-ca-path ${lab.rootCaPath} --ehlo client.example --auth PLAIN --auth-user ${LAB_USER} ` +
    `--auth-password "$SMTP_PASSWORD" --from ${LAB_USER} --to bob@lab.test --h-Subject 'from swaks' --hide-all${extra}`;

  it('runs the pasted line, says first what it does not use, and lets options beside it win', async () => {
    const before = lab.messages('submission-ok').length;
    const r = await runCli(['probe', '--from-swaks', pasted(), '--to', 'carol@lab.test', '--no-color'], {
      env: { SMTP_PASSWORD: LAB_PASSWORD },
    });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toContain('From the swaks line:\n  not used: swaks --hide-all is how swaks prints the session');
    expect(r.stdout).toMatch(/235/);
    const message = lab.messages('submission-ok').slice(before).at(-1);
    expect(message).toMatchObject({ from: LAB_USER, to: ['carol@lab.test'] });
    expect(message?.raw.toString('utf8')).toContain('Subject: from swaks\r\n');
  });

  it('does not use a password written on the line, and says so without repeating it', async () => {
    const line = pasted().replace('"$SMTP_PASSWORD"', LAB_PASSWORD);
    const r = await runCli(['probe', '--from-swaks', line]);
    expect(r.stderr).toContain('The password written on the line (--auth-password) was not kept');
    expect(r.stderr).toContain('--auth-user needs a password: use --auth-pass-env VAR or --auth-pass-stdin');
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).not.toContain(LAB_PASSWORD);
  });

  it('answers a line that is not swaks with one usage line', async () => {
    const r = await runCli(['probe', '--from-swaks', "swaks --to 'bob"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'smtp-lens: --from-swaks: This line cannot be read as a shell would: the single quote at character 12 is not closed. (see smtp-lens --help)\n',
    );
  });
});

describe('smtp-lens command --as', () => {
  it('prints the same line Copy as makes, and on stderr what to set first and what is left out', async () => {
    const r = await runCli([
      'command',
      '--as',
      'swaks',
      'mail.example.com',
      '--port',
      '587',
      '--auth-user',
      'alice',
      '--to',
      'bob@example.net',
      '--bdat',
      '--bdat-chunk',
      '1000',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'swaks --server mail.example.com:587 --tls --tls-verify --tls-sni mail.example.com --auth --auth-user alice --auth-password "$SMTP_PASSWORD" --to bob@example.net --pipeline\n',
    );
    expect(r.stderr).toContain('Set SMTP_PASSWORD first');
    expect(r.stderr).toContain('not said: swaks has no equivalent of --bdat-chunk.');
  });
});
