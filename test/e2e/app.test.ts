import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAB_PASSWORD } from '../../shared/lab/scenarioCatalog';
import { secretForms } from '../../main/engine/auth';
import { appInChromium, connectTerminal, runPracticeScenario, SCREENSHOTS } from '../helpers/browser';

const app = appInChromium();

const rowTexts = (page: Page) => page.getByTestId('transcript-row').allInnerTexts();

describe('the app in Chromium, through the web bridge', () => {
  it('a first Run with no settings shows the whole flow against the practice server', async () => {
    const page = app().page;
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('outcome').innerText()).toBe('OK — reached QUIT');
    // The list is virtualised: scroll to the top so the first rows are drawn.
    await page.getByTestId('transcript').evaluate((el) => (el.scrollTop = 0));
    const first = (await rowTexts(page)).join('\n');
    expect(first).toContain('C: EHLO');
    expect(first).toContain('C: STARTTLS');
    expect(first).toContain('TLS established, encrypted from here on: TLSv1.3');
    await page.getByTestId('transcript').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = (await rowTexts(page)).join('\n');
    expect(last).toContain('C: AUTH PLAIN [redacted]');
    expect(last).toContain('S: 235');
    expect(last).toContain('C: DATA');
    expect(last).toContain('C: QUIT');
    expect(last).toContain('S: 221');
    await page.getByTestId('transcript').evaluate((el) => (el.scrollTop = 0));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'default-run.png') });
  });

  it('the password never appears in the page, except in the password field', async () => {
    const page = app().page;
    // A password of our own (the practice one is printed in the scenario descriptions on purpose):
    // it goes through a real AUTH exchange, which the auth-fails scenario refuses.
    const secret = 'Unique-Secret-7f3a!';
    await page.getByTestId('practice-scenario').selectOption('auth-fails');
    await page.getByTestId('auth-pass').fill(secret);
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid="findings"] [data-finding-id="auth.failed"]').count()).resolves.toBe(1);
    // The whole page (markup and visible text), minus the password field itself.
    const html = (await page.evaluate(`(() => {
      const clone = document.documentElement.cloneNode(true);
      clone.querySelectorAll('[data-testid="auth-pass"]').forEach((el) => el.remove());
      return clone.outerHTML + document.body.innerText;
    })()`)) as string;
    expect(await page.getByTestId('auth-pass').inputValue()).toBe(secret);
    expect(html).toContain('AUTH PLAIN [redacted]');
    for (const form of secretForms({ user: 'alice@lab.test', secret })) expect(html).not.toContain(form);
  });

  it('a relay-denied session shows smtp.relay-denied, and clicking it selects its step', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'relay-denied');
    const finding = page.locator('[data-testid="findings"] [data-finding-id="smtp.relay-denied"]');
    await expect(finding.innerText()).resolves.toContain('Relay denied');
    await finding.click();
    const row = page.locator('.t-row.highlighted');
    await expect(row.innerText()).resolves.toContain('554 5.7.1 <someone@example.org>: Relay access denied');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'failing-run.png') });
  });

  it('a missing intermediate is drawn as a gap in the certificate view', async () => {
    const page = app().page;
    await runPracticeScenario(page, 'missing-intermediate');
    await page.getByTestId('tab-certificates').click();
    const chain = page.getByTestId('cert-chain');
    await expect(chain.getByTestId('cert').count()).resolves.toBe(1);
    const gap = chain.getByTestId('cert-gap');
    await expect(gap.innerText()).resolves.toContain('SMTP Lens Test Intermediate CA');
    await expect(page.locator('[data-finding-id="tls.chain-incomplete"]').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'certificate-gap.png') });
  });

  it('the smuggling scenario turns its probe on, and the finding names the sequence the server took as the end', async () => {
    const page = app().page;
    await page.getByTestId('practice-scenario').selectOption('smuggling-vulnerable');
    await expect(page.getByTestId('probe-smuggling').isChecked()).resolves.toBe(true);
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    const finding = page.locator('[data-testid="findings"] [data-finding-id="sec.smuggling-accepted"]');
    await expect(finding.innerText()).resolves.toContain(
      'The server accepted a non-standard end of message (<LF>.<LF>)',
    );
    await finding.click();
    await expect(page.locator('.t-row.highlighted').innerText()).resolves.toContain('<LF>.<LF>');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'smuggling-probe.png') });
    // With no recipient the probe could not run, and the form says so before Run.
    await expect(page.getByTestId('probe-smuggling-needs-to').count()).resolves.toBe(0);
    await page.getByTestId('rcpt-to').fill('');
    await expect(page.getByTestId('probe-smuggling-needs-to').innerText()).resolves.toContain('give a recipient');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'smuggling-needs-recipient.png') });
    // Another scenario takes the probe off again: it belongs to this scenario only.
    await page.getByTestId('practice-scenario').selectOption('submission-ok');
    await expect(page.getByTestId('probe-smuggling').isChecked()).resolves.toBe(false);
  });

  it('in the terminal, EHLO, STARTTLS and EHLO show the upgrade and the new capabilities', async () => {
    const page = app().page;
    await page.getByTestId('practice-scenario').selectOption('submission-ok');
    const screen = await connectTerminal(page);
    await page.keyboard.type('EHLO trainee.example\r');
    await expect.poll(screen).toContain('250 SIZE');
    expect(await screen()).not.toContain('AUTH PLAIN');
    await page.keyboard.type('STARTTLS\r');
    await expect.poll(screen).toContain('TLS established, encrypted from here on');
    await page.keyboard.type('EHLO trainee.example\r');
    await expect.poll(screen).toContain('250-AUTH PLAIN LOGIN CRAM-MD5');
    // AUTH by hand: prompted, masked, and redacted in the transcript.
    await page.keyboard.type('AUTH PLAIN\r');
    await expect.poll(screen).toContain('Username:');
    await page.keyboard.type('alice@lab.test\r');
    await expect.poll(screen).toContain('Password:');
    await page.keyboard.type(`${LAB_PASSWORD}\r`);
    await expect.poll(screen).toContain('235');
    const text = await screen();
    expect(text).toContain('C: AUTH PLAIN [redacted]');
    for (const form of secretForms({ user: 'alice@lab.test', secret: LAB_PASSWORD })) expect(text).not.toContain(form);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'terminal.png') });
    // The terminal's session is a transcript like any other.
    await page.getByTestId('tab-transcript').click();
    await expect((await rowTexts(page)).join('\n')).toContain('C: AUTH PLAIN [redacted]');
  });
});
