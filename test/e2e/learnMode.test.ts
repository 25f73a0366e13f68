import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, SCREENSHOTS } from '../helpers/browser';

const app = appInChromium();

describe('Learn mode', () => {
  it('steps through submission-ok explaining STARTTLS and the second EHLO, then sums up', async () => {
    const page = app().page;
    await page.getByTestId('practice-scenario').selectOption('submission-ok');
    await page.getByTestId('learn-mode').check();
    const panel = page.getByTestId('learn-panel');
    const step = async () => {
      await page.getByTestId('step').click();
      await expect.poll(() => page.getByTestId('step').isEnabled()).toBe(true);
    };

    await step(); // connect: the greeting
    await expect.poll(() => panel.innerText()).toContain('The server spoke first');
    await step(); // EHLO
    await expect.poll(() => page.getByTestId('learn-keywords').innerText()).toContain('STARTTLS');
    // Before STARTTLS runs, the panel says what comes and why.
    await expect
      .poll(() => page.getByTestId('learn-next').innerText())
      .toContain('The server offers STARTTLS, so the client asks to encrypt this connection');
    await step(); // STARTTLS and the handshake
    await expect
      .poll(() => page.getByTestId('learn-changes').innerText())
      .toContain('Everything from here on is encrypted');
    await expect
      .poll(() => page.getByTestId('learn-next').innerText())
      .toContain('The server forgot everything said before');
    await step(); // EHLO again
    const changes = await page.getByTestId('learn-changes').innerText();
    expect(changes).toContain('The server forgot the EHLO from before TLS');
    expect(changes).toContain('New in this list: AUTH PLAIN LOGIN CRAM-MD5');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'learn-mode.png') });
    for (let i = 0; i < 8 && (await page.getByTestId('outcome').count()) === 0; i++) await step();
    await expect.poll(() => page.getByTestId('learn-summary').innerText()).toContain('nothing to fix');
  }, 60_000);
});
