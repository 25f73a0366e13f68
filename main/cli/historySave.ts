// --save on probe and domain: a transcript into the history folder (docs/history.md), after
// the same secret check as an export.
import type { Transcript } from '../../shared/transcript';
import type { SessionOptions } from '../engine/sessionOptions';
import { terminalSafe } from '../../shared/untrustedText';

/** --save: into the history folder (docs/history.md), after the same secret check as exports. */
export async function saveToHistory(t: Transcript, auth: SessionOptions['auth']): Promise<boolean> {
  const [{ HistoryStore }, { historyDir }, { checkExport }, { renderJson }] = await Promise.all([
    import('../app/historyStore'),
    import('../app/appDataDir'),
    import('../../shared/export/secretGuard'),
    import('../../shared/export/json'),
  ]);
  const leak = checkExport(t, renderJson(t), auth ? [auth] : []);
  if (leak) {
    process.stderr.write(terminalSafe(`smtp-lens: not saved to the history: ${leak.message}\n`));
    return false;
  }
  const store = new HistoryStore(historyDir());
  const entry = await store.save(t);
  process.stderr.write(`Saved to the history: ${store.dir}/${entry.file}\n`);
  return true;
}
