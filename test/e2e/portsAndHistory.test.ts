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
    // Two scenarios are two ports: the comparison says so before anything else.
    expect(await page.getByTestId('compare-different-targets').innerText()).toMatch(
      /^The two sessions are with different servers or ports \(127\.0\.0\.1:\d+ and 127\.0\.0\.1:\d+\)/,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'history-compare.png') });
  }, 60_000);

  it('says a changed certificate verdict and chain in words, before and after', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'missing-intermediate');
    await page.getByTestId('tab-history').click();
    const rows = page.getByTestId('history-row');
    await expect.poll(() => rows.filter({ hasText: 'Incomplete certificate chain' }).count()).toBeGreaterThan(0);
    if (await page.getByTestId('compare').count())
      await page.getByTestId('compare').getByRole('button', { name: 'Close' }).click();
    // A third pick replaces the older of two.
    await rows.filter({ hasText: 'Incomplete certificate chain' }).first().locator('input[type="checkbox"]').check();
    await rows.filter({ hasText: 'OK — reached QUIT' }).first().locator('input[type="checkbox"]').check();
    await page.getByTestId('history-compare').click();
    const compare = page.getByTestId('compare');
    await compare.waitFor();
    const text = await compare.innerText();
    expect(text).not.toMatch(/verified: (true|false)/);
    expect(text).toMatch(/Certificate verified: (NO before, yes after|yes before, NO after)/);
    const chain = await page.getByTestId('compare-chain').innerText();
    expect(chain).toMatch(/Before\s+mail\.lab\.test/);
    expect(chain).toMatch(/After\s+mail\.lab\.test/);
    expect(chain).not.toMatch(/ → /);
  }, 60_000);

  it('a reopened session says it is saved and when, and the form targets its server', async () => {
    const page = app().page;
    await page.getByTestId('practice-scenario').selectOption('');
    await page.getByTestId('target-host').fill('unrelated.example');
    await page.getByTestId('rcpt-to').fill('someone@unrelated.example');
    await page.getByTestId('tab-history').click();
    const row = page.getByTestId('history-row').filter({ hasText: 'Relay denied' }).first();
    await row.getByRole('button', { name: 'Open' }).click();
    const banner = page.getByTestId('saved-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(
      /^Saved session from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC with 127\.0\.0\.1:\d+: read-only\./,
    );
    expect(await page.getByTestId('target-host').inputValue()).toBe('127.0.0.1');
    expect(await page.getByTestId('practice-scenario').inputValue()).toBe('relay-denied');
    expect(await page.getByTestId('rcpt-to').inputValue()).not.toContain('unrelated.example');
    // A new Run is a live session again: the banner goes.
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await banner.count()).toBe(0);
  }, 60_000);
});
