// axe-core on every tab of the app, in light and dark, after a session that fills each tab:
// no serious or critical violation of WCAG 2.1 A/AA. Each violation is reported by rule and
// element, so a failure says what to fix.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium, runPracticeScenario } from '../helpers/browser';

const TABS = [
  'transcript',
  'ladder',
  'timing',
  'certificates',
  'capabilities',
  'terminal',
  'ports',
  'domain',
  'explain',
  'listen',
  'history',
];
const SERIOUS = new Set(['serious', 'critical']);
/** Milder rules that still cost a screen-reader user their way around: two unnamed side panels
 * sound alike, an empty header cell names no column, a skipped heading level breaks the outline. */
const ALSO = new Set(['landmark-unique', 'empty-table-header', 'heading-order']);

/** The serious and critical violations on the page as it is (and those of ALSO), one line per
 * rule and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => SERIOUS.has(v.impact ?? '') || ALSO.has(v.id))
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Every tab, with Learn mode on (its panel is part of the window a class sees). */
async function auditEveryTab(page: Page): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const tab of TABS) {
    await page.getByTestId(`tab-${tab}`).click();
    found[tab] = await seriousViolations(page);
  }
  return found;
}

const NONE = Object.fromEntries(TABS.map((t) => [t, []]));

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`accessibility, ${colorScheme}`, () => {
    const app = appInChromium({ colorScheme, width: 1440, height: 900 });

    it('no serious or critical axe violation on any tab, before and after a session', async () => {
      const { page } = app();
      expect(await auditEveryTab(page)).toEqual(NONE);
      await page.getByTestId('learn-mode').check();
      await runPracticeScenario(page, 'missing-intermediate');
      await runPracticeScenario(page, 'relay-denied');
      expect(await auditEveryTab(page)).toEqual(NONE);
    }, 120_000);

    it('a field the form refuses is marked invalid and described by its message', async () => {
      const { page } = app();
      await page.getByTestId('tab-transcript').click();
      await page.getByTestId('practice-scenario').selectOption('');
      await page.getByTestId('target-host').fill('mail.example.com');
      await page.getByTestId('target-port').fill('99999');
      const port = page.getByTestId('target-port');
      await expect.poll(() => port.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await port.getAttribute('aria-describedby');
      expect(describedBy).toBeTruthy();
      expect(await page.locator(`[id="${describedBy}"]`).innerText()).toMatch(/port/i);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('target-port').fill('587');
      await expect.poll(() => port.getAttribute('aria-invalid')).toBeNull();
      expect(await page.locator(`[id="${describedBy}"]`).count()).toBe(0);
    });
  });
}
