// Driving the app from the keyboard in the e2e tests: what has the focus, and Tab until a
// named control has it.
import type { Page } from 'playwright-core';

/** What has the focus, as a short name: its test id, its label, or its text. */
export const focused = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    if (el.classList.contains('xterm-helper-textarea')) return 'terminal';
    if (el.dataset.findingId) return 'finding-' + el.dataset.findingId;
    return el.dataset.testid ?? el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30);
  })()`) as Promise<string>;

/** Presses Tab until `target` has the focus; the names on the way, or a throw when stuck. */
export async function tabTo(page: Page, target: string, most = 80): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    if (now === target) return seen;
  }
  throw new Error(`Tab never reached ${target}; it went through: ${seen.join(' → ')}`);
}
