// What the user must read is where they are looking: a refused export and a session left out of
// History say so at the top of the work area, with where the secret was; Step's "Next" preview
// and the Run buttons stay in view at the foot of the sidebar, whatever the window's height.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInChromium } from '../helpers/browser';
import { lineDialogue, type RawServer, startRawServer } from '../helpers/rawServer';

const app = appInChromium({ width: 1280, height: 720 });

/** A server whose greeting carries the very password the user types into the form. */
const SECRET = 'greeting-echoes-this-password';
let leaky: RawServer;
beforeAll(async () => {
  leaky = await startRawServer((s) => {
    s.write(`220 mx.example ESMTP ${SECRET}\r\n`);
    lineDialogue(s, (line) => (/^QUIT/i.test(line) ? s.end('221 bye\r\n') : s.write('250 ok\r\n')));
  });
});
afterAll(() => leaky.close());

/** True when the whole element is inside the window, not below the fold. */
async function inWindow(page: Page, element: Locator): Promise<boolean> {
  const box = await element.boundingBox();
  const size = page.viewportSize();
  return !!box && !!size && box.y >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

describe('messages the user must see', () => {
  it('a session that holds its password is not saved or exported, and the window says so in view', async () => {
    const { page } = app();
    await page.getByTestId('practice-scenario').selectOption('');
    await page.getByTestId('target-host').fill('127.0.0.1');
    await page.getByTestId('target-port').fill(String(leaky.port));
    await page.getByTestId('tls-mode').selectOption('none');
    await page.getByTestId('auth-user').fill('alice');
    await page.getByTestId('auth-pass').fill(SECRET);
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });

    const problem = page.getByTestId('problem');
    await expect.poll(() => problem.count(), { timeout: 5_000 }).toBe(1);
    expect(await problem.innerText()).toMatch(
      /This session was not saved to History\. Refusing to write this export: it contains a password or token \(found in event 2: a reply from the server, "220 mx\.example ESMTP \[secret removed\]"\)/,
    );
    expect(await inWindow(page, problem)).toBe(true);

    await page.getByTestId('problem').getByRole('button', { name: 'Dismiss this message' }).click();
    await page.getByTestId('export').click();
    await page.getByTestId('export-md').click();
    await expect.poll(() => problem.count()).toBe(1);
    expect(await problem.innerText()).toMatch(/^Export refused: Refusing to write this export: .*found in event 2/);
    expect(await inWindow(page, problem)).toBe(true);
    expect(await problem.innerText()).not.toContain(SECRET);
  });

  it("Step's preview of the next exchange, and the buttons, are in view at 1440×900 and 1280×720", async () => {
    const { page } = app();
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 },
    ]) {
      await page.setViewportSize(size);
      await page.getByTestId('practice-scenario').selectOption('submission-ok');
      await page.getByTestId('step').click();
      const next = page.getByTestId('next-step');
      await next.waitFor({ timeout: 20_000 });
      expect(await next.innerText()).toMatch(/^Next:/);
      expect(await inWindow(page, next), `${size.width}×${size.height}`).toBe(true);
      expect(await inWindow(page, page.getByTestId('step'))).toBe(true);
      await page.getByTestId('abort').click();
      await page.getByTestId('outcome').waitFor({ timeout: 10_000 });
    }
  });

  it('a long wait says what it waits for, for how long so far, and when it gives up', async () => {
    const { page } = app();
    await page.getByTestId('practice-scenario').selectOption('slow-banner');
    await page.getByTestId('run').click();
    const progress = page.getByTestId('progress');
    await expect
      .poll(() => progress.innerText(), { timeout: 5_000 })
      .toMatch(/^Connected .*; waiting for the greeting… 1 s so far; gives up after \d+ s\.$/);
    await expect.poll(() => progress.innerText(), { timeout: 5_000 }).toMatch(/waiting for the greeting… 2 s so far/);
    expect(await inWindow(page, progress)).toBe(true);
    await page.getByTestId('outcome').waitFor({ timeout: 30_000 });
    expect(await progress.count()).toBe(0);
  }, 60_000);
});
