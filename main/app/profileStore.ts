// Saved servers on disk (docs/data.md): one pretty JSON file per profile,
// <data>/profiles/NAME.json, in the smtp-lens/profile@1 schema, so a profile is diffed, shared
// and deleted like any file. The secrets the user asked the desktop app to remember are sealed
// by the keychain into <data>/profile-secrets/NAME.bin: outside the profiles folder, so sharing
// that folder (or one file of it) never carries even their ciphertext.
// The folder is the truth: a file copied in by hand is listed, one that is not a profile is
// reported in words and never changed. The CLI and the app may write at once; each write is
// whole (a temporary file, then a rename).
import { chmod, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  MAX_PROFILE_BYTES,
  type ProfileProblem,
  type ProfileSecrets,
  type ProfileSettings,
  type ProfileSummary,
  profileFileSchema,
  profileFileText,
  profileNameProblem,
  profileProblem,
  profileSecretsSchema,
  profileSettingsSchema,
  profileSummary,
} from '../../shared/profile';
import { PRIVATE_DIR, privateDir, writeAtomic } from './historyStore';
import type { Keychain } from './keychain';

export type ProfileErrorCode =
  | 'PROFILE_BAD_NAME'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_INVALID'
  | 'PROFILE_EXISTS'
  | 'KEYCHAIN_UNAVAILABLE';

export class ProfileError extends Error {
  constructor(
    readonly code: ProfileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}

export interface StoredProfile {
  summary: ProfileSummary;
  settings: ProfileSettings;
}

export interface SaveOptions {
  secrets?: ProfileSecrets;
  /** Seal `secrets` with the keychain; refused (nothing written) where it has none. */
  remember?: boolean;
  /** Overwrite a profile of that name. */
  replace?: boolean;
}

const SUFFIX = '.json';
const SECRET_SUFFIX = '.bin';

function checkName(name: string): string {
  const problem = profileNameProblem(name);
  if (problem) throw new ProfileError('PROFILE_BAD_NAME', problem);
  return name;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Only the secrets that have a value: an empty password is nothing to remember. */
function secretsToKeep(secrets: ProfileSecrets | undefined): ProfileSecrets | null {
  const kept: ProfileSecrets = {
    ...(secrets?.auth ? { auth: secrets.auth } : {}),
    ...(secrets?.proxy ? { proxy: secrets.proxy } : {}),
  };
  return Object.keys(kept).length ? kept : null;
}

export class ProfileStore {
  readonly dir: string;
  readonly secretsDir: string;
  private queue: Promise<unknown> = Promise.resolve();
  private tightened = false;

  /** `root` is the data folder (main/app/appDataDir.ts); profiles go in its `profiles` folder. */
  constructor(
    readonly root: string,
    readonly keychain: Keychain,
  ) {
    this.dir = path.join(root, 'profiles');
    this.secretsDir = path.join(root, 'profile-secrets');
  }

  fileOf(name: string): string {
    return path.join(this.dir, `${checkName(name)}${SUFFIX}`);
  }

  private secretFileOf(name: string): string {
    return path.join(this.secretsDir, `${checkName(name)}${SECRET_SUFFIX}`);
  }

  list(): Promise<{ profiles: ProfileSummary[]; problems: ProfileProblem[] }> {
    return this.enqueue(async () => {
      const profiles: ProfileSummary[] = [];
      const problems: ProfileProblem[] = [];
      for (const file of await this.files()) {
        const name = file.slice(0, -SUFFIX.length);
        const nameProblem = profileNameProblem(name);
        if (nameProblem) {
          problems.push({ file: `profiles/${file}`, problem: `its name is not a profile name: ${nameProblem}` });
          continue;
        }
        const read = await this.readFile(name);
        if ('problem' in read) problems.push({ file: `profiles/${file}`, problem: read.problem });
        else profiles.push(read.summary);
      }
      profiles.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
      return { profiles, problems };
    });
  }

  /** One profile, checked against the schema. */
  read(name: string): Promise<StoredProfile> {
    return this.enqueue(async () => {
      const read = await this.readFile(checkName(name));
      if ('problem' in read)
        throw new ProfileError(
          read.code,
          read.code === 'PROFILE_INVALID' ? `profiles/${name}.json: ${read.problem}` : read.problem,
        );
      return read;
    });
  }

  /** Saves the settings under `name`; with `remember`, the secrets too, sealed, apart. Without
   * it any secret remembered before under that name is forgotten. */
  save(name: string, settings: ProfileSettings, options: SaveOptions = {}): Promise<ProfileSummary> {
    return this.enqueue(async () => {
      checkName(name);
      // Checked again here, whoever called: a profile file never holds anything else.
      const checked = profileSettingsSchema.safeParse(settings);
      if (!checked.success) throw new ProfileError('PROFILE_INVALID', profileProblem(checked.error));
      const existing = await this.existingName(name);
      if (existing && (!options.replace || existing !== name))
        throw new ProfileError(
          'PROFILE_EXISTS',
          existing === name
            ? `a profile named "${name}" already exists`
            : `a profile named "${existing}" already exists (names that differ only in case are one file on macOS and Windows)`,
        );
      const keep = options.remember ? secretsToKeep(profileSecretsSchema.parse(options.secrets ?? {})) : null;
      let sealed: Buffer | null = null;
      if (options.remember) {
        // Asked before anything is written: without a keychain the save is refused whole.
        const state = await this.keychain.available();
        if (!state.ok) throw new ProfileError('KEYCHAIN_UNAVAILABLE', state.why);
        if (keep) sealed = await this.keychain.seal(JSON.stringify(keep));
      }
      await this.prepare();
      await writeAtomic(this.fileOf(name), profileFileText(checked.data));
      if (sealed) {
        await privateDir(this.secretsDir);
        await writeAtomic(this.secretFileOf(name), sealed);
      } else await unlink(this.secretFileOf(name)).catch(() => undefined);
      return profileSummary(name, checked.data, sealed !== null);
    });
  }

  rename(from: string, to: string): Promise<ProfileSummary> {
    return this.enqueue(async () => {
      const source = await this.mustRead(from);
      // A change of case only ("work" to "Work") is a rename of the same file.
      if (from.toLowerCase() !== to.toLowerCase()) await this.mustBeFree(to);
      checkName(to);
      await rename(this.fileOf(from), this.fileOf(to));
      const remembered = await exists(this.secretFileOf(from));
      if (remembered) await rename(this.secretFileOf(from), this.secretFileOf(to));
      return profileSummary(to, source.settings, remembered);
    });
  }

  /** A copy under another name, its remembered secret with it. */
  duplicate(from: string, to: string): Promise<ProfileSummary> {
    return this.enqueue(async () => {
      const source = await this.mustRead(from);
      await this.mustBeFree(to);
      await writeAtomic(this.fileOf(to), profileFileText(source.settings));
      const remembered = await exists(this.secretFileOf(from));
      if (remembered) await writeAtomic(this.secretFileOf(to), await readFile(this.secretFileOf(from)));
      return profileSummary(to, source.settings, remembered);
    });
  }

  /** Deletes the profile and the secret it remembered. */
  remove(name: string): Promise<void> {
    return this.enqueue(async () => {
      checkName(name);
      if (!(await exists(this.fileOf(name))))
        throw new ProfileError('PROFILE_NOT_FOUND', `no profile named "${name}" in ${this.dir}`);
      await unlink(this.fileOf(name));
      await unlink(this.secretFileOf(name)).catch(() => undefined);
    });
  }

  /** The secrets remembered for `name`, opened by the keychain; or why they cannot be. */
  secrets(name: string): Promise<{ secrets: ProfileSecrets | null; problem: string | null }> {
    return this.enqueue(async () => {
      const blob = await readFile(this.secretFileOf(name)).catch(() => null);
      if (!blob) return { secrets: null, problem: null };
      const state = await this.keychain.available();
      if (!state.ok) return { secrets: null, problem: `The remembered password was not opened. ${state.why}` };
      try {
        const opened = profileSecretsSchema.safeParse(JSON.parse(await this.keychain.open(blob)));
        if (opened.success) return { secrets: opened.data, problem: null };
      } catch {
        // Sealed by another user or machine, or a keyring that was reset: said below.
      }
      return {
        secrets: null,
        problem:
          'The remembered password could not be opened by this keychain (another user or machine, or a reset keyring): type it again and save with "Remember".',
      };
    });
  }

  private async readFile(
    name: string,
  ): Promise<StoredProfile | { code: 'PROFILE_NOT_FOUND' | 'PROFILE_INVALID'; problem: string }> {
    const file = this.fileOf(name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return { code: 'PROFILE_NOT_FOUND', problem: `no profile named "${name}" in ${this.dir}` };
    if (info.size > MAX_PROFILE_BYTES)
      return {
        code: 'PROFILE_INVALID',
        problem: `${info.size} bytes is larger than a profile can be (${MAX_PROFILE_BYTES >> 20} MiB); not read`,
      };
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { code: 'PROFILE_INVALID', problem: code ? `cannot read it (${code})` : 'not JSON' };
    }
    const checked = profileFileSchema.safeParse(data);
    if (!checked.success) return { code: 'PROFILE_INVALID', problem: profileProblem(checked.error) };
    const remembered = await exists(this.secretFileOf(name));
    return { summary: profileSummary(name, checked.data.request, remembered), settings: checked.data.request };
  }

  private async mustRead(name: string): Promise<StoredProfile> {
    const read = await this.readFile(checkName(name));
    if ('problem' in read) throw new ProfileError(read.code, read.problem);
    return read;
  }

  private async mustBeFree(name: string): Promise<void> {
    const existing = await this.existingName(checkName(name));
    if (existing) throw new ProfileError('PROFILE_EXISTS', `a profile named "${existing}" already exists`);
  }

  /** The name of a profile file that is `name` on a case-insensitive disk, if there is one. */
  private async existingName(name: string): Promise<string | null> {
    const wanted = `${name}${SUFFIX}`.toLowerCase();
    const found = (await this.files()).find((f) => f.toLowerCase() === wanted);
    return found ? found.slice(0, -SUFFIX.length) : null;
  }

  private async files(): Promise<string[]> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile() && e.name.endsWith(SUFFIX)).map((e) => e.name);
  }

  /** The folder, private (it holds user names and hosts); one an older copy left open is closed. */
  private async prepare(): Promise<void> {
    await privateDir(this.dir);
    if (!this.tightened) {
      this.tightened = true;
      await chmod(this.dir, PRIVATE_DIR);
      if (await exists(this.secretsDir)) await chmod(this.secretsDir, PRIVATE_DIR);
    }
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** One store per data folder and keychain per process, so windows and tabs queue together. */
const stores = new Map<Keychain, Map<string, ProfileStore>>();
export function profileStoreFor(root: string, keychain: Keychain): ProfileStore {
  const byRoot = stores.get(keychain) ?? new Map<string, ProfileStore>();
  stores.set(keychain, byRoot);
  let store = byRoot.get(root);
  if (!store) {
    store = new ProfileStore(root, keychain);
    byRoot.set(root, store);
  }
  return store;
}
