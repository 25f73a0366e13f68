// The session history on disk (docs/history.md): every finished session as one transcript
// JSON file, YYYY/MM/<startedAt>-<host>-<port>-<random>.json, plus index.json, a cache of
// each file's summary so listing 1,000 sessions reads one file. The folder is the truth and
// the index is rebuilt from it: a file copied in by hand appears, a deleted one disappears,
// and two processes saving at once (the app and `probe --save`) lose nothing.
// Files that are not transcripts are reported and never touched.
// The store keeps the index in memory once read (History's filter lists at every keystroke):
// each list re-reads the folders' names, not index.json nor every file (see reconcile()).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapBounded } from '../engine/mapBounded';
import {
  filterHistory,
  historyEntry,
  matchesFilter,
  type HistoryEntry,
  type HistoryFilter,
  type HistoryPage,
  type HistoryProblem,
} from '../../shared/history';
import { historySearchText } from '../../shared/historySearch';
import type { Transcript } from '../../shared/transcript';
import {
  MAX_TRANSCRIPT_BYTES,
  checkTranscript,
  parseTranscriptJson,
  transcriptSizeCheck,
} from '../../shared/transcriptSchema';

/** How many sessions are kept; saving one more deletes the oldest. */
export const DEFAULT_HISTORY_LIMIT = 1000;
const INDEX_FILE = 'index.json';
const INDEX_SCHEMA = 'smtp-lens/history-index@1';
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
/** Every file is stat'ed again at most this often (40 ms for a thousand on a slow disk), to
 * notice one rewritten in place; in between, only folders whose own mtime moved are. */
export const FULL_CHECK_MS = 60_000;

export class HistoryError extends Error {
  constructor(
    readonly code: 'HISTORY_NOT_FOUND' | 'HISTORY_INVALID' | 'HISTORY_BAD_ID',
    message: string,
  ) {
    super(message);
    this.name = 'HistoryError';
  }
}

interface IndexedFile {
  file: string;
  size: number;
  mtimeMs: number;
  entry: HistoryEntry | null;
  problem?: string;
  /** What the filter reads besides the entry: finding titles, reply lines (shared/historySearch.ts).
   * Missing in an index an older version wrote, so such a file is read again once. */
  search?: string;
}

interface IndexData {
  schema: typeof INDEX_SCHEMA;
  files: IndexedFile[];
}

/** The index as the store holds it between calls. */
interface Cache {
  /** By path in the folder, in path order after each reconcile(). */
  files: Map<string, IndexedFile>;
  /** Each YYYY/MM folder's mtime when its files were last stat'ed. */
  dirs: Map<string, number>;
  /** When every file was last stat'ed (Date.now()). */
  checkedAt: number;
  /** Whether index.json on disk is behind `files`. */
  unsaved: boolean;
  /** index.json's size and mtime when last read or written: another one there (deleted,
   * damaged, or written by another process) is written again at the next list. */
  indexStamp: string | null;
  /** What list() filters, worked out again after `files` changed. */
  view: View | null;
}

interface View {
  /** Newest first, as filterHistory orders them. */
  entries: HistoryEntry[];
  search: Map<HistoryEntry, string>;
  problems: HistoryProblem[];
}

function viewOf(files: Iterable<IndexedFile>): View {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const search = new Map<HistoryEntry, string>();
  for (const f of sorted) if (f.entry) search.set(f.entry, f.search ?? '');
  return {
    entries: filterHistory([...search.keys()]).entries,
    search,
    problems: sorted.flatMap((f) => (f.problem ? [{ file: f.file, problem: f.problem }] : [])),
  };
}

/** "20261127T175946Z-mail.example.com-587-1a2b3c4d": sortable, readable, safe on every OS. */
export function historyId(t: Transcript): string {
  const stamp = t.startedAt.replace(/[-:]/g, '').replace(/\.\d+/, '').slice(0, 16);
  const host =
    t.target.host
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '_')
      .replace(/^[._-]+/, '')
      .slice(0, 80) || 'host';
  return `${stamp}-${host}-${t.target.port}-${randomBytes(4).toString('hex')}`;
}

/** The history holds user names, recipients and message text: only its owner may read it.
 * (Windows ignores these modes; the user's profile folder protects it there.) */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

export async function writeAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  // Created with the mode, never chmod-ed after: there is no moment when others could read it.
  await writeFile(tmp, content, { mode: PRIVATE_FILE });
  await rename(tmp, file);
}

/** Creates the folder and any missing parents private (folders that exist are tightened on
 * first use, see tighten()). */
export async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
}

export class HistoryStore {
  /** Every change runs in order, and readers wait for saves already queued. The first task
   * makes an existing folder private (older versions created it readable by everyone). */
  private queue: Promise<unknown> = Promise.resolve();
  private tightened = false;
  /** App session id → history id, so a session saved again replaces its own file. */
  private readonly bySession = new Map<string, string>();
  /** The index, read from index.json once and then kept in line with the folder. */
  private cache: Cache | null = null;

  constructor(
    readonly dir: string,
    readonly limit = DEFAULT_HISTORY_LIMIT,
  ) {}

  /** Saves a transcript; with `id`, replaces that entry (a session that went on after it was saved). */
  save(t: Transcript, id?: string): Promise<HistoryEntry> {
    return this.enqueue(() => this.store(t, id));
  }

  /** Saves a session of the app; saving the same session again (it went on) replaces it. */
  saveSession(sessionId: string, t: Transcript): Promise<HistoryEntry> {
    return this.enqueue(async () => {
      const entry = await this.store(t, this.bySession.get(sessionId));
      this.bySession.set(sessionId, entry.id);
      // Only recent sessions can still grow; forget the oldest beyond what any window keeps.
      if (this.bySession.size > 1000) this.bySession.delete(this.bySession.keys().next().value!);
      return entry;
    });
  }

  private async store(t: Transcript, id?: string): Promise<HistoryEntry> {
    const check = checkTranscript(t);
    if (!check.ok) throw new HistoryError('HISTORY_INVALID', check.problem);
    const cache = await this.reconcile();
    const existing = id ? [...cache.files.values()].find((f) => f.entry?.id === id) : undefined;
    const entryId = existing?.entry?.id ?? historyId(t);
    const file = existing?.file ?? `${t.startedAt.slice(0, 4)}/${t.startedAt.slice(5, 7)}/${entryId}.json`;
    const full = path.join(this.dir, file);
    await privateDir(path.dirname(full));
    await writeAtomic(full, `${JSON.stringify(t, null, 2)}\n`);
    const info = await stat(full);
    const entry = historyEntry(t, entryId, file);
    // Last, as a new file would be (prune() breaks ties between equal times by this order).
    cache.files.delete(file);
    cache.files.set(file, { file, size: info.size, mtimeMs: info.mtimeMs, entry, search: historySearchText(t) });
    cache.view = null;
    cache.unsaved = true;
    await this.prune(cache);
    await this.writeIndex(cache);
    return entry;
  }

  list(filter: HistoryFilter = {}): Promise<HistoryPage> {
    return this.enqueue(async () => {
      const cache = await this.reconcile(true);
      cache.view ??= viewOf(cache.files.values());
      const view = cache.view;
      // The entries are in order already: filtered in memory, and only the page goes out.
      const matching = view.entries.filter((e) => matchesFilter(e, filter, view.search.get(e)));
      const offset = filter.offset ?? 0;
      return {
        entries: matching.slice(offset, offset + (filter.limit ?? matching.length)),
        total: matching.length,
        problems: [...view.problems],
      };
    });
  }

  /** One saved transcript, checked against the schema. Nothing on disk changes. */
  read(id: string): Promise<Transcript> {
    return this.enqueue(async () => {
      const file = await this.fileOf(id);
      const full = path.join(this.dir, file);
      const check = transcriptSizeCheck((await stat(full)).size) ?? parseTranscriptJson(await readFile(full, 'utf8'));
      if (!check.ok) throw new HistoryError('HISTORY_INVALID', `${file}: ${check.problem}`);
      return check.transcript;
    });
  }

  remove(id: string): Promise<void> {
    return this.enqueue(async () => {
      const file = await this.fileOf(id);
      await unlink(path.join(this.dir, file)).catch(() => undefined);
      await this.reconcile(true);
    });
  }

  /** Resolves when every save queued so far is on disk. */
  idle(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  private async fileOf(id: string): Promise<string> {
    if (!ID.test(id)) throw new HistoryError('HISTORY_BAD_ID', `"${id}" is not a history id`);
    const cache = await this.reconcile();
    const found = [...cache.files.values()].find(
      (f) => f.entry?.id === id || (!f.entry && path.posix.basename(f.file, '.json') === id),
    );
    if (!found) throw new HistoryError('HISTORY_NOT_FOUND', `no saved session "${id}" in ${this.dir}`);
    return found.file;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      await this.tighten();
      return task();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Makes the folder and its YYYY/MM folders private, once per store; a folder that is not
   * there yet is created private when the first session is saved. */
  private async tighten(): Promise<void> {
    if (this.tightened) return;
    this.tightened = true;
    const years = await readdir(this.dir, { withFileTypes: true }).catch(() => null);
    if (!years) return;
    await chmod(this.dir, PRIVATE_DIR);
    for (const year of years) {
      if (!year.isDirectory() || !/^\d{4}$/.test(year.name)) continue;
      await chmod(path.join(this.dir, year.name), PRIVATE_DIR);
      for (const month of await readdir(path.join(this.dir, year.name), { withFileTypes: true })) {
        if (month.isDirectory() && /^\d{2}$/.test(month.name))
          await chmod(path.join(this.dir, year.name, month.name), PRIVATE_DIR);
      }
    }
  }

  /**
   * The index, brought in line with the folder: new files summarised, gone ones dropped. Read
   * from index.json the first time, then kept in memory. Each call lists the folders' names, so
   * a file added or deleted by anyone (by hand, `probe --save`) is noticed at once; it stats only
   * the files of month folders whose mtime moved (a file renamed over another changes it), and
   * every file once FULL_CHECK_MS have passed (a file rewritten in place, or renamed over
   * another within the folder mtime's granularity, changes no folder).
   */
  private async reconcile(write = false): Promise<Cache> {
    this.cache ??= {
      files: new Map((await this.readIndex()).files.map((f) => [f.file, f] as const)),
      dirs: new Map(),
      checkedAt: Number.NEGATIVE_INFINITY,
      unsaved: false,
      indexStamp: await this.indexStamp(),
      view: null,
    };
    const cache = this.cache;
    const now = Date.now();
    const fullCheck = now - cache.checkedAt >= FULL_CHECK_MS;
    const months = await this.scan();
    const scanned: string[] = [];
    const toStat: string[] = [];
    for (const month of months) {
      const moved = fullCheck || cache.dirs.get(month.dir) !== month.mtimeMs;
      for (const name of month.names) {
        const file = `${month.dir}/${name}`;
        scanned.push(file);
        if (moved || !cache.files.has(file)) toStat.push(file);
      }
    }
    scanned.sort();
    // In parallel, a bounded number at a time, not one after another.
    const infos = await mapBounded(toStat, 64, (file) => stat(path.join(this.dir, file)).catch(() => null));
    const statOf = new Map(toStat.map((file, i) => [file, infos[i]] as const));
    const files = new Map<string, IndexedFile>();
    const toRead: { file: string; size: number; mtimeMs: number }[] = [];
    for (const file of scanned) {
      const cached = cache.files.get(file);
      if (!statOf.has(file)) {
        files.set(file, cached!);
        continue;
      }
      const info = statOf.get(file);
      if (!info) continue;
      const current = cached?.entry === null || cached?.search !== undefined;
      if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs && current) {
        files.set(file, cached);
        continue;
      }
      files.set(file, cached!); // a place in path order, filled below
      toRead.push({ file, size: info.size, mtimeMs: info.mtimeMs });
    }
    const read = await mapBounded(toRead, 8, (f) => this.summarise(f.file, f.size, f.mtimeMs));
    for (const f of read) files.set(f.file, f);
    // Only files it had, or read again: the same count means the same files.
    const changed = read.length > 0 || files.size !== cache.files.size;
    cache.files = files;
    cache.dirs = new Map(months.map((m) => [m.dir, m.mtimeMs] as const));
    if (fullCheck) cache.checkedAt = now;
    if (changed) {
      cache.view = null;
      cache.unsaved = true;
    }
    if (write && !cache.unsaved && (await this.indexStamp()) !== cache.indexStamp) cache.unsaved = true;
    if (write && cache.unsaved) await this.writeIndex(cache);
    return cache;
  }

  private async summarise(file: string, size: number, mtimeMs: number): Promise<IndexedFile> {
    const id = path.posix.basename(file, '.json');
    const tooLarge = transcriptSizeCheck(size);
    if (tooLarge) return { file, size, mtimeMs, entry: null, problem: tooLarge.problem };
    const text = await readFile(path.join(this.dir, file), 'utf8').catch((err: NodeJS.ErrnoException) => err);
    if (typeof text !== 'string')
      return { file, size, mtimeMs, entry: null, problem: `cannot read it (${text.code ?? 'error'})` };
    if (!ID.test(id))
      return {
        file,
        size,
        mtimeMs,
        entry: null,
        problem: 'its name is not a history id (letters, digits, ".", "-", "_")',
      };
    const check = parseTranscriptJson(text);
    return check.ok
      ? {
          file,
          size,
          mtimeMs,
          entry: historyEntry(check.transcript, id, file),
          search: historySearchText(check.transcript),
        }
      : { file, size, mtimeMs, entry: null, problem: check.problem };
  }

  /** Files named YYYY/MM/*.json, by month folder with its mtime (taken before its names, so a
   * change while it is read moves it for the next call): anything else is not ours to list. */
  private async scan(): Promise<{ dir: string; mtimeMs: number; names: string[] }[]> {
    const names = (dir: string) => readdir(path.join(this.dir, dir), { withFileTypes: true }).catch(() => []);
    const monthDirs: string[] = [];
    for (const year of await names('.')) {
      if (!year.isDirectory() || !/^\d{4}$/.test(year.name)) continue;
      for (const month of await names(year.name)) {
        if (month.isDirectory() && /^\d{2}$/.test(month.name)) monthDirs.push(`${year.name}/${month.name}`);
      }
    }
    return Promise.all(
      monthDirs.map(async (dir) => {
        // NaN when it cannot be stat'ed: never equal, so its files are stat'ed each time.
        const mtimeMs = await stat(path.join(this.dir, dir)).then(
          (s) => s.mtimeMs,
          () => Number.NaN,
        );
        const entries = await names(dir);
        return {
          dir,
          mtimeMs,
          names: entries.flatMap((f) => (f.isFile() && f.name.endsWith('.json') ? [f.name] : [])),
        };
      }),
    );
  }

  /** Oldest first out, until `limit` sessions remain. Unreadable files are never deleted. */
  private async prune(cache: Cache): Promise<void> {
    const valid = [...cache.files.values()]
      .filter((f) => f.entry)
      .sort((a, b) => (a.entry!.startedAt < b.entry!.startedAt ? -1 : 1));
    const excess = valid.slice(0, Math.max(0, valid.length - this.limit));
    for (const f of excess) await unlink(path.join(this.dir, f.file)).catch(() => undefined);
    for (const f of excess) cache.files.delete(f.file);
    if (excess.length) cache.view = null;
  }

  private async readIndex(): Promise<IndexData> {
    try {
      const file = path.join(this.dir, INDEX_FILE);
      // It is only a cache: one too large to be ours is rebuilt rather than read.
      if ((await stat(file)).size > MAX_TRANSCRIPT_BYTES) throw new Error('not our index');
      const data = JSON.parse(await readFile(file, 'utf8')) as IndexData;
      if (data?.schema === INDEX_SCHEMA && Array.isArray(data.files)) return data;
    } catch {
      // Missing or damaged: it is only a cache, rebuilt from the files.
    }
    return { schema: INDEX_SCHEMA, files: [] };
  }

  private async writeIndex(cache: Cache): Promise<void> {
    const files = [...cache.files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const index: IndexData = { schema: INDEX_SCHEMA, files };
    await privateDir(this.dir);
    await writeAtomic(path.join(this.dir, INDEX_FILE), `${JSON.stringify(index)}\n`);
    cache.unsaved = false;
    cache.indexStamp = await this.indexStamp();
  }

  private indexStamp(): Promise<string | null> {
    return stat(path.join(this.dir, INDEX_FILE)).then(
      (s) => `${s.size}:${s.mtimeMs}`,
      () => null,
    );
  }
}
