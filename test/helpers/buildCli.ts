import { execFileSync } from 'node:child_process';

/** The CLI tests run the real `smtp-lens` bin, so the bundle must match the sources. */
export function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
