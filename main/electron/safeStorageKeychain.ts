// The desktop app's keychain: Electron's safeStorage, which seals with a key the OS keeps for
// this user (the macOS Keychain, Windows DPAPI, the Secret Service or KWallet on Linux).
// Thin on purpose: what counts as "secure here" is keychainVerdict (main/app/keychain.ts),
// tested without Electron. The asynchronous API: the synchronous one is deprecated in
// Electron 45 and gone in 46, and data sealed by either opens with decryptStringAsync.
import { safeStorage } from 'electron';
import { type Keychain, keychainVerdict } from '../app/keychain';

export const safeStorageKeychain: Keychain = {
  available: async () =>
    keychainVerdict({
      platform: process.platform,
      encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    }),
  seal: (text) => safeStorage.encryptStringAsync(text),
  open: async (blob) => (await safeStorage.decryptStringAsync(blob)).result,
};
