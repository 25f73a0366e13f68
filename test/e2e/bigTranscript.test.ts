import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
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
    events.push({
      t: i + 0.5,
      type: 'reply',
      stage: 'rcpt',
      code: 250,
      enhanced: '2.1.5',
      lines: [`250 2.1.5 Ok ${i}`],
    });
  }
  return transcriptOf(events, {
    target: { host: 'big.example', port: 25, tls: 'none', servername: null },
    outcome: { ok: true, stage: 'rcpt' },
  });
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
    const length = () => page.locator('.t-canvas').evaluate((el) => (el as { style: { height: string } }).style.height);
    const before = await length();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lens-bad-')), 'notes.json');
    writeFileSync(file, JSON.stringify({ hello: 'world' }));
    await page.getByTestId('open-transcript-input').setInputFiles(file);
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain('notes.json: This JSON file is not an SMTP Lens transcript');
    expect(await length()).toBe(before);
  });
});

const TOO_LARGE = 'too large to be opened: SMTP Lens opens transcripts of up to 64.0 MiB.';

describe('a file over the size limit', () => {
  it('opened: refused with its size before it is read, and the tab goes on working', async () => {
    const page = app().page;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lens-huge-')), 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 200 * 1024 * 1024);
    await page.getByTestId('open-transcript-input').setInputFiles(file);
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain(`huge.json: This file is 200.0 MiB, ${TOO_LARGE}`);
    // Still alive: the next file opens.
    const small = path.join(path.dirname(file), 'small.json');
    writeFileSync(small, JSON.stringify(bigTranscript(10)));
    await page.getByTestId('open-transcript-input').setInputFiles(small);
    await expect
      .poll(async () => (await page.getByTestId('transcript-row').allInnerTexts()).join('\n'))
      .toContain('250 2.1.5 Ok 4');
  });

  it('dropped on the window: the same message', async () => {
    const page = app().page;
    // A drop as the browser delivers it: a DataTransfer holding one 65 MiB file.
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(65 * 1024 * 1024)], 'dropped.json', { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
    })()`);
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain(`dropped.json: This file is 65.0 MiB, ${TOO_LARGE}`);
    expect(await page.locator('#root[data-app-state="ready"]').count()).toBe(1);
  });
});
