// --save on probe and domain: a transcript into the history folder (docs/history.md), after
// the same secret check as an export.
import type { Transcript } from '../../shared/transcript';
import type { SessionOptions } from '../engine/sessionOptions';
import { terminalSafe } from '../../shared/untrustedText';

/** --save: into the history folder (docs/history.md), after the same secret check as exports. */
export async function saveToHistory(t: Transcript, auth: SessionOptions['auth']): Promise<boolean> {
  const [{ HistoryStore }, { historyDir }, { saveChecked }] = await Promise.all([
    import('../app/historyStore'),
    import('../app/appDataDir'),
    import('../app/exportService'),
  ]);
  const store = new HistoryStore(historyDir());
  let entry: Awaited<ReturnType<typeof saveChecked>>;
  try {
    entry = await saveChecked(store, t, auth ? [auth] : []);
  } catch (err) {
    if ((err as { code?: string }).code !== 'SECRET_IN_EXPORT') throw err;
    process.stderr.write(terminalSafe(`smtp-lens: not saved to the history: ${(err as Error).message}\n`));
    return false;
  }
  process.stderr.write(`Saved to the history: ${store.dir}/${entry.file}\n`);
  return true;
}
