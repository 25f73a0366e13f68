// The profiles:* channels through the real web bridge (a WebSocket with its token), as the
// renderer uses them: every request checked at the boundary, the keychain reported as absent
// with its reason, a profile's CA file read only when it holds certificates.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR_ENV } from '../../main/app/appDataDir';
import { WEB_BRIDGE_NO_SECRETS } from '../../main/app/keychain';
import { LabService } from '../../main/app/labService';
import { startWebServer, type WebServer } from '../../main/web';
import type { OpenedProfile, ProfileList, ProfileSettings, ProfileSummary } from '../../shared/profile';
import { bridgeCall, type BridgeResponse } from '../helpers/bridgeClient';
import { makeChain } from '../helpers/chainFactory';

let server: WebServer;
let ws: WebSocket;
let root: string;
let previous: string | undefined;
const lab = new LabService();

beforeAll(async () => {
  // This file's own data folder: the bridge's endpoint finds it when the socket opens.
  root = mkdtempSync(path.join(tmpdir(), 'smtp-lens-profiles-ipc-'));
  previous = process.env[DATA_DIR_ENV];
  process.env[DATA_DIR_ENV] = root;
  server = await startWebServer({ rendererDir: path.resolve('out/renderer'), lab });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/ipc?token=${server.token}`, {
    origin: `http://127.0.0.1:${server.port}`,
  });
  await new Promise((resolve) => ws.once('open', resolve));
});
afterAll(async () => {
  ws?.close();
  await server.close();
  await lab.close();
  if (previous === undefined) delete process.env[DATA_DIR_ENV];
  else process.env[DATA_DIR_ENV] = previous;
  rmSync(root, { recursive: true, force: true });
});

const call = <T>(channel: string, payload: unknown) => bridgeCall<T>(ws, channel, payload);
const value = <T>(r: BridgeResponse<T>): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
};

const LAB: ProfileSettings = { host: '127.0.0.1', port: 2525, tls: 'starttls', auth: { user: 'alice@lab.test' } };

describe('profiles over the web bridge', () => {
  it('lists nothing at first, and says why secrets are never stored here', async () => {
    const list = value(await call<ProfileList>('profiles:list', {}));
    expect(list).toEqual({ profiles: [], problems: [], keychain: { ok: false, why: WEB_BRIDGE_NO_SECRETS } });
    expect(WEB_BRIDGE_NO_SECRETS).toMatch(/^Secrets are never stored through the web bridge/);
  });

  it('saves, opens, renames, duplicates and deletes', async () => {
    const saved = value(
      await call<ProfileSummary>('profiles:save', { name: 'lab', settings: LAB, remember: false, replace: false }),
    );
    expect(saved).toMatchObject({ name: 'lab', host: '127.0.0.1', port: 2525, remembered: false });
    const again = await call('profiles:save', { name: 'lab', settings: LAB, remember: false, replace: false });
    expect(again).toMatchObject({ ok: false, code: 'PROFILE_EXISTS', message: 'a profile named "lab" already exists' });
    const opened = value(await call<OpenedProfile>('profiles:open', { name: 'lab' }));
    expect(opened).toEqual({
      summary: saved,
      settings: LAB,
      secrets: null,
      secretProblem: null,
      ca: [],
      caProblem: null,
    });
    value(await call('profiles:rename', { from: 'lab', to: 'practice' }));
    value(await call('profiles:duplicate', { from: 'practice', to: 'practice-2' }));
    value(await call('profiles:delete', { name: 'practice' }));
    const list = value(await call<ProfileList>('profiles:list', {}));
    expect(list.profiles.map((p) => p.name)).toEqual(['practice-2']);
    expect(await call('profiles:open', { name: 'practice' })).toMatchObject({ ok: false, code: 'PROFILE_NOT_FOUND' });
  });

  it('refuses "remember" in words and writes nothing', async () => {
    const before = readdirSync(path.join(root, 'profiles'));
    const r = await call('profiles:save', {
      name: 'kept',
      settings: LAB,
      secrets: { auth: 'wonderland' },
      remember: true,
      replace: false,
    });
    expect(r).toEqual({ ok: false, code: 'KEYCHAIN_UNAVAILABLE', message: WEB_BRIDGE_NO_SECRETS, transcript: null });
    expect(readdirSync(path.join(root, 'profiles'))).toEqual(before);
    expect(readdirSync(root)).not.toContain('profile-secrets');
  });

  it('checks every request at the boundary: names that are paths, unknown fields, bad settings', async () => {
    for (const [channel, payload] of [
      ['profiles:save', { name: '../x', settings: LAB, remember: false, replace: false }],
      ['profiles:open', { name: '../../etc/passwd' }],
      ['profiles:rename', { from: 'practice-2', to: 'a/b' }],
      ['profiles:duplicate', { from: 'practice-2', to: '..' }],
      ['profiles:delete', { name: '' }],
      ['profiles:save', { name: 'x', settings: { ...LAB, port: 0 }, remember: false, replace: false }],
      ['profiles:save', { name: 'x', settings: { ...LAB, password: 'p' }, remember: false, replace: false }],
      ['profiles:save', { name: 'x', settings: LAB }],
      ['profiles:list', { all: true }],
      ['profiles:open', null],
    ] as const) {
      const r = await call(channel, payload);
      expect(r, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    }
    const r = await call('profiles:open', { name: '../../etc/passwd' });
    expect(r.ok ? '' : r.message).toBe(
      'invalid profiles:open request: name: "../../etc/passwd" is not a profile name: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or a digit',
    );
    expect(readdirSync(path.join(root, 'profiles'))).toEqual(['practice-2.json']);
  });

  it('opens a CA file named by the profile only if it holds certificates; a key file is refused unread', async () => {
    const chain = await makeChain(1, 'profile-ca');
    const rootPem = chain.pems[0]!;
    const caFile = path.join(root, 'ca.pem');
    const keyFile = path.join(root, 'key.pem');
    writeFileSync(caFile, rootPem);
    writeFileSync(keyFile, `${rootPem}${chain.keyPem}`);
    const settings: ProfileSettings = {
      ...LAB,
      ca: [{ file: caFile }, { file: keyFile }, { file: '/nonexistent.pem' }],
    };
    value(await call('profiles:save', { name: 'with-ca', settings, remember: false, replace: false }));
    const opened = value(await call<OpenedProfile>('profiles:open', { name: 'with-ca' }));
    expect(opened.ca).toEqual([{ name: 'ca.pem', pem: rootPem }]);
    expect(opened.caProblem).toBe(
      `${keyFile} is not a PEM certificate file: not loaded; cannot read the CA file /nonexistent.pem.`,
    );
    expect(JSON.stringify(opened)).not.toContain('PRIVATE KEY');
  });
});
