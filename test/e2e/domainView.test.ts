// The Domain tab in Chromium, through the web bridge, against the real DNS lab (Knot, signed,
// behind a validating Unbound), STARTTLS MX hosts on 127.0.0.2/.3 and an MTA-STS policy host
// on 127.0.0.4:443: what a user types, what they read, where a click takes them, and the
// window at a projector's and a desktop's size.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appInChromium } from '../helpers/browser';
import { KNOTD, UNBOUND } from '../helpers/dnsLab';
import { type DomainLab, policyText, spkiSha256, startDomainLab } from '../helpers/domainLab';
import { atBothSizes } from '../helpers/layoutChecks';
import { hasExecutable, missingInCi, requireComponent } from '../helpers/systemComponent';

const haveDns = hasExecutable(KNOTD) && hasExecutable(UNBOUND);
const app = appInChromium({ width: 1280, height: 720 });
beforeEach((ctx) => requireComponent(ctx, 'Knot and Unbound', haveDns, 'apt-get install -y knot unbound'));

let lab: DomainLab | null = null;
beforeAll(async () => {
  if (!haveDns) return;
  lab = await startDomainLab({
    names: [
      'mx1.good.lab.example',
      'mx2.good.lab.example',
      'mta-sts.good.lab.example',
      'mta-sts.notlisted.lab.example',
    ],
    zones: ({ port, leafPem, issuerPem }) => ({
      signed: [
        'good MX 10 mx1.good',
        'good MX 20 mx2.good',
        'mx1.good A 127.0.0.2',
        'mx2.good A 127.0.0.3',
        '_smtp._tls.good TXT "v=TLSRPTv1; rua=mailto:tls-reports@good.lab.example"',
        `_${port}._tcp.mx1.good TLSA 3 1 1 ${spkiSha256(leafPem)}`,
        `_${port}._tcp.mx2.good TLSA 2 1 1 ${spkiSha256(issuerPem)}`,
        'notlisted MX 10 mx1.good',
        ...['good', 'notlisted'].flatMap((d) => [
          `_mta-sts.${d} TXT "v=STSv1; id=20261203"`,
          `mta-sts.${d} A 127.0.0.4`,
        ]),
      ],
      unsigned: [],
    }),
    policies: {
      good: (res) =>
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(policyText('enforce', ['*.good.lab.example'])),
      notlisted: (res) =>
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(policyText('enforce', ['mail.notlisted.lab.example'])),
    },
  });
}, 60_000);
afterAll(async () => {
  await lab?.close();
});

/** The lab's root as the connection form's extra CA file, as a user would pick it. */
async function trustLabRoot(page: Page, rootPem: string) {
  await page.getByTestId('tab-transcript').click();
  await page.getByTestId('ca-file').setInputFiles({
    name: 'lab-root.pem',
    mimeType: 'application/x-pem-file',
    buffer: Buffer.from(rootPem),
  });
  // The form keeps it under Advanced, which may be folded: loaded is enough.
  await page.getByTestId('ca-loaded').waitFor({ state: 'attached' });
}

async function checkDomain(page: Page, target: string) {
  await page.getByTestId('tab-domain').click();
  await page.getByTestId('domain-target').fill(target);
  await page.getByTestId('domain-resolver').fill(`127.0.0.1:${lab!.dns.resolver.port}`);
  await page.getByTestId('domain-port').fill(String(lab!.port));
  await page.getByTestId('domain-run').click();
  await page.getByTestId('domain-verdict').waitFor({ timeout: 30_000 });
}

const texts = (page: Page, testId: string) => page.getByTestId(testId).allInnerTexts();
const verdict = async (page: Page) => (await page.getByTestId('domain-verdict').innerText()).replace(/\n+/g, '\n');
/** A card's text as read: one line per heading, paragraph or item. */
const card = async (page: Page, id: string) =>
  (await page.getByTestId(`domain-card-${id}`).innerText()).replace(/\n+/g, '\n');

describe('the Domain tab against the real DNS lab', () => {
  it('a good domain: both MX in order, probed over verified TLS, the policy cards, exports and History', async (ctx) => {
    if (lab!.policyPort !== 443)
      missingInCi(ctx, 'the MTA-STS policy host needs 127.0.0.4:443, which this user may not bind', 'CI runs as root');
    const { page } = app();
    await trustLabRoot(page, lab!.rootPem);
    await checkDomain(page, 'bob@good.lab.example');
    expect(await page.getByTestId('domain-ca').innerText()).toBe(
      'Also trusting lab-root.pem (from the connection form)',
    );
    expect(await verdict(page)).toMatch(
      /^A sending MTA would deliver to mx1\.good\.lab\.example over verified TLS\.\nDNS: asked 127\.0\.0\.1:\d+ · the resolver says these answers are DNSSEC-validated \(AD\)$/,
    );
    expect(await texts(page, 'domain-mx-row')).toEqual([
      '10\tmx1.good.lab.example\t127.0.0.2\t\tOK · TLSv1.3, certificate verified',
      '20\tmx2.good.lab.example\t127.0.0.3\t\tOK · TLSv1.3, certificate verified',
    ]);
    expect(await card(page, 'mta-sts')).toBe(
      'MTA-STS\nmode enforce, id 20261203, max_age 604800 s, mx *.good.lab.example\nmx1.good.lab.example: in the policy\nmx2.good.lab.example: in the policy',
    );
    expect(await card(page, 'dane')).toBe(
      'DANE (TLSA)\nmx1.good.lab.example: 1 record, matches the certificate (3 1 1)\nmx2.good.lab.example: 1 record, matches the issuer (2 1 1)',
    );
    expect(await card(page, 'tls-rpt')).toBe('TLS-RPT\nreports go to mailto:tls-reports@good.lab.example');
    expect(await page.getByTestId('domain-history').innerText()).toBe('2 probes saved to History.');
    const findingIds = await page
      .locator('[data-testid="domain-findings"] [data-finding-id]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-finding-id')));
    // Each MX's TLSA matched, and each has one record only: no key published ahead of a change.
    expect(findingIds).toEqual(['dane.ok', 'dane.no-rollover', 'dane.ok', 'dane.no-rollover']);

    // The Markdown export is the CLI's, named for the domain.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('domain-export-md').click()]);
    expect(download.suggestedFilename()).toMatch(/^smtp-lens-domain-good\.lab\.example-\d{8}T\d{6}Z\.md$/);
    const md = readFileSync(await download.path(), 'utf8');
    expect(md).toContain('A sending MTA would deliver to mx1.good.lab.example over verified TLS.');

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
    await atBothSizes(page, 'domain-good');

    // History holds each probe as a session of its own.
    await page.getByTestId('tab-history').click();
    await expect
      .poll(() => page.locator('.history-list tbody').innerText())
      .toMatch(
        /mx2\.good\.lab\.example[\s\S]*mx1\.good\.lab\.example|mx1\.good\.lab\.example[\s\S]*mx2\.good\.lab\.example/,
      );
  }, 90_000);

  it('from the keyboard: Tab reaches an MX, Enter opens its transcript, and the report is still there after', async (ctx) => {
    if (lab!.policyPort !== 443)
      missingInCi(ctx, 'the MTA-STS policy host needs 127.0.0.4:443, which this user may not bind', 'CI runs as root');
    const { page } = app();
    await page.getByTestId('tab-domain').click();
    await page.getByTestId('domain-target').focus();
    let reached = '';
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate(
        'document.activeElement?.dataset.testid === "domain-open-probe" ? document.activeElement.textContent : ""',
      )) as string;
    }
    expect(reached).toBe('mx1.good.lab.example');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('tab-transcript').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('transcript').innerText()).toContain('mx1.good.lab.example');
    // The form now targets that MX, and still trusts the CA file the user loaded.
    expect(await page.getByTestId('target-host').inputValue()).toBe('mx1.good.lab.example');
    expect(await page.getByTestId('ca-loaded').textContent()).toContain('lab-root.pem');
    await page.getByTestId('tab-domain').click();
    expect(await verdict(page)).toContain('would deliver to mx1.good.lab.example');
  });

  it('a domain whose MTA-STS policy does not list its MX: the verdict and the card say what an MTA-STS sender does', async (ctx) => {
    if (lab!.policyPort !== 443)
      missingInCi(ctx, 'the MTA-STS policy host needs 127.0.0.4:443, which this user may not bind', 'CI runs as root');
    const { page } = app();
    await checkDomain(page, 'notlisted.lab.example');
    expect(await verdict(page)).toContain(
      'A sending MTA would deliver to mx1.good.lab.example over verified TLS. Senders that honour MTA-STS (mode enforce) would not deliver there: mx1.good.lab.example is not in the policy (mx: mail.notlisted.lab.example).',
    );
    expect(await card(page, 'mta-sts')).toBe(
      'MTA-STS\nmode enforce, id 20261203, max_age 604800 s, mx mail.notlisted.lab.example\nmx1.good.lab.example: NOT in the policy',
    );
    const finding = page.locator('[data-testid="domain-findings"] [data-finding-id="mta-sts.mx-not-in-policy"]');
    expect(await finding.locator('h3').innerText()).toContain('mx1.good.lab.example');
    await atBothSizes(page, 'domain-notlisted');
  });

  it('bad input gets one sentence, and no check starts', async () => {
    const { page } = app();
    await page.getByTestId('tab-domain').click();
    await page.getByTestId('domain-target').fill('bob@');
    await page.getByTestId('domain-run').click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Domain: "bob@" has no domain after the @.');
    await page.getByTestId('domain-target').fill('good.lab.example');
    await page.getByTestId('domain-resolver').fill('dns.example');
    await page.getByTestId('domain-run').click();
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toBe('DNS server "dns.example" is not an IP address with an optional port (IP or IP:PORT).');
  });
});
