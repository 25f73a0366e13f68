import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserWindow, BrowserWindowConstructorOptions, WebFrameMain } from 'electron';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../shared/contentSecurityPolicy';
import { denyAllPermissions } from '../../main/electron/sessionPermissions';
import {
  createMainWindow,
  isSafeExternalUrl,
  isTrustedRendererUrl,
  isTrustedSenderFrame,
  openLinkExternally,
} from '../../main/electron/windowOptions';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('the Electron window', () => {
  it('is isolated and sandboxed, with no Node in the renderer', () => {
    // The options exactly as main.ts hands them to Electron, caught by a stand-in for the class.
    let options: BrowserWindowConstructorOptions | undefined;
    class StandIn {
      constructor(given?: BrowserWindowConstructorOptions) {
        options = given;
      }
    }
    createMainWindow(StandIn as unknown as typeof BrowserWindow, '/app/out/preload');
    const prefs = options!.webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
    expect(options!.show).toBe(false);
  });

  it('denies every permission request, permission check and device the page asks for', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...args: unknown[]) => unknown) => (handlers.device = h),
    };
    denyAllPermissions(session as unknown as Parameters<typeof denyAllPermissions>[0]);
    expect(Object.keys(handlers).sort()).toEqual(['check', 'device', 'request']);
    const page = { getURL: () => 'app://smtp-lens/index.html' };
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'hid',
      'unknown',
    ]) {
      const answers: boolean[] = [];
      handlers.request!(page, permission, (granted: boolean) => answers.push(granted), {});
      expect(answers, permission).toEqual([false]);
      expect(handlers.check!(page, permission, 'app://smtp-lens', {}), permission).toBe(false);
    }
    expect(handlers.device!({ deviceType: 'usb', origin: 'app://smtp-lens', device: {} })).toBe(false);
  });

  it('opens a link externally only when it is on the allow-list, and as the URL it checked', () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) };
    expect(openLinkExternally('https://www.rfc-editor.org/rfc/rfc5321#section-4.2', shell)).toBe(true);
    for (const url of [
      'http://www.rfc-editor.org/rfc/rfc5321',
      'file:///etc/passwd',
      'smb://evil.example/share',
      'ms-msdt:/id PCWDiagnostic',
      'https://rfc-editor.org.evil.example/',
      'https://evil.example/?u=https://www.ietf.org/',
      'https://user:pw@www.ietf.org/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(openLinkExternally(url, shell), url).toBe(false);
    }
    expect(opened).toEqual(['https://www.rfc-editor.org/rfc/rfc5321#section-4.2']);
    // What reaches the OS is the URL as parsed and checked, serialised again.
    expect(openLinkExternally('https://WWW.IETF.ORG/rfc/rfc8314.txt', shell)).toBe(true);
    expect(opened.at(-1)).toBe('https://www.ietf.org/rfc/rfc8314.txt');
  });

  it('answers IPC only from the top frame of the app page', () => {
    const frame = (url: string, parent: unknown) => ({ url, parent }) as unknown as WebFrameMain;
    expect(isTrustedSenderFrame(frame('app://smtp-lens/index.html', null), undefined)).toBe(true);
    expect(isTrustedSenderFrame(frame('app://smtp-lens/index.html', {}), undefined)).toBe(false);
    expect(isTrustedSenderFrame(frame('https://evil.example/', null), undefined)).toBe(false);
    expect(isTrustedSenderFrame(null, undefined)).toBe(false);
  });

  it('has a strict Content Security Policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY_META).not.toContain('frame-ancestors');
  });

  it('the built page carries the CSP', () => {
    const html = readFileSync('out/renderer/index.html', 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}"`);
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('trusts IPC only from the app:// origin, never from file:// on any platform', () => {
    const trusted = (url: string) => isTrustedRendererUrl(url, undefined);
    expect(trusted('app://smtp-lens/index.html')).toBe(true);
    expect(trusted('app://smtp-lens/')).toBe(true);
    for (const url of [
      // Windows, macOS and Linux installs: the built page as a file is not the app's origin.
      'file:///C:/Users/x/AppData/Local/Programs/smtp-lens/resources/app.asar/out/renderer/index.html',
      'file:///C:/Users/x/out/renderer/index.html',
      'file:///Applications/SMTP%20Lens.app/Contents/Resources/app.asar/out/renderer/index.html',
      'file:///home/x/smtp-lens/out/renderer/index.html',
      'file:///etc/passwd',
      // Lookalike app:// hosts, ports and credentials.
      'app://evil/index.html',
      'app://smtp-lens.evil/',
      'app://evil.smtp-lens/',
      'app://smtp-lens:8080/index.html',
      'app://user:pass@smtp-lens/index.html',
      'app://user@smtp-lens/index.html',
      'apps://smtp-lens/index.html',
      // The web and the browser's own pages.
      'https://evil.example/',
      'https://smtp-lens/index.html',
      'http://localhost:5173/',
      'data:text/html,<script>1</script>',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      'chrome://settings',
      'blob:app://smtp-lens/0b7f0e5c-1',
      '',
      'not a url',
    ]) {
      expect(trusted(url), url).toBe(false);
    }
  });

  it('trusts the dev server only when electron-vite started one, and only its exact origin', () => {
    const dev = 'http://localhost:5173';
    expect(isTrustedRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedRendererUrl('app://smtp-lens/index.html', dev)).toBe(true);
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://user:pw@localhost:5173/',
      'http://localhost.evil:5173/',
    ]) {
      expect(isTrustedRendererUrl(url, dev), url).toBe(false);
    }
    expect(
      isTrustedRendererUrl('file:///home/x/out/renderer/index.html', 'file:///home/x/out/renderer/index.html'),
    ).toBe(false);
  });

  it('opens only known documentation sites externally', () => {
    expect(isSafeExternalUrl('https://www.rfc-editor.org/rfc/rfc5321')).toBe(true);
    expect(isSafeExternalUrl('http://www.rfc-editor.org/rfc/rfc5321')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('https://rfc-editor.org.evil.example/')).toBe(false);
  });

  it('the engine never imports electron', () => {
    for (const file of filesUnder('main/engine')) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/from ['"]electron['"]|require\(['"]electron['"]\)/);
    }
  });

  it('the preload exposes named methods, never a channel pass-through', () => {
    const preload = readFileSync('main/electron/preload.ts', 'utf8');
    expect(preload).toContain("contextBridge.exposeInMainWorld('smtpLens', makeApi(invoke, subscribe))");
    const factory = readFileSync('shared/apiFactory.ts', 'utf8');
    expect(factory).not.toMatch(/\(channel: string/);
  });
});
