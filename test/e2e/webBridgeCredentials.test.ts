// The web bridge's token in a real browser: it opens the app, then stays out of the address
// bar, out of cookies (which ignore ports, so every other server on 127.0.0.1 would get them)
// and out of every request to anything but the bridge's own WebSocket.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInChromium } from '../helpers/browser';

const app = appInChromium();

interface SeenRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** Another local web server, as any program on this machine could run: it records what the
 * browser sends it. Its page loads an image and fetches with credentials, as a hostile page would. */
let other: http.Server;
const seen: SeenRequest[] = [];
const OTHER_PAGE = '<!doctype html><img src="/pixel.png"><script>fetch("/probe", { credentials: "include" })</script>';

beforeAll(async () => {
  other = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': req.url === '/' ? 'text/html' : 'text/plain' });
    res.end(req.url === '/' ? OTHER_PAGE : 'ok');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  other.closeAllConnections();
  await new Promise<void>((resolve) => other.close(() => resolve()));
});

describe('the web bridge token in Chromium', () => {
  it('is gone from the address once the app has loaded, and the app still runs a session', async () => {
    const { page, server } = app();
    expect(page.url()).not.toContain(server.token);
    expect(await page.evaluate('location.href')).not.toContain(server.token);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('outcome').innerText()).toBe('OK — reached QUIT');
  });

  it('is never sent to another server on 127.0.0.1, as a cookie or in any other way', async () => {
    const { context, server } = app();
    const port = (other.address() as AddressInfo).port;
    const tab = await context.newPage();
    try {
      await tab.goto(`http://127.0.0.1:${port}/`);
      await tab.waitForFunction(() => performance.getEntriesByType('resource').length >= 2, null, { timeout: 10_000 });
      await tab.evaluate(() => fetch('/after-load', { credentials: 'include' }).then((r) => r.text()));
    } finally {
      await tab.close();
    }
    expect(seen.map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/pixel.png', '/probe', '/after-load']));
    for (const request of seen) expect(request.headers.cookie, request.url).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(server.token);
    expect(await context.cookies()).toEqual([]);
  });

  it('a reload keeps working (the tab keeps the token), and a new tab without it is told what to open', async () => {
    const { page, context, server } = app();
    await page.reload();
    await page.locator('#root[data-app-state="ready"]').waitFor({ timeout: 20_000 });
    expect(page.url()).not.toContain(server.token);
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('outcome').innerText()).toBe('OK — reached QUIT');
    const bare = await context.newPage();
    try {
      await bare.goto(`http://127.0.0.1:${server.port}/`);
      await expect
        .poll(() => bare.locator('body').innerText(), { timeout: 10_000 })
        .toContain('This page was opened without its token. Open the address that "smtp-lens web" printed.');
      expect(await bare.locator('body').innerText()).not.toContain('practice server did not start');
    } finally {
      await bare.close();
    }
  });
});
