import path from 'node:path';
import type { BrowserWindow as ElectronBrowserWindow, Shell, WebFrameMain } from 'electron';
import { isAppOrigin } from './appProtocol';

/**
 * Makes the app's one window, with its options written out here, at the `new BrowserWindow`
 * call itself: Electronegativity (test/unit/electronegativity.test.ts) reads the source and
 * cannot follow options that a helper builds and returns, so this is where a reader, the
 * scanner and Electron all see the same webPreferences. The class comes in as an argument, so
 * this file needs no Electron at run time and a unit test can read the options back (as
 * Electron Fiddle's windows.ts does). docs/security.md goes through each setting.
 */
export function createMainWindow(
  BrowserWindow: typeof ElectronBrowserWindow,
  preloadDir: string,
): ElectronBrowserWindow {
  return new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    title: 'SMTP Lens',
    show: false,
    webPreferences: {
      // Electronegativity asks for a review of every preload (PRELOAD_JS_CHECK, "review required").
      // Reviewed: preload.ts hands the page only the named methods of shared/apiFactory.ts, through
      // contextBridge; never ipcRenderer, and never a channel of the page's choosing.
      preload: path.join(preloadDir, 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK
      // The preload's world apart from the page's: the page sees only what contextBridge exposes.
      contextIsolation: true,
      // Chromium's OS sandbox; the preload is one CommonJS file for it (electron.vite.config.mts).
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // No auxclick (middle-click) events: the app has no use for them, and they are one more way
      // for a link to open a window or navigate, which the handlers in main.ts and
      // navigationGuards.ts would then have to catch.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
}

/**
 * Only the app's own page may talk to main: the app://smtp-lens origin, or in development the
 * dev server electron-vite started. Compared as scheme, host and port, never by file path (a
 * file:// page is not ours: any file on the disk shares that scheme), and a URL carrying
 * credentials is never ours either.
 */
export function isTrustedRendererUrl(url: string, devServerUrl: string | undefined): boolean {
  try {
    const u = new URL(url);
    if (u.username || u.password) return false;
    if (isAppOrigin(u)) return true;
    if (!devServerUrl) return false;
    const dev = new URL(devServerUrl);
    return (dev.protocol === 'http:' || dev.protocol === 'https:') && u.origin === dev.origin;
  } catch {
    return false;
  }
}

/** The frame an IPC request came from is the app's own page in the top frame: never a subframe,
 * whatever its origin, and never a frame that is gone (Electron gives null then). */
export function isTrustedSenderFrame(
  frame: Pick<WebFrameMain, 'parent' | 'url'> | null | undefined,
  devServerUrl: string | undefined,
): boolean {
  return Boolean(frame && frame.parent === null && isTrustedRendererUrl(frame.url, devServerUrl));
}

/** A link the page asked to open, as the URL to hand to the user's browser, or null: only https,
 * only the documentation sites that findings cite (RFCs, vendor docs), never with credentials. */
function externalHref(url: string): string | null {
  try {
    const u = new URL(url);
    const allowed =
      u.protocol === 'https:' &&
      !u.username &&
      !u.password &&
      /(^|\.)(rfc-editor\.org|ietf\.org|iana\.org|postfix\.org|exim\.org|microsoft\.com)$/.test(u.hostname);
    return allowed ? u.href : null;
  } catch {
    return null;
  }
}

/** Links in findings (RFCs, vendor docs) open in the user's browser, and only these. */
export function isSafeExternalUrl(url: string): boolean {
  return externalHref(url) !== null;
}

/** Opens a link in the user's browser if it is on the allow-list; says whether it did. */
export function openLinkExternally(url: string, shell: Pick<Shell, 'openExternal'>): boolean {
  const href = externalHref(url);
  if (href === null) return false;
  // Electronegativity flags every openExternal whose argument is not a string literal
  // (OPEN_EXTERNAL_JS_CHECK, "review required"): it cannot see the allow-list. This call is safe:
  // `href` is an https URL on one of the hosts above, without credentials, and it is the URL as
  // parsed and checked, serialised again, so the OS gets exactly what was checked (no file:,
  // smb: or custom scheme that could start a program). A failure to open it has nobody to tell.
  shell.openExternal(href).catch(() => undefined); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}
