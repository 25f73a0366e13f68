// The profile store on a real disk: files as a user would find them, names that could escape
// the folder, hand-edited and hostile files, and remembered secrets sealed by an injected
// keychain (real AES-GCM), kept apart from the JSON, or refused in words where there is none.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainVerdict, WEB_BRIDGE_KEYCHAIN } from '../../main/app/keychain';
import { ProfileError, ProfileStore } from '../../main/app/profileStore';
import { PROFILE_SCHEMA, type ProfileSettings, profileFromRequest } from '../../shared/profile';
import { testKeychain } from '../helpers/testKeychain';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'smtp-lens-profiles-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const WORK: ProfileSettings = {
  host: 'mail.example.com',
  port: 587,
  tls: 'starttls',
  ehlo: 'client.example.com',
  servername: 'mail.example.com',
  bind: '192.0.2.10',
  proxy: { url: 'socks5h://ops@127.0.0.1:1080' },
  auth: { user: 'alice@example.com', mechanism: 'PLAIN' },
  from: 'alice@example.com',
  to: ['bob@example.com'],
  noPipelining: true,
  bdat: true,
  notify: ['SUCCESS', 'FAILURE'],
  ca: [{ file: '/etc/ssl/company-ca.pem' }],
};

async function refusal(promise: Promise<unknown>): Promise<ProfileError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProfileError);
  return err as ProfileError;
}

describe('the profile store', () => {
  it('saves a profile as one pretty JSON file with its schema, private to the user, and lists it', async () => {
    const store = new ProfileStore(root, WEB_BRIDGE_KEYCHAIN);
    const summary = await store.save('work', WORK);
    expect(summary).toEqual({
      name: 'work',
      file: 'profiles/work.json',
      host: 'mail.example.com',
      port: 587,
      tls: 'starttls',
      user: 'alice@example.com',
      remembered: false,
    });
    const file = path.join(root, 'profiles', 'work.json');
    const text = readFileSync(file, 'utf8');
    expect(
      text.startsWith(`{\n  "schema": "${PROFILE_SCHEMA}",\n  "request": {\n    "host": "mail.example.com",`),
    ).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ schema: PROFILE_SCHEMA, request: WORK });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(root, 'profiles')).mode & 0o777).toBe(0o700);
    expect((await store.list()).profiles.map((p) => p.name)).toEqual(['work']);
    expect((await store.read('work')).settings).toEqual(WORK);
  });

  it('makes a profiles folder that was left readable by others private again', async () => {
    mkdirSync(path.join(root, 'profiles'), { mode: 0o755 });
    await new ProfileStore(root, WEB_BRIDGE_KEYCHAIN).save('work', WORK);
    expect(statSync(path.join(root, 'profiles')).mode & 0o777).toBe(0o700);
  });

  it('renames, duplicates and deletes, and refuses a name that is taken (in any case)', async () => {
    const store = new ProfileStore(root, WEB_BRIDGE_KEYCHAIN);
    await store.save('work', WORK);
    await store.save('lab', { host: '127.0.0.1', port: 2525, tls: 'starttls' });
    expect((await store.rename('work', 'office')).name).toBe('office');
    expect((await store.duplicate('office', 'office-2')).host).toBe('mail.example.com');
    expect((await store.list()).profiles.map((p) => p.name)).toEqual(['lab', 'office', 'office-2']);
    expect(readdirSync(path.join(root, 'profiles')).sort()).toEqual(['lab.json', 'office-2.json', 'office.json']);
    expect((await store.read('office-2')).settings).toEqual(WORK);

    const taken = await refusal(store.rename('lab', 'OFFICE'));
    expect(taken.code).toBe('PROFILE_EXISTS');
    expect(taken.message).toBe('a profile named "office" already exists');
    expect((await refusal(store.save('Lab', WORK, { replace: true }))).message).toContain(
      'names that differ only in case are one file on macOS and Windows',
    );
    expect((await refusal(store.save('lab', WORK))).code).toBe('PROFILE_EXISTS');
    await store.save('lab', WORK, { replace: true });
    expect((await store.read('lab')).settings.host).toBe('mail.example.com');
    // A change of case alone is a rename of the same profile.
    expect((await store.rename('lab', 'Lab')).name).toBe('Lab');

    await store.remove('office-2');
    expect(existsSync(path.join(root, 'profiles', 'office-2.json'))).toBe(false);
    const gone = await refusal(store.remove('office-2'));
    expect(gone.code).toBe('PROFILE_NOT_FOUND');
    expect(gone.message).toBe(`no profile named "office-2" in ${path.join(root, 'profiles')}`);
    expect((await refusal(store.read('nothing'))).code).toBe('PROFILE_NOT_FOUND');
  });

  it('refuses every name that is not a plain file name, in words, and writes nothing anywhere', async () => {
    const store = new ProfileStore(root, WEB_BRIDGE_KEYCHAIN);
    const words =
      'is not a profile name: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or a digit';
    for (const name of [
      '../x',
      '..',
      'a/b',
      'a\\b',
      '/etc/passwd',
      '.hidden',
      '',
      'x'.repeat(65),
      'a b',
      'a..b',
      'é',
    ]) {
      const err = await refusal(store.save(name, WORK));
      expect(err.code, name).toBe('PROFILE_BAD_NAME');
      expect(err.message, name).toContain(words);
    }
    expect((await refusal(store.save('work.', WORK))).message).toBe(
      '"work." is not a profile name: it cannot end with "."',
    );
    expect((await refusal(store.save('CON', WORK))).message).toBe(
      '"CON" is not a profile name: Windows reserves it for a device',
    );
    expect((await refusal(store.save('nul.txt', WORK))).code).toBe('PROFILE_BAD_NAME');
    expect((await refusal(store.rename('x', '../x'))).code).toBe('PROFILE_NOT_FOUND');
    await store.save('ok', WORK);
    expect((await refusal(store.rename('ok', '../x'))).code).toBe('PROFILE_BAD_NAME');
    expect((await refusal(store.duplicate('ok', '../../x'))).code).toBe('PROFILE_BAD_NAME');
    expect((await refusal(store.read('../ok'))).code).toBe('PROFILE_BAD_NAME');
    expect(readdirSync(root)).toEqual(['profiles']);
    expect(readdirSync(path.join(root, 'profiles'))).toEqual(['ok.json']);
    expect(existsSync(path.join(path.dirname(root), 'x.json'))).toBe(false);
  });

  it('refuses hand-edited and hostile files in words, lists them as problems, and never changes them', async () => {
    const dir = path.join(root, 'profiles');
    mkdirSync(dir, { recursive: true });
    const files: Record<string, string> = {
      'not-json.json': '{ "schema": ',
      'other.json': JSON.stringify({ schema: 'smtp-lens/transcript@1', request: WORK }),
      'password.json': JSON.stringify({ schema: PROFILE_SCHEMA, request: { ...WORK, password: 'hunter2' } }),
      'secret.json': JSON.stringify({
        schema: PROFILE_SCHEMA,
        request: { ...WORK, auth: { user: 'a', secret: 'hunter2' } },
      }),
      'proto.json': `{"schema":"${PROFILE_SCHEMA}","request":{"host":"h","port":25,"tls":"auto","__proto__":{"admin":true}}}`,
      'port.json': JSON.stringify({ schema: PROFILE_SCHEMA, request: { ...WORK, port: 70000 } }),
      'array.json': '[1,2,3]',
      'proxy.json': JSON.stringify({
        schema: PROFILE_SCHEMA,
        request: { ...WORK, proxy: { url: 'socks5://u:pw@127.0.0.1:1080' } },
      }),
      'ca.json': JSON.stringify({ schema: PROFILE_SCHEMA, request: { ...WORK, ca: [{ pem: 'not a certificate' }] } }),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    writeFileSync(path.join(dir, 'huge.json'), Buffer.alloc(4 * 1024 * 1024 + 1, 0x20));
    writeFileSync(path.join(dir, 'bad name.json'), JSON.stringify({ schema: PROFILE_SCHEMA, request: WORK }));
    writeFileSync(path.join(dir, 'README.txt'), 'not ours');
    const store = new ProfileStore(root, WEB_BRIDGE_KEYCHAIN);
    await store.save('good', WORK);

    const { profiles, problems } = await store.list();
    expect(profiles.map((p) => p.name)).toEqual(['good']);
    const said = Object.fromEntries(problems.map((p) => [p.file, p.problem]));
    expect(said).toEqual({
      'profiles/not-json.json': 'not JSON',
      'profiles/other.json': 'schema: schema: not "smtp-lens/profile@1": this is not an SMTP Lens profile',
      'profiles/password.json': 'request: Unrecognized key: "password" (a profile holds only the request\'s settings)',
      'profiles/secret.json': 'request.auth: Unrecognized key: "secret" (a profile holds only the request\'s settings)',
      'profiles/proto.json': 'request: Unrecognized key: "__proto__" (a profile holds only the request\'s settings)',
      'profiles/port.json': 'request.port: port must be a number from 1 to 65535',
      'profiles/array.json': expect.stringMatching(/^the file: /),
      'profiles/proxy.json':
        'request.proxy.url: proxy: the proxy password is never put in the URL: give only the user, and the password apart',
      'profiles/ca.json': expect.stringMatching(/^request\.ca\.0: ca: each CA is \{"file": PATH\}/),
      'profiles/huge.json': '4194305 bytes is larger than a profile can be (4 MiB); not read',
      'profiles/bad name.json': expect.stringMatching(
        /^its name is not a profile name: "bad name" is not a profile name/,
      ),
    });
    const err = await refusal(store.read('password'));
    expect(err.code).toBe('PROFILE_INVALID');
    expect(err.message).toBe(
      'profiles/password.json: request: Unrecognized key: "password" (a profile holds only the request\'s settings)',
    );
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    for (const [name, text] of Object.entries(files)) expect(readFileSync(path.join(dir, name), 'utf8')).toBe(text);
    expect(readFileSync(path.join(dir, 'README.txt'), 'utf8')).toBe('not ours');
  });

  it('saves from a session request without the password, the proxy password or the message', async () => {
    const settings = profileFromRequest(
      {
        host: 'mail.example.com',
        port: 465,
        tls: 'implicit',
        proxy: { url: 'http://ops@proxy.example:3128', secret: 'proxy-pw-1' },
        auth: { user: 'alice', secret: 'pw-1', mechanism: 'LOGIN' },
        data: 'Subject: hi\r\n\r\nbody',
        ca: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
      },
      [{ file: '/srv/ca.pem' }],
    );
    expect(settings).toEqual({
      host: 'mail.example.com',
      port: 465,
      tls: 'implicit',
      proxy: { url: 'http://ops@proxy.example:3128' },
      auth: { user: 'alice', mechanism: 'LOGIN' },
      ca: [{ file: '/srv/ca.pem' }],
    });
  });
});

describe('remembered secrets', () => {
  const SECRETS = { auth: 'correct horse battery staple', proxy: 'proxy-secret-42' };

  it('with a keychain, "remember" seals them into profile-secrets/NAME.bin, never into the JSON', async () => {
    const keychain = testKeychain();
    const store = new ProfileStore(root, keychain);
    const summary = await store.save('work', WORK, { secrets: SECRETS, remember: true });
    expect(summary.remembered).toBe(true);
    expect(keychain.sealed).toBe(1);
    const blobFile = path.join(root, 'profile-secrets', 'work.bin');
    const blob = readFileSync(blobFile);
    expect(statSync(blobFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(blobFile)).mode & 0o777).toBe(0o700);
    expect(blob.toString('latin1')).not.toContain(SECRETS.auth);
    const json = readFileSync(path.join(root, 'profiles', 'work.json'), 'utf8');
    for (const s of Object.values(SECRETS)) {
      expect(json).not.toContain(s);
      expect(json).not.toContain(Buffer.from(s).toString('base64'));
    }
    expect(await store.secrets('work')).toEqual({ secrets: SECRETS, problem: null });
    expect((await store.list()).profiles[0]!.remembered).toBe(true);

    // The secret follows a rename and a copy, and goes with a delete.
    await store.rename('work', 'office');
    expect(existsSync(blobFile)).toBe(false);
    await store.duplicate('office', 'office-2');
    expect(await store.secrets('office-2')).toEqual({ secrets: SECRETS, problem: null });
    await store.remove('office');
    expect(readdirSync(path.join(root, 'profile-secrets'))).toEqual(['office-2.bin']);

    // Saving again without "remember" forgets it.
    await store.save('office-2', WORK, { secrets: SECRETS, replace: true });
    expect(readdirSync(path.join(root, 'profile-secrets'))).toEqual([]);
    expect(await store.secrets('office-2')).toEqual({ secrets: null, problem: null });
  });

  it('without a secure keychain, "remember" is refused in words and nothing at all is written', async () => {
    const why = keychainVerdict({ platform: 'linux', encryptionAvailable: true, backend: 'basic_text' });
    expect(why.ok).toBe(false);
    const keychain = testKeychain(why);
    const store = new ProfileStore(root, keychain);
    const err = await refusal(store.save('work', WORK, { secrets: SECRETS, remember: true }));
    expect(err.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(err.message).toBe(
      'No secure keychain on this system: Electron found no GNOME Keyring (libsecret) or KWallet and would keep the password as plain text ("basic_text"), so SMTP Lens does not remember it. Install and unlock a keyring, then restart SMTP Lens.',
    );
    expect(keychain.sealed).toBe(0);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a secret sealed earlier is not opened once the keychain is gone, and says why', async () => {
    const keychain = testKeychain();
    const store = new ProfileStore(root, keychain);
    await store.save('work', WORK, { secrets: SECRETS, remember: true });
    keychain.set({ ok: false, why: 'the macOS Keychain is not available' });
    expect(await store.secrets('work')).toEqual({
      secrets: null,
      problem: 'The remembered password was not opened. the macOS Keychain is not available',
    });
    // Another keychain (another user or machine) cannot open it.
    const other = new ProfileStore(root, testKeychain());
    expect((await other.secrets('work')).problem).toMatch(/could not be opened by this keychain/);
  });

  it('through the web bridge secrets are never stored, whatever the request says', async () => {
    const store = new ProfileStore(root, WEB_BRIDGE_KEYCHAIN);
    const err = await refusal(store.save('work', WORK, { secrets: SECRETS, remember: true }));
    expect(err.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(err.message).toMatch(/^Secrets are never stored through the web bridge/);
    expect(readdirSync(root)).toEqual([]);
    await store.save('work', WORK, { secrets: SECRETS });
    expect(readdirSync(root)).toEqual(['profiles']);
  });

  it('says which keychain protects the secret, and refuses where none does', () => {
    expect(keychainVerdict({ platform: 'darwin', encryptionAvailable: true, backend: null })).toEqual({
      ok: true,
      backend: 'the macOS Keychain',
    });
    expect(keychainVerdict({ platform: 'win32', encryptionAvailable: true, backend: null })).toEqual({
      ok: true,
      backend: 'Windows DPAPI',
    });
    expect(keychainVerdict({ platform: 'linux', encryptionAvailable: true, backend: 'kwallet6' })).toEqual({
      ok: true,
      backend: 'KWallet (kwallet6)',
    });
    expect(keychainVerdict({ platform: 'linux', encryptionAvailable: true, backend: 'gnome_libsecret' }).ok).toBe(true);
    expect(keychainVerdict({ platform: 'linux', encryptionAvailable: false, backend: 'gnome_libsecret' })).toEqual({
      ok: false,
      why: 'The Secret Service (GNOME Keyring, libsecret) is not available (safeStorage cannot encrypt here), so the password is not remembered.',
    });
    expect(keychainVerdict({ platform: 'linux', encryptionAvailable: true, backend: 'unknown' }).ok).toBe(false);
    expect(keychainVerdict({ platform: 'darwin', encryptionAvailable: false, backend: null })).toEqual({
      ok: false,
      why: 'The macOS Keychain is not available (safeStorage cannot encrypt here), so the password is not remembered.',
    });
  });
});
