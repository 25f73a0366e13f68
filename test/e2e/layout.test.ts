// The app at the sizes people use: 1024×700 (a small laptop), 1280×720 (a projector),
// 1366×768 (the common laptop) and 1920×1080. At each: no tab or button is covered by another
// part of the window, nothing hidden can take the keyboard focus, and the page itself never
// scrolls past the window (each panel scrolls on its own).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, runPracticeScenario, SCREENSHOTS } from '../helpers/browser';
import { coveredControls, hiddenButFocusable } from '../helpers/layoutChecks';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

const app = appInChromium({ width: 1280, height: 720 });

describe('the window at laptop, projector and desktop sizes', () => {
  it('after a run, at every size: every tab and button can be clicked, nothing hidden takes focus, the page does not scroll', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'relay-denied');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const label = `${size.width}×${size.height}`;
      for (const tab of ['transcript', 'ladder', 'terminal', 'domain', 'explain', 'listen', 'history']) {
        await page.getByTestId(`tab-${tab}`).click({ timeout: 2000 });
        expect({ size: label, tab, covered: await coveredControls(page) }).toEqual({ size: label, tab, covered: [] });
        expect({ size: label, tab, hidden: await hiddenButFocusable(page) }).toEqual({ size: label, tab, hidden: [] });
        const page_ = (await page.evaluate(`({
          height: document.documentElement.scrollHeight <= innerHeight,
          width: document.documentElement.scrollWidth <= innerWidth,
        })`)) as { height: boolean; width: boolean };
        expect({ size: label, tab, ...page_ }).toEqual({ size: label, tab, height: true, width: true });
        if (tab === 'transcript' || tab === 'ladder') {
          await page.screenshot({ path: path.join(SCREENSHOTS, `${tab}-${size.width}x${size.height}.png`) });
        }
      }
    }
  });

  it('the ladder grows with the window', async () => {
    const page = app().page;
    await page.getByTestId('tab-ladder').click();
    const widthAt = async (width: number) => {
      await page.setViewportSize({ width, height: 900 });
      return page.locator('.diagram svg').evaluate((svg) => svg.getBoundingClientRect().width);
    };
    const narrow = await widthAt(1280);
    const wide = await widthAt(1920);
    expect(wide).toBeGreaterThan(narrow + 300);
  });

  it('loads with no failed request (no favicon 404)', async () => {
    const page = app().page;
    const failed: string[] = [];
    const onResponse = (r: import('playwright-core').Response) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    };
    page.on('response', onResponse);
    await page.reload();
    await page.locator('#root[data-app-state="ready"]').waitFor();
    page.off('response', onResponse);
    expect(failed).toEqual([]);
    // A page without an icon of its own makes a browser ask for /favicon.ico, which is a 404.
    expect(await page.locator('link[rel="icon"]').count()).toBe(1);
  });
});
