// The app from the keyboard alone: Tab walks from the top through the form, Run, Step, every
// tab, the findings, Export and History without getting stuck; the terminal lets Tab go; Esc
// closes the Export menu and never stops a session; the abort chord does, and is named.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { focused, tabTo } from '../helpers/keyboard';
import { appInChromium, SCREENSHOTS } from '../helpers/browser';

const app = appInChromium({ width: 1280, height: 720 });

describe('the keyboard alone', () => {
  it('Tab from the top reaches the form, Run, Step, each tab, the findings, Export and History, in that order', async () => {
    const page = app().page;
    await page.reload();
    await page.locator('#root[data-app-state="ready"]').waitFor();
    // Run first so Export is enabled and the findings panel has something to focus.
    await page.getByTestId('practice-scenario').selectOption('relay-denied');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    await page.evaluate('document.activeElement?.blur()');
    const order = ['export', 'run', 'step', 'tab-transcript', 'tab-ladder', 'tab-terminal', 'tab-history'];
    const walk: string[] = [];
    for (const target of order) walk.push(...(await tabTo(page, target)));
    expect(walk.indexOf('export')).toBeLessThan(walk.indexOf('run'));
    // Into the findings after the tabs (the first finding is a button).
    const findingsReached = await tabTo(page, 'finding-smtp.relay-denied').then(
      () => true,
      () => false,
    );
    expect(findingsReached).toBe(true);
  });

  it('Tab leaves the terminal: it never keeps the focus', async () => {
    const page = app().page;
    await page.getByTestId('tab-terminal').click();
    await page.getByTestId('terminal').click();
    expect(await focused(page)).toBe('terminal');
    await page.keyboard.press('Tab');
    expect(await focused(page)).not.toBe('terminal');
    await page.getByTestId('terminal').click();
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).not.toBe('terminal');
  });

  it('Esc closes the Export menu and the session goes on; a click outside closes it too; arrows move through it', async () => {
    const page = app().page;
    await page.getByTestId('tab-transcript').click();
    await page.getByTestId('practice-scenario').selectOption('slow-banner');
    await page.getByTestId('run').click();
    await page.getByTestId('progress').waitFor();
    await page.getByTestId('export').click();
    const menu = page.locator('.export-popup[role="menu"]');
    await menu.waitFor();
    const first = await focused(page);
    await page.keyboard.press('ArrowDown');
    const second = await focused(page);
    expect(first).toMatch(/^export-/);
    expect(second).toMatch(/^export-/);
    expect(second).not.toBe(first);
    await page.keyboard.press('Escape');
    expect(await menu.count()).toBe(0);
    expect(await focused(page)).toBe('export');
    // The slow greeting arrives and the session finishes: Esc did not abort it.
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('outcome').innerText()).not.toMatch(/stopped|abort/i);
    await page.getByTestId('export').click();
    await menu.waitFor();
    await page.locator('.tab-body').click({ position: { x: 200, y: 200 } });
    expect(await menu.count()).toBe(0);
  });

  it('the abort chord is named on the screen and stops a session', async () => {
    const page = app().page;
    expect(await page.getByTestId('shortcuts').innerText()).toContain('Ctrl+. aborts');
    await page.getByTestId('run').click();
    await page.getByTestId('progress').waitFor();
    await page.keyboard.press('Control+.');
    await page.getByTestId('outcome').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('outcome').innerText()).toMatch(/^FAILED — aborted by you at [A-Z]+$/);
    // An aborted session is not one where "every step did what it should".
    expect(await page.getByTestId('findings').innerText()).not.toContain('No problems found');
  });
});

describe('Explain and Listen from the keyboard alone', () => {
  it('Explain: Tab to the box, type a reply, Tab to Explain, Enter, and Tab on to the card’s button', async () => {
    const page = app().page;
    await page.reload();
    await page.locator('#root[data-app-state="ready"]').waitFor();
    await page.getByTestId('tab-explain').focus();
    await page.keyboard.press('Enter');
    await tabTo(page, 'explain-text');
    await page.keyboard.type('550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown');
    await tabTo(page, 'explain-run');
    await page.keyboard.press('Enter');
    await page.getByTestId('explain-card').waitFor();
    await tabTo(page, 'explain-domain');
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(SCREENSHOTS, `keyboard-explain-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await page.getByTestId('explain-domain').innerText()).toBe('Check example.org in the Domain tab');
  });

  it('Listen: Tab through its settings to Start, Enter, and the status says where to point the device', async () => {
    const page = app().page;
    await page.reload();
    await page.locator('#root[data-app-state="ready"]').waitFor();
    await page.getByTestId('tab-listen').focus();
    await page.keyboard.press('Enter');
    const way = await tabTo(page, 'listen-start');
    expect(way.slice(-5)).toEqual(['listen-port', 'listen-tls', 'listen-auth', 'listen-behave', 'listen-start']);
    await page.getByTestId('listen-port').fill(String(12_800 + Math.floor(Math.random() * 90)));
    await page.getByTestId('listen-start').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('listen-status').waitFor();
    expect(await page.getByTestId('listen-waiting').innerText()).toContain('Waiting for a client');
    // Stop takes the focus's place: Tab reaches it from the settings.
    await page.getByTestId('listen-behave').focus();
    await tabTo(page, 'listen-stop');
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(SCREENSHOTS, `keyboard-listen-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.keyboard.press('Enter');
    await page.getByTestId('listen-start').waitFor();
  });
});

describe('the proxy and the extensions in the form, from the keyboard alone', () => {
  it('Tab to "Advanced: proxy, source address", Enter opens it, the proxy field says what is wrong, a user brings the password field', async () => {
    const { page } = app();
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('target-host').focus();
      await tabTo(page, 'Advanced: proxy, source addres');
      const advanced = page.getByTestId('advanced-route');
      if ((await advanced.getAttribute('open')) === null) await page.keyboard.press('Enter');
      expect(await advanced.getAttribute('open')).not.toBeNull();
      await tabTo(page, 'proxy-url');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('socks5h://carol:secret@127.0.0.1:1080');
      await page.getByTestId('problem-proxy').waitFor();
      expect(await page.getByTestId('problem-proxy').innerText()).toContain(
        'the proxy password is never put in the URL',
      );
      await page.keyboard.press('Control+A');
      await page.keyboard.type('socks5h://carol@127.0.0.1:1080');
      expect(await page.getByTestId('problem-proxy').count()).toBe(0);
      // A user in the URL brings the password field, the next stop.
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('proxy-pass');
      await advanced.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, `form-advanced-route-${width}x${height}.png`) });
    }
  });
});
