#!/usr/bin/env node
// Launcher for the bundled CLI (built by `npm ci` through the "prepare" script).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// V8's code cache for the bundle, kept on disk by Node (22.1 and later; a no-op before): a
// later run skips compiling ~1 MB of JavaScript, which is most of the CLI's own start-up.
module.enableCompileCache?.();

const bundle = new URL('../dist/cli/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write(
    'smtp-lens: the CLI is not built yet. Run "npm ci" (or "npm run build:cli") in the project folder.\n',
  );
  process.exit(2);
}
const { runCli } = await import(bundle.href);
runCli(process.argv.slice(2));
