// The ladder and the waterfall of real sessions with servers on 127.0.0.1: the practice
// server (slow-banner with a 1.5 s greeting pause, submission-ok, relay-denied) and raw
// servers that are slow at end of data or never answer. Timing assertions are relative only:
// a deliberate pause of 1.5 s against loopback exchanges that take about a millisecond.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildLadder, type ArrowItem, type LadderItem } from '../../shared/diagram/ladderModel';
import { renderLadderSvg } from '../../shared/diagram/ladderSvg';
import { buildWaterfall } from '../../shared/diagram/waterfallModel';
import { renderWaterfallSvg } from '../../shared/diagram/waterfallSvg';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import type { Transcript } from '../../shared/transcript';
import { probe } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { startLab, type Lab } from '../../main/lab/labServer';
import { labProbeArgs, runCli } from '../helpers/cli';
import { lineDialogue, startRawServer, type RawServer } from '../helpers/rawServer';
import { expectSafeSvg } from '../unit/ladderSessions';

const BANNER_DELAY_MS = 1500;
let lab: Lab;
let rootCa: string;
let raw: RawServer | null = null;

beforeAll(async () => {
  lab = await startLab({
    basePort: 0,
    scenarios: ['submission-ok', 'slow-banner', 'relay-denied'],
    timing: { bannerDelayMs: BANNER_DELAY_MS },
  });
  rootCa = readFileSync(lab.rootCaPath, 'utf8');
});
afterEach(async () => {
  await raw?.close();
  raw = null;
});
afterAll(() => lab.close());

const labSession = (scenario: string, extra: Partial<SessionOptions> = {}): Promise<Transcript> =>
  probe({
    host: '127.0.0.1',
    port: lab.portOf(scenario),
    tls: 'starttls',
    servername: 'mail.lab.test',
    ca: [rootCa],
    ehlo: 'client.example',
    to: ['bob@lab.test'],
    ...extra,
  });

const arrows = (items: LadderItem[], role: ArrowItem['role']) =>
  items.filter((i): i is ArrowItem => i.kind === 'arrow' && i.role === role);

describe('diagrams of practice-server sessions', () => {
  it('slow-banner: the greeting wait is the longest bar and is flagged, with the likely reason', async () => {
    const t = await labSession('slow-banner');
    const w = buildWaterfall(t);
    const greeting = w.stages[w.longest];
    expect(greeting.kind).toBe('greeting');
    expect(greeting.duration).toBeGreaterThan(BANNER_DELAY_MS * 0.9);
    expect(greeting.slow).toMatch(/tarpit|postscreen/);
    // Every command round trip on loopback is tiny next to the pause.
    const trips = w.stages.filter((s) => ['ehlo', 'mail', 'rcpt', 'quit'].includes(s.kind));
    expect(trips.length).toBeGreaterThanOrEqual(4);
    for (const s of trips) expect(s.duration * 5).toBeLessThan(greeting.duration);
    expect(trips.filter((s) => s.slow)).toEqual([]);
    const svg = renderWaterfallSvg(t);
    expectSafeSvg(svg);
    expect(svg).toMatch(/<g [^>]*data-stage="greeting"[^>]*data-slow="true"[^>]*data-longest="true"/);
  });

  it('submission-ok: one arrow per command and reply, the TLS band between STARTTLS and the second EHLO', async () => {
    const t = await labSession('submission-ok', { auth: { user: LAB_USER, secret: LAB_PASSWORD }, from: LAB_USER });
    expect(t.outcome.ok).toBe(true);
    const { items } = buildLadder(t);
    const sends = t.events.filter((e) => e.type === 'send');
    const bodyLines = sends.filter((e) => e.body).length;
    expect(bodyLines).toBeGreaterThan(5);
    // The final "." belongs to the message arrow; every other non-body line is a command.
    expect(arrows(items, 'command')).toHaveLength(sends.length - bodyLines - 1);
    expect(arrows(items, 'message')).toHaveLength(1);
    expect(arrows(items, 'message')[0].text).toBe(`${bodyLines} lines, then "." (end of data)`);
    expect(arrows(items, 'reply')).toHaveLength(t.events.filter((e) => e.type === 'reply').length);
    const order = items.map((i) =>
      i.kind === 'arrow' ? `${i.role}:${i.label}` : i.kind === 'phase' ? `phase:${i.phase}` : i.kind,
    );
    const band = order.indexOf('tls');
    expect(order.slice(band - 2, band + 3)).toEqual([
      'command:STARTTLS',
      'reply:220',
      'tls',
      'phase:after-tls',
      'command:EHLO',
    ]);
    // The password never reaches the picture: only the redacted event text is drawn.
    const svg = renderLadderSvg(t);
    expectSafeSvg(svg);
    expect(svg).not.toContain(LAB_PASSWORD);
    expect(svg).not.toContain(Buffer.from(`\0${LAB_USER}\0${LAB_PASSWORD}`).toString('base64'));
    expect(svg).toContain('PLAIN [redacted]');
    // And in the SVG the band is drawn below the STARTTLS reply and above the second EHLO.
    const yOf = (pattern: RegExp) =>
      Number(new RegExp(`${pattern.source}[\\s\\S]*?<rect x="[\\d.]+" y="([\\d.]+)"`).exec(svg)![1]);
    const starttlsReplyIndex = t.events.findIndex((e) => e.type === 'reply' && e.stage === 'tls');
    const secondEhloIndex = t.events.findIndex(
      (e, i) => i > starttlsReplyIndex && e.type === 'send' && e.line.startsWith('EHLO'),
    );
    const yReply = yOf(new RegExp(`data-kind="reply" data-event="${starttlsReplyIndex}"`));
    const yBand = yOf(/data-kind="tls"/);
    const yEhlo = yOf(new RegExp(`data-kind="command" data-event="${secondEhloIndex}"`));
    expect(yReply < yBand && yBand < yEhlo).toBe(true);
  });

  it('relay-denied: the refusal is coloured and carries the finding for the UI to select', async () => {
    const t = await labSession('relay-denied', { to: ['someone@example.org'] });
    const finding = t.findings.find((f) => f.id === 'smtp.relay-denied')!;
    expect(finding.event).not.toBeNull();
    const svg = renderLadderSvg(t);
    expect(svg).toMatch(
      new RegExp(
        `<g [^>]*data-kind="reply" data-event="${finding.event}"[^>]*data-finding-ids="smtp.relay-denied" data-severity="error"`,
      ),
    );
    expect(svg).toContain(finding.title);
  });
});

/** A plaintext SMTP server whose end-of-data reply takes `dataDelayMs`, like one scanning content. */
async function scanningServer(dataDelayMs: number, answerQuit = true): Promise<RawServer> {
  return startRawServer((socket) => {
    socket.write('220 raw.example ESMTP\r\n');
    let inData = false;
    lineDialogue(socket, (line, s) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          setTimeout(() => s.write('250 2.0.0 Ok: queued\r\n'), dataDelayMs);
        }
        return;
      }
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') s.write('250-raw.example\r\n250 8BITMIME\r\n');
      else if (verb === 'DATA') {
        inData = true;
        s.write('354 go ahead\r\n');
      } else if (verb === 'QUIT') {
        if (answerQuit) s.end('221 Bye\r\n');
      } else s.write('250 Ok\r\n');
    });
  });
}

describe('diagrams of raw-server sessions', () => {
  it('a slow end-of-data reply is flagged as content scanning', async () => {
    // Above the 2 s floor for end of data: a second or two of scanning is ordinary.
    raw = await scanningServer(2500);
    const t = await probe({
      host: '127.0.0.1',
      port: raw.port,
      tls: 'none',
      ehlo: 'client.example',
      to: ['bob@raw.example'],
    });
    const w = buildWaterfall(t);
    expect(w.stages[w.longest].kind).toBe('end-of-data');
    expect(w.stages[w.longest].slow).toMatch(/content scanning/);
    expect(w.stages.find((s) => s.kind === 'greeting')!.slow).toBeNull();
  });

  it('a command that is never answered is a broken arrow and a failed bar', async () => {
    raw = await scanningServer(0, false);
    const t = await probe({ host: '127.0.0.1', port: raw.port, tls: 'none', ehlo: 'client.example', timeout: 400 });
    const { items } = buildLadder(t);
    expect(items.some((i) => i.kind === 'no-reply' && /TIMEOUT/.test(i.reason))).toBe(true);
    expect(buildWaterfall(t).stages.find((s) => s.kind === 'quit')).toMatchObject({ outcome: 'failed' });
    expect(renderLadderSvg(t)).toContain('data-kind="no-reply"');
  });
});

describe('smtp-lens probe --timings', () => {
  it('prints the transcript, then a text waterfall whose longest bar is the greeting pause', async () => {
    const r = await runCli(labProbeArgs(lab, 'slow-banner', '--to', 'bob@lab.test', '--timings'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [transcript, timings] = r.stdout.split(/\nTimings: /);
    expect(transcript).toContain('Result: OK');
    expect(timings).toMatch(/^\d+\.\d+ s in all, longest: Wait for greeting/);
    const lines = timings.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(r.stdout).not.toContain('\x1b[');
    const greeting = lines.find((l) => l.startsWith('  Wait for greeting'))!;
    expect(greeting).toMatch(/ ! │█{30,}/);
    expect(greeting).toMatch(/◀ slow$/);
    const barLength = (line: string) => (/│([^│]*)│/.exec(line)?.[1] ?? '').trim().length;
    for (const label of ['TCP connect', 'EHLO', 'MAIL FROM', 'QUIT']) {
      const line = lines.find((l) => l.startsWith(`  ${label}`))!;
      expect(barLength(line)).toBeLessThan(barLength(greeting) / 5);
    }
  });

  it('is for text output only: with --json it is a usage error', async () => {
    const r = await runCli(['probe', '127.0.0.1', '--port', '1', '--timings', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timings/);
  });
});
