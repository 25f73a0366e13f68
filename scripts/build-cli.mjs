// Bundles the CLI (main/cli.ts and the engine) into dist/cli/ with esbuild. Runs on `npm ci`
// ("prepare") and before tests, so `npx smtp-lens` works with no other step.
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Every npm package stays a package (resolved from node_modules at run time), except zod: the
// CLI checks every request with it, and as a package it is 95 small modules to resolve and
// compile at each start (most of the CLI's own start-up beyond Node's).
const BUNDLED = new Set(['zod']);
const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync('package.json', 'utf8'));
const external = Object.keys({ ...dependencies, ...devDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

// Build beside the live folder and swap it in at the end: a CLI running from dist/cli (a
// parallel test run, a user's lab) never sees a half-built or missing bundle.
const staging = `dist/.cli-${process.pid}`;
const retired = `dist/.cli-old-${process.pid}`;
rmSync(staging, { recursive: true, force: true });

await build({
  entryPoints: { cli: 'main/cli.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __smtpLensRequire } from 'node:module'; const require = __smtpLensRequire(import.meta.url);",
  },
});

try {
  renameSync('dist/cli', retired);
} catch {
  // first build: nothing to retire
}
renameSync(staging, 'dist/cli');
rmSync(retired, { recursive: true, force: true });
