// The form keeps what the user gave it. A CA file loaded for their own server is still loaded,
// and still trusted, after a visit to a practice scenario; a scenario's own settings (its
// short timeout) do not follow the user back to their server.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInChromium } from '../helpers/browser';

const app = appInChromium({ width: 1280, height: 720 });

const findingIds = (page: import('playwright-core').Page) =>
  page
    .locator('[data-testid="findings"] [data-finding-id]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-finding-id')));

describe('the form across practice scenarios', () => {
  it('a root CA loaded for your own server is still trusted after a practice scenario, and says so', async () => {
    const { page, lab } = app();
    const status = await lab.status();
    const port = status.scenarios.find((s) => s.name === 'submission-ok')!.port;
    const rootFile = path.join(tmpdir(), 'root.pem');
    writeFileSync(rootFile, await lab.rootCaPem());

    await page.getByTestId('practice-scenario').selectOption('');
    await page.getByTestId('target-host').fill('127.0.0.1');
    await page.getByTestId('target-port').fill(String(port));
    await page.getByTestId('tls-mode').selectOption('starttls');
    await page.locator('summary', { hasText: 'EHLO name, TLS name, trusted CA' }).click();
    await page.getByTestId('servername').fill('mail.lab.test');
    await page.getByTestId('ca-file').setInputFiles(rootFile);
    await expect.poll(() => page.getByTestId('ca-loaded').innerText()).toContain('Also trusted: root.pem');
    await page.getByTestId('rcpt-to').fill('bob@lab.test');
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await findingIds(page)).not.toContain('tls.untrusted-root');

    // To a scenario with its own timeout, and back.
    await page.getByTestId('practice-scenario').selectOption('implicit-tls-on-587-mistake');
    expect(await page.getByTestId('timeout').inputValue()).not.toBe('');
    await page.getByTestId('practice-scenario').selectOption('');
    expect(await page.getByTestId('ca-loaded').innerText()).toContain('root.pem');
    expect(await page.getByTestId('timeout').inputValue()).toBe('');
    expect(await page.getByTestId('target-port').inputValue()).toBe(String(port));
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await findingIds(page)).not.toContain('tls.untrusted-root');
  });

  it('editing the host of a scenario leaves its timeout behind', async () => {
    const { page } = app();
    await page.getByTestId('practice-scenario').selectOption('implicit-tls-on-587-mistake');
    expect(await page.getByTestId('timeout').inputValue()).not.toBe('');
    await page.getByTestId('target-host').fill('localhost');
    expect(await page.getByTestId('timeout').inputValue()).toBe('');
    expect(await page.getByTestId('practice-scenario').inputValue()).toBe('');
  });
});
