// Server text never drives the user's terminal or rewrites a document: through the real CLI
// (probe, show, diff, sweep), the text, Markdown and HTML exports, against a real server on
// 127.0.0.1 whose replies carry escape sequences, C1 controls and a bidi override.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpSession } from '../../main/engine/session';
import { renderHtml, renderText } from '../../shared/export/index';
import type { Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import { HOSTILE, startHostileTextServer } from '../helpers/hostileTextServer';
import type { RawServer } from '../helpers/rawServer';

/** Anything a terminal would obey, or that reorders or hides text, except line ends. */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

let server: RawServer;
let dir: string;
let saved: string;

beforeAll(async () => {
  server = await startHostileTextServer();
  dir = mkdtempSync(path.join(tmpdir(), 'lens-hostile-'));
  saved = path.join(dir, 'hostile.json');
});
afterAll(() => server.close());

const probeArgs = () => [
  'probe',
  '127.0.0.1',
  '--port',
  String(server.port),
  '--tls',
  'none',
  '--to',
  'bob@lab.test',
  '--ehlo',
  'client.example',
  '--timeout',
  '5000',
];

describe('the CLI against a server whose text carries terminal controls', () => {
  it('probe prints every control as a visible escape, keeps the 554 and warns', async () => {
    const r = await runCli(probeArgs());
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('<-  220 mail.evil.test ESMTP \\x1b[2J\\x1b]0;pwned\\x07 hi \\x1b]52;c;ZXZpbA==\\x07');
    expect(r.stdout).toContain('<-  250-BIDI<U+202E>evil');
    expect(r.stdout).toContain('<-  250-\\x1b[8mHIDDEN\\x1b[0m');
    expect(r.stdout).toContain('<-  250 SIZE\\x9b2J');
    expect(r.stdout).toContain('<-  554 5.7.1 Relay access denied\\x1b[1A\\x1b[2K\\rS: 250 2.1.5 Ok\\x00\\x07\\x08');
    expect(r.stdout).toContain(
      "The server's replies hold terminal control or bidi characters  [smtp.control-characters]",
    );
    expect(r.stdout).toContain('3 replies from this server, starting with the greeting');
  });

  it('--json keeps the exact bytes, with nothing raw for a terminal', async () => {
    const r = await runCli([...probeArgs(), '--json']);
    expect(r.stdout.replace(/\n/g, '')).not.toMatch(RAW_CONTROL);
    writeFileSync(saved, r.stdout);
    const t = JSON.parse(r.stdout) as Transcript;
    const replies = t.events.flatMap((e) => (e.type === 'reply' ? e.lines : []));
    expect(replies).toEqual(expect.arrayContaining([HOSTILE.banner, ...HOSTILE.ehlo, HOSTILE.refusal]));
    expect(t.findings.find((f) => f.id === 'smtp.control-characters')).toMatchObject({ severity: 'warning', event: 2 });
  });

  it('show (text and Markdown) and diff of the saved transcript: escapes, never the characters', async () => {
    for (const format of ['text', 'md']) {
      const r = await runCli(['show', saved, '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toContain('BIDI<U+202E>evil');
    }
    const d = await runCli(['diff', saved, saved]);
    expect(d.stdout).not.toMatch(RAW_CONTROL);
  });

  it('sweep: the grid and its advice carry nothing raw', async () => {
    const r = await runCli(['sweep', '127.0.0.1', '--ports', String(server.port), '--timeout', '3000']);
    expect(r.stdout).toContain(String(server.port));
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const json = await runCli(['sweep', '127.0.0.1', '--ports', String(server.port), '--timeout', '3000', '--json']);
    expect(json.stdout.replace(/\n/g, '')).not.toMatch(RAW_CONTROL);
    expect(json.stdout).toContain('BIDI\\u202eevil');
  });

  it('a file whose error message quotes its own bytes does not reach stderr raw', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '\x1b[2J\x1b]0;pwned\x07');
    const r = await runCli(['show', bad]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('smtp-lens:');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('the exports of the same session', () => {
  let t: Transcript;
  beforeAll(async () => {
    const session = new SmtpSession({
      host: '127.0.0.1',
      port: server.port,
      tls: 'none',
      to: ['bob@lab.test'],
      ehlo: 'client.example',
      timeout: 5000,
    });
    await session.run();
    t = session.transcript();
  });

  it('text in colour: escapes in reverse video, and the only escape sequences are our own colours', () => {
    const out = renderText(t, { color: true });
    const sequences = [...out.matchAll(/\x1b\[[0-9;]*[A-Za-z]/g)].map((m) => m[0]);
    expect(new Set(sequences)).toEqual(
      new Set(sequences.filter((s) => /^\x1b\[(1|2|7|22|27|31|32|33|36|39)m$/.test(s))),
    );
    expect(out).toContain('\x1b[7m\\x1b\x1b[27m[2J');
    expect(out.replace(/\x1b\[(1|2|7|22|27|31|32|33|36|39)m/g, '')).not.toMatch(RAW_CONTROL);
  });

  it('HTML: no control or bidi character, each escape in a ctl span', () => {
    const html = renderHtml(t);
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    expect(html).toContain('250-BIDI<span class="ctl">&lt;U+202E&gt;</span>evil');
    expect(html).toContain('<span class="ctl">\\x1b</span>[2J');
  });
});
