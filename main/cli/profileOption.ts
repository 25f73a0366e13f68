// --profile NAME and --save-profile NAME (probe, sweep; domain takes --profile for its route):
// a saved server's settings as the base of a run, every option typed beside it winning field by
// field, and the run's options saved under a name, never with a password (docs/data.md).
import path from 'node:path';
import { type ProfileCa, type ProfileSettings, profileSettingsSchema, profileProblem } from '../../shared/profile';
import { terminalSafe } from '../../shared/untrustedText';
import { CLI_KEYCHAIN } from '../app/keychain';
import { profileRoot } from '../app/profilePaths';
import { ProfileError, ProfileStore } from '../app/profileStore';
import { UsageError, readOptionFile } from './usage';

export { PROFILE_OPTIONS } from './profileFlags';

/** The CLI's store: the data folder, and no keychain (the CLI never stores a secret). */
export function cliProfileStore(): ProfileStore {
  return new ProfileStore(profileRoot(), CLI_KEYCHAIN);
}

export interface LoadedProfile {
  name: string;
  settings: ProfileSettings;
  /** Its CAs as certificates: files read now, as --ca reads them. */
  caPems: string[];
}

/** A ProfileError as the CLI says it: one line, exit code 2. */
function usage(option: string, name: string, err: unknown): never {
  if (!(err instanceof ProfileError)) throw err;
  const hint = err.code === 'PROFILE_NOT_FOUND' ? ' ("smtp-lens profiles" lists them)' : '';
  throw new UsageError(`${option} ${name}: ${err.message}${hint}`);
}

/** --profile NAME, read and checked; null without the option. */
export async function loadProfile(name: string | undefined): Promise<LoadedProfile | null> {
  if (name === undefined) return null;
  const store = cliProfileStore();
  const stored = await store.read(name).catch((err: unknown) => usage('--profile', name, err));
  const caPems = (stored.settings.ca ?? []).map((ca) =>
    'pem' in ca ? ca.pem : readOptionFile(ca.file, `--profile ${name}: its CA file`),
  );
  return { name, settings: stored.settings, caPems };
}

/** The CAs to save: the files given with --ca (as absolute paths, so the profile works from any
 * folder), else the profile's own. */
export function caToSave(caFiles: string[] | undefined, base: LoadedProfile | null): ProfileCa[] | undefined {
  if (caFiles?.length) return caFiles.map((file) => ({ file: path.resolve(file) }));
  return base?.settings.ca;
}

/** --save-profile NAME: the request as a profile, without its secrets; replaces one of that name. */
export async function saveProfileOption(name: string, settings: ProfileSettings): Promise<void> {
  const store = cliProfileStore();
  const checked = profileSettingsSchema.safeParse(settings);
  if (!checked.success) throw new UsageError(`--save-profile ${name}: ${profileProblem(checked.error)}`);
  await store.save(name, checked.data, { replace: true }).catch((err: unknown) => usage('--save-profile', name, err));
  process.stderr.write(
    terminalSafe(`Saved profile ${name}: ${store.fileOf(name)} (no password is saved; give it each time)\n`),
  );
}

/** The string options sweep and domain share with probe. */
interface RouteValues {
  ehlo?: string | undefined;
  servername?: string | undefined;
  bind?: string | undefined;
  proxy?: string | undefined;
  timeout?: string | undefined;
}
type RouteKey = keyof RouteValues;

/** The options as typed, with those left out taken from the profile (as if typed). */
export function fillFromProfile<V extends RouteValues>(values: V, base: LoadedProfile | null, keys: RouteKey[]): V {
  if (!base) return values;
  const s = base.settings;
  const saved: RouteValues = {
    ehlo: s.ehlo,
    servername: s.servername,
    bind: s.bind,
    proxy: s.proxy?.url,
    timeout: s.timeoutMs === undefined ? undefined : String(s.timeoutMs),
  };
  const filled: V = { ...values };
  for (const key of keys)
    if (filled[key] === undefined && saved[key] !== undefined) filled[key] = saved[key] as V[RouteKey];
  return filled;
}

/** sweep --save-profile: the host, names, CAs, route and timeout; the port and TLS mode a later
 * probe uses are the profile's, or the first port swept and "auto". */
export async function saveSweepProfile(
  name: string | undefined,
  host: string,
  ports: number[],
  values: RouteValues & { ca?: string[] | undefined },
  base: LoadedProfile | null,
): Promise<void> {
  if (name === undefined) return;
  const ca = caToSave(values.ca, base);
  await saveProfileOption(name, {
    ...base?.settings,
    host,
    port: base?.settings.port ?? ports[0] ?? 25,
    tls: base?.settings.tls ?? 'auto',
    ...(values.ehlo ? { ehlo: values.ehlo } : {}),
    ...(values.servername ? { servername: values.servername } : {}),
    ...(values.bind ? { bind: values.bind } : {}),
    ...(values.proxy ? { proxy: { url: values.proxy } } : {}),
    ...(values.timeout ? { timeoutMs: Number(values.timeout) } : {}),
    ...(ca ? { ca } : {}),
  });
}
