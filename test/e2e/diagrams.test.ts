import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appInChromium, runPracticeScenario, SCREENSHOTS } from '../helpers/browser';

const app = appInChromium({ height: 1000 });

const centerY = async (page: Page, selector: string, nth = 0) => {
  const box = await page.locator(selector).nth(nth).boundingBox();
  return box ? box.y + box.height / 2 : NaN;
};

describe('the ladder and the waterfall in the app', () => {
  it('a STARTTLS + AUTH session: one arrow per command and reply, the TLS band between STARTTLS and the second EHLO', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'submission-ok');
    await page.getByTestId('tab-ladder').click();
    const ladder = page.getByTestId('ladder');
    await ladder.waitFor();
    // EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA, QUIT, and the message (one arrow for the body).
    expect(await ladder.locator('g[data-kind="command"]').count()).toBe(8);
    expect(await ladder.locator('g[data-kind="message"]').count()).toBe(1);
    // The greeting and one reply for each of the nine.
    expect(await ladder.locator('g[data-kind="reply"]').count()).toBe(10);
    const commands = ladder.locator('g[data-kind="command"]');
    const labels = await commands.evaluateAll((gs) => gs.map((g) => g.textContent ?? ''));
    const starttls = labels.findIndex((l) => l.includes('STARTTLS'));
    const secondEhlo = labels.findIndex((l, i) => i > starttls && l.includes('EHLO'));
    expect(starttls).toBeGreaterThan(-1);
    const band = await centerY(page, '[data-testid="ladder"] g[data-kind="tls"]');
    expect(band).toBeGreaterThan(await centerY(page, '[data-testid="ladder"] g[data-kind="command"]', starttls));
    expect(band).toBeLessThan(await centerY(page, '[data-testid="ladder"] g[data-kind="command"]', secondEhlo));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ladder-submission.png') });
    await page.getByTestId('tab-timing').click();
    await page.getByTestId('waterfall').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'waterfall-submission.png') });
  });

  it('a pipelined batch: one write of MAIL, RCPT and DATA, and each reply names the command it answers', async () => {
    const page = app().page;
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width, height });
      await runPracticeScenario(page, 'submission-ok');
      await page.getByTestId('tab-ladder').click();
      const ladder = page.getByTestId('ladder');
      await ladder.waitFor();
      const mail = ladder.locator('g[data-kind="command"]', { hasText: 'MAIL' });
      expect(await mail.textContent()).toContain('pipelined: 3 commands in one write (RFC 2920)');
      const replies = await ladder
        .locator('g[data-kind="reply"]')
        .evaluateAll((gs) => gs.map((g) => g.textContent ?? ''));
      expect(replies.some((r) => r.includes('answers MAIL'))).toBe(true);
      expect(replies.some((r) => r.includes('answers RCPT'))).toBe(true);
      expect(replies.some((r) => r.startsWith('354') && r.includes('answers DATA'))).toBe(true);
      await mail.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, `ladder-pipelined-${width}x${height}.png`) });
    }
  });

  it('a failing session: clicking the red arrow selects its finding', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'relay-denied');
    await page.getByTestId('tab-ladder').click();
    const red = page.locator('[data-testid="ladder"] g[data-kind="reply"][data-severity="error"]');
    expect(await red.count()).toBe(1);
    expect(await red.getAttribute('data-finding-ids')).toContain('smtp.relay-denied');
    await red.click();
    await expect
      .poll(() => page.locator('.finding.selected').getAttribute('data-finding-id'))
      .toBe('smtp.relay-denied');
    expect(await red.getAttribute('class')).toContain('sl-selected');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ladder-failing.png') });
    await page.getByTestId('tab-timing').click();
    await page.getByTestId('waterfall').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'waterfall-failing.png') });
  });

  it('after Step mode, the timing keeps the server time apart from the pauses between steps', async () => {
    const page = app().page;
    await page.getByTestId('practice-scenario').selectOption('submission-ok');
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('step').click();
      await expect.poll(() => page.getByTestId('step').isEnabled()).toBe(true);
      // A user reading the panel before the next step.
      await page.waitForTimeout(1_300);
    }
    await page.getByTestId('tab-timing').click();
    const label = await page.getByTestId('waterfall').getAttribute('aria-label');
    expect(label).toMatch(/ms with the server, [\d.]+ s of pauses between steps \(total [\d.]+ s\)/);
    expect(await page.locator('[data-testid="waterfall"] .sl-pause').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'waterfall-stepped.png') });
  }, 60_000);
});
