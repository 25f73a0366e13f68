// Bundles the fuzz runner (test/fuzz/fuzzMain.ts) with esbuild and runs it in plain Node, so a
// long run is not bound by a test runner's timeouts. Arguments pass through.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

// Inside the checkout, so that the external packages resolve from its node_modules.
const dir = path.resolve(`dist/.fuzz-${process.pid}`);
const outfile = path.join(dir, 'fuzz.mjs');
await build({
  entryPoints: ['test/fuzz/fuzzMain.ts'],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __smtpLensRequire } from 'node:module'; const require = __smtpLensRequire(import.meta.url);",
  },
});
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
