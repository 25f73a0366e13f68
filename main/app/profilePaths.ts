// Where profiles live: in the same data folder as the history (docs/data.md), so that
// SMTP_LENS_DATA_DIR moves them together and the tests keep out of the user's folders.
import { DATA_DIR_ENV, appDataDir } from './appDataDir';

/** The CLI and the web bridge: the per-user data folder. */
export function profileRoot(env: NodeJS.ProcessEnv = process.env): string {
  return appDataDir({ env });
}

/** Electron: the app's userData folder, unless SMTP_LENS_DATA_DIR says otherwise. */
export function electronProfileRoot(userData: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[DATA_DIR_ENV] ? appDataDir({ env }) : userData;
}
