import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The CLI tests run the real `smtp-lens` bin and the end-to-end tests the built renderer,
 * so both are built from the current sources before any test runs. */
export function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [
      path.resolve('node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit' },
  );
}
