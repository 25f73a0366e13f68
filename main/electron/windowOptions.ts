import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/** The one window's options. Exported so a test can check the security settings without
 * starting Electron (STYLE.md: Fiddle's windows.ts). */
export function windowOptions(preloadDir: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    title: 'SMTP Lens',
    show: false,
    webPreferences: {
      preload: path.join(preloadDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Only the app's own page may talk to main: a file:// URL inside our renderer folder, or the
 * dev server electron-vite started. Anything else (a navigated or injected frame) is refused. */
export function isTrustedRendererUrl(url: string, rendererDir: string, devServerUrl: string | undefined): boolean {
  try {
    const u = new URL(url);
    if (devServerUrl && u.origin === new URL(devServerUrl).origin) return true;
    if (u.protocol !== 'file:') return false;
    const file = path.resolve(decodeURIComponent(u.pathname));
    return file.startsWith(path.resolve(rendererDir) + path.sep);
  } catch {
    return false;
  }
}

/** Links in findings (RFCs, vendor docs) open in the user's browser, and only these. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && /(^|\.)(rfc-editor\.org|ietf\.org|iana\.org|postfix\.org|exim\.org|microsoft\.com)$/.test(u.hostname);
  } catch {
    return false;
  }
}
