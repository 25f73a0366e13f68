// A long reply is never lost to an ellipsis: its tooltip holds the whole reply, a click opens
// the row to show it wrapped, and the keyboard does the same with the arrows and Enter.
import { describe, expect, it } from 'vitest';
import { appInChromium, runPracticeScenario } from '../helpers/browser';

const app = appInChromium({ width: 1440, height: 900 });

const RELAY_DENIED = /^554 5\.7\.1 <someone@example\.org>: Relay access denied$/;

describe('transcript rows', () => {
  it('the cut relay-denied reply shows whole in its tooltip and when its row is clicked', async () => {
    const { page } = app();
    await runPracticeScenario(page, 'relay-denied');
    const row = page.locator('[data-testid="transcript-row"][data-stage="rcpt"]').first();
    const line = row.locator('.server .line').first();
    const cut = () => line.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(await cut()).toBe(true);
    expect(await row.locator('.server').getAttribute('title')).toMatch(RELAY_DENIED);

    await row.locator('.client').click();
    expect(await row.getAttribute('data-expanded')).toBe('true');
    expect(await cut()).toBe(false);
    expect(await line.innerText()).toContain('554 5.7.1 <someone@example.org>: Relay access denied');
    // A second click folds it again.
    await row.locator('.client').click();
    expect(await row.getAttribute('data-expanded')).toBeNull();
    expect(await cut()).toBe(true);
  });

  it('from the keyboard: the arrows move between rows, Enter opens one; a screen reader hears who spoke', async () => {
    const { page } = app();
    await runPracticeScenario(page, 'relay-denied');
    await page.getByTestId('transcript').focus();
    await page.keyboard.press('Home');
    const highlighted = page.locator('[data-testid="transcript-row"].highlighted');
    expect(await highlighted.innerText()).toMatch(/Connecting to/);
    let guard = 0;
    while (!(await highlighted.getAttribute('data-stage'))?.startsWith('rcpt') && guard++ < 30)
      await page.keyboard.press('ArrowDown');
    expect(await page.evaluate('document.activeElement?.dataset.stage')).toBe('rcpt');
    await page.keyboard.press('Enter');
    expect(await highlighted.getAttribute('data-expanded')).toBe('true');
    expect(await highlighted.getByRole('group', { name: 'Server replied' }).innerText()).toMatch(/^S: 554 5\.7\.1/);
    expect(await highlighted.getByRole('group', { name: 'Client sent' }).innerText()).toMatch(/^C: RCPT TO:/);
    expect(await page.getByRole('region', { name: /^Session transcript/ }).count()).toBe(1);
    expect(await page.getByRole('list').filter({ has: highlighted }).count()).toBe(1);
  });
});
