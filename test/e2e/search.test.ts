// Find in the window (Ctrl+F): the bar, its count and moves, the highlights it paints (the
// CSS Custom Highlight API, read back from the page's registry), the transcript searched in its
// rows while a session goes on, the findings and other tabs, Esc, and History's filter reading
// replies and findings.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../shared/transcript';
import { appInChromium, runPracticeScenario, SCREENSHOTS } from '../helpers/browser';
import { transcriptOf } from '../unit/exportFixture';

const app = appInChromium({ width: 1280, height: 720 });

interface Painted {
  /** How many ranges the match highlight holds. */
  matches: number;
  /** The current match: its text, the part it is in (`data-seg`, or the nearest test id), its row. */
  current: { text: string; seg: string | null; row: string | null; inside: string | null } | null;
}

/** The page's highlight registry, as find left it. */
const painted = (page: Page) =>
  page.evaluate(`(() => {
    const all = CSS.highlights.get('smtp-lens-find');
    const now = CSS.highlights.get('smtp-lens-find-current');
    if (!all || !now) return null;
    const [range] = [...now];
    const at = range ? range.startContainer.parentElement : null;
    return {
      matches: all.size,
      current: range ? {
        text: range.toString(),
        seg: at.closest('[data-seg]')?.getAttribute('data-seg') ?? null,
        row: at.closest('[data-testid="transcript-row"]')?.getAttribute('data-first-event') ?? null,
        inside: at.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
      } : null,
    };
  })()`) as Promise<Painted | null>;

const count = (page: Page) => page.getByTestId('find-count').innerText();
const focused = (page: Page) =>
  page.evaluate('document.activeElement?.dataset?.testid ?? document.activeElement?.tagName') as Promise<string>;

/** How often `word` is in the transcript's drawn text (commands, replies, readings, notes). */
const inTranscript = (page: Page, word: string) =>
  page.evaluate(`(() => {
    const word = ${JSON.stringify(word.toLowerCase())};
    let n = 0;
    for (const el of document.querySelectorAll('[data-testid="transcript"] [data-seg]'))
      n += el.textContent.toLowerCase().split(word).length - 1;
    return n;
  })()`) as Promise<number>;

describe('find in the transcript', () => {
  it('Ctrl+F, a word from the replies: a count, Enter and Shift+Enter move the current match, Esc closes', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'submission-ok');
    await page.getByTestId('tab-transcript').focus();
    await page.keyboard.press('Control+F');
    await page.getByTestId('find-bar').waitFor();
    expect(await focused(page)).toBe('find-input');
    expect(await page.getByRole('search').count()).toBe(1);

    await page.keyboard.type('250');
    const expected = await inTranscript(page, '250');
    expect(expected).toBeGreaterThan(5);
    await expect.poll(() => count(page)).toBe(`1 of ${expected}`);
    // Every match drawn is painted (the session is short: every row is drawn), the first current.
    await expect.poll(async () => (await painted(page))?.matches).toBe(expected);
    const first = (await painted(page))!.current!;
    expect(first.text).toBe('250');
    expect(first.seg).toMatch(/^t\d+:r\d+$/);

    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page)).toBe(`3 of ${expected}`);
    const third = (await painted(page))!.current!;
    expect(third.text).toBe('250');
    expect(third.seg).not.toBe(first.seg);
    // The current match's row is marked for the list, which shows it whole.
    expect(
      await page
        .locator(`[data-testid="transcript-row"][data-first-event="${third.row}"]`)
        .getAttribute('data-find-current'),
    ).toBe('true');

    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => count(page)).toBe(`2 of ${expected}`);
    await page.keyboard.press('F3');
    await expect.poll(() => count(page)).toBe(`3 of ${expected}`);
    expect((await painted(page))!.current!.seg).toBe(third.seg);
    // The buttons do the same, and wrap at the ends.
    await page.getByTestId('find-previous').click();
    await page.getByTestId('find-previous').click();
    await page.getByTestId('find-previous').click();
    await expect.poll(() => count(page)).toBe(`${expected} of ${expected}`);
    await page.getByTestId('find-next').click();
    await expect.poll(() => count(page)).toBe(`1 of ${expected}`);

    // Case-insensitive unless asked.
    await page.getByTestId('find-input').fill('esmtp');
    await expect.poll(() => count(page)).toMatch(/^1 of \d+$/);
    await page.getByTestId('find-case').click();
    await expect.poll(() => count(page)).toBe('No matches');
    await page.getByTestId('find-case').click();
    await page.getByTestId('find-input').fill('250');
    await expect.poll(() => count(page)).toMatch(/^\d+ of \d+$/);

    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('find-input').press('Enter');
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(SCREENSHOTS, `search-transcript-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByTestId('find-input').press('Escape');
    expect(await page.getByTestId('find-bar').count()).toBe(0);
    expect(await painted(page)).toBeNull();
    expect(await focused(page)).toBe('tab-transcript');
    // The window's own Esc did not run: nothing else closed or changed.
    expect(await page.getByTestId('outcome').count()).toBe(1);
  }, 60_000);

  it('keeps the current match while a stepped session adds rows; the count grows', async () => {
    const page = app().page;
    await page.getByTestId('practice-scenario').selectOption('submission-ok');
    const step = async () => {
      await page.getByTestId('step').click();
      await expect.poll(() => page.getByTestId('step').isEnabled()).toBe(true);
    };
    await step(); // the greeting
    await step(); // EHLO and its list
    await page.keyboard.press('Control+F');
    await page.getByTestId('find-input').fill('250');
    await expect.poll(() => count(page)).toMatch(/^1 of \d+$/);
    await page.getByTestId('find-input').press('Enter');
    await expect.poll(() => count(page)).toMatch(/^2 of \d+$/);
    const before = Number((await count(page)).split(' of ')[1]);
    const place = (await painted(page))!.current!;
    expect(place.row).not.toBeNull();

    for (let i = 0; i < 4; i++) await step(); // STARTTLS, the handshake, EHLO again, AUTH…
    await expect.poll(async () => Number((await count(page)).split(' of ')[1])).toBeGreaterThan(before);
    expect(await count(page)).toMatch(/^2 of \d+$/);
    const after = (await painted(page))!.current!;
    expect(after.seg).toBe(place.seg);
    expect(after.row).toBe(place.row);
    await page.getByTestId('find-close').click();
    expect(await painted(page)).toBeNull();
    // Let the session finish, so the next test starts from a quiet window.
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
  }, 60_000);
});

describe('find in a long transcript', () => {
  it('searches every row, not only those drawn, and scrolls the list to the current match', async () => {
    const page = app().page;
    const events: TranscriptEvent[] = [];
    for (let i = 0; i < 10_000; i++) {
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
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lens-find-')), 'long.json');
    writeFileSync(file, JSON.stringify(transcriptOf(events, { outcome: { ok: true, stage: 'rcpt' } })));
    await page.getByTestId('open-transcript-input').setInputFiles(file);
    await page.getByTestId('saved-banner').waitFor();
    const rows = page.getByTestId('transcript-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeLessThan(200);

    await page.keyboard.press('Control+F');
    await page.getByTestId('find-input').fill('<user7777@');
    await expect.poll(() => count(page)).toBe('1 of 1');
    // The row was not drawn when the search ran: the list was scrolled to it, then it was painted.
    await expect.poll(async () => (await painted(page))?.current?.row).toBe(String(7777 * 2));
    const row = page.locator(`[data-testid="transcript-row"][data-first-event="${7777 * 2}"]`);
    const inView = await row.evaluate((el) => {
      const list = el.closest('[data-testid="transcript"]')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return box.top >= list.top && box.bottom <= list.bottom;
    });
    expect(inView).toBe(true);

    // Ten thousand matches, counted from the rows. A new query goes on from where the last
    // one was: the same row's reply is the next one.
    await page.getByTestId('find-input').fill('2.1.5 ok');
    await expect.poll(() => count(page)).toBe('7778 of 10000');
    expect((await painted(page))?.current?.row).toBe(String(7777 * 2));
    // Opened again, it starts from the top; the last match is a Shift+Enter away.
    await page.getByTestId('find-input').press('Escape');
    await page.keyboard.press('Control+F');
    await expect.poll(() => count(page)).toBe('1 of 10000');
    await page.getByTestId('find-input').press('Shift+Enter');
    await expect.poll(() => count(page)).toBe('10000 of 10000');
    await expect.poll(async () => (await painted(page))?.current?.row).toBe(String(9999 * 2));
    expect(await rows.count()).toBeLessThan(200);
    await page.getByTestId('find-input').press('Escape');
  }, 60_000);
});

describe('find in the findings and the other tabs', () => {
  it("a word of a finding's fix is found in the Findings panel; the EHLO and Certificates tabs are searched too", async () => {
    const page = app().page;
    await runPracticeScenario(page, 'relay-denied');
    await page.keyboard.press('Control+F');
    await page.getByTestId('find-input').fill('mydestination');
    await expect.poll(() => count(page)).toBe('1 of 1');
    const inFinding = await page.evaluate(`(() => {
      const [range] = [...CSS.highlights.get('smtp-lens-find-current')];
      return range.startContainer.parentElement.closest('[data-finding-id]')?.getAttribute('data-finding-id');
    })()`);
    expect(inFinding).toBe('smtp.relay-denied');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-findings-1280.png') });

    // The bar stays open from tab to tab, and searches what each one shows.
    await page.getByTestId('tab-capabilities').click();
    await page.getByTestId('find-input').fill('pipelining');
    await expect.poll(async () => (await painted(page))?.current?.inside).toBe('ehlo-capability');
    expect(await count(page)).toMatch(/^1 of \d+$/);
    await page.getByTestId('tab-certificates').click();
    await page.getByTestId('find-input').fill('mail.lab.test');
    await expect.poll(async () => (await painted(page))?.current?.inside).toBe('cert-verdict');
    // Then each certificate's subject and names: Enter walks through them.
    const total = Number((await count(page)).split(' of ')[1]);
    const places: string[] = [];
    for (let i = 0; i < total; i++) {
      places.push((await painted(page))!.current!.inside ?? '');
      await page.getByTestId('find-input').press('Enter');
    }
    expect(places).toContain('cert');
    expect(await count(page)).toBe(`1 of ${total}`);

    // The bar passes axe: a named search landmark, named buttons, a live count.
    const result = await new AxeBuilder({ page }).include('[data-testid="find-bar"]').analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(await page.getByTestId('find-count').getAttribute('aria-live')).toBe('polite');
    for (const name of ['Previous match', 'Next match', 'Close find', 'Match case'])
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('find-bar').count()).toBe(0);
  }, 60_000);
});

describe("History's filter", () => {
  it('finds the sessions whose replies or findings hold the words, and lists no other', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'relay-denied');
    await runPracticeScenario(page, 'submission-ok');
    await page.getByTestId('tab-history').click();
    const rows = page.getByTestId('history-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const texts = () => rows.allInnerTexts();

    // A reply only the relay-denied session got.
    await page.getByTestId('history-filter').fill('Relay access denied');
    await expect.poll(async () => (await texts()).every((t) => !t.includes('OK — reached QUIT'))).toBe(true);
    await expect.poll(async () => (await texts()).length).toBeGreaterThan(0);
    expect((await texts()).every((t) => /Relay denied/.test(t))).toBe(true);

    // A reply only a session that logged in got.
    await page.getByTestId('history-filter').fill('Authentication successful');
    await expect.poll(async () => (await texts()).length).toBeGreaterThan(0);
    await expect.poll(async () => (await texts()).every((t) => t.includes('OK — reached QUIT'))).toBe(true);

    // A finding id.
    await page.getByTestId('history-filter').fill('smtp.relay-denied');
    await expect.poll(async () => (await texts()).every((t) => /Relay denied/.test(t))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-history-1280.png') });

    await page.getByTestId('history-filter').fill('no session ever said this');
    await expect.poll(() => rows.count()).toBe(0);
  }, 60_000);
});
