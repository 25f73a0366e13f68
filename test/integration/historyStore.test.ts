// The history folder (docs/history.md) with real sessions: layout, list, filter, read,
// the bound on how many are kept, and files that are not transcripts.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appDataDir, electronHistoryDir, historyDir } from '../../main/app/appDataDir';
import { FULL_CHECK_MS, HistoryStore } from '../../main/app/historyStore';
import { probe } from '../../main/engine/session';
import { startLab, type Lab } from '../../main/lab/labServer';
import type { Transcript } from '../../shared/transcript';

let lab: Lab;
let relay: Transcript;
let ok: Transcript;
let missing: Transcript;
let dir: string;

beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'relay-denied', 'missing-intermediate'] });
  const base = { host: '127.0.0.1', tls: 'starttls' as const, servername: 'mail.lab.test', ca: [lab.pki.root.certPem] };
  relay = await probe({ ...base, port: lab.portOf('relay-denied'), to: ['someone@example.org'] });
  ok = await probe({ ...base, port: lab.portOf('submission-ok') });
  missing = await probe({ ...base, port: lab.portOf('missing-intermediate') });
});
afterAll(() => lab?.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The same session at another time, so ordering and pruning have something to order. */
const at = (t: Transcript, iso: string): Transcript => ({ ...t, startedAt: iso });

describe('where the history lives', () => {
  it('follows each platform, XDG on Linux, and SMTP_LENS_DATA_DIR above all', () => {
    const home = '/home/ada';
    expect(historyDir({ env: {}, platform: 'linux', home })).toBe('/home/ada/.local/share/smtp-lens/history');
    expect(historyDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', home })).toBe('/xdg/smtp-lens/history');
    expect(historyDir({ env: { XDG_DATA_HOME: 'relative' }, platform: 'linux', home })).toBe(
      '/home/ada/.local/share/smtp-lens/history',
    );
    expect(appDataDir({ env: {}, platform: 'darwin', home })).toBe('/home/ada/Library/Application Support/SMTP Lens');
    expect(appDataDir({ env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, platform: 'win32', home })).toBe(
      path.join('C:\\Users\\ada\\AppData\\Roaming', 'SMTP Lens'),
    );
    expect(historyDir({ env: { SMTP_LENS_DATA_DIR: '/tmp/lens' }, platform: 'darwin', home })).toBe(
      '/tmp/lens/history',
    );
    expect(electronHistoryDir('/cfg/SMTP Lens', {})).toBe('/cfg/SMTP Lens/history');
    expect(electronHistoryDir('/cfg/SMTP Lens', { SMTP_LENS_DATA_DIR: '/tmp/lens' })).toBe('/tmp/lens/history');
  });

  it("tests never write into the user's folder", () => {
    expect(process.env.SMTP_LENS_DATA_DIR).toMatch(/smtp-lens-test-data-/);
  });
});

describe('the history store', () => {
  it('saves each session as YYYY/MM/<time>-<host>-<port>-<id>.json and lists target, time, outcome, worst finding', async () => {
    const store = new HistoryStore(dir);
    const saved = await store.save(relay);
    expect(saved.file).toMatch(
      new RegExp(
        `^${relay.startedAt.slice(0, 4)}/${relay.startedAt.slice(5, 7)}/\\d{8}T\\d{6}Z-127\\.0\\.0\\.1-${relay.target.port}-[0-9a-f]{8}\\.json$`,
      ),
    );
    expect(readFileSync(path.join(dir, saved.file), 'utf8')).toBe(`${JSON.stringify(relay, null, 2)}\n`);
    expect(existsSync(path.join(dir, 'index.json'))).toBe(true);
    const page = await store.list();
    expect(page.entries).toEqual([
      expect.objectContaining({
        id: saved.id,
        host: '127.0.0.1',
        port: relay.target.port,
        startedAt: relay.startedAt,
        ok: false,
        worst: { id: 'smtp.relay-denied', severity: 'error', title: expect.stringMatching(/^Relay denied/) },
      }),
    ]);
    expect(JSON.stringify(await store.read(saved.id))).toBe(JSON.stringify(relay));
  });

  it('lists newest first and filters by text, host, outcome and severity', async () => {
    const store = new HistoryStore(dir);
    await Promise.all([
      store.save(at(relay, '2026-01-01T10:00:00.000Z')),
      store.save(at(ok, '2026-03-01T10:00:00.000Z')),
      store.save(at(missing, '2026-02-01T10:00:00.000Z')),
    ]);
    const all = await store.list();
    expect(all.entries.map((e) => e.startedAt.slice(0, 7))).toEqual(['2026-03', '2026-02', '2026-01']);
    expect(readdirSync(dir).sort()).toEqual(['2026', 'index.json']);
    expect((await store.list({ outcome: 'ok' })).entries.map((e) => e.port)).toEqual([ok.target.port]);
    expect((await store.list({ text: 'chain-incomplete' })).entries.map((e) => e.port)).toEqual([missing.target.port]);
    expect((await store.list({ text: String(relay.target.port) })).entries.map((e) => e.worst?.id)).toEqual([
      'smtp.relay-denied',
    ]);
    expect((await store.list({ host: 'MAIL.LAB.TEST' })).total).toBe(3);
    expect((await store.list({ severity: 'error' })).total).toBe(2);
    expect((await store.list({ limit: 1, offset: 1 })).entries.map((e) => e.startedAt.slice(0, 7))).toEqual([
      '2026-02',
    ]);
  });

  it('keeps at most its limit, deleting the oldest sessions', async () => {
    const store = new HistoryStore(dir, 2);
    const oldest = await store.save(at(relay, '2026-01-01T10:00:00.000Z'));
    await store.save(at(ok, '2026-01-02T10:00:00.000Z'));
    await store.save(at(missing, '2026-01-03T10:00:00.000Z'));
    const page = await store.list();
    expect(page.entries.map((e) => e.startedAt.slice(0, 10))).toEqual(['2026-01-03', '2026-01-02']);
    expect(existsSync(path.join(dir, oldest.file))).toBe(false);
  });

  it('reports a malformed or foreign file clearly and changes nothing', async () => {
    const store = new HistoryStore(dir, 1);
    await store.save(ok);
    const month = path.join(dir, '2026', '01');
    mkdirSync(month, { recursive: true });
    writeFileSync(path.join(month, 'broken.json'), '{"schema": "smtp-lens/transcript@1", "events": [');
    writeFileSync(path.join(month, 'package.json'), '{"name": "not-a-transcript"}');
    const page = await store.list();
    expect(page.entries).toHaveLength(1);
    expect(page.problems).toEqual([
      { file: '2026/01/broken.json', problem: expect.stringMatching(/^This file is not valid JSON/) },
      {
        file: '2026/01/package.json',
        problem: expect.stringMatching(/^This JSON file is not an SMTP Lens transcript/),
      },
    ]);
    await expect(store.read('package')).rejects.toMatchObject({
      code: 'HISTORY_INVALID',
      message: expect.stringMatching(/package\.json: This JSON file is not an SMTP Lens transcript/),
    });
    await expect(store.read('../../etc/passwd')).rejects.toMatchObject({ code: 'HISTORY_BAD_ID' });
    await expect(store.read('nope')).rejects.toMatchObject({ code: 'HISTORY_NOT_FOUND' });
    // Saving past the limit prunes sessions, never files it cannot read.
    await store.save(relay);
    expect(readFileSync(path.join(month, 'package.json'), 'utf8')).toBe('{"name": "not-a-transcript"}');
    expect(existsSync(path.join(month, 'broken.json'))).toBe(true);
  });

  it('trusts the folder over its index: files copied in appear, deleted ones go, a lost index is rebuilt', async () => {
    const store = new HistoryStore(dir);
    const a = await store.save(relay);
    const b = await store.save(ok);
    unlinkSync(path.join(dir, a.file));
    writeFileSync(path.join(dir, 'index.json'), 'garbage');
    const copied = path.join(dir, '2025', '12', 'from-a-colleague.json');
    mkdirSync(path.dirname(copied), { recursive: true });
    writeFileSync(copied, JSON.stringify(missing));
    const ids = (await store.list()).entries.map((e) => e.id).sort();
    expect(ids).toEqual([b.id, 'from-a-colleague'].sort());
    expect((await store.read('from-a-colleague')).target.port).toBe(missing.target.port);
  });

  it('saving an app session again replaces its file instead of adding one', async () => {
    const store = new HistoryStore(dir);
    const first = await store.saveSession('window-1-session', ok);
    const again = await store.saveSession('window-1-session', {
      ...ok,
      events: [...ok.events, { t: 9999, type: 'note', text: 'more' }],
    });
    expect(again.id).toBe(first.id);
    expect((await store.list()).entries.map((e) => e.eventCount)).toEqual([ok.events.length + 1]);
  });

  it('refuses a file over 64 MiB with its size, without reading it', async () => {
    const month = path.join(dir, '2026', '01');
    mkdirSync(month, { recursive: true });
    writeFileSync(path.join(month, 'huge.json'), '');
    truncateSync(path.join(month, 'huge.json'), 200 * 1024 * 1024);
    const store = new HistoryStore(dir);
    const problem = 'This file is 200.0 MiB, too large to be opened: SMTP Lens opens transcripts of up to 64.0 MiB.';
    expect((await store.list()).problems).toEqual([{ file: '2026/01/huge.json', problem }]);
    await expect(store.read('huge')).rejects.toMatchObject({
      code: 'HISTORY_INVALID',
      message: `2026/01/huge.json: ${problem}`,
    });
  });
});

/** A transcript put into the folder by hand (another process, a colleague's copy). */
function byHand(file: string, t: Transcript): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), JSON.stringify(t));
}
const idsOf = async (store: HistoryStore) => (await store.list()).entries.map((e) => e.id).sort();

describe('one store listing again and again (History filter, a key at a time)', () => {
  it('notices files added and deleted by hand, at once, and lists what it saved itself', async () => {
    const store = new HistoryStore(dir);
    const a = await store.save(at(relay, '2026-01-05T10:00:00.000Z'));
    expect(await idsOf(store)).toEqual([a.id]);
    // Straight after a save, in the same folder: no wait for any clock to move.
    byHand('2026/01/same-month.json', at(ok, '2026-01-06T10:00:00.000Z'));
    expect(await idsOf(store)).toEqual([a.id, 'same-month'].sort());
    // In folders the store has never seen.
    byHand('2025/12/new-month.json', at(missing, '2025-12-24T10:00:00.000Z'));
    expect(await idsOf(store)).toEqual([a.id, 'new-month', 'same-month'].sort());
    expect((await store.list({ text: 'chain-incomplete' })).entries.map((e) => e.id)).toEqual(['new-month']);
    unlinkSync(path.join(dir, a.file));
    expect(await idsOf(store)).toEqual(['new-month', 'same-month']);
    await expect(store.read(a.id)).rejects.toMatchObject({ code: 'HISTORY_NOT_FOUND' });
    const b = await store.save(at(ok, '2026-02-01T10:00:00.000Z'));
    expect((await store.list()).entries.map((e) => e.id)).toEqual([b.id, 'same-month', 'new-month']);
    rmSync(path.join(dir, '2025'), { recursive: true });
    expect(await idsOf(store)).toEqual([b.id, 'same-month'].sort());
    // What it lists is what a new store, reading the folder afresh, lists.
    expect(await idsOf(new HistoryStore(dir))).toEqual(await idsOf(store));
  });

  it('notices a file replaced by another under the same name, and one rewritten in place in time', async () => {
    const store = new HistoryStore(dir);
    byHand('2026/01/replaced.json', at(ok, '2026-01-01T10:00:00.000Z'));
    byHand('2026/01/rewritten.json', at(ok, '2026-01-02T10:00:00.000Z'));
    expect((await store.list({ outcome: 'failed' })).total).toBe(0);
    // Replaced as the store and `probe --save` write, by a rename; once the folder's mtime can move.
    await new Promise((r) => setTimeout(r, 50));
    const tmp = path.join(dir, '2026', '01', 'replaced.json.tmp');
    writeFileSync(tmp, JSON.stringify(at(relay, '2026-01-01T10:00:00.000Z')));
    renameSync(tmp, path.join(dir, '2026', '01', 'replaced.json'));
    expect((await store.list({ outcome: 'failed' })).entries.map((e) => e.id)).toEqual(['replaced']);
    // Rewritten in place, which no folder's mtime shows: noticed by the check of every file.
    writeFileSync(
      path.join(dir, '2026', '01', 'rewritten.json'),
      JSON.stringify(at(missing, '2026-01-02T10:00:00.000Z')),
    );
    const later = Date.now() + FULL_CHECK_MS;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
    try {
      expect((await store.list({ text: 'chain-incomplete' })).entries.map((e) => e.id)).toEqual(['rewritten']);
    } finally {
      clock.mockRestore();
    }
  });

  it('writes the index again when it is deleted or damaged, and never reads it again meanwhile', async () => {
    const store = new HistoryStore(dir);
    const a = await store.save(relay);
    const index = path.join(dir, 'index.json');
    unlinkSync(index);
    expect(await idsOf(store)).toEqual([a.id]);
    expect(JSON.parse(readFileSync(index, 'utf8')).files.map((f: { file: string }) => f.file)).toEqual([a.file]);
    writeFileSync(index, 'garbage');
    expect(await idsOf(store)).toEqual([a.id]);
    expect(JSON.parse(readFileSync(index, 'utf8')).files).toHaveLength(1);
  });
});

/** Permission bits of a file or folder, as `ls -l` counts them. */
const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('who can read the history', () => {
  it('only its owner: folders 0700 and files 0600, however permissive the umask', async () => {
    const umask = process.umask(0o002);
    try {
      const saved = await new HistoryStore(path.join(dir, 'new', 'history')).save(relay);
      const month = path.join(dir, 'new', 'history', path.dirname(saved.file));
      expect([path.join(dir, 'new'), path.join(dir, 'new', 'history'), path.dirname(month), month].map(modeOf)).toEqual(
        [0o700, 0o700, 0o700, 0o700],
      );
      expect(modeOf(path.join(month, path.basename(saved.file)))).toBe(0o600);
      expect(modeOf(path.join(dir, 'new', 'history', 'index.json'))).toBe(0o600);
    } finally {
      process.umask(umask);
    }
  });

  it('a folder an older version left readable by everyone is made private when it is opened', async () => {
    const month = path.join(dir, '2026', '01');
    mkdirSync(month, { recursive: true, mode: 0o755 });
    for (const folder of [dir, path.join(dir, '2026'), month]) chmodSync(folder, 0o755);
    await new HistoryStore(dir).list();
    expect([dir, path.join(dir, '2026'), month].map(modeOf)).toEqual([0o700, 0o700, 0o700]);
  });
});
