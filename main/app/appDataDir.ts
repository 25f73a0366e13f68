// Where SMTP Lens keeps its data (the session history) outside Electron: the CLI's --save
// and the web bridge. The Electron shell uses app.getPath('userData') instead (main.ts), and
// SMTP_LENS_DATA_DIR overrides both, which is how tests keep out of the user's folders.
import os from 'node:os';
import path from 'node:path';

export const DATA_DIR_ENV = 'SMTP_LENS_DATA_DIR';

interface Platform {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The per-user data folder, by each platform's convention. */
export function appDataDir({
  env = process.env,
  platform = process.platform,
  home = os.homedir(),
}: Platform = {}): string {
  const override = env[DATA_DIR_ENV];
  if (override) return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'SMTP Lens');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'SMTP Lens');
  // XDG Base Directory: $XDG_DATA_HOME must be absolute, else it is ignored.
  const xdg =
    env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(xdg, 'smtp-lens');
}

export function historyDir(platform: Platform = {}): string {
  return path.join(appDataDir(platform), 'history');
}

/** Electron: history under userData, unless SMTP_LENS_DATA_DIR says otherwise. */
export function electronHistoryDir(userData: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[DATA_DIR_ENV] ? historyDir({ env }) : path.join(userData, 'history');
}
