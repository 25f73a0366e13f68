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

  it('trusts IPC only from its own page', () => {
    expect(isTrustedRendererUrl('file:///app/out/renderer/index.html', '/app/out/renderer', undefined)).toBe(true);
    expect(isTrustedRendererUrl('file:///etc/passwd', '/app/out/renderer', undefined)).toBe(false);
    expect(isTrustedRendererUrl('https://evil.example/', '/app/out/renderer', undefined)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', '/app/out/renderer', 'http://localhost:5173')).toBe(true);
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
