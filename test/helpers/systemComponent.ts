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
  const reason = `${name} is not installed (${install})`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI must install it (.ci/run)`);
  ctx.skip(`did not run: ${reason}`);
}

export function hasExecutable(path: string): boolean {
  return existsSync(path);
}

export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export const CHROMIUM = '/usr/bin/chromium';
