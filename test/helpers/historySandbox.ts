import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Every session the tests finish through the app (web bridge, e2e) is saved to the history:
 * point SMTP_LENS_DATA_DIR at a throw-away folder so no test writes into the user's data
 * folder, and delete it afterwards. Workers and the CLIs they spawn inherit the variable. */
export function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-test-data-'));
  process.env.SMTP_LENS_DATA_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
