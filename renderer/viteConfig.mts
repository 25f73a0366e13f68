import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from '../shared/contentSecurityPolicy.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The built page carries its CSP in a meta tag (the dev server's HMR needs inline script,
 * so only builds get it; the web bridge also sends it as a header). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'smtp-lens-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<head>',
        `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`,
      ),
  };
}

/** The renderer build, shared by electron-vite (the desktop app) and plain vite (the web
 * bridge), so both faces load exactly the same UI. */
export const rendererConfig: UserConfig = {
  root: here,
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: path.resolve(here, '../out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
};
