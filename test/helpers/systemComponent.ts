import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests that need a system component (Chromium, Postfix, swaks) call this first. If the
 * component is missing, the test does not pass silently: outside CI it is reported as "did
 * not run" with the reason; under CI=true it fails, because CI installs everything.
 */
export function requireComponent(
  ctx: { skip(note?: string): void },
  name: string,
  found: boolean,
  install: string,
): void {
  if (found) return;
  missingInCi(ctx, `${name} is not installed (${install})`, 'CI must install it (.ci/run)');
}

/** What the machine lacks for a test: said plainly as "did not run" here, and a failure under
 * CI=true, where the run must prove every test. */
export function missingInCi(ctx: { skip(note?: string): void }, reason: string, inCi: string): void {
  if (process.env.CI === 'true') throw new Error(`${reason}; ${inCi}`);
  ctx.skip(`did not run: ${reason}`);
}

export function hasExecutable(path: string): boolean {
  return existsSync(path);
}

export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export const CHROMIUM = '/usr/bin/chromium';
