// When the web bridge stops, the window says so at once and no call is left waiting: Run gives
// an answer instead of "Starting…" for ever.
import { describe, expect, it } from 'vitest';
import { appInChromium } from '../helpers/browser';

const app = appInChromium({ width: 1280, height: 720 });

describe('the web bridge goes away', () => {
  it('shows "connection lost", and Run answers instead of hanging', async () => {
    const { page, server } = app();
    expect(await page.getByTestId('bridge-lost').count()).toBe(0);
    await server.close();
    await page.getByTestId('bridge-lost').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('bridge-lost').innerText()).toContain('Connection to SMTP Lens lost');
    await page.getByTestId('run').click();
    const banner = page.locator('.error-banner[role="alert"]');
    await banner.waitFor({ timeout: 5_000 });
    expect(await banner.innerText()).toMatch(/connection to SMTP Lens was lost/i);
    expect(await page.getByTestId('run').isEnabled()).toBe(true);
  });
});
