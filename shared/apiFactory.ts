// The renderer's API: named methods only, never a generic channel pass-through, so a compromised page can reach no more than these.
// The Electron preload builds it over ipcRenderer, the web bridge client over a WebSocket;
// the renderer's type is derived from this one object.
import type {
  Channel,
  DomainRequest,
  ExplainRequest,
  ListenRequest,
  ExportRequest,
  IpcEvents,
  RequestOf,
  ResponseOf,
  SessionRequest,
  SweepRequest,
} from './ipc';
import type { HistoryFilter } from './history';
import type { ProfileSaveRequest } from './profile';

export type Invoke = <C extends Channel>(channel: C, request: RequestOf<C>) => Promise<ResponseOf<C>>;
export type Subscribe = <E extends keyof IpcEvents>(
  channel: E,
  listener: (payload: IpcEvents[E]) => void,
) => () => void;
type Mechanism = RequestOf<'session:authenticate'>['mechanism'];

export function makeApi(invoke: Invoke, subscribe: Subscribe) {
  return {
    createSession: (request: SessionRequest) => invoke('session:create', request),
    startSession: (sessionId: string, request: SessionRequest, mode: 'run' | 'step') =>
      invoke('session:start', { sessionId, request, mode }),
    step: (sessionId: string) => invoke('session:step', { sessionId }),
    run: (sessionId: string) => invoke('session:run', { sessionId }),
    abort: (sessionId: string) => invoke('session:abort', { sessionId }),
    send: (sessionId: string, line: string) => invoke('session:send', { sessionId, line }),
    authenticate: (sessionId: string, user: string, secret: string, mechanism?: Mechanism) =>
      invoke('session:authenticate', { sessionId, user, secret, ...(mechanism ? { mechanism } : {}) }),
    transcript: (sessionId: string) => invoke('session:transcript', { sessionId }),
    /** The TLS audit of the finished session: its notes arrive as session events; `abort` stops it. */
    tlsAudit: (sessionId: string) => invoke('tls:audit', { sessionId }),
    labStatus: () => invoke('lab:status', {}),
    labMessages: (scenario?: string) => invoke('lab:messages', scenario ? { scenario } : {}),
    /** Saved sessions, newest first: target, time, outcome, worst finding. */
    historyList: (filter: HistoryFilter = {}) => invoke('history:list', filter),
    /** One saved session, checked against the transcript schema; open it read-only. */
    historyRead: (id: string) => invoke('history:read', { id }),
    historyRemove: (id: string) => invoke('history:remove', { id }),
    /** Renders a live session, a saved one or an opened transcript in one format, masked by the
     * profile; refused (code SECRET_IN_EXPORT) if it would contain a known secret. */
    exportRender: (request: ExportRequest) => invoke('export:render', request),
    sweep: (request: SweepRequest) => invoke('sweep:run', request),
    /** A domain's MX set, policies and one probe per MX; the probes go to History. */
    checkDomain: (request: DomainRequest) => invoke('domain:check', request),
    /** Why mail bounced, from a pasted bounce, log excerpt or reply: as `smtp-lens explain`. */
    explain: (request: ExplainRequest) => invoke('explain:text', request),
    /** The Listen tab's listener on 127.0.0.1; each client session comes as `listen:session`. */
    listenStart: (request: ListenRequest) => invoke('listen:start', request),
    listenStop: () => invoke('listen:stop', {}),
    /** Saved servers, with whether "Remember" can keep a secret here and why not. */
    profilesList: () => invoke('profiles:list', {}),
    /** One profile, for the form: its settings, remembered secrets and CA certificates. */
    profilesOpen: (name: string) => invoke('profiles:open', { name }),
    /** The form's settings under a name; with `remember`, its secrets sealed by the keychain. */
    profilesSave: (request: ProfileSaveRequest) => invoke('profiles:save', request),
    profilesRename: (from: string, to: string) => invoke('profiles:rename', { from, to }),
    profilesDuplicate: (from: string, to: string) => invoke('profiles:duplicate', { from, to }),
    profilesDelete: (name: string) => invoke('profiles:delete', { name }),
    onListenSession: (listener: (payload: IpcEvents['listen:session']) => void) =>
      subscribe('listen:session', listener),
    onSweepRow: (listener: (payload: IpcEvents['sweep:row']) => void) => subscribe('sweep:row', listener),
    onHistorySaved: (listener: (payload: IpcEvents['history:saved']) => void) => subscribe('history:saved', listener),
    /** Returns the unsubscribe function. */
    onSessionEvents: (listener: (payload: IpcEvents['session:events']) => void) =>
      subscribe('session:events', listener),
    onAppCommand: (listener: (payload: IpcEvents['app:command']) => void) => subscribe('app:command', listener),
  };
}

export type SmtpLensApi = ReturnType<typeof makeApi>;
