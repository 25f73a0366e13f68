import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transcript, TranscriptEvent } from '../../shared/transcript';
import { appInChromium } from '../helpers/browser';
import { transcriptOf } from '../unit/exportFixture';

/** A transcript with `count` events: a long session of RCPT commands and replies. */
function bigTranscript(count: number): Transcript {
  const events: TranscriptEvent[] = [];
  for (let i = 0; events.length < count; i++) {
    events.push({ t: i, type: 'send', stage: 'rcpt', line: `RCPT TO:<user${i}@example.org>` });
    events.push({ t: i + 0.5, type: 'reply', stage: 'rcpt', code: 250, enhanced: '2.1.5', lines: [`250 2.1.5 Ok ${i}`] });
  }
  return transcriptOf(events, { target: { host: 'big.example', port: 25, tls: 'none', servername: null }, outcome: { ok: true, stage: 'rcpt' } });
}

const app = appInChromium();

describe('a 100,000-event transcript', () => {
  it('opens, draws only the rows in view, and scrolls to the last one', async () => {
    const page = app().page;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lens-big-')), 'big.json');
    writeFileSync(file, JSON.stringify(bigTranscript(100_000)));
    await page.getByTestId('open-transcript-input').setInputFiles(file);
    const rows = page.getByTestId('transcript-row');
    await rows.first().waitFor();
    // Virtualised: a screenful of rows in the DOM, not 50,000.
    expect(await rows.count()).toBeLessThan(200);
    await page.getByTestId('transcript').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await rows.allInnerTexts()).join('\n')).toContain('250 2.1.5 Ok 49999');
    expect(await rows.count()).toBeLessThan(200);
    await page.getByTestId('transcript').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await expect.poll(async () => (await rows.allInnerTexts()).join('\n')).toMatch(/RCPT TO:<user2\d{4}@example\.org>/);
  }, 60_000);

  it('a file that is not a transcript gives a clear message and changes nothing', async () => {
    const page = app().page;
    const before = await page.getByTestId('transcript-row').count();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lens-bad-')), 'notes.json');
    writeFileSync(file, JSON.stringify({ hello: 'world' }));
    await page.getByTestId('open-transcript-input').setInputFiles(file);
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('notes.json: This JSON file is not an SMTP Lens transcript');
    expect(await page.getByTestId('transcript-row').count()).toBe(before);
  });
});
