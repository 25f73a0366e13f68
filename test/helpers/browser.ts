import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { LabService } from '../../main/app/labService';
import { startWebServer, type WebServer } from '../../main/web';
import { CHROMIUM } from './systemComponent';

/** The flags this machine needs (no sandbox as root, no background network chatter). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface AppUnderTest {
  page: Page;
  context: BrowserContext;
  server: WebServer;
  lab: LabService;
  close(): Promise<void>;
}

/** The real renderer in Debian's Chromium, through the web bridge, against the real engine. */
export async function openApp(options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<AppUnderTest> {
  const lab = new LabService();
  const server = await startWebServer({ rendererDir: path.resolve('out/renderer'), lab });
  const profile = mkdtempSync(path.join(tmpdir(), 'smtp-lens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  await page.locator('#root[data-app-state="ready"]').waitFor({ timeout: 20_000 });
  return {
    page, context, server, lab,
    close: async () => {
      await context.close();
      await server.close();
      await lab.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
