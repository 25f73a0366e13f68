// What the layout tests ask of any view: every control can be clicked where it is drawn, and
// nothing the user cannot see takes the keyboard focus.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { SCREENSHOTS } from './browser';

/** Every visible button and tab whose centre is covered by something else, or off-screen. */
export const coveredControls = (page: Page) =>
  page.evaluate(`(() =>
[...document.querySelectorAll('button, [role="tab"], select, input')]
      .filter((el) => el.checkVisibility() && !el.closest('[hidden]') && !el.closest('.xterm'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        // Outside the window, or outside the visible part of the panel it scrolls in, is fine
        // when that panel scrolls to it.
        const scroller = el.closest('.form-scroll, .controls, .right, .tab-body, .diagram, .transcript');
        const view = scroller?.getBoundingClientRect();
        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return !scroller;
        if (view && (y < view.top || y > view.bottom || x < view.left || x > view.right)) return false;
        const top = document.elementFromPoint(x, y);
        return !(top && (el === top || el.contains(top) || top.closest('label')?.contains(el)));
      })
      .map((el) => el.dataset.testid ?? el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName))()`) as Promise<
    string[]
  >;

/** Everything that takes the keyboard focus although the user cannot see it: each candidate
 * is really focused, as Tab would, and kept when the browser lets it. */
export const hiddenButFocusable = (page: Page) =>
  page.evaluate(`(() => {
    const before = document.activeElement;
    const found = [
      ...document.querySelectorAll(
        'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"]), [contenteditable]',
      ),
    ]
      .filter((el) => el.tabIndex >= 0 && !el.disabled)
      .filter((el) => {
        el.focus({ preventScroll: true });
        // xterm's input is a transparent textarea by design: the terminal drawn around it is what is seen.
        const shown = (el.classList.contains('xterm-helper-textarea') ? el.closest('.xterm') : el) ?? el;
        const r = shown.getBoundingClientRect();
        const seen =
          shown.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.width > 0 && r.height > 0;
        return document.activeElement === el && !seen;
      })
      .map((el) => el.dataset.testid ?? el.getAttribute('aria-label') ?? el.className ?? el.tagName);
    before?.focus({ preventScroll: true });
    return found;
  })()`) as Promise<string[]>;

/** Both sizes the product is shown at: a screenshot each, no covered control, nothing hidden
 * that takes the focus, and the page itself does not scroll. */
export async function atBothSizes(page: Page, name: string) {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`) });
    expect({ size, covered: await coveredControls(page), hidden: await hiddenButFocusable(page) }).toEqual({
      size,
      covered: [],
      hidden: [],
    });
    const scrolls = await page.evaluate('document.documentElement.scrollHeight > innerHeight');
    expect({ size, pageScrolls: scrolls }).toEqual({ size, pageScrolls: false });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}
