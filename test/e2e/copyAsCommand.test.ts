// "Copy as…" and "Paste a command" in the app: the form becomes a swaks line on the clipboard
// (which then runs for real against the practice server), and a pasted swaks line fills the form,
// naming what it could not take. From the keyboard alone too.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_PASSWORD } from '../../shared/lab/scenarioCatalog';
import { focused, tabTo } from '../helpers/keyboard';
import { appInChromium, SCREENSHOTS } from '../helpers/browser';
import { requireSwaks, runTool } from '../helpers/externalTool';

const app = appInChromium({ width: 1280, height: 720 });

beforeAll(async () => {
  const { context, server } = app();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
});

async function shoot(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SCREENSHOTS, `copy-as-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** The practice form as a first start has it: another scenario and back fills it anew. */
async function fresh(page: Page) {
  await page.getByTestId('practice-scenario').selectOption('relay-denied');
  await page.getByTestId('practice-scenario').selectOption('submission-ok');
  await expect.poll(() => page.getByTestId('target-host').inputValue()).toBe('127.0.0.1');
}

describe('Copy as', () => {
  it('copies the practice form as a swaks line without the password, shows it with what to set first, and the line runs', async (ctx) => {
    const { page, lab } = app();
    await fresh(page);
    const status = await lab.status();
    const port = status.scenarios.find((s) => s.name === 'submission-ok')?.port;
    await page.getByTestId('copy-as').click();
    await page.getByTestId('copy-as-swaks').click();
    const dialog = page.getByTestId('copied-dialog');
    await dialog.waitFor();
    const command = await page.getByTestId('copied-command').innerText();
    expect(command).toContain(`swaks --server 127.0.0.1:${port} --tls --tls-verify --tls-sni mail.lab.test`);
    expect(command).toContain(`--tls-ca-path ${status.rootCaPath}`);
    expect(command).toContain('--auth-user alice@lab.test --auth-password "$SMTP_PASSWORD"');
    expect(command).not.toContain(LAB_PASSWORD);
    expect(await page.getByTestId('copied-status').innerText()).toBe(
      'Copied to the clipboard. The password is not in it.',
    );
    expect(await page.getByTestId('copied-set-first').innerText()).toContain('Set SMTP_PASSWORD first');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(command);
    await shoot(page, 'swaks');

    // openssl s_client names what it leaves to the person typing.
    await page.getByTestId('copied-close').click();
    await page.getByTestId('copy-as').click();
    await page.getByTestId('copy-as-openssl').click();
    expect(await page.getByTestId('copied-unmapped').innerText()).toContain(
      'openssl s_client stops at the TLS session',
    );
    await shoot(page, 'openssl');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    requireSwaks(ctx);
    const before = (await lab.messages('submission-ok')).length;
    const ran = await runTool('/bin/sh', ['-c', command], { env: { SMTP_PASSWORD: LAB_PASSWORD } });
    expect(ran.code, ran.out).toBe(0);
    expect(ran.out).toMatch(/^<~ +250 2\.0\.0 Ok: queued as \w+/m);
    expect((await lab.messages('submission-ok')).length).toBe(before + 1);
  });

  it('works from the keyboard: Tab to it, arrows through the menu, Esc closes and gives the focus back', async () => {
    const { page } = app();
    await fresh(page);
    await page.evaluate('document.activeElement?.blur()');
    await tabTo(page, 'copy-as');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('copy-as-smtp-lens');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('copy-as-swaks');
    await page.keyboard.press('Enter');
    await page.getByTestId('copied-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('copied-dialog').waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('copy-as');
  });
});

describe('Paste a command', () => {
  const SWAKS = `swaks --server mail.example.com:587 --tls --auth LOGIN --auth-user alice --auth-password 'hunter2' \\
  --from alice@example.com --to bob@example.net --tls-cert client.pem --tls-key client.key --pipeline`;

  it('fills the form from a swaks line, never keeps the password, and names what it could not take', async () => {
    const { page } = app();
    await fresh(page);
    await page.getByTestId('paste-command').click();
    await page.getByTestId('paste-command-text').fill(SWAKS);
    await page.getByTestId('paste-command-fill').click();
    await page.getByTestId('paste-dialog').waitFor({ state: 'detached' });
    const value = (id: string) => page.getByTestId(id).inputValue();
    expect(await value('target-host')).toBe('mail.example.com');
    expect(await value('target-port')).toBe('587');
    expect(await value('tls-mode')).toBe('starttls');
    expect(await value('auth-user')).toBe('alice');
    expect(await value('auth-pass')).toBe('');
    expect(await value('mail-from')).toBe('alice@example.com');
    expect(await value('rcpt-to')).toBe('bob@example.net');
    const notice = await page.getByTestId('pasted-notice').innerText();
    expect(notice).toContain('Filled from the swaks line for mail.example.com');
    expect(notice).toContain('swaks --tls-cert: SMTP Lens sends no client certificate.');
    expect(await page.getByTestId('pasted-dropped').innerText()).toContain(
      'The password written on the line (--auth-password) was not kept',
    );
    expect(notice).not.toContain('hunter2');
    expect(await page.getByTestId('practice-scenario').inputValue()).toBe('');
    await shoot(page, 'paste');
  });

  it('answers a line it cannot read in the dialog and leaves the form alone; from the keyboard', async () => {
    const { page } = app();
    await fresh(page);
    const host = await page.getByTestId('target-host').inputValue();
    await page.evaluate('document.activeElement?.blur()');
    await tabTo(page, 'paste-command');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('paste-command-text');
    await page.keyboard.type("swaks --to 'bob");
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('paste-command-fill');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('paste-command-problem').innerText()).toBe(
      'This line cannot be read as a shell would: the single quote at character 12 is not closed.',
    );
    await shoot(page, 'paste-problem');
    await page.keyboard.press('Escape');
    await page.getByTestId('paste-dialog').waitFor({ state: 'detached' });
    expect(await page.getByTestId('target-host').inputValue()).toBe(host);
  });
});
