#!/usr/bin/env node
// Launcher for the bundled CLI (built by `npm ci` through the "prepare" script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write(
    'smtp-lens: the CLI is not built yet. Run "npm ci" (or "npm run build:cli") in the project folder.\n',
  );
  process.exit(2);
}
const { runCli } = await import(bundle.href);
runCli(process.argv.slice(2));
