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

describe('Learn mode for a room', () => {
  it('goes back, re-explains a clicked row, and ends with check questions and their answers', async () => {
    const page = app().page;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('practice-scenario').selectOption('submission-ok');
    await page.getByTestId('learn-mode').check();
    for (let i = 0; i < 12 && (await page.getByTestId('outcome').count()) === 0; i++) {
      await page.getByTestId('step').click();
      await expect.poll(() => page.getByTestId('step').isEnabled()).toBe(true);
    }
    const questions = page.getByTestId('learn-questions');
    expect(await questions.locator('summary').allInnerTexts()).toContain(
      'Why did the second EHLO list AUTH when the first did not?',
    );
    // The answer is folded until asked for.
    const auth = questions.locator('details', { hasText: 'second EHLO list AUTH' });
    expect(await auth.locator('p').isVisible()).toBe(false);
    await auth.locator('summary').click();
    expect(await auth.locator('p').innerText()).toMatch(/offers logins only inside TLS/);

    // A click on the first EHLO row shows its explanation again.
    const ehlo = page.locator('[data-testid="transcript-row"]', { hasText: 'EHLO' }).first();
    await ehlo.locator('.client').click();
    const last = page.getByTestId('learn-last-step');
    await expect.poll(() => last.innerText()).toMatch(/^Looking back: the exchange at/);
    expect(await last.innerText()).toContain('The client sent EHLO');
    expect(await last.innerText()).toContain('STARTTLS');
    expect(await page.getByTestId('learn-summary').count()).toBe(0);
    // Back goes to the greeting, Forward returns; past the last row is the present.
    await page.getByTestId('learn-back').click();
    await expect.poll(() => last.innerText()).toContain('The server spoke first');
    expect(await page.getByTestId('learn-back').isDisabled()).toBe(true);
    await page.getByTestId('learn-forward').click();
    await expect.poll(() => last.innerText()).toContain('The client sent EHLO');
    for (let i = 0; i < 12 && (await page.getByTestId('learn-forward').isEnabled()); i++)
      await page.getByTestId('learn-forward').click();
    await expect.poll(() => page.getByTestId('learn-summary').count()).toBe(1);
  }, 60_000);

  it('plays the scenario by itself at the chosen pace, and pauses', async () => {
    const page = app().page;
    await page.reload();
    await page.locator('#root[data-app-state="ready"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('practice-scenario').selectOption('relay-denied');
    await page.getByTestId('learn-mode').check();
    await page.getByTestId('learn-pace').selectOption('2');
    await page.getByTestId('learn-play').click();
    expect(await page.getByTestId('learn-play').getAttribute('aria-pressed')).toBe('true');
    // The first step waits one pace: nothing has happened yet after half of it.
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('transcript-row').count()).toBe(0);
    await expect.poll(() => page.getByTestId('transcript-row').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.getByTestId('learn-play').click();
    // The step under way finishes; no other starts.
    await expect.poll(() => page.getByTestId('step').isEnabled()).toBe(true);
    const paused = await page.getByTestId('transcript-row').count();
    await page.waitForTimeout(2500);
    expect(await page.getByTestId('transcript-row').count()).toBe(paused);
    await page.getByTestId('learn-play').click();
    await page.getByTestId('outcome').waitFor({ timeout: 40_000 });
    await expect.poll(() => page.getByTestId('learn-play').getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('outcome').innerText()).toBe('FAILED — finished, with errors');
  }, 60_000);

  it('presentation mode at 1280×720: large type, the side panels folded away, the ladder filling its half', async () => {
    const page = app().page;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('practice-scenario').selectOption('submission-ok');
    await page.getByTestId('tab-ladder').click();
    const ladderWidth = () => page.locator('.diagram svg').evaluate((svg) => svg.getBoundingClientRect().width);
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    const before = await ladderWidth();
    await page.getByTestId('present').click();
    expect(await page.getByTestId('learn-mode').isChecked()).toBe(true);
    expect(await page.locator('aside.left').isVisible()).toBe(false);
    expect(await page.getByTestId('findings').isVisible()).toBe(false);
    // The ladder fills the session's column, wider than beside the side panels.
    const column = await page.locator('main.center').evaluate((el) => el.clientWidth);
    expect(await ladderWidth()).toBeGreaterThan(before + 80);
    expect(await ladderWidth()).toBeGreaterThanOrEqual(column - 40);
    const fontSize = (await page.evaluate(
      `getComputedStyle(document.querySelector('[data-testid="learn-panel"]')).fontSize`,
    )) as string;
    expect(Number.parseFloat(fontSize)).toBeGreaterThanOrEqual(17);
    expect(await page.evaluate('document.documentElement.scrollHeight <= innerHeight')).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'presentation-ladder-1280x720.png') });
    await page.getByTestId('tab-transcript').click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'presentation-transcript-1280x720.png') });
    // Esc leaves presentation mode, and the panels come back.
    await page.keyboard.press('Escape');
    expect(await page.locator('aside.left').isVisible()).toBe(true);
    expect(await page.getByTestId('findings').isVisible()).toBe(true);
  }, 60_000);
});
