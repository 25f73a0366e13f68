// Bundles the CLI (main/cli.ts and the engine) into dist/cli/ with esbuild. Runs on `npm ci`
// ("prepare") and before tests, so `npx smtp-lens` works with no other step.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes; start clean so old chunks do not pile up.
rmSync('dist/cli', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'main/cli.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __smtpLensRequire } from 'node:module'; const require = __smtpLensRequire(import.meta.url);" },
});
