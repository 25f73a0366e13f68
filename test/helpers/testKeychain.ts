// A keychain for the tests of the profile store: real AES-256-GCM under a key that lives only in
// this process, as safeStorage's key lives only in the OS keychain. It can also be switched off,
// as safeStorage is on Linux without a keyring.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keychain } from '../../main/app/keychain';
import type { KeychainState } from '../../shared/profile';

export function testKeychain(state: KeychainState = { ok: true, backend: 'the test keychain' }): Keychain & {
  sealed: number;
  set(next: KeychainState): void;
} {
  const key = randomBytes(32);
  let current = state;
  const chain = {
    sealed: 0,
    set(next: KeychainState) {
      current = next;
    },
    available: async () => current,
    seal: async (text: string) => {
      if (!current.ok) throw new Error('sealed while unavailable');
      chain.sealed++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open: async (blob: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
  return chain;
}
