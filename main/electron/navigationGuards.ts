import type { WebContents } from 'electron';

/**
 * The app is one page: it never navigates, in any frame, by link, script or server redirect,
 * never attaches a <webview>, and never opens windows of its own (the main window replaces the
 * handler with one that opens documentation links in the user's browser).
 */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
