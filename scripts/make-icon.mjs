// Renders assets/icon.svg to assets/icon.png (512×512) with Debian's Chromium, for
// electron-builder. Run after editing the SVG: node scripts/make-icon.mjs
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const svg = readFileSync('assets/icon.svg', 'utf8');
const context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'icon-')), {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 512, height: 512 },
});
const page = context.pages()[0] ?? (await context.newPage());
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: 'assets/icon.png', omitBackground: true });
await context.close();
console.log('wrote assets/icon.png');
