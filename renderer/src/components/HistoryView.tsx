import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { compareTranscripts, type TranscriptDiff } from '../../../shared/compare';
import { utcLabel } from '../../../shared/export/exportFacts';
import type { HistoryEntry, HistoryPage } from '../../../shared/history';
import type { Transcript } from '../../../shared/transcript';
import { api } from '../bridge/api';
import { outcomeText } from './FindingsPanel';
import { UntrustedText } from './UntrustedText';

interface Props {
  onOpen(t: Transcript): void;
}

/** One TLS fact that changed, in words: "Certificate verified: yes before, NO after". */
function TlsChange({
  field,
  before,
  after,
}: {
  field: 'protocol' | 'cipher' | 'verified';
  before: unknown;
  after: unknown;
}) {
  const show = (v: unknown) =>
    v === null || v === undefined ? 'no TLS' : field === 'verified' ? (v ? 'yes' : 'NO') : String(v);
  const label = { protocol: 'TLS version', cipher: 'Cipher', verified: 'Certificate verified' }[field];
  return (
    <>
      {label}: <UntrustedText text={show(before)} /> before, <UntrustedText text={show(after)} /> after
    </>
  );
}

function CompareView({ diff, onClose }: { diff: TranscriptDiff; onClose(): void }) {
  const list = (items: string[]) => (items.length ? items.join(', ') : '—');
  const tlsRows = (['protocol', 'cipher', 'verified'] as const).filter((k) => diff.tls[k].changed);
  const chain = (certs: { name: string }[]) => certs.map((c) => c.name).join(' ← ') || 'no certificate';
  return (
    <section className="compare" data-testid="compare">
      <header>
        <h3>
          <UntrustedText
            text={`${diff.a.host}:${diff.a.port} at ${utcLabel(diff.a.startedAt)} → ${diff.b.host}:${diff.b.port} at ${utcLabel(diff.b.startedAt)}`}
          />
        </h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {!diff.sameTarget && (
        <p className="hint warn" data-testid="compare-different-targets">
          The two sessions are with different servers or ports (
          <UntrustedText text={`${diff.a.host}:${diff.a.port}`} /> and{' '}
          <UntrustedText text={`${diff.b.host}:${diff.b.port}`} />
          ): a difference may be the other server's, not a change.
        </p>
      )}
      {diff.same && <p>Nothing changed but the timings.</p>}
      <h4>Findings</h4>
      <ul>
        {diff.findings.removed.map((f) => (
          <li key={`r-${f.id}`} className="gone">
            fixed: <UntrustedText text={f.title} /> <code>{f.id}</code>
          </li>
        ))}
        {diff.findings.added.map((f) => (
          <li key={`a-${f.id}`} className="new">
            new: <UntrustedText text={f.title} /> <code>{f.id}</code>
          </li>
        ))}
        {diff.findings.unchanged.map((f) => (
          <li key={`u-${f.id}`}>
            still there: <UntrustedText text={f.title} /> <code>{f.id}</code>
          </li>
        ))}
        {!diff.findings.added.length && !diff.findings.removed.length && !diff.findings.unchanged.length && (
          <li>No findings in either session.</li>
        )}
      </ul>
      <h4>Capabilities</h4>
      <p>
        Before TLS — added: {list(diff.capabilities.beforeTls.added)}; removed:{' '}
        {list(diff.capabilities.beforeTls.removed)}
        <br />
        After TLS — added: {list(diff.capabilities.afterTls.added)}; removed: {list(diff.capabilities.afterTls.removed)}
      </p>
      <h4>TLS</h4>
      {tlsRows.length === 0 && !diff.tls.chain.changed ? (
        <p>Same protocol, cipher, verdict and certificate chain.</p>
      ) : (
        <ul>
          {tlsRows.map((k) => (
            <li key={k}>
              <TlsChange field={k} before={diff.tls[k].a} after={diff.tls[k].b} />
            </li>
          ))}
          {diff.tls.chain.changed && (
            <li data-testid="compare-chain">
              The certificate chain the server sent changed (each listed from the server's own certificate up):
              <dl>
                <dt>Before</dt>
                <dd>
                  <UntrustedText text={chain(diff.tls.chain.a)} />
                </dd>
                <dt>After</dt>
                <dd>
                  <UntrustedText text={chain(diff.tls.chain.b)} />
                </dd>
              </dl>
            </li>
          )}
        </ul>
      )}
      <h4>Timing</h4>
      <table className="timing-diff">
        <thead>
          <tr>
            <th>Stage</th>
            <th>Before</th>
            <th>After</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {diff.timing.stages.map((s) => (
            <tr key={s.key}>
              <td>{s.label}</td>
              <td>{s.a === null ? '—' : `${s.a.toFixed(1)} ms`}</td>
              <td>{s.b === null ? '—' : `${s.b.toFixed(1)} ms`}</td>
              <td>{s.delta === null ? '' : `${s.delta > 0 ? '+' : ''}${s.delta.toFixed(1)} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One saved session's row. Memoised: typing in the filter redraws only rows that are new or
 * changed (a page's entries that did not change keep their object, see reuseEntries()). */
const HistoryRow = memo(function HistoryRow({
  entry: e,
  picked,
  onToggle,
  onOpen,
}: {
  entry: HistoryEntry;
  picked: boolean;
  onToggle(e: HistoryEntry): void;
  onOpen(id: string): void;
}) {
  return (
    <tr data-testid="history-row">
      <td>
        <input type="checkbox" aria-label="Pick for comparison" checked={picked} onChange={() => onToggle(e)} />
      </td>
      <td>{utcLabel(e.startedAt)}</td>
      <td>
        <UntrustedText text={`${e.host}:${e.port}`} /> <span className="muted">{e.tls}</span>
      </td>
      <td className={e.ok ? 'ok' : 'failed'}>{outcomeText({ ok: e.ok, stage: e.stage, stopped: e.stopped })}</td>
      <td className={e.worst?.severity ?? ''}>{e.worst ? e.worst.title : '—'}</td>
      <td>
        <button type="button" onClick={() => onOpen(e.id)}>
          Open
        </button>
      </td>
    </tr>
  );
});

/** The new page, with each entry that is the same as in the previous page replaced by that
 * page's object, so its row is not drawn again. */
function reuseEntries(previous: HistoryPage | null, next: HistoryPage): HistoryPage {
  if (!previous) return next;
  const known = new Map(previous.entries.map((e) => [e.id, e] as const));
  const same = (a: HistoryEntry, b: HistoryEntry) => JSON.stringify(a) === JSON.stringify(b);
  return {
    ...next,
    entries: next.entries.map((e) => {
      const old = known.get(e.id);
      return old && same(old, e) ? old : e;
    }),
  };
}

/** Every saved session: filter, open one read-only, or compare two (before and after a fix). */
export function HistoryView({ onOpen }: Props) {
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState<HistoryPage | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [diff, setDiff] = useState<TranscriptDiff | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // Typing fires one request per key, at once; only the newest answer may fill the list, or a
  // slow answer for an older filter would replace the current one.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const request = ++latest.current;
    const r = await api.historyList({ ...(filter.trim() ? { text: filter.trim() } : {}), limit: 200 });
    if (request !== latest.current) return;
    if (r.ok) setPage((previous) => reuseEntries(previous, r.value));
    else setProblem(r.message);
  }, [filter]);

  // A session saved meanwhile lists again, with the filter of the moment.
  const loadNow = useRef(load);
  useEffect(() => {
    loadNow.current = load;
    void load();
  }, [load]);
  useEffect(() => api.onHistorySaved(() => void loadNow.current()), []);

  const read = useCallback(async (id: string) => {
    const r = await api.historyRead(id);
    if (!r.ok) setProblem(r.message);
    return r.ok ? r.value : null;
  }, []);
  const opened = useRef(onOpen);
  useEffect(() => {
    opened.current = onOpen;
  }, [onOpen]);
  const open = useCallback(
    async (id: string) => {
      const t = await read(id);
      if (t) opened.current(t);
    },
    [read],
  );
  const compare = async () => {
    const [older, newer] = [...picked].sort((x, y) =>
      page!.entries.find((e) => e.id === x)!.startedAt < page!.entries.find((e) => e.id === y)!.startedAt ? -1 : 1,
    );
    const [a, b] = await Promise.all([read(older), read(newer)]);
    if (a && b) setDiff(compareTranscripts(a, b));
  };
  const toggle = useCallback(
    (e: HistoryEntry) => setPicked((p) => (p.includes(e.id) ? p.filter((x) => x !== e.id) : [...p.slice(-1), e.id])),
    [],
  );
  return (
    <div className="history" data-testid="history">
      <div className="history-controls">
        <input
          data-testid="history-filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Filter: host, port, finding, reply text…"
        />
        <button
          type="button"
          data-testid="history-compare"
          disabled={picked.length !== 2}
          onClick={() => void compare()}
          title="Tick two sessions to compare them"
        >
          Compare {picked.length}/2
        </button>
      </div>
      {problem && <p className="error-banner">{problem}</p>}
      {diff && <CompareView diff={diff} onClose={() => setDiff(null)} />}
      {page && page.entries.length === 0 ? (
        <div className="empty-state">
          <h2>No saved sessions{filter ? ' match' : ' yet'}</h2>
          <p>
            Every session you run, step or type is kept here, so you can open it again or compare it with a later one
            after a fix.
          </p>
        </div>
      ) : (
        <table className="history-list" data-testid="history-list">
          <thead>
            <tr>
              <th>
                <span className="sr-only">Result</span>
              </th>
              <th>When</th>
              <th>Target</th>
              <th>Outcome</th>
              <th>Worst finding</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page?.entries.map((e) => (
              <HistoryRow key={e.id} entry={e} picked={picked.includes(e.id)} onToggle={toggle} onOpen={open} />
            ))}
          </tbody>
        </table>
      )}
      {page && page.problems.length > 0 && (
        <p className="muted">
          {page.problems.length} file(s) in the history folder are not readable transcripts and were left alone.
        </p>
      )}
    </div>
  );
}
