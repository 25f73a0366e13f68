import path from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/viteConfig.mts';

/** Where the build goes; a test builds into a temporary folder so it never races the others. */
const out = process.env.SMTP_LENS_OUT ?? 'out';

export default defineConfig({
  main: {
    build: {
      outDir: `${out}/main`,
      rollupOptions: { input: { main: path.resolve('main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: `${out}/preload`,
      // A sandboxed preload is a single CommonJS script: no ESM, no requires of our own files.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: path.resolve('main/electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      outDir: path.resolve(`${out}/renderer`),
      rollupOptions: { input: path.resolve('renderer/index.html') },
    },
  },
});
