// History's filter reads a session's own words: every finding's id and title and the server's
// replies, from a short text kept in the index, and stays fast over a thousand sessions.
import { describe, expect, it } from 'vitest';
import { filterHistory, historyEntry } from '../../shared/history';
import { historySearchText, SEARCH_TEXT_LIMIT } from '../../shared/historySearch';
import type { Transcript, TranscriptEvent } from '../../shared/transcript';
import { finding, transcriptOf } from './exportFixture';

const reply = (code: number, line: string): TranscriptEvent => ({
  t: 1,
  type: 'reply',
  stage: 'rcpt',
  code,
  enhanced: null,
  lines: [line],
});

function relayDenied(host = 'relay.example'): Transcript {
  return transcriptOf(
    [reply(220, '220 relay.example ESMTP Postfix'), reply(554, '554 5.7.1 <someone@example.org>: Relay access denied')],
    {
      target: { host, port: 25, tls: 'none', servername: null },
      findings: [
        finding('smtp.relay-denied', 1, { title: 'The server will not relay mail to someone@example.org' }),
        finding('auth.not-offered', null, { severity: 'info', title: 'The server does not offer AUTH' }),
      ],
      outcome: { ok: false, stage: 'rcpt' },
    },
  );
}

const fine = (host: string, i = 0): Transcript =>
  transcriptOf([reply(220, `220 ${host} ESMTP ready ${i}`), reply(250, '250 2.0.0 Bye')], {
    target: { host, port: 587, tls: 'starttls', servername: null },
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  });

/** Entries and their words, as the history store keeps them. */
function indexed(ts: Transcript[]) {
  const said = new Map<string, string>();
  const entries = ts.map((t, i) => {
    const e = historyEntry(t, `id-${i}`, `2026/01/id-${i}.json`);
    said.set(e.id, historySearchText(t));
    return e;
  });
  return { entries, saidOf: (e: { id: string }) => said.get(e.id) ?? '' };
}

const hosts = (ts: Transcript[], text: string) => {
  const { entries, saidOf } = indexed(ts);
  return filterHistory(entries, { text }, saidOf).entries.map((e) => e.host);
};

describe("history's filter", () => {
  it('finds a session by what the server replied, and by any finding, not only the worst', () => {
    const sessions = [relayDenied(), fine('ok.example')];
    expect(hosts(sessions, 'Relay access denied')).toEqual(['relay.example']);
    expect(hosts(sessions, 'auth.not-offered')).toEqual(['relay.example']);
    expect(hosts(sessions, 'does not offer auth')).toEqual(['relay.example']);
    expect(hosts(sessions, '250 2.0.0 bye')).toEqual(['ok.example']);
    expect(hosts(sessions, 'nothing like this')).toEqual([]);
    // Without the words (an old caller), only the summary is read, as before.
    const { entries } = indexed(sessions);
    expect(filterHistory(entries, { text: 'Relay access denied' }).entries).toEqual([]);
    expect(filterHistory(entries, { text: 'ok.example' }).entries.map((e) => e.host)).toEqual(['ok.example']);
  });

  it('keeps the words short: each reply line once, and never more than the limit', () => {
    const many = transcriptOf(
      Array.from({ length: 2000 }, (_, i) => reply(250, `250 2.1.5 Ok ${i % 3 === 0 ? 'same' : i}`)),
    );
    const text = historySearchText(many);
    expect(text.length).toBeLessThanOrEqual(SEARCH_TEXT_LIMIT);
    expect(text.split('\n').filter((l) => l === '250 2.1.5 ok same')).toHaveLength(1);
    expect(text).toBe(text.toLowerCase());
  });

  it('filters a thousand sessions by reply text quickly', () => {
    const sessions = Array.from({ length: 1000 }, (_, i) =>
      i === 617 ? relayDenied('needle.example') : fine(`h${i}.example`, i),
    );
    const { entries, saidOf } = indexed(sessions);
    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      const found = filterHistory(entries, { text: 'relay access denied', limit: 200 }, saidOf);
      expect(found.entries.map((e) => e.host)).toEqual(['needle.example']);
    }
    // Ten filters of a thousand sessions; a keystroke's worth each, with a generous margin.
    expect((performance.now() - started) / 10).toBeLessThan(50);
  });
});
