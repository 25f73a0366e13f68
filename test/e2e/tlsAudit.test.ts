// The Certificates tab's "TLS audit", from the keyboard, against the practice server: Tab to the
// button, Enter, and the tab says it is auditing (the button becomes its Stop); then the versions,
// the accepted suites by their IANA names, who chooses, the groups, what is not testable and the
// summary; the transcript got the audit's lines. Stop from the same button. A transcript opened
// from a file shows its audit read-only, weak suites marked in words. Screenshots at both sizes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../shared/transcript';
import { focused, tabTo } from '../helpers/keyboard';
import { appInChromium, runPracticeScenario, SCREENSHOTS } from '../helpers/browser';
import { coveredControls, hiddenButFocusable } from '../helpers/layoutChecks';

const app = appInChromium({ width: 1280, height: 720 });

/** Serious and critical axe violations on the page as it is, one line per rule and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Scrolls the Certificates tab (and only it, as a user would) to put `testId` at its top. */
const scrollChainTo = (page: Page, testId: string) =>
  page.getByTestId('cert-chain').evaluate((chain, id) => {
    const target = chain.querySelector(`[data-testid="${id}"]`);
    if (target) chain.scrollTop += target.getBoundingClientRect().top - chain.getBoundingClientRect().top - 8;
  }, testId);

const SUMMARY = /^TLS audit: .+ accepted; \d+ connections in \d+\.\d s\.$/;

/** The Certificates tab's tab button, focused from the keyboard, and Enter to open it. */
async function openCertificatesFromKeyboard(page: Page): Promise<void> {
  await page.getByTestId('tab-certificates').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('tls-audit').waitFor();
}

describe('the TLS audit on the Certificates tab', () => {
  it('Tab to "TLS audit", Enter: busy while it runs, then versions, suites, order, groups and the summary; the transcript has its lines', async () => {
    const { page } = app();
    await runPracticeScenario(page, 'submission-ok');
    await openCertificatesFromKeyboard(page);
    const button = page.getByTestId('tls-audit-run');
    const section = page.getByTestId('tls-audit');
    expect(await button.innerText()).toBe('TLS audit');
    expect(await button.isEnabled()).toBe(true);
    // Through the chain (a scrolling region that takes the focus) to the button.
    await tabTo(page, 'tls-audit-run');
    await page.keyboard.press('Enter');

    // While it runs: the section is busy, the live region says what is happening, and the same
    // button, still focused, is its Stop.
    await expect.poll(() => section.getAttribute('aria-busy')).toBe('true');
    expect(await page.getByTestId('tls-audit-status').innerText()).toContain('Auditing TLS');
    expect((await button.innerText()).trim()).toBe('Stop the TLS audit');
    expect(await focused(page)).toBe('tls-audit-run');

    const summary = page.getByTestId('tls-audit-summary');
    await summary.waitFor({ timeout: 40_000 });
    expect(await section.getAttribute('aria-busy')).toBe('false');
    expect(await summary.innerText()).toMatch(SUMMARY);
    expect(await button.innerText()).toBe('TLS audit');
    expect(await focused(page)).toBe('tls-audit-run');

    // One row per version, with what the server answered.
    const row = (v: string) => page.getByTestId(`tls-audit-version-${v}`).innerText();
    expect(await row('TLSv1.2')).toMatch(
      /^TLS 1\.2\s+Accepted\s+its pick from a hello offering all \d+ TLS 1\.2 suites$/,
    );
    expect(await row('TLSv1.3')).toMatch(
      /^TLS 1\.3\s+Accepted\s+its pick from a hello offering all 5 TLS 1\.3 suites$/,
    );
    expect(await row('TLSv1')).toMatch(/^TLS 1\.0\s+Refused\s+the server answered with the alert \w+$/);

    // The accepted suites by their IANA names, with what each is.
    const tls13 = page.getByTestId('tls-audit-suites-TLSv1.3');
    expect(await tls13.innerText()).toContain('TLS_AES_256_GCM_SHA384');
    expect(await tls13.locator('thead').innerText()).toMatch(/Suite \(IANA name\)\s+Key exchange\s+Cipher\s+Weakness/);
    const tls12 = await page.getByTestId('tls-audit-suites-TLSv1.2').innerText();
    expect(tls12).toMatch(/TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\s+ECDHE\s+AEAD\s+none known/);
    expect(tls12).toMatch(/TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA\s+ECDHE\s+CBC/);
    // The practice server offers nothing weak: no suite is marked.
    expect(await page.locator('.tls-audit .weak-mark').count()).toBe(0);
    expect(await page.getByTestId('tls-audit-order-TLSv1.3').innerText()).toMatch(/the server chooses the suite/);
    expect(await page.getByTestId('tls-audit-groups').innerText()).toMatch(/^Key exchange groups at TLS 1\.3.*x25519/);
    expect(await page.getByTestId('tls-audit-not-testable').innerText()).toContain('PSK, SRP and Kerberos suites');

    expect(await seriousViolations(page)).toEqual([]);

    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await scrollChainTo(page, 'tls-audit');
      await page.screenshot({ path: path.join(SCREENSHOTS, `tls-audit-${size.width}x${size.height}.png`) });
      // Nothing spills sideways out of the tab, and every control is where it is drawn.
      const spill = await page.getByTestId('cert-chain').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect({ size, spill, covered: await coveredControls(page), hidden: await hiddenButFocusable(page) }).toEqual({
        size,
        spill: 0,
        covered: [],
        hidden: [],
      });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    // The end of it: the groups and what could not be tested.
    await scrollChainTo(page, 'tls-audit-not-testable');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tls-audit-end-1280x720.png') });

    // The transcript got the audit's lines, after the session's own.
    await page.getByTestId('tab-transcript').click();
    const transcript = page.getByTestId('transcript');
    const rows = () => page.getByTestId('transcript-row').allInnerTexts();
    await transcript.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect
      .poll(async () => (await rows()).join('\n'))
      .toContain('Auditing TLS: every cipher suite offered alone');
    expect((await rows()).join('\n')).toMatch(/TLS audit: .+ accepted; \d+ connections in \d+\.\d s\./);
  }, 90_000);

  it('the same button stops the audit: it says it was stopped, and the session stays as it ended', async () => {
    const { page } = app();
    await page.getByTestId('tab-certificates').click();
    const button = page.getByTestId('tls-audit-run');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await button.innerText()).trim()).toBe('Stop the TLS audit');
    await page.keyboard.press('Enter');
    await page.getByTestId('tls-audit-stopped').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('tls-audit-stopped').innerText()).toMatch(/^Stopped by you before it finished/);
    expect(await button.innerText()).toBe('TLS audit');
    expect(await page.getByTestId('outcome').innerText()).not.toMatch(/abort|stopped/i);
  }, 60_000);

  it('a session without TLS: the button is there, disabled, and says why', async () => {
    const { page } = app();
    await runPracticeScenario(page, 'no-starttls');
    await page.getByTestId('tab-certificates').click();
    expect(await page.getByTestId('tls-audit-run').isDisabled()).toBe(true);
    expect(await page.locator('#tls-audit-about').innerText()).toContain(
      'This session did not use TLS, so there is nothing to audit',
    );
  }, 60_000);

  it('a transcript opened from a file shows its audit read-only, weak suites and versions marked in words', async () => {
    const { page } = app();
    await runPracticeScenario(page, 'submission-ok');
    await page.getByTestId('tab-certificates').click();
    await page.getByTestId('tls-audit-run').click();
    await page.getByTestId('tls-audit-summary').waitFor({ timeout: 40_000 });
    // Exported from the window as a user does: the JSON holds the audit.
    await page.getByTestId('export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const files = mkdtempSync(path.join(tmpdir(), 'lens-tls-audit-'));
    const exported = path.join(files, 'exported.json');
    await download.saveAs(exported);
    const transcript = JSON.parse(readFileSync(exported, 'utf8')) as Transcript;
    expect(transcript.tlsAudit?.versions['TLSv1.3'].check.result).toBe('accepted');

    // The same file as an older server's would be: TLS 1.0 accepted, and a 3DES suite with RSA
    // key exchange (Node's own TLS cannot serve them, so the file says so instead).
    const audit = transcript.tlsAudit!;
    audit.versions.TLSv1.check = { result: 'accepted', cipher: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', detail: 'as sent' };
    audit.versions.TLSv1.suites = ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'];
    const file = path.join(files, 'older-server.json');
    writeFileSync(file, JSON.stringify(transcript));
    await page.getByTestId('open-transcript-input').setInputFiles(file);
    await page.getByTestId('saved-banner').waitFor();
    await page.getByTestId('tab-certificates').click();
    await page.getByTestId('tls-audit-result').waitFor();
    expect(await page.getByTestId('tls-audit-run').count()).toBe(0);
    expect(await page.getByTestId('tls-audit-version-TLSv1').innerText()).toContain(
      'Weak: accepted, outdated (RFC 8996)',
    );
    expect(await page.getByTestId('tls-audit-suites-TLSv1').innerText()).toMatch(
      /TLS_RSA_WITH_3DES_EDE_CBC_SHA\s+RSA\s+CBC\s+Weak: 64-bit block cipher \(Sweet32\), no forward secrecy/,
    );
    expect(await page.getByTestId('tls-audit-summary').innerText()).toMatch(SUMMARY);
    expect(await seriousViolations(page)).toEqual([]);
    await scrollChainTo(page, 'tls-audit-versions');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tls-audit-weak-1280x720.png') });
  }, 90_000);
});
