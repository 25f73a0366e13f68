// The Listen tab in Chromium, through the web bridge: start the listener, point a real client
// at it (openssl s_client -tls1, as an old scanner would), see the session arrive flagged,
// open it, and the window at a projector's and a desktop's size.
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { appInChromium } from '../helpers/browser';
import { requireOpenssl, runTool } from '../helpers/externalTool';
import { atBothSizes } from '../helpers/layoutChecks';

const app = appInChromium({ width: 1280, height: 720 });

describe('the Listen tab', () => {
  it('an old client (TLS 1.0 only) is flagged as it arrives, and opens into its transcript', async (ctx) => {
    requireOpenssl(ctx);
    const { page } = app();
    const port = 12_900 + Math.floor(Math.random() * 90);
    await page.getByTestId('tab-listen').click();
    await page.getByTestId('listen-port').fill(String(port));
    await page.getByTestId('listen-start').click();
    expect(await page.getByTestId('listen-status').innerText()).toContain(
      `Set the device or the client to: server 127.0.0.1, port ${port}`,
    );

    await runTool(
      'openssl',
      ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${port}`, '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'],
      {
        stdin: 'EHLO scanner.office.example\n',
        timeoutMs: 10_000,
      },
    );
    await page.getByTestId('listen-session').first().waitFor({ timeout: 10_000 });
    const row = await page.getByTestId('listen-session').first().innerText();
    expect(row).toContain('offers TLS 1.0');
    expect(row).toContain('The client offers nothing newer than TLS 1.0');

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
    await atBothSizes(page, 'listen-tls1');

    await page.getByTestId('listen-open').first().click();
    expect(await page.getByTestId('tab-transcript').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('saved-banner').innerText()).toContain('talking to SMTP Lens');
    await expect.poll(() => page.getByTestId('transcript').innerText()).toContain('ClientHello: offers TLS 1.0');
    expect(await page.locator('[data-testid="findings"] [data-finding-id="client.tls-outdated"]').count()).toBe(1);

    await page.getByTestId('tab-listen').click();
    await page.getByTestId('listen-stop').click();
    await page.getByTestId('listen-start').waitFor();
  }, 60_000);
});
