// The Electron shell's app:// protocol and navigation guards, through the functions main.ts
// hands to Electron (the Electron binary cannot run on the build machines).
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, appProtocolResponse } from '../../main/electron/appProtocol';
import { lockNavigation } from '../../main/electron/navigationGuards';

/** A renderer folder of our own, with a secret file beside it that must never be served. */
const root = mkdtempSync(path.join(tmpdir(), 'smtp-lens-app-protocol-'));
const rendererDir = path.join(root, 'renderer');
mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
writeFileSync(path.join(rendererDir, 'assets', 'icon.svg'), '<svg/>');
writeFileSync(path.join(root, 'secret.txt'), 'SECRET-OUTSIDE-RENDERER');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fetchApp = (url: string, method = 'GET') => appProtocolResponse(url, method, rendererDir);

describe('the app:// protocol', () => {
  it('is a standard, secure scheme, with no CSP bypass, service workers or cross-origin reads', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    expect(APP_INDEX_URL).toBe('app://smtp-lens/index.html');
  });

  it('serves the page and its assets with their types and the Content Security Policy', async () => {
    const page = await fetchApp(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetchApp('app://smtp-lens/')).status).toBe(200);
    const types = {
      'assets/app.js': 'text/javascript; charset=utf-8',
      'assets/app.css': 'text/css; charset=utf-8',
      'assets/icon.svg': 'image/svg+xml',
    };
    for (const [file, type] of Object.entries(types)) {
      const answer = await fetchApp(`app://smtp-lens/${file}`);
      expect(answer.status, file).toBe(200);
      expect(answer.headers.get('content-type'), file).toBe(type);
      expect(answer.headers.get('content-security-policy'), file).toBe(CONTENT_SECURITY_POLICY);
    }
    const head = await fetchApp(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves the built renderer (out/renderer) with every asset its page names', async () => {
    const built = path.resolve('out/renderer');
    const html = readFileSync(path.join(built, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets)
      expect((await appProtocolResponse(`app://smtp-lens/${asset}`, 'GET', built)).status, asset).toBe(200);
  });

  it('refuses path traversal, encoded separators and other hosts, and never serves a file outside the renderer', async () => {
    const refused = [
      'app://smtp-lens/..%2fsecret.txt',
      'app://smtp-lens/assets/..%2f..%2fsecret.txt',
      'app://smtp-lens/%2e%2e/secret.txt',
      'app://smtp-lens/../secret.txt',
      'app://smtp-lens/assets%5c..%5c..%5csecret.txt',
      'app://smtp-lens/%2fetc%2fpasswd',
      'app://smtp-lens/C:%5cWindows%5cwin.ini',
      'app://smtp-lens/index.html%00.js',
      'app://smtp-lens/%E0%A4%A',
      'app://smtp-lens//secret.txt',
      'app://smtp-lens/secret.txt',
      'app://evil/index.html',
      'app://smtp-lens.evil/index.html',
      'app://smtp-lens:8080/index.html',
      'app://user:pw@smtp-lens/index.html',
      'file:///etc/passwd',
      'not a url',
    ];
    for (const url of refused) {
      const answer = await fetchApp(url);
      expect([400, 404], url).toContain(answer.status);
      expect(await answer.text(), url).not.toContain('SECRET-OUTSIDE-RENDERER');
      expect(answer.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await fetchApp(APP_INDEX_URL, 'POST')).status).toBe(405);
  });
});

describe('navigation in any window', () => {
  it('prevents navigation in every frame, server redirects and webviews, and denies new windows', () => {
    const contents = Object.assign(new EventEmitter(), { openHandler: null as null | (() => unknown) });
    const fake = Object.assign(contents, {
      setWindowOpenHandler: (handler: () => unknown) => (contents.openHandler = handler),
    });
    lockNavigation(fake as unknown as WebContents);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(name, { preventDefault: () => (prevented = true) }, 'https://evil.example/');
      expect(prevented, name).toBe(true);
    }
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });
});
