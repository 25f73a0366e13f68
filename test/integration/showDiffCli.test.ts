// `smtp-lens show`, `smtp-lens diff`, and probe's --format md|html, --share, --save and the
// secret guard, run as a user would: the real bin against the practice server.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../main/app/historyStore';
import { startLab, type Lab } from '../../main/lab/labServer';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import type { Transcript } from '../../shared/transcript';
import { labProbeArgs, runCli } from '../helpers/cli';
import { lineDialogue, startRawServer } from '../helpers/rawServer';

let lab: Lab;
let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'relay-denied', 'missing-intermediate'] });
  dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-show-'));
  // Two saved sessions: a chain missing its intermediate, then the fixed server.
  const probeTo = (scenario: string, out: string) => runCli(probeArgs(scenario, '--json', '--out', file(out)));
  await Promise.all([probeTo('missing-intermediate', 'before.json'), probeTo('submission-ok', 'after.json')]);
});
afterAll(async () => {
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

const probeArgs = (scenario: string, ...extra: string[]) => labProbeArgs(lab, scenario, ...extra);

describe('smtp-lens show', () => {
  it('re-renders a saved transcript in each format; JSON comes back byte for byte', async () => {
    const saved = readFileSync(file('before.json'), 'utf8');
    const port = (JSON.parse(saved) as Transcript).target.port;
    const text = await runCli(['show', file('before.json')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `^SMTP Lens \\S+ · 127\\.0\\.0\\.1:${port} · STARTTLS · .* UTC\\nTLS: TLSv1\\.3, .* certificate NOT verified`,
      ),
    );
    expect(text.stdout).toContain('[tls.chain-incomplete]');
    expect((await runCli(['show', file('before.json'), '--format', 'json'])).stdout).toBe(saved);
    const md = await runCli(['show', file('before.json'), '--format', 'md']);
    expect(md.stdout).toContain(`| **Target** | 127.0.0.1:${port} · STARTTLS · SNI mail.lab.test |`);
    const html = await runCli(['show', file('before.json'), '--format', 'html', '--out', file('before.html')]);
    expect(html).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(file('before.html'), 'utf8')).toMatch(
      /^<!DOCTYPE html>[\s\S]*tls\.chain-incomplete[\s\S]*<\/html>\n$/,
    );
  });

  it('a malformed or foreign file: one clear line, exit 2, nothing written', async () => {
    writeFileSync(file('package.json'), '{"name": "smtp-lens"}');
    writeFileSync(file('cut.json'), readFileSync(file('before.json'), 'utf8').slice(0, 200));
    const foreign = await runCli(['show', file('package.json'), '--format', 'html', '--out', file('foreign.html')]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toBe(
      `smtp-lens: ${file('package.json')}: This JSON file is not an SMTP Lens transcript: it has no "schema": "smtp-lens/transcript@1".\n`,
    );
    expect(existsSync(file('foreign.html'))).toBe(false);
    const cut = await runCli(['show', file('cut.json')]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/cut\.json: This file is not valid JSON/);
    expect((await runCli(['show', file('missing.json')])).stderr).toMatch(/cannot read .*missing\.json \(ENOENT\)/);
    expect((await runCli(['show', file('before.json'), '--format', 'pdf'])).code).toBe(2);
  });

  it('refuses to write a transcript that carries credentials in an AUTH line', async () => {
    const t = JSON.parse(readFileSync(file('after.json'), 'utf8')) as Transcript;
    t.events.push({
      t: 1,
      type: 'send',
      stage: 'auth',
      line: `AUTH PLAIN ${Buffer.from(`\0${LAB_USER}\0${LAB_PASSWORD}`).toString('base64')}`,
    });
    writeFileSync(file('leaky.json'), JSON.stringify(t));
    const r = await runCli(['show', file('leaky.json'), '--format', 'md', '--out', file('leaky.md')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^smtp-lens: Refusing to write this export: it contains a password or token/);
    expect(existsSync(file('leaky.md'))).toBe(false);
  });
});

describe('smtp-lens diff', () => {
  it('shows the fixed finding, the chain change and stage timings; exit 1 when they differ', async () => {
    const r = await runCli(['diff', file('before.json'), file('after.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('A (before.json): 127.0.0.1:');
    expect(r.stdout).toMatch(/- fixed {3}error {3}Incomplete certificate chain.*\[tls\.chain-incomplete\]/);
    expect(r.stdout).toMatch(/verified {3}NO → yes/);
    expect(r.stdout).toMatch(/chain {6}changed/);
    expect(r.stdout).toMatch(/\n {2}TLS handshake +[\d.]+ m?s +[\d.]+ m?s +[+−]?[\d.]+ m?s\n/);
    const json = JSON.parse((await runCli(['diff', file('before.json'), file('after.json'), '--json'])).stdout);
    expect(json).toMatchObject({
      schema: 'smtp-lens/diff@1',
      same: false,
      findings: { removed: [expect.objectContaining({ id: 'tls.chain-incomplete' })] },
    });
  });

  it('a session against itself: the same, exit 0; a bad file: exit 2', async () => {
    const same = await runCli(['diff', file('after.json'), file('after.json')]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('Same result: only timings differ.');
    writeFileSync(file('other.json'), '{"schema": "smtp-lens/sweep@1"}');
    const bad = await runCli(['diff', file('after.json'), file('other.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/other\.json: This JSON file is not an SMTP Lens transcript/);
  });
});

describe('smtp-lens probe, export options', () => {
  it('--format md --share emails masks the addresses; --format html writes the page', async () => {
    const md = await runCli(
      probeArgs(
        'relay-denied',
        '--to',
        'someone@example.org',
        '--from',
        'alice@example.net',
        '--format',
        'md',
        '--share',
        'emails',
      ),
    );
    expect(md.code).toBe(1);
    expect(md.stdout).toContain('RCPT TO:<user2@example.org>');
    expect(md.stdout).not.toMatch(/someone@|alice@/);
    expect(md.stdout).toContain('Masked for sharing: email addresses (local parts)');
    const html = await runCli(
      probeArgs('relay-denied', '--to', 'someone@example.org', '--format', 'html', '--out', file('relay.html')),
    );
    expect(html.code).toBe(1);
    expect(readFileSync(file('relay.html'), 'utf8')).toContain('data-finding="smtp.relay-denied"');
    expect((await runCli(probeArgs('relay-denied', '--share', 'everything'))).code).toBe(2);
  });

  it('--save keeps the session in the history folder of SMTP_LENS_DATA_DIR', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'smtp-lens-data-'));
    try {
      const r = await runCli(
        probeArgs('submission-ok', '--auth-user', LAB_USER, '--auth-pass-env', 'LENS_PASS', '--save', '--json'),
        { env: { SMTP_LENS_DATA_DIR: data, LENS_PASS: LAB_PASSWORD } },
      );
      expect(r.code).toBe(0);
      const where = /^Saved to the history: (.+)$/m.exec(r.stderr)?.[1];
      expect(where).toMatch(
        new RegExp(`^${data}/history/\\d{4}/\\d{2}/\\d{8}T\\d{6}Z-127\\.0\\.0\\.1-\\d+-[0-9a-f]{8}\\.json$`),
      );
      expect(readFileSync(where!, 'utf8')).toBe(r.stdout);
      expect(readFileSync(where!, 'utf8')).not.toContain(LAB_PASSWORD);
      const page = await new HistoryStore(path.join(data, 'history')).list();
      expect(page.entries.map((e) => e.port)).toEqual([lab.portOf('submission-ok')]);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('refuses to print or write output that contains the password it was given', async () => {
    const secret = 'banner-leaks-this-password';
    const server = await startRawServer((s) => {
      s.write(`220 mx.example ESMTP ${secret}\r\n`);
      lineDialogue(s, (line) => (/^QUIT/i.test(line) ? s.end('221 bye\r\n') : s.write('250 ok\r\n')));
    });
    try {
      const args = [
        'probe',
        '127.0.0.1',
        '--port',
        String(server.port),
        '--tls',
        'none',
        '--auth-user',
        'alice',
        '--auth-pass-env',
        'LENS_PASS',
      ];
      const r = await runCli([...args, '--format', 'md', '--out', file('leak.md')], { env: { LENS_PASS: secret } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^smtp-lens: Refusing to write this export: it contains a password or token \(found in event 2: a reply from the server, "220 mx\.example ESMTP \[secret removed\]"\)\. Nothing was written\. Run the same command without --out, --json or --format to see the session with it masked\.$/m,
      );
      expect(existsSync(file('leak.md'))).toBe(false);
      // On the terminal the session is still shown, with the secret masked where it was.
      const printed = await runCli(args, { env: { LENS_PASS: secret } });
      expect(printed.code).toBe(1);
      expect(printed.stdout).toMatch(/<- {2}220 mx\.example ESMTP \[secret removed\]\n/);
      expect(printed.stdout).toMatch(/Result: FAILED/);
      expect(printed.stdout + printed.stderr).not.toContain(secret);
      expect(printed.stderr).toMatch(/found in event 2: .*The transcript above shows it as \[secret removed\]\.$/m);
    } finally {
      await server.close();
    }
  });
});
