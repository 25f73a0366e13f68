import type { Channel, IpcEvents, RequestOf, ResponseOf, Result } from '../../shared/ipc';
import type { Transcript } from '../../shared/transcript';
import { REQUEST_SCHEMAS } from '../../shared/ipcSchemas';
import { requestProblem } from '../../shared/sessionRequest';
import { historyDir } from './appDataDir';
import { HistoryStore } from './historyStore';
import type { LabService } from './labService';
import { SessionService } from './sessionService';
import { runSweep } from './sweepService';
import { runDomainCheck } from './domainService';
import { ListenService } from './listenService';
import { exportHandler, saveFinished } from './exportService';
import { WEB_BRIDGE_KEYCHAIN } from './keychain';
import { profileHandlers } from './profileService';
import { profileRoot } from './profilePaths';
import { type ProfileStore, profileStoreFor } from './profileStore';

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
export interface EndpointOptions {
  /** Where finished sessions are saved; null turns the history off. Default: the user's data folder. */
  history?: HistoryStore | null;
  /** Saved servers (docs/data.md); null turns them off. Default: the user's data folder, with no
   * keychain (the web bridge never stores a secret); Electron passes its safeStorage one. */
  profiles?: ProfileStore | null;
}

/** One store per folder per process, so windows and tabs queue their writes together. */
const stores = new Map<string, HistoryStore>();
export function historyStoreFor(dir: string = historyDir()): HistoryStore {
  let store = stores.get(dir);
  if (!store) {
    store = new HistoryStore(dir);
    stores.set(dir, store);
  }
  return store;
}

export function createIpcEndpoint(
  emit: <E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) => void,
  lab: LabService,
  options: EndpointOptions = {},
): IpcEndpoint {
  const history = options.history === undefined ? historyStoreFor() : options.history;
  // Every finished UI or terminal session goes into the history (docs/history.md), checked first for
  // the credentials it was given.
  const sessions = new SessionService(
    emit,
    lab,
    history ? (id, t, secrets) => saveFinished(history, emit, id, t, secrets) : undefined,
  );
  const listen = new ListenService(emit, history);
  const noHistory = () => {
    throw Object.assign(new Error('the session history is turned off'), { code: 'HISTORY_OFF' });
  };
  const render = exportHandler(sessions, history);
  const handlers: Handlers = {
    'session:create': (r) => sessions.create(r),
    'session:start': (r) => sessions.start(r.sessionId, r.request, r.mode),
    'session:step': (r) => sessions.step(r.sessionId),
    'session:run': (r) => sessions.run(r.sessionId),
    'session:abort': (r) => sessions.abort(r.sessionId),
    'session:send': (r) => sessions.send(r.sessionId, r.line),
    'session:authenticate': (r) => sessions.authenticate(r.sessionId, r.user, r.secret, r.mechanism),
    'session:transcript': (r) => sessions.transcript(r.sessionId),
    'tls:audit': (r) => sessions.tlsAudit(r.sessionId),
    'lab:status': () => lab.status(),
    'lab:messages': (r) => lab.messages(r.scenario),
    'history:list': (r) => (history ? history.list(r) : noHistory()),
    'history:read': (r) => (history ? history.read(r.id) : noHistory()),
    'history:remove': async (r) => {
      if (!history) return noHistory();
      await history.remove(r.id);
      return null;
    },
    'export:render': (r) => render(r),
    'sweep:run': (r) => runSweep(r, lab, emit),
    'domain:check': (r) => runDomainCheck(r, lab, history),
    // Text, not bytes: what a page can send. A file is read by the renderer as UTF-8.
    // Loaded on first use: mailparser is not needed to start the app.
    'explain:text': async (r) =>
      (await import('../engine/explain/explainInput')).explainInput(Buffer.from(r.text, 'utf8'), r.name),
    'listen:start': (r) => listen.start(r),
    'listen:stop': () => listen.stop(),
    ...profileHandlers(
      options.profiles === undefined ? profileStoreFor(profileRoot(), WEB_BRIDGE_KEYCHAIN) : options.profiles,
    ),
  };

  async function invoke<C extends Channel>(channel: C, payload: unknown): Promise<ResponseOf<C>> {
    // Own keys only: "constructor" or "__proto__" from a hostile page is not a channel.
    const schema =
      typeof channel === 'string' && Object.hasOwn(REQUEST_SCHEMAS, channel) ? REQUEST_SCHEMAS[channel] : undefined;
    if (!schema) return failure('UNKNOWN_CHANNEL', `unknown channel ${String(channel)}`, null) as ResponseOf<C>;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      // The same sentence the CLI and the form give, naming fields as the request does.
      const problem = requestProblem(parsed.error, (field) => field);
      return failure('INVALID_REQUEST', `invalid ${channel} request: ${problem}`, null) as ResponseOf<C>;
    }
    const request = parsed.data as RequestOf<C>;
    try {
      const value = await (handlers[channel] as (r: RequestOf<C>) => unknown)(request);
      return { ok: true, value } as ResponseOf<C>;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const sessionId = (request as { sessionId?: string }).sessionId;
      return failure(
        e.code ?? 'ERROR',
        e.message ?? String(err),
        sessions.transcriptOrNull(sessionId),
      ) as ResponseOf<C>;
    }
  }

  return {
    invoke,
    dispose: () => {
      sessions.dispose();
      listen.dispose();
    },
  };
}

function failure(code: string, message: string, transcript: Transcript | null): Result<never> {
  return { ok: false, code, message, transcript };
}
