import type { Channel, IpcEvents, RequestOf, ResponseOf, Result } from '../../shared/ipc';
import type { Transcript } from '../../shared/transcript';
import { REQUEST_SCHEMAS } from '../../shared/ipcSchemas';
import type { LabService } from './labService';
import { SessionService } from './sessionService';

type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<unknown> | unknown };

export interface IpcEndpoint {
  /** Validates and runs one request. Never throws: failures come back as error values. */
  invoke<C extends Channel>(channel: C, payload: unknown): Promise<ResponseOf<C>>;
  dispose(): void;
}

/**
 * The handlers behind every channel of shared/ipc.ts, for one client (a window, or a tab of
 * the web bridge). Electron's ipcMain and the WebSocket bridge both call `invoke`, so the
 * two faces cannot drift apart.
 */
export function createIpcEndpoint(emit: <E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) => void, lab: LabService): IpcEndpoint {
  const sessions = new SessionService(emit, lab);
  const handlers: Handlers = {
    'session:create': (r) => sessions.create(r),
    'session:step': (r) => sessions.step(r.sessionId),
    'session:run': (r) => sessions.run(r.sessionId),
    'session:abort': (r) => sessions.abort(r.sessionId),
    'session:send': (r) => sessions.send(r.sessionId, r.line),
    'session:authenticate': (r) => sessions.authenticate(r.sessionId, r.user, r.secret, r.mechanism),
    'session:transcript': (r) => sessions.transcript(r.sessionId),
    'lab:status': () => lab.status(),
    'lab:messages': (r) => lab.messages(r.scenario),
  };

  async function invoke<C extends Channel>(channel: C, payload: unknown): Promise<ResponseOf<C>> {
    const schema = REQUEST_SCHEMAS[channel];
    if (!schema) return failure('UNKNOWN_CHANNEL', `unknown channel ${String(channel)}`, null) as ResponseOf<C>;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return failure('INVALID_REQUEST', `invalid ${channel} request: ${issue?.path.join('.') || 'payload'}: ${issue?.message}`, null) as ResponseOf<C>;
    }
    const request = parsed.data as RequestOf<C>;
    try {
      const value = await (handlers[channel] as (r: RequestOf<C>) => unknown)(request);
      return { ok: true, value } as ResponseOf<C>;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const sessionId = (request as { sessionId?: string }).sessionId;
      return failure(e.code ?? 'ERROR', e.message ?? String(err), sessions.transcriptOrNull(sessionId)) as ResponseOf<C>;
    }
  }

  return { invoke, dispose: () => sessions.dispose() };
}

function failure(code: string, message: string, transcript: Transcript | null): Result<never> {
  return { ok: false, code, message, transcript };
}
