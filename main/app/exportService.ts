// The app's side of export and history: the `export:render` channel, and saving each finished
// session into the history. Both run the secret guard with the credentials main knows for the
// session, which the renderer never has to send again.
import { exportTranscript, renderJson } from '../../shared/export/index';
import { checkExport, type KnownSecret } from '../../shared/export/secretGuard';
import type { HistoryEntry } from '../../shared/history';
import type { ExportedFile, ExportRequest, IpcEvents } from '../../shared/ipc';
import type { Transcript } from '../../shared/transcript';
import { checkTranscript } from '../../shared/transcriptSchema';
import type { HistoryStore } from './historyStore';
import type { SessionService } from './sessionService';

type Emit = <E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) => void;

const fail = (code: string, message: string) => Object.assign(new Error(message), { code });

/** Saves a transcript that is already finished (a domain probe, `--save`), after the secret
 * guard: a leak is refused with the guard's sentence, as an export is. */
export async function saveChecked(
  history: HistoryStore,
  t: Transcript,
  secrets: readonly KnownSecret[],
): Promise<HistoryEntry> {
  const leak = checkExport(t, renderJson(t), secrets);
  if (leak) throw fail('SECRET_IN_EXPORT', leak.message);
  return history.save(t);
}

/** Saves a finished session; the outcome goes to the window as `history:saved`. Never throws:
 * a full disk must not break the session the user is looking at. */
export function saveFinished(
  history: HistoryStore,
  emit: Emit,
  sessionId: string,
  t: Transcript,
  secrets: readonly KnownSecret[],
): void {
  const leak = checkExport(t, renderJson(t), secrets);
  if (leak) {
    emit('history:saved', { sessionId, ok: false, message: leak.message });
    return;
  }
  history.saveSession(sessionId, t).then(
    (entry) => emit('history:saved', { sessionId, ok: true, entry }),
    (err: Error) =>
      emit('history:saved', {
        sessionId,
        ok: false,
        message: `Could not save this session to the history: ${err.message}`,
      }),
  );
}

export function exportHandler(sessions: SessionService, history: HistoryStore | null) {
  return async (r: ExportRequest): Promise<ExportedFile> => {
    let transcript: Transcript;
    let secrets: readonly KnownSecret[] = [];
    if (r.sessionId !== undefined) {
      transcript = sessions.transcript(r.sessionId);
      secrets = sessions.knownSecrets(r.sessionId);
    } else if (r.historyId !== undefined) {
      if (!history) throw fail('HISTORY_OFF', 'the session history is turned off');
      transcript = await history.read(r.historyId);
    } else {
      const check = checkTranscript(r.transcript);
      if (!check.ok) throw fail('INVALID_TRANSCRIPT', check.problem);
      transcript = check.transcript;
    }
    const result = exportTranscript(transcript, r.format, { ...(r.profile ? { profile: r.profile } : {}), secrets });
    if (!result.ok) throw fail(result.code, result.message);
    return { format: result.format, content: result.content, fileName: result.fileName, mimeType: result.mimeType };
  };
}
