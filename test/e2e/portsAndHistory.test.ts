import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, runPracticeScenario, SCREENSHOTS } from '../helpers/browser';

const app = appInChromium({ height: 1000 });

describe('the port grid', () => {
  it("sweeps the practice server, explains each cell, recommends ports, and opens a row's session", async () => {
    const page = app().page;
    const lab = await app().lab.status();
    const port = (name: string) => lab.scenarios.find((s) => s.name === name)!.port;
    const ports = [
      port('submission-ok'),
      port('implicit-tls-ok'),
      port('relay-denied'),
      port('no-starttls'),
      port('hostname-mismatch'),
    ];
    await page.getByTestId('practice-scenario').selectOption('submission-ok');
    await page.getByTestId('tab-ports').click();
    await page.getByTestId('sweep-ports').fill(ports.join(', '));
    await page.getByTestId('sweep-run').click();
    await page.getByTestId('sweep-recommendation').waitFor({ timeout: 30_000 });
    const rows = page.getByTestId('sweep-row');
    expect(await rows.count()).toBe(ports.length);
    expect(await rows.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-port'))))).toEqual(ports);

    const row = (p: number) => page.locator(`[data-testid="sweep-row"][data-port="${p}"]`);
    expect(await row(port('implicit-tls-ok')).innerText()).toContain('implicit TLS');
    expect(await row(port('no-starttls')).innerText()).toContain('auth.offered-before-tls');
    expect(await row(port('hostname-mismatch')).innerText()).toContain('tls.hostname-mismatch');
    // Every cell explains itself on hover.
    const hints = await row(port('submission-ok'))
      .locator('td')
      .evaluateAll((tds) => tds.slice(0, 7).map((td) => td.getAttribute('title') ?? ''));
    expect(hints.every((h) => h.length > 10)).toBe(true);
    const advice = await page.getByTestId('sweep-recommendation').innerText();
    expect(advice).toContain(String(port('implicit-tls-ok')));
    expect(advice).toContain(String(port('submission-ok')));
    expect(advice).toContain(String(port('relay-denied')));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'port-grid.png') });

    await row(port('hostname-mismatch')).click();
    await expect.poll(() => page.getByTestId('tab-transcript').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[data-testid="findings"] [data-finding-id="tls.hostname-mismatch"]').count()).toBe(1);
  }, 60_000);
});

describe('history and compare', () => {
  it('keeps every session, filters them, and compares two', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'relay-denied');
    await runPracticeScenario(page, 'submission-ok');
    await page.getByTestId('tab-history').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('history-filter').fill('relay-denied');
    await expect
      .poll(async () => (await page.getByTestId('history-row').allInnerTexts()).join('\n'))
      .toContain('Relay denied');
    await page.getByTestId('history-filter').fill('');
    await expect.poll(() => page.getByTestId('history-row').count()).toBeGreaterThanOrEqual(2);
    // Rows picked by what they show, not by position: a session saved meanwhile adds a row.
    const rows = page.getByTestId('history-row');
    await rows.filter({ hasText: 'Relay denied' }).first().locator('input[type="checkbox"]').check();
    await rows.filter({ hasText: 'OK — reached QUIT' }).first().locator('input[type="checkbox"]').check();
    await expect.poll(() => page.getByTestId('history-compare').innerText()).toBe('Compare 2/2');
    await page.getByTestId('history-compare').click();
    const compare = await page.getByTestId('compare').innerText();
    expect(compare).toMatch(/smtp\.relay-denied/);
    expect(compare).toContain('Timing');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'history-compare.png') });
  }, 60_000);
});
