// Saved servers in the sidebar, in Chromium through the web bridge, from the keyboard: the form
// saved as a profile (never its password: the web bridge says why), renamed, duplicated, opened
// with one click (the form filled, Run works once the password is typed), and deleted.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR_ENV } from '../../main/app/appDataDir';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import { appInChromium, SCREENSHOTS } from '../helpers/browser';
import { atBothSizes } from '../helpers/layoutChecks';

// This file's own data folder, set before the app (and its bridge) starts.
const root = mkdtempSync(path.join(tmpdir(), 'smtp-lens-profiles-e2e-'));
let previous: string | undefined;
beforeAll(() => {
  previous = process.env[DATA_DIR_ENV];
  process.env[DATA_DIR_ENV] = root;
});
const app = appInChromium({ width: 1280, height: 720 });
afterAll(() => {
  if (previous === undefined) delete process.env[DATA_DIR_ENV];
  else process.env[DATA_DIR_ENV] = previous;
  rmSync(root, { recursive: true, force: true });
});

/** What has the focus: its test id, else its label or its text. */
const focused = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const item = el.closest('[data-name]');
    const id = el.dataset.testid ?? el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30);
    return item ? item.dataset.name + ':' + id : id;
  })()`) as Promise<string>;

const names = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('[data-testid="profile-item"]')].map((i) => i.dataset.name)`) as Promise<
    string[]
  >;
const item = (page: Page, name: string) => page.locator(`[data-testid="profile-item"][data-name="${name}"]`);
const status = (page: Page) => page.getByTestId('profile-status').innerText();

describe('saved servers in the sidebar', () => {
  it('saves the form as a profile from the keyboard; "Remember" is disabled with the web bridge reason', async () => {
    const { page } = app();
    expect(await page.getByTestId('profiles-empty').innerText()).toContain('None yet');
    await page.getByTestId('profile-save-open').focus();
    await page.keyboard.press('Enter');
    // The name field has the focus, filled with the practice scenario's name.
    expect(await focused(page)).toBe('profile-name');
    expect(await page.getByTestId('profile-name').inputValue()).toBe('submission-ok');
    const remember = page.getByTestId('profile-remember');
    expect(await remember.isDisabled()).toBe(true);
    expect(await page.getByTestId('profile-remember-why').innerText()).toMatch(
      /^Secrets are never stored through the web bridge: a browser tab has no OS keychain/,
    );
    expect(await remember.getAttribute('aria-describedby')).toBe('profile-remember-why');
    await atBothSizes(page, 'profiles-save');
    await page.keyboard.press('Enter');
    await item(page, 'submission-ok').waitFor();
    await expect.poll(() => status(page)).toBe('Saved submission-ok, without a password.');
    await expect.poll(() => focused(page)).toBe('submission-ok:profile-open');
    const text = await item(page, 'submission-ok').innerText();
    expect(text).toMatch(/submission-ok\n127\.0\.0\.1:\d+ · starttls · alice@lab\.test/);
    // The file: readable, and without the practice password the form held.
    const file = readFileSync(path.join(root, 'profiles', 'submission-ok.json'), 'utf8');
    expect(JSON.parse(file).request).toMatchObject({ host: '127.0.0.1', tls: 'starttls', auth: { user: LAB_USER } });
    expect(file).not.toContain(LAB_PASSWORD);
    expect(readdirSync(root)).not.toContain('profile-secrets');
  });

  it('renames and duplicates from the keyboard; a name that is a path is refused in words', async () => {
    const { page } = app();
    await item(page, 'submission-ok').getByTestId('profile-actions').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('submission-ok:profile-rename');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('submission-ok:profile-new-name');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('../lab');
    await page.keyboard.press('Enter');
    expect(await item(page, 'submission-ok').getByRole('alert').innerText()).toBe(
      '"../lab" is not a profile name: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or a digit',
    );
    await page.keyboard.press('Control+A');
    await page.keyboard.type('lab');
    await page.keyboard.press('Enter');
    await item(page, 'lab').waitFor();
    expect(await names(page)).toEqual(['lab']);
    await expect.poll(() => status(page)).toBe('Renamed submission-ok to lab.');
    await expect.poll(() => focused(page)).toBe('lab:profile-open');

    await item(page, 'lab').getByTestId('profile-actions').click();
    await item(page, 'lab').getByTestId('profile-duplicate').click();
    expect(await page.getByTestId('profile-new-name').inputValue()).toBe('lab-copy');
    await page.keyboard.press('Enter');
    await item(page, 'lab-copy').waitFor();
    expect(await names(page)).toEqual(['lab', 'lab-copy']);
    expect(readdirSync(path.join(root, 'profiles')).sort()).toEqual(['lab-copy.json', 'lab.json']);
    // Escape closes what is open and gives the focus back to the row.
    await item(page, 'lab').getByTestId('profile-actions').click();
    await item(page, 'lab').getByTestId('profile-rename').click();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('profile-new-name').count()).toBe(0);
    await expect.poll(() => focused(page)).toBe('lab:profile-open');
  });

  it('opens a profile with one click: the form is filled; with the password typed, Run works', async () => {
    const { page } = app();
    await page.getByTestId('target-host').fill('mail.example.com');
    await page.getByTestId('target-port').fill('25');
    await page.getByTestId('auth-user').fill('someone-else');
    await item(page, 'lab').getByTestId('profile-open').click();
    await expect.poll(() => status(page)).toBe('Opened lab: the form is filled.');
    expect(await page.getByTestId('target-host').inputValue()).toBe('127.0.0.1');
    expect(await page.getByTestId('target-port').inputValue()).toMatch(/^\d+$/);
    expect(await page.getByTestId('tls-mode').inputValue()).toBe('starttls');
    expect(await page.getByTestId('servername').inputValue()).toBe('mail.lab.test');
    expect(await page.getByTestId('auth-user').inputValue()).toBe(LAB_USER);
    expect(await page.getByTestId('rcpt-to').inputValue()).toBe('bob@lab.test');
    // The password was never stored: the form asks for it again.
    expect(await page.getByTestId('auth-pass').inputValue()).toBe('');
    // The practice scenario is recognised by its port.
    expect(await page.getByTestId('practice-scenario').inputValue()).toBe('submission-ok');
    await page.getByTestId('auth-pass').fill(LAB_PASSWORD);
    await page.getByTestId('run').click();
    await page.getByTestId('outcome').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('outcome').innerText()).toBe('OK — reached QUIT');
  });

  it('lists a file that is not a profile, in words, and leaves it alone', async () => {
    const { page } = app();
    const hostile = path.join(root, 'profiles', 'broken.json');
    writeFileSync(
      hostile,
      '{"schema":"smtp-lens/profile@1","request":{"host":"x\\u001b[2J","port":25,"tls":"auto","password":"p"}}',
    );
    await page.reload();
    await page.locator('#root[data-app-state="ready"]').waitFor();
    expect(await page.getByTestId('profile-problems').innerText()).toBe(
      'Not profiles, left as they are: profiles/broken.json: request: Unrecognized key: "password" (a profile holds only the request\'s settings)',
    );
    expect(await names(page)).toEqual(['lab', 'lab-copy']);
    await atBothSizes(page, 'profiles');
    const axe = await new AxeBuilder({ page }).include('[data-testid="profiles"]').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    rmSync(hostile);
  });

  it('deletes after a confirmation that has the focus; the focus goes back to "Save form…"', async () => {
    const { page } = app();
    await page.emulateMedia({ colorScheme: 'dark' });
    await item(page, 'lab-copy').getByTestId('profile-actions').click();
    await item(page, 'lab-copy').getByTestId('profile-delete').click();
    expect(await focused(page)).toBe('lab-copy:profile-confirm');
    expect(await item(page, 'lab-copy').innerText()).toContain('Delete lab-copy?');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'profiles-delete-dark-1280x720.png') });
    await page.keyboard.press('Enter');
    await item(page, 'lab-copy').waitFor({ state: 'detached' });
    expect(await names(page)).toEqual(['lab']);
    await expect.poll(() => status(page)).toBe('Deleted lab-copy.');
    await expect.poll(() => focused(page)).toBe('profile-save-open');
    expect(readdirSync(path.join(root, 'profiles'))).toEqual(['lab.json']);
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
