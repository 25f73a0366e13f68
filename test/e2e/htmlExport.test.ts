// The HTML export end to end: a session run in the real UI (Chromium, through the web bridge)
// is saved to the history, exported through the `export:render` channel the UI uses, written
// to a file, and opened in a second Chromium with no network at all. It must render its
// findings and diagrams and try to load nothing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HistoryPage } from '../../shared/history';
import type { ExportedFile, LabStatus } from '../../shared/ipc';
import { CHROMIUM_ARGS, openApp, type AppUnderTest } from '../helpers/browser';
import { CHROMIUM, hasExecutable, requireComponent } from '../helpers/systemComponent';

const OUT = path.join(tmpdir(), 'smtp-lens-screenshots');
mkdirSync(OUT, { recursive: true });

const haveChromium = hasExecutable(CHROMIUM);
let app: AppUnderTest | null = null;
let viewer: Browser | null = null;
let ws: WebSocket | null = null;

beforeAll(async () => {
  if (!haveChromium) return;
  app = await openApp();
  viewer = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  ws = new WebSocket(`ws://127.0.0.1:${app.server.port}/ipc?token=${app.server.token}`, { origin: `http://127.0.0.1:${app.server.port}` });
  await new Promise((resolve) => ws!.once('open', resolve));
}, 60_000);
beforeEach(({ skip }) => requireComponent({ skip }, 'Chromium', haveChromium, 'apt-get install -y chromium'));
afterAll(async () => {
  ws?.close();
  await viewer?.close();
  await app?.close();
});

function call<T>(channel: string, payload: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data));
      if (message.id !== id) return;
      ws!.off('message', onMessage);
      if (message.response.ok) resolve(message.response.value);
      else reject(new Error(`${message.response.code}: ${message.response.message}`));
    };
    ws!.on('message', onMessage);
    ws!.send(JSON.stringify({ id, channel, payload }));
  });
}

describe('HTML export, opened offline in Chromium', () => {
  it('a relay-denied session from the UI renders its finding, diagrams and chain with no network', async () => {
    const page = app!.page;
    await page.getByTestId('practice-scenario').selectOption('relay-denied');
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });

    // The finished session is in the history; export it the way the UI does.
    const port = (await call<LabStatus>('lab:status', {})).scenarios.find((s) => s.name === 'relay-denied')!.port;
    let history: HistoryPage = { entries: [], total: 0, problems: [] };
    for (let i = 0; i < 100 && !history.total; i++) {
      history = await call<HistoryPage>('history:list', { text: `127.0.0.1:${port}` });
      if (!history.total) await new Promise((r) => setTimeout(r, 50));
    }
    expect(history.entries[0]).toMatchObject({ port, worst: { id: 'smtp.relay-denied' } });
    const html = await call<ExportedFile>('export:render', { historyId: history.entries[0]!.id, format: 'html' });
    const md = await call<ExportedFile>('export:render', { historyId: history.entries[0]!.id, format: 'md' });
    const file = path.join(OUT, 'relay-denied-export.html');
    writeFileSync(file, html.content);
    writeFileSync(path.join(OUT, 'relay-denied-export.md'), md.content);

    const context = await viewer!.newContext({ offline: true, viewport: { width: 1200, height: 900 }, colorScheme: 'light' });
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
      expect(await view.getByTestId('outcome').innerText()).toMatch(/^FAILED — reached [A-Z]+$/);
      for (const id of ['ladder', 'waterfall']) {
        const box = await view.getByTestId(id).boundingBox();
        expect(box?.width, id).toBeGreaterThan(300);
      }
      expect(await view.locator('details').count()).toBeGreaterThanOrEqual(2);
      expect(await view.locator('script').count()).toBe(0);
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);

      await view.screenshot({ path: path.join(OUT, 'html-export.png'), fullPage: true });
      const pdf = await view.pdf({ path: path.join(OUT, 'html-export.pdf'), format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(readFileSync(path.join(OUT, 'html-export.png')).length).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  }, 60_000);
});
