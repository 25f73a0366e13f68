// The app against a server whose text carries terminal controls and a bidi override: the
// transcript view shows each as a visible escape, and the terminal pane cannot be made to
// overwrite the 554 refusal with a fake "250 Ok".
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInChromium, connectTerminal, SCREENSHOTS } from '../helpers/browser';
import { startHostileTextServer } from '../helpers/hostileTextServer';
import type { RawServer } from '../helpers/rawServer';

const app = appInChromium();
let server: RawServer;
beforeAll(async () => {
  server = await startHostileTextServer();
});
afterAll(() => server.close());

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

async function target(page: Page) {
  await page.getByTestId('practice-scenario').selectOption('');
  await page.getByTestId('target-host').fill('127.0.0.1');
  await page.getByTestId('target-port').fill(String(server.port));
  await page.getByTestId('tls-mode').selectOption('none');
  await page.getByTestId('rcpt-to').fill('bob@lab.test');
}

describe('server text in the window', () => {
  it('the transcript shows BIDI<U+202E>evil and every escape in its own style', async () => {
    const page = app().page;
    await target(page);
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    await page.getByTestId('transcript').evaluate((el) => (el.scrollTop = 0));
    const rows = (await page.getByTestId('transcript-row').allInnerTexts()).join('\n');
    expect(rows).toContain('S: 250-BIDI<U+202E>evil');
    expect(rows).toContain('S: 220 mail.evil.test ESMTP \\x1b[2J\\x1b]0;pwned\\x07 hi');
    expect(rows).toContain('S: 554 5.7.1 Relay access denied\\x1b[1A\\x1b[2K\\rS: 250 2.1.5 Ok\\x00\\x07\\x08');
    expect(rows).not.toMatch(BIDI);
    expect(await page.locator('[data-testid="transcript-row"] .ctl').count()).toBeGreaterThan(5);
    const finding = page.locator('[data-testid="findings"] [data-finding-id="smtp.control-characters"]');
    await expect(finding.innerText()).resolves.toContain('terminal control or bidi characters');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'control-characters.png') });
  });

  it('the terminal pane prints the escapes, and the 554 stays on screen', async () => {
    const page = app().page;
    await target(page);
    const screen = await connectTerminal(page);
    await page.keyboard.type('EHLO trainee.example\r');
    await expect.poll(screen).toContain('BIDI<U+202E>evil');
    await page.keyboard.type('MAIL FROM:<a@lab.test>\r');
    await page.keyboard.type('RCPT TO:<bob@lab.test>\r');
    await expect.poll(screen).toContain('S: 554 5.7.1 Relay access denied\\x1b[1A\\x1b[2K\\rS: 250 2.1.5 Ok');
    const text = await screen();
    expect(text).toContain('S: 220 mail.evil.test ESMTP \\x1b[2J');
    // The cursor was not moved: the line before the refusal is the RCPT the user typed.
    const lines = text.split('\n');
    const refusal = lines.findIndex((l) => l.startsWith('S: 554'));
    expect(lines[refusal - 1]).toMatch(/C: RCPT TO:<bob@lab\.test>$/);
    expect(text).not.toMatch(BIDI);
    await page.getByTestId('tab-transcript').click();
  });
});
