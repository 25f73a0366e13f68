// The Explain tab in Chromium (playwright-core, Debian's /usr/bin/chromium) through the web
// bridge of `smtp-lens web`: the time from pasting a whole bounce to its card on screen,
// against pasting a one-line reply (the same round trip and render, with the least to parse),
// pasted alternately. The limit that matters is absolute: a pasted bounce shows in under
// 100 ms. The ratio (at most 5) only says parsing stays a small part of it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { median } from './plainSmtp.mjs';
import { startWeb } from './benchTools.mjs';

const RUNS = Number(process.env.BENCH_EXPLAIN_TAB_RUNS ?? 15);
const CHROMIUM = '/usr/bin/chromium';
const LIMIT_MS = 100;

/** A Postfix bounce as a user pastes it from a mail client's "view source". */
const BOUNCE = `From: MAILER-DAEMON@mx1.example.net
To: alice@example.net
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

This is the mail system at host mx1.example.net.

<bob@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>:
    Recipient address rejected: User unknown in virtual mailbox table (in reply to
    RCPT TO command)
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.example.net

Final-Recipient: rfc822; bob@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User
    unknown in virtual mailbox table
--B
Content-Type: message/rfc822

From: alice@example.net
Subject: report

${'The quarterly report, as discussed.\n'.repeat(200)}
--B--
`;
const REPLY = '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown';

/** Pastes into the empty box and times, in the page, until the result's heading is drawn. */
const PASTE = `async (text) => {
  const box = document.querySelector('[data-testid="explain-text"]');
  // Select all, then paste over it: a new input, as a user replaces the last one.
  box.focus();
  box.select();
  const old = document.querySelector('[data-testid="explain-heading"]')?.textContent ?? '';
  const start = performance.now();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  const drawn = () => {
    const heading = document.querySelector('[data-testid="explain-heading"]')?.textContent ?? '';
    return document.querySelector('[data-testid="explain-card"]') && heading !== old;
  };
  // Resolved by the DOM change that draws the card, not by polling.
  await new Promise((resolve, reject) => {
    if (drawn()) return resolve();
    const timer = setTimeout(() => reject(new Error('no card after 10 s')), 10000);
    const observer = new MutationObserver(() => {
      if (!drawn()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  return performance.now() - start;
}`;

export async function benchExplainTab() {
  const name = 'Explain tab: a pasted bounce on screen vs a pasted one-line reply';
  if (!existsSync(CHROMIUM) || !existsSync('out/renderer/index.html'))
    return process.env.CI
      ? { name, ours: 'not run', peer: 'not run', ratio: 0, limit: 5, ok: false }
      : { name, skipped: `needs ${CHROMIUM} and the built renderer (out/renderer/index.html)` };
  const web = await startWeb();
  const profile = mkdtempSync(path.join(tmpdir(), 'smtp-lens-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport: { width: 1280, height: 720 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(web.url);
    await page.locator('#root[data-app-state="ready"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('tab-explain').click();
    // The two texts alternate, so a different heading always follows the one before.
    const paste = (text) => page.evaluate(`(${PASTE})(${JSON.stringify(text)})`);
    for (let i = 0; i < 4; i++) await paste(i % 2 ? REPLY : BOUNCE);
    const ours = [];
    const peer = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await paste(BOUNCE));
      peer.push(await paste(REPLY));
    }
    const o = median(ours);
    const p = median(peer);
    return {
      name: `${name} (median of ${RUNS}; limit ${LIMIT_MS} ms)`,
      ours: `${o.toFixed(1)} ms`,
      peer: `${p.toFixed(1)} ms`,
      ratio: o / p,
      limit: 5,
      target: `bounce < ${LIMIT_MS} ms`,
      ok: o < LIMIT_MS,
    };
  } finally {
    await context.close();
    web.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
