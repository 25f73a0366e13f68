// The `profiles:*` channels (shared/ipc.ts) over one ProfileStore: the same for the desktop
// app (its keychain is safeStorage) and the web bridge (which keeps no secret).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc';
import type { OpenedProfile, ProfileCa } from '../../shared/profile';
import type { ProfileStore } from './profileStore';

/** A CA file larger than this is not a certificate or two. */
const MAX_CA_FILE_BYTES = 1_000_000;
const ONLY_CERTIFICATES = /^(\s*-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$/;

/**
 * The certificates of a profile's CAs, for the form. A file named by the profile is read only
 * if it holds nothing but PEM certificates: a shared profile that names a key or a password
 * file gets it refused in words, and its content never reaches the window.
 */
export async function resolveCa(entries: ProfileCa[] | undefined): Promise<Pick<OpenedProfile, 'ca' | 'caProblem'>> {
  const ca: OpenedProfile['ca'] = [];
  const problems: string[] = [];
  for (const entry of entries ?? []) {
    if ('pem' in entry) {
      ca.push({ name: entry.name, pem: entry.pem });
      continue;
    }
    const size = await stat(entry.file).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
    const text =
      size !== null && size <= MAX_CA_FILE_BYTES ? await readFile(entry.file, 'utf8').catch(() => null) : null;
    if (text === null) problems.push(`cannot read the CA file ${entry.file}`);
    else if (!ONLY_CERTIFICATES.test(text)) problems.push(`${entry.file} is not a PEM certificate file: not loaded`);
    else ca.push({ name: path.basename(entry.file), pem: text });
  }
  return { ca, caProblem: problems.length ? `${problems.join('; ')}.` : null };
}

type ProfileChannel = Extract<Channel, `profiles:${string}`>;
type Value<C extends Channel> = Extract<ResponseOf<C>, { ok: true }>['value'];

export function profileHandlers(store: ProfileStore | null): {
  [C in ProfileChannel]: (r: RequestOf<C>) => Promise<Value<C>>;
} {
  const off = (): never => {
    throw Object.assign(new Error('saved servers are turned off here'), { code: 'PROFILES_OFF' });
  };
  return {
    'profiles:list': async () => {
      if (!store) return off();
      const [listed, keychain] = await Promise.all([store.list(), store.keychain.available()]);
      return { ...listed, keychain };
    },
    'profiles:open': async (r) => {
      if (!store) return off();
      const { summary, settings } = await store.read(r.name);
      const [{ secrets, problem }, ca] = await Promise.all([store.secrets(r.name), resolveCa(settings.ca)]);
      return { summary, settings, secrets, secretProblem: problem, ...ca };
    },
    'profiles:save': (r) =>
      store
        ? store.save(r.name, r.settings, {
            ...(r.secrets ? { secrets: r.secrets } : {}),
            remember: r.remember,
            replace: r.replace,
          })
        : off(),
    'profiles:rename': (r) => (store ? store.rename(r.from, r.to) : off()),
    'profiles:duplicate': (r) => (store ? store.duplicate(r.from, r.to) : off()),
    'profiles:delete': async (r) => {
      if (!store) return off();
      await store.remove(r.name);
      return null;
    },
  };
}
