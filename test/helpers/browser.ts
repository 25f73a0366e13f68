import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { LabService } from '../../main/app/labService';
import { startWebServer, type WebServer } from '../../main/web';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { CHROMIUM, hasExecutable, requireComponent } from './systemComponent';

/** The flags this machine needs (no sandbox as root, no background network chatter). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface AppUnderTest {
  page: Page;
  context: BrowserContext;
  server: WebServer;
  lab: LabService;
  close(): Promise<void>;
}

/** The real renderer in Debian's Chromium, through the web bridge, against the real engine. */
export async function openApp(
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<AppUnderTest> {
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
    page,
    context,
    server,
    lab,
    close: async () => {
      await context.close();
      await server.close();
      await lab.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The app in Chromium for one test file: opened once before its tests, closed after. When
 * Chromium is missing, each test reports that it did not run (and fails under CI=true).
 */
export function appInChromium(options: Parameters<typeof openApp>[0] = {}): () => AppUnderTest {
  const haveChromium = hasExecutable(CHROMIUM);
  let app: AppUnderTest | null = null;
  beforeAll(async () => {
    if (haveChromium) app = await openApp(options);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(({ skip }) => requireComponent({ skip }, 'Chromium', haveChromium, 'apt-get install -y chromium'));
  return () => app!;
}

/** Where the e2e suite puts screenshots: assets/screenshots/ (committed) with
 * UPDATE_SCREENSHOTS=1, otherwise a temporary folder, so a test run leaves the checkout clean. */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.resolve('assets/screenshots')
    : path.join(tmpdir(), 'smtp-lens-screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Picks a practice scenario and runs it to the end, as a user would. */
export async function runPracticeScenario(page: Page, scenario: string): Promise<void> {
  await page.getByTestId('practice-scenario').selectOption(scenario);
  await page.getByTestId('run').click();
  await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
}

/** Opens the Terminal tab, connects to what the form targets and waits for the prompt.
 * Returns a reader of the terminal's screen text. */
export async function connectTerminal(page: Page): Promise<() => Promise<string>> {
  await page.getByTestId('tab-terminal').click();
  await page.getByTestId('terminal-connect').click();
  const terminal = page.getByTestId('terminal');
  const screen = () => terminal.locator('.xterm-rows').innerText();
  await expect.poll(screen, { timeout: 10_000 }).toContain('smtp>');
  await terminal.click();
  return screen;
}
