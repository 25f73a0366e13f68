// `smtp-lens sweep` as a user runs it: the real bin against the practice server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../main/lab/labServer';
import type { SweepResult } from '../../shared/sweep';
import { runCli } from '../helpers/cli';
import { closedPort } from '../helpers/rawServer';

let lab: Lab;
let closed: number;
const SCENARIOS = ['submission-ok', 'implicit-tls-ok', 'relay-denied', 'missing-intermediate'];

beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: SCENARIOS });
  closed = await closedPort();
});
afterAll(() => lab.close());

const ports = () => [...SCENARIOS.map((s) => lab.portOf(s)), closed].join(',');
const sweepArgs = (...extra: string[]) => [
  'sweep',
  '127.0.0.1',
  '--ports',
  ports(),
  '--servername',
  'mail.lab.test',
  '--ca',
  lab.rootCaPath,
  '--timeout',
  '2000',
  ...extra,
];

describe('smtp-lens sweep', () => {
  it('prints a grid that fits 120 columns, the recommendation, and the next step', async () => {
    const r = await runCli(sweepArgs());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    // Everything but the copy-and-paste probe command (never wrapped) fits 120 columns.
    expect(
      Math.max(...lines.filter((l) => !l.trimStart().startsWith('smtp-lens probe')).map((l) => l.length)),
    ).toBeLessThanOrEqual(120);
    expect(lines[0]).toMatch(/^SMTP Lens \S+ · sweep of 127\.0\.0\.1 · 5 ports in \d/);
    expect(lines[1]).toBe('Certificates checked against the name mail.lab.test.');
    expect(r.stdout).toMatch(
      /^PORT +REACHABLE +SPEAKS +STARTTLS +AUTH BEFORE +AUTH AFTER +TLS +CERTIFICATE +FINDINGS$/m,
    );
    const rowFor = (name: string) => lines.find((l) => l.startsWith(`${String(lab.portOf(name))} `))!;
    expect(rowFor('submission-ok')).toMatch(
      /yes, [\d.]+ m?s +SMTP +offered +none +PLAIN LOGIN +TLS 1\.3 +✓ verified +—/,
    );
    expect(rowFor('implicit-tls-ok')).toMatch(
      /implicit TLS +n\/a \(TLS\) +n\/a \(TLS\) +PLAIN LOGIN +TLS 1\.3 +✓ verified/,
    );
    expect(rowFor('relay-denied')).toMatch(/SMTP +offered +none +none +TLS 1\.3 +✓ verified/);
    expect(rowFor('missing-intermediate')).toMatch(/✗ incomplete.*✖ tls\.chain-incomplete/);
    expect(lines.find((l) => l.startsWith(`${closed} `))).toMatch(/refused +— .*✖ net\.refused/);
    expect(r.stdout).toContain(
      `Recommendation\n  For sending from a mail client or app, use ${lab.portOf('implicit-tls-ok')} with implicit TLS or ${lab.portOf('submission-ok')} with STARTTLS, both with AUTH.`,
    );
    expect(r.stdout).toContain(
      `Port ${lab.portOf('relay-denied')} here is for server-to-server relay: it offers no AUTH.`,
    );
    expect(r.stdout).toContain('Worth knowing');
    expect(r.stdout).toContain(
      `✖ tls.chain-incomplete (${lab.portOf('missing-intermediate')}): Incomplete certificate chain`,
    );
    expect(r.stdout).toContain(
      `Next\n  Port ${lab.portOf('missing-intermediate')} step by step, each finding explained with its fix:\n` +
        `    smtp-lens probe 127.0.0.1 --port ${lab.portOf('missing-intermediate')} --tls starttls --servername mail.lab.test --timeout 2000 --ca ${lab.rootCaPath}\n` +
        `  Check that a login works on port ${lab.portOf('implicit-tls-ok')} (the sweep never logs in):\n` +
        `    smtp-lens probe 127.0.0.1 --port ${lab.portOf('implicit-tls-ok')} --tls implicit --servername mail.lab.test --timeout 2000 --ca ${lab.rootCaPath} --auth-user USER --auth-pass-env PASSWORD_VAR\n`,
    );
    expect(r.stdout).not.toMatch(/deprecat/i);
  });

  it("--json prints the whole result with every port's transcript", async () => {
    const r = await runCli(sweepArgs('--json'));
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as SweepResult;
    expect(result.schema).toBe('smtp-lens/sweep@1');
    expect(result.ports).toEqual(ports().split(',').map(Number));
    expect(result.rows.map((row) => row.speaks.value)).toEqual([
      'plaintext-smtp',
      'implicit-tls',
      'plaintext-smtp',
      'plaintext-smtp',
      'nothing',
    ]);
    expect(result.rows.every((row) => row.transcript.schema === 'smtp-lens/transcript@1')).toBe(true);
    expect(result.recommendation.submission.map((s) => s.port)).toEqual([
      lab.portOf('implicit-tls-ok'),
      lab.portOf('submission-ok'),
    ]);
  });

  it('exits 1 when no port answers SMTP', async () => {
    const r = await runCli(['sweep', '127.0.0.1', '--ports', String(closed)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No port answered with SMTP.');
  });

  it('rejects bad options with exit code 2', async () => {
    for (const args of [
      ['sweep'],
      ['sweep', '127.0.0.1', '--ports', '25,http'],
      ['sweep', '127.0.0.1', '--ports', ''],
      ['sweep', '127.0.0.1', '-4', '-6'],
      ['sweep', '127.0.0.1', '--tls', 'none'],
      ['sweep', '127.0.0.1', '--auth-user', 'alice'],
      ['sweep', '127.0.0.1', '--ports', Array.from({ length: 40 }, (_, i) => 1000 + i).join(',')],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^smtp-lens: /);
    }
  });

  it('has its own help, and is listed in the main help', async () => {
    const help = await runCli(['sweep', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: smtp-lens sweep HOST/);
    expect(help.stdout).toContain('Exit codes: 0 at least one port answered SMTP, 1 none did, 2 usage error.');
    expect((await runCli(['--help'])).stdout).toContain('smtp-lens sweep HOST');
  });
});
