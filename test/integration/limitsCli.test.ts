// The limits as a user of the CLI meets them: a server that drips a reply cannot hold `probe`
// or `sweep` past their deadlines, and a transcript file that is too large or nested too
// deep gets one clear line from `show` and `diff`, never a crash.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEvent, Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import { startDripServer } from '../helpers/exhaustingServers';
import type { RawServer } from '../helpers/rawServer';
import { transcriptOf } from '../unit/exportFixture';

let drips: RawServer[] = [];
let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  drips = await Promise.all([startDripServer(), startDripServer(), startDripServer()]);
  dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-limits-'));
});
afterAll(async () => {
  await Promise.all(drips.map((d) => d.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('deadlines from the command line', () => {
  it('probe --timeout 1000 against a server that drips its EHLO reply ends at the deadline and says so', async () => {
    const started = performance.now();
    const r = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(drips[0]!.port),
      '--ehlo',
      'client.example',
      '--timeout',
      '1000',
      '--json',
    ]);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(r.code).toBe(1);
    const t = JSON.parse(r.stdout) as Transcript;
    const error = t.events.find((e): e is ErrorEvent => e.type === 'error')!;
    expect(error).toMatchObject({ stage: 'ehlo', code: 'TIMEOUT', deadline: 'reply' });
    expect(error.message).toMatch(/^the reply did not finish within 1\.0 s: the server kept sending it slowly/);
    // The session itself ended by the deadline: well within three times it.
    expect(error.t).toBeLessThan(3_000);
    const text = await runCli([
      'probe',
      '127.0.0.1',
      '--port',
      String(drips[0]!.port),
      '--ehlo',
      'client.example',
      '--timeout',
      '1000',
    ]);
    expect(text.stdout).toContain('the reply did not finish within 1.0 s: the server kept sending it slowly');
    expect(text.stdout).toContain("The server's reply did not finish during ehlo");
  });

  it('a sweep of several such ports prints every row, each port ended by its deadline', async () => {
    const ports = drips.map((d) => d.port);
    const started = performance.now();
    const r = await runCli([
      'sweep',
      '127.0.0.1',
      '--ports',
      ports.join(','),
      '--ehlo',
      'client.example',
      '--timeout',
      '1000',
      '--json',
    ]);
    expect(performance.now() - started).toBeLessThan(20_000);
    const result = JSON.parse(r.stdout) as { rows: { port: number; durationMs: number; transcript: Transcript }[] };
    expect(result.rows.map((row) => row.port)).toEqual(ports);
    for (const row of result.rows) {
      expect(row.durationMs).toBeLessThan(3 * 2_000);
      expect(row.transcript.events.find((e) => e.type === 'error')).toMatchObject({
        stage: 'ehlo',
        code: 'TIMEOUT',
        deadline: 'reply',
      });
    }
    const text = await runCli([
      'sweep',
      '127.0.0.1',
      '--ports',
      ports.join(','),
      '--ehlo',
      'client.example',
      '--timeout',
      '1000',
    ]);
    for (const port of ports) expect(text.stdout).toMatch(new RegExp(`^${port} +yes, .*smtp\\.timeout`, 'm'));
  });
});

/** A valid transcript with a field nested `depth` levels deep, written as text (JSON.stringify
 * would overflow the stack building it). */
function deeplyNested(depth: number): string {
  const base = JSON.stringify(transcriptOf([]));
  return `${base.slice(0, -1)},"extra":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

describe('transcript files that would exhaust the CLI', () => {
  it('a field nested 200,000 deep: show --format json and --share give the clear line and exit 2', async () => {
    writeFileSync(file('deep.json'), deeplyNested(200_000));
    const expected = `smtp-lens: ${file('deep.json')}: This is not an SMTP Lens transcript: it is nested deeper than 64 levels.\n`;
    for (const args of [
      ['--format', 'json'],
      ['--share', 'all'],
      ['--format', 'html', '--share', 'emails,hosts'],
    ]) {
      const r = await runCli(['show', file('deep.json'), ...args]);
      expect(r).toMatchObject({ code: 2, stdout: '', stderr: expected });
    }
    const diff = await runCli(['diff', file('deep.json'), file('deep.json')]);
    expect(diff).toMatchObject({ code: 2, stderr: expected });
  });

  it('a nesting of 64 levels is still a transcript', async () => {
    // The transcript object is level 1, "extra" holds the other 63.
    writeFileSync(file('deep-ok.json'), deeplyNested(63));
    expect((await runCli(['show', file('deep-ok.json'), '--format', 'json'])).code).toBe(0);
  });

  it('a file over 64 MiB is refused by show and diff before it is read, with its size', async () => {
    writeFileSync(file('big.json'), '');
    truncateSync(file('big.json'), 200 * 1024 * 1024);
    writeFileSync(file('small.json'), JSON.stringify(transcriptOf([])));
    const expected = `smtp-lens: ${file('big.json')}: This file is 200.0 MiB, too large to be opened: SMTP Lens opens transcripts of up to 64.0 MiB.\n`;
    expect(await runCli(['show', file('big.json')])).toMatchObject({ code: 2, stdout: '', stderr: expected });
    expect(await runCli(['diff', file('small.json'), file('big.json')])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expected,
    });
  });

  it('standard input over 64 MiB is refused once it passes the limit', async () => {
    const r = await runCli(['show', '-'], { stdin: `{"pad":"${'x'.repeat(65 * 1024 * 1024)}"}` });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'smtp-lens: -: This file is over 64.0 MiB, too large to be opened: SMTP Lens opens transcripts of up to 64.0 MiB.\n',
    });
  });
});
