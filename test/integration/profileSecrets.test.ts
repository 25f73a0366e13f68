// No profile file ever holds a secret. Profiles are saved every way there is (the desktop app's
// endpoint with a keychain, "remember" on and off; the web bridge's; the store itself; the CLI's
// --save-profile) from requests that had an AUTH password, a proxy password and an XOAUTH2
// token; then every file in the profiles folder is read, byte by byte, for each secret in every
// form it takes on the wire (as typed, base64, AUTH PLAIN's and XOAUTH2's encodings).
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcEndpoint, type IpcEndpoint } from '../../main/app/ipcHandlers';
import { WEB_BRIDGE_KEYCHAIN } from '../../main/app/keychain';
import { LabService } from '../../main/app/labService';
import { ProfileStore } from '../../main/app/profileStore';
import { secretForms } from '../../main/engine/auth';
import { profileFromRequest } from '../../shared/profile';
import type { SessionRequest } from '../../shared/sessionRequest';
import { runCli } from '../helpers/cli';
import { testKeychain } from '../helpers/testKeychain';

const PASSWORD = { user: 'alice@example.com', secret: 'Pa55-word-for-the-grep-test' };
const PROXY = { user: 'ops', secret: 'proxy-Pa55-for-the-grep-test' };
const TOKEN = { user: 'bob@example.com', secret: 'ya29.xoauth2-token-for-the-grep-test' };

/** Every form a secret could take in a file: as typed, base64 and base64url, hex, and the SASL
 * encodings (PLAIN's \0user\0secret, XOAUTH2's user=…\x01auth=Bearer …). */
function forms(): string[] {
  const out = new Set<string>();
  for (const creds of [PASSWORD, PROXY, TOKEN]) {
    for (const f of secretForms(creds)) out.add(f);
    out.add(Buffer.from(creds.secret).toString('base64url'));
    out.add(Buffer.from(creds.secret).toString('hex'));
    out.add(JSON.stringify(creds.secret).slice(1, -1));
  }
  return [...out];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

const request = (over: Partial<SessionRequest>): SessionRequest => ({
  host: 'mail.example.com',
  port: 587,
  tls: 'starttls',
  proxy: { url: `socks5h://${PROXY.user}@127.0.0.1:1080`, secret: PROXY.secret },
  auth: { ...PASSWORD, mechanism: 'PLAIN' },
  ...over,
});

let root: string;
let lab: LabService;
let desktop: IpcEndpoint;
let web: IpcEndpoint;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'smtp-lens-profile-grep-'));
  lab = new LabService();
  desktop = createIpcEndpoint(() => undefined, lab, {
    history: null,
    profiles: new ProfileStore(root, testKeychain()),
  });
  web = createIpcEndpoint(() => undefined, lab, {
    history: null,
    profiles: new ProfileStore(root, WEB_BRIDGE_KEYCHAIN),
  });
});
afterAll(async () => {
  desktop.dispose();
  web.dispose();
  await lab.close();
  rmSync(root, { recursive: true, force: true });
});

async function saved(endpoint: IpcEndpoint, name: string, r: SessionRequest, remember: boolean) {
  const answer = await endpoint.invoke('profiles:save', {
    name,
    settings: profileFromRequest(r),
    secrets: { auth: r.auth?.secret, proxy: r.proxy?.secret },
    remember,
    replace: false,
  });
  return answer;
}

describe('profile files never hold a secret', () => {
  it('saved every way, with a password, a proxy password and an XOAUTH2 token, none is in any file', async () => {
    // The desktop app, "remember" ticked: sealed apart.
    expect((await saved(desktop, 'remembered', request({}), true)).ok).toBe(true);
    const token = request({ auth: { ...TOKEN, mechanism: 'XOAUTH2' } });
    expect((await saved(desktop, 'oauth-remembered', token, true)).ok).toBe(true);
    // The desktop app, not ticked.
    expect((await saved(desktop, 'not-remembered', request({}), false)).ok).toBe(true);
    // The web bridge: "remember" is refused, and without it the profile is saved bare.
    const refused = await saved(web, 'web-remembered', request({}), true);
    expect(refused).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
    expect((await saved(web, 'web', token, false)).ok).toBe(true);
    // Renamed and copied, the secret sealed with them.
    expect((await desktop.invoke('profiles:duplicate', { from: 'remembered', to: 'copied' })).ok).toBe(true);
    expect((await desktop.invoke('profiles:rename', { from: 'copied', to: 'renamed' })).ok).toBe(true);
    // The store itself, from a request holding every secret.
    await new ProfileStore(root, WEB_BRIDGE_KEYCHAIN).save(
      'store',
      profileFromRequest(request({ data: `Subject: ${PASSWORD.secret}\r\n\r\n` })),
    );
    // The CLI, from the environment variables a user would give.
    const env = { SMTP_LENS_DATA_DIR: root, LENS_PASS: PASSWORD.secret, LENS_PROXY: PROXY.secret };
    const saveWithCli = (name: string, ...args: string[]) =>
      runCli(['probe', '127.0.0.1', '--port', '1', '--timeout', '500', ...args, '--save-profile', name], {
        env: { ...env, LENS_TOKEN: TOKEN.secret },
      });
    const cli = await saveWithCli(
      'cli',
      '--auth-user',
      PASSWORD.user,
      '--auth-pass-env',
      'LENS_PASS',
      '--proxy',
      `socks5h://${PROXY.user}@127.0.0.1:1`,
      '--proxy-pass-env',
      'LENS_PROXY',
    );
    expect(cli.stderr).toContain('Saved profile cli:');
    const oauth = await saveWithCli(
      'cli-oauth',
      '--auth-user',
      TOKEN.user,
      '--auth-mech',
      'XOAUTH2',
      '--auth-pass-env',
      'LENS_TOKEN',
    );
    expect(oauth.stderr).toContain('Saved profile cli-oauth:');

    const files = filesUnder(path.join(root, 'profiles'));
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'cli-oauth.json',
      'cli.json',
      'not-remembered.json',
      'oauth-remembered.json',
      'remembered.json',
      'renamed.json',
      'store.json',
      'web.json',
    ]);
    const secrets = forms();
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const text of [bytes.toString('utf8'), bytes.toString('latin1')])
        for (const secret of secrets)
          expect(text.includes(secret), `${path.basename(file)} holds ${secret}`).toBe(false);
      // The file still says who logs in: only the secret is gone.
      expect(bytes.toString('utf8')).toMatch(/"user": "(alice|bob)@example\.com"/);
    }

    // The remembered ones are sealed, apart, outside the folder one would share.
    const sealed = filesUnder(path.join(root, 'profile-secrets'));
    expect(sealed.map((f) => path.basename(f)).sort()).toEqual([
      'oauth-remembered.bin',
      'remembered.bin',
      'renamed.bin',
    ]);
    for (const file of sealed) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const text = readFileSync(file).toString('latin1');
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    }
    // And the app gets them back when it opens the profile.
    const opened = await desktop.invoke('profiles:open', { name: 'renamed' });
    expect(opened.ok && opened.value.secrets).toEqual({ auth: PASSWORD.secret, proxy: PROXY.secret });
    const bare = await web.invoke('profiles:open', { name: 'web' });
    expect(bare.ok && bare.value.secrets).toBeNull();
  });

  it('a renderer that puts the secret into the settings themselves is refused at the boundary', async () => {
    const smuggled = await web.invoke('profiles:save', {
      name: 'smuggled',
      settings: { ...profileFromRequest(request({})), auth: PASSWORD },
      remember: false,
      replace: false,
    });
    expect(smuggled).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(smuggled.ok ? '' : smuggled.message).not.toContain(PASSWORD.secret);
    expect(readdirSync(path.join(root, 'profiles'))).not.toContain('smuggled.json');
  });
});
