// Where a profile's remembered secret is sealed: the OS keychain, through Electron's
// safeStorage in the desktop app (main/electron/safeStorageKeychain.ts), and nowhere in the
// web bridge or the CLI. The profile store asks `available()` before every seal and every
// open, so where there is no secure backend nothing is written, and nothing falls back to
// plain text.
import type { KeychainState } from '../../shared/profile';

export interface Keychain {
  /** Whether secrets can be kept here, or why not, in words for the form. */
  available(): Promise<KeychainState>;
  /** The secret, encrypted with a key only this user's keychain holds. */
  seal(text: string): Promise<Buffer>;
  /** What `seal` gave, decrypted. Throws when the keychain cannot (another user, a reset keyring). */
  open(blob: Buffer): Promise<string>;
}

export const WEB_BRIDGE_NO_SECRETS =
  'Secrets are never stored through the web bridge: a browser tab has no OS keychain, so type the password each time (the desktop app can remember it).';

export const CLI_NO_SECRETS =
  'The command line never stores secrets: give the password with --auth-pass-env or --auth-pass-stdin each time.';

/** A keychain that keeps nothing, and says why. */
export function noKeychain(why: string): Keychain {
  const refuse = async (): Promise<never> => {
    throw Object.assign(new Error(why), { code: 'KEYCHAIN_UNAVAILABLE' });
  };
  return { available: async () => ({ ok: false, why }), seal: refuse, open: refuse };
}

export const WEB_BRIDGE_KEYCHAIN = noKeychain(WEB_BRIDGE_NO_SECRETS);
export const CLI_KEYCHAIN = noKeychain(CLI_NO_SECRETS);

/** What safeStorage reports, as the Electron shell reads it. */
export interface SafeStorageFacts {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** Linux only: safeStorage.getSelectedStorageBackend(). */
  backend: string | null;
}

/** The OS's keychain by platform, for the words. */
function keychainName(platform: NodeJS.Platform, backend: string | null): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows DPAPI';
  if (backend?.startsWith('kwallet')) return `KWallet (${backend})`;
  if (backend === 'gnome_libsecret') return 'the Secret Service (GNOME Keyring, libsecret)';
  return backend ?? 'the system keychain';
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Whether safeStorage really protects a secret here. On Linux without a keyring Electron
 * "encrypts" with a key written in its own source ('basic_text'), which protects nothing, so
 * that counts as no keychain: the secret is not stored at all rather than stored readable.
 */
export function keychainVerdict(facts: SafeStorageFacts): KeychainState {
  if (facts.platform === 'linux' && (facts.backend === 'basic_text' || facts.backend === 'unknown'))
    return {
      ok: false,
      why:
        facts.backend === 'basic_text'
          ? 'No secure keychain on this system: Electron found no GNOME Keyring (libsecret) or KWallet and would keep the password as plain text ("basic_text"), so SMTP Lens does not remember it. Install and unlock a keyring, then restart SMTP Lens.'
          : 'The system keychain is not ready yet ("unknown" backend), so the password is not remembered: try again in a moment.',
    };
  if (!facts.encryptionAvailable)
    return {
      ok: false,
      why: `${sentence(keychainName(facts.platform, facts.backend))} is not available (safeStorage cannot encrypt here), so the password is not remembered.`,
    };
  return { ok: true, backend: keychainName(facts.platform, facts.backend) };
}
