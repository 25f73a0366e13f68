import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../shared/contentSecurityPolicy';
import { isSafeExternalUrl, isTrustedRendererUrl, windowOptions } from '../../main/electron/windowOptions';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('the Electron window', () => {
  it('is isolated and sandboxed, with no Node in the renderer', () => {
    const prefs = windowOptions('/app/out/preload').webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
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
