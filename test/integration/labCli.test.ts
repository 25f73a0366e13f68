// `smtp-lens lab` as a user runs it: the real bin, a table on stdout, Ctrl-C to stop.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_PASSWORD, LAB_USER, SCENARIO_NAMES, scenarioInfo, scenarioOffset } from '../../shared/lab/scenarioCatalog';
import { runCli } from '../helpers/cli';

const BIN = path.resolve('bin/smtp-lens.js');

interface LabTable {
  rootCa: string;
  host: string;
  servername: string;
  user: string;
  password: string;
  startedInMs: number;
  scenarios: { scenario: string; host: string; port: number; simulates: string }[];
}

/** A base port with room for every scenario: away from the default 2525 a developer may be
 * using, and below Linux's ephemeral range (32768 and up), where the other tests' labs bind. */
const randomBase = () => 20_000 + Math.floor(Math.random() * 12_000);

function startLabCli(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [BIN, 'lab', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Resolves once `ready(output)` holds, or rejects with what was printed so far. */
async function waitFor(
  lab: ReturnType<typeof startLabCli>,
  ready: (out: string) => boolean,
  ms = 10_000,
): Promise<string> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (ready(lab.output())) return lab.output();
    if (lab.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`smtp-lens lab did not get ready:\n${lab.output()}`);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('data', (d) => {
      resolve(d.toString('latin1'));
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('smtp-lens lab', () => {
  it('--json prints the scenario table at once, serves it, and stops cleanly on Ctrl-C', async () => {
    const base = randomBase();
    const started = performance.now();
    const lab = startLabCli(['--json', '--base-port', String(base)]);
    const text = await waitFor(lab, parses);
    const wallMs = performance.now() - started;
    const table = JSON.parse(text) as LabTable;
    console.log(
      `[lab cli] JSON table after ${wallMs.toFixed(0)} ms (Node start-up included); lab start-up ${table.startedInMs} ms`,
    );
    expect(table.startedInMs).toBeGreaterThan(0); // how fast: bench/labStart.mjs
    expect(table).toMatchObject({
      host: '127.0.0.1',
      servername: 'mail.lab.test',
      user: LAB_USER,
      password: LAB_PASSWORD,
    });
    expect(readFileSync(table.rootCa, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(table.scenarios.map((s) => s.scenario)).toEqual(SCENARIO_NAMES);
    for (const row of table.scenarios) {
      expect(row).toEqual({
        scenario: row.scenario,
        host: '127.0.0.1',
        port: base + scenarioOffset(row.scenario),
        simulates: scenarioInfo(row.scenario)!.summary,
      });
    }
    expect(await greeting(base + scenarioOffset('relay-denied'))).toBe(
      '220 mail.lab.test ESMTP SMTP Lens practice server (relay-denied)\r\n',
    );
    lab.child.kill('SIGINT');
    expect(await lab.exited).toBe(0);
  });

  it('prints a table of the chosen scenarios, the root CA and a probe to try', async () => {
    const base = randomBase();
    const lab = startLabCli(['--scenario', 'submission-ok', '--scenario', 'greylisting', '--base-port', String(base)]);
    const out = await waitFor(lab, (o) => o.includes('Started 2 scenarios'));
    lab.child.kill('SIGINT');
    expect(await lab.exited).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('SMTP Lens practice server — listening on 127.0.0.1 only. Ctrl-C to stop.');
    expect(lines[2]).toMatch(/^SCENARIO +PORT +WHAT IT SIMULATES$/);
    expect(lines[3]).toBe(`submission-ok  ${base}  ${scenarioInfo('submission-ok')!.summary}`);
    expect(lines[4]).toBe(
      `greylisting    ${base + scenarioOffset('greylisting')}  ${scenarioInfo('greylisting')!.summary}`,
    );
    expect(out).toMatch(/^Root CA \(trust it with --ca\): \/.+\/root\.pem$/m);
    expect(out).toContain(`Try: smtp-lens probe 127.0.0.1 --port ${base} --servername mail.lab.test --ca `);
  });

  it('refuses unknown scenarios and base ports without room, as usage errors', async () => {
    const unknown = await runCli(['lab', '--scenario', 'open-relay']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown scenario "open-relay" (scenarios: submission-ok, implicit-tls-ok,');
    const high = await runCli(['lab', '--base-port', '65530']);
    expect(high.code).toBe(2);
    expect(high.stderr).toContain(`--base-port must be at most ${65535 - (SCENARIO_NAMES.length - 1)}`);
  });

  it('names the scenario whose port is taken', async () => {
    const base = randomBase();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(base + scenarioOffset('auth-fails'), '127.0.0.1', resolve));
    try {
      const r = await runCli([
        'lab',
        '--base-port',
        String(base),
        '--scenario',
        'submission-ok',
        '--scenario',
        'auth-fails',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `port ${base + scenarioOffset('auth-fails')} for scenario auth-fails is not available (EADDRINUSE)`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
