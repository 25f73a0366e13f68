import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The Electron executable if it is installed, found the way node_modules/electron/index.js
 * finds it, but without its side effect of trying to download it. */
export function electronBinary(root = process.cwd()) {
  const electronDir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist');
  const binary = path.join(base, relative);
  return existsSync(binary) ? binary : null;
}
