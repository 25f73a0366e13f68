// The transcript list at a laptop's width: rows are measured as drawn, so a reading that wraps
// makes its row taller instead of being cut; and the keyboard runs a session as the button does.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium, SCREENSHOTS } from '../helpers/browser';

const app = appInChromium({ width: 1280, height: 720 });

describe('the transcript list at 1280×720', () => {
  it('Ctrl+Enter runs the session chosen in the form', async () => {
    const page = app().page;
    await page.getByTestId('practice-scenario').selectOption('relay-denied');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('outcome').innerText()).toBe('FAILED — finished, with errors');
    await expect(page.locator('[data-testid="findings"] [data-finding-id="smtp.relay-denied"]').count()).resolves.toBe(
      1,
    );
  });

  it('a reading that wraps is shown whole, and no row overlaps the next', async () => {
    const page = app().page;
    const failed = page.locator('[data-testid="transcript-row"][data-finding-ids~="smtp.relay-denied"]');
    await failed.scrollIntoViewIfNeeded();
    const reading = failed.locator('.annotation');
    const box = await reading.evaluate((el) => ({
      lines: Math.round(el.getBoundingClientRect().height / 16),
      cut: el.scrollHeight > el.clientHeight + 1,
      text: el.textContent ?? '',
    }));
    // Long enough to wrap in this column, and every line of it inside the row.
    expect(box.text.length).toBeGreaterThan(60);
    expect(box.lines).toBeGreaterThan(1);
    expect(box.cut).toBe(false);
    const rowBottom = await failed.evaluate((el) => el.getBoundingClientRect().bottom);
    const readingBottom = await reading.evaluate((el) => el.getBoundingClientRect().bottom);
    expect(readingBottom).toBeLessThanOrEqual(rowBottom);
    const spans = await page
      .getByTestId('transcript-row')
      .evaluateAll((rows) =>
        rows
          .map((r) => r.getBoundingClientRect())
          .map((b) => ({ top: Math.round(b.top), bottom: Math.round(b.bottom) })),
      );
    spans.sort((a, b) => a.top - b.top);
    for (let i = 1; i < spans.length; i++) expect(spans[i].top).toBeGreaterThanOrEqual(spans[i - 1].bottom - 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'transcript-1280.png') });
  });
});
