// History's filter on a real history folder: a session is found by a reply's text or any of
// its findings, also when its index was written by a version that did not keep those words,
// and listing a thousand sessions by reply text stays quick.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../main/app/historyStore';
import type { Transcript, TranscriptEvent } from '../../shared/transcript';
import { finding, transcriptOf } from '../unit/exportFixture';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-history-search-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const reply = (code: number, line: string): TranscriptEvent => ({
  t: 1,
  type: 'reply',
  stage: 'rcpt',
  code,
  enhanced: null,
  lines: [line],
});

const relay = (startedAt: string): Transcript =>
  transcriptOf([reply(220, '220 relay.example ESMTP'), reply(554, '554 5.7.1 <x@example.org>: Relay access denied')], {
    target: { host: 'relay.example', port: 25, tls: 'none', servername: null },
    startedAt,
    findings: [
      finding('smtp.relay-denied', 1, { title: 'The server will not relay mail to x@example.org' }),
      finding('auth.not-offered', null, { severity: 'info', title: 'The server does not offer AUTH' }),
    ],
    outcome: { ok: false, stage: 'rcpt' },
  });

const fine = (host: string, startedAt: string): Transcript =>
  transcriptOf([reply(220, `220 ${host} ESMTP`), reply(221, '221 2.0.0 Bye')], {
    target: { host, port: 587, tls: 'starttls', servername: null },
    startedAt,
  });

const hostsFor = async (store: HistoryStore, text: string) => (await store.list({ text })).entries.map((e) => e.host);

describe('the history filter, on disk', () => {
  it("matches a reply's text and a finding that is not the worst; others are not listed", async () => {
    const store = new HistoryStore(dir);
    await store.save(relay('2026-03-01T10:00:00.000Z'));
    await store.save(fine('ok.example', '2026-03-01T11:00:00.000Z'));
    expect(await hostsFor(store, 'relay access DENIED')).toEqual(['relay.example']);
    expect(await hostsFor(store, 'does not offer AUTH')).toEqual(['relay.example']);
    expect(await hostsFor(store, 'auth.not-offered')).toEqual(['relay.example']);
    expect(await hostsFor(store, '221 2.0.0')).toEqual(['ok.example']);
    expect(await hostsFor(store, 'esmtp')).toHaveLength(2);
    // The words are in the index, not in what goes to the window.
    const listed = await store.list({});
    expect(JSON.stringify(listed)).not.toContain('Relay access denied');
  });

  it('an index an older version wrote (without the words) is brought up to date once', async () => {
    const store = new HistoryStore(dir);
    await store.save(relay('2026-03-01T10:00:00.000Z'));
    const indexFile = path.join(dir, 'index.json');
    const index = JSON.parse(readFileSync(indexFile, 'utf8'));
    for (const f of index.files) delete f.search;
    writeFileSync(indexFile, JSON.stringify(index));
    const again = new HistoryStore(dir);
    expect(await hostsFor(again, 'Relay access denied')).toEqual(['relay.example']);
    const rewritten = JSON.parse(readFileSync(indexFile, 'utf8'));
    expect(rewritten.files[0].search).toContain('relay access denied');
  });

  it('filters a thousand saved sessions by reply text in well under a second', async () => {
    const month = path.join(dir, '2026', '03');
    mkdirSync(month, { recursive: true });
    for (let i = 0; i < 1000; i++) {
      const at = new Date(Date.UTC(2026, 2, 1, 0, 0, i)).toISOString();
      const t = i === 421 ? relay(at) : fine(`h${i}.example`, at);
      writeFileSync(path.join(month, `s${String(i).padStart(4, '0')}.json`), JSON.stringify(t));
    }
    const store = new HistoryStore(dir);
    expect((await store.list({ limit: 1 })).total).toBe(1000); // the index is built once
    const started = performance.now();
    const found = await store.list({ text: 'Relay access denied', limit: 200 });
    const took = performance.now() - started;
    expect(found.entries.map((e) => e.host)).toEqual(['relay.example']);
    expect(took).toBeLessThan(1000);
  }, 60_000);
});
