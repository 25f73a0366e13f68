import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { isAppOrigin } from './appProtocol';

/** The one window's options. Exported so a test can check the security settings without
 * starting Electron (as Electron Fiddle's windows.ts does). */
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

/** Links in findings (RFCs, vendor docs) open in the user's browser, and only these. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' &&
      /(^|\.)(rfc-editor\.org|ietf\.org|iana\.org|postfix\.org|exim\.org|microsoft\.com)$/.test(u.hostname)
    );
  } catch {
    return false;
  }
}
