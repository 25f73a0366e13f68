// The Explain tab in Chromium, through the web bridge: a bounce pasted, a bounce dropped on the
// window from anywhere, and the card's button that probes the server that refused, as a user
// does them; and the window at a projector's and a desktop's size.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium } from '../helpers/browser';
import { atBothSizes } from '../helpers/layoutChecks';
import { NOTICES } from '../helpers/noticeCorpus';

const app = appInChromium({ width: 1280, height: 720 });
const exchange = NOTICES.find((n) => n.vendor === 'Exchange Online')!.text;

/** What a paste does: a ClipboardEvent with the text, into the focused box. */
async function paste(page: Page, text: string) {
  await page.getByTestId('explain-text').focus();
  // A string, as the other e2e tests pass page code: this file is type-checked without the DOM.
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData('text/plain', ${JSON.stringify(text)});
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);
}

/** A file dropped on the middle of the window, wherever the user let go of it. */
async function drop(page: Page, name: string, text: string) {
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: 'message/rfc822' }));
    const target = document.elementFromPoint(innerWidth / 2, innerHeight / 2) ?? document.body;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  })()`);
}

const cardText = async (page: Page) =>
  (await page.getByTestId('explain-card').first().innerText()).replace(/\n+/g, '\n');

describe('the Explain tab', () => {
  it('a pasted Exchange notice: one card with the reason, the words, the fix and the next step', async () => {
    const { page } = app();
    await page.getByTestId('tab-explain').click();
    await paste(page, exchange);
    await page.getByTestId('explain-card').waitFor();
    expect(await page.getByTestId('explain-heading').innerText()).toBe(
      'pasted text: a bounce (a delivery status notification), 1 result',
    );
    const text = await cardText(page);
    expect(text).toContain('bob@fabrikam.com · userunknown');
    expect(text).toContain('permanent: the sender will not retry');
    expect(text).toContain('The recipient bob@fabrikam.com does not exist here');
    expect(text).toContain(
      'The server said: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    );
    expect(text).toContain('Fix: Check the spelling.');
    expect(text).toContain('Next: smtp-lens domain fabrikam.com');
    expect(text).toContain('Reported by BY2PR01MB1234.prod.exchangelabs.com');
    // No server is named as the one that refused: the next step is the recipient's domain.
    expect(await page.getByTestId('explain-probe').count()).toBe(0);
    expect(await page.getByTestId('explain-domain').innerText()).toBe('Check fabrikam.com in the Domain tab');

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
    await atBothSizes(page, 'explain-exchange');
  });

  it('a bounce dropped on another tab opens in Explain; its button probes the refusing server on 25 with the recipient', async () => {
    const { page } = app();
    await page.getByTestId('tab-ladder').click();
    const bounce = `This is the mail system at host mail.lab.test.

<someone@refusing.test>: host 127.0.0.1[127.0.0.1] said: 554 5.7.1
    <someone@refusing.test>: Relay access denied (in reply to RCPT TO command)
`;
    await drop(page, 'bounce.eml', bounce);
    await page.getByTestId('explain-card').waitFor();
    expect(await page.getByTestId('tab-explain').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('explain-heading').innerText()).toBe(
      'bounce.eml: a bounce (a delivery status notification), 1 result',
    );
    const text = await cardText(page);
    expect(text).toContain('someone@refusing.test · norelaying');
    expect(text).toContain('127.0.0.1 refused RCPT TO: 554 5.7.1 <someone@refusing.test>: Relay access denied');

    await page.getByTestId('explain-probe').click();
    expect(await page.getByTestId('tab-transcript').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('target-host').inputValue()).toBe('127.0.0.1');
    expect(await page.getByTestId('target-port').inputValue()).toBe('25');
    expect(await page.getByTestId('rcpt-to').inputValue()).toBe('someone@refusing.test');
    // The probe ran: nothing listens on 127.0.0.1:25 here, and the transcript says so.
    await expect.poll(() => page.getByTestId('transcript').innerText(), { timeout: 15_000 }).toMatch(/127\.0\.0\.1:25/);
    // Back in Explain, the explanation is where it was left.
    await page.getByTestId('tab-explain').click();
    expect(await cardText(page)).toContain('someone@refusing.test · norelaying');
  });

  it('a file that is not a bounce, a log or a reply says so in one line, with no card', async () => {
    const { page } = app();
    await page.getByTestId('tab-explain').click();
    await page.getByTestId('explain-text').fill('Meeting at 10, room 4.');
    await page.getByTestId('explain-run').click();
    await expect
      .poll(() => page.getByTestId('explain-heading').innerText())
      .toBe('pasted text: nothing SMTP Lens can explain: not a bounce, a mail log or an SMTP reply');
    expect(await page.getByTestId('explain-card').count()).toBe(0);
  });

  it("a card's domain button fills the Domain tab and starts its check", async () => {
    const { page } = app();
    // Tests stay on loopback: the Domain tab asks a DNS server on 127.0.0.1 that is not there.
    await page.getByTestId('tab-domain').click();
    await page.getByTestId('domain-resolver').fill('127.0.0.1:9');
    await page.getByTestId('tab-explain').click();
    await page.getByTestId('explain-text').fill(exchange);
    await page.getByTestId('explain-run').click();
    await page.getByTestId('explain-domain').click();
    expect(await page.getByTestId('tab-domain').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('domain-target').inputValue()).toBe('fabrikam.com');
    // The check started: it is running, or it has answered (a verdict, or why it could not).
    await expect
      .poll(() =>
        page
          .locator(
            '[data-testid="domain-view"] [role="status"], [data-testid="domain-verdict"], [data-testid="domain-view"] [role="alert"]',
          )
          .count(),
      )
      .toBeGreaterThan(0);
    expect(await page.getByTestId('domain-view').innerText()).not.toContain('Where does mail for a domain go');
    expect(await page.getByTestId('domain-resolver').inputValue()).toBe('127.0.0.1:9');
  });
});
