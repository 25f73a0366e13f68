// The HTML export end to end: a session run in the real UI (Chromium, through the web bridge)
// is exported from the window's Export menu (the file downloads), found in the History tab,
// and opened in a second Chromium with no network at all. It must render its
// findings and diagrams and try to load nothing.
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, openApp, SCREENSHOTS, type AppUnderTest } from '../helpers/browser';
import { CHROMIUM, hasExecutable, requireComponent } from '../helpers/systemComponent';

const OUT = path.join(tmpdir(), 'smtp-lens-screenshots');
mkdirSync(OUT, { recursive: true });

const haveChromium = hasExecutable(CHROMIUM);
let app: AppUnderTest | null = null;
let viewer: Browser | null = null;

beforeAll(async () => {
  if (!haveChromium) return;
  app = await openApp();
  viewer = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);
beforeEach(({ skip }) => requireComponent({ skip }, 'Chromium', haveChromium, 'apt-get install -y chromium'));
afterAll(async () => {
  await viewer?.close();
  await app?.close();
});

describe('HTML export, opened offline in Chromium', () => {
  it('a relay-denied session from the UI renders its finding, diagrams and chain with no network', async () => {
    const page = app!.page;
    await page.getByTestId('practice-scenario').selectOption('relay-denied');
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });

    // Export from the window, as a user does: the Export menu, then HTML; the file downloads.
    const port = Number(await page.getByTestId('target-port').inputValue());
    const exported = async (format: 'html' | 'md') => {
      await page.getByTestId('export').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId(`export-${format}`).click(),
      ]);
      const target = path.join(OUT, `relay-denied-export.${format}`);
      await download.saveAs(target);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^smtp-lens-127\\.0\\.0\\.1-${port}-.*\\.${format}$`));
      return target;
    };
    const file = await exported('html');
    expect(readFileSync(await exported('md'), 'utf8')).toContain('Relay access denied');

    // The session is in the history too.
    await page.getByTestId('tab-history').click();
    await expect.poll(() => page.getByTestId('history-row').first().innerText()).toContain(`127.0.0.1:${port}`);

    const context = await viewer!.newContext({
      offline: true,
      viewport: { width: 1200, height: 900 },
      colorScheme: 'light',
    });
    const requests: string[] = [];
    const problems: string[] = [];
    try {
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      const view = await context.newPage();
      view.on('request', (r) => {
        if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
      });
      view.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      view.on('pageerror', (e) => problems.push(e.message));
      await view.goto(pathToFileURL(file).href);

      await expect.poll(() => view.title()).toMatch(new RegExp(`^SMTP Lens · 127\\.0\\.0\\.1:${port} · `));
      const finding = view.locator('[data-finding="smtp.relay-denied"]');
      expect(await finding.isVisible()).toBe(true);
      expect(await finding.innerText()).toMatch(/Relay denied[\s\S]*Why:[\s\S]*Relay access denied[\s\S]*Fix:/);
      // The finding sits right under the 554 reply that caused it.
      expect(await view.locator('.row.reply.perm + .finding.error').count()).toBe(1);
      expect(await view.getByTestId('outcome').innerText()).toMatch(
        /^FAILED — (finished, with errors|refused at RCPT \(554\))$/,
      );
      for (const id of ['ladder', 'waterfall']) {
        const box = await view.getByTestId(id).boundingBox();
        expect(box?.width, id).toBeGreaterThan(300);
      }
      expect(await view.locator('details').count()).toBeGreaterThanOrEqual(2);
      expect(await view.locator('script').count()).toBe(0);
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);

      await view.screenshot({ path: path.join(SCREENSHOTS, 'html-export.png') });
      const pdf = await view.pdf({ path: path.join(OUT, 'html-export.pdf'), format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(readFileSync(path.join(SCREENSHOTS, 'html-export.png')).length).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  }, 60_000);
});
