// The one IPC contract between the main process and the renderer. Electron's ipcMain/preload
// and the web bridge's WebSocket both carry exactly these channels, with payloads checked
// against shared/ipcSchemas.ts on the main side.
import type {
  Finding,
  Outcome,
  ReplyEvent,
  Stage,
  TlsAudit,
  TlsInfo,
  TlsMode,
  Transcript,
  TranscriptEvent,
} from './transcript';
import type { ExportFormat } from './export/index';
import type { SharingPreset, SharingProfile } from './export/sharingProfile';
import type { HistoryEntry, HistoryFilter, HistoryPage } from './history';
import type { SweepResult, SweepRow } from './sweep';
import type { SecurityProbe } from './lab/scenarioTypes';

/** What the connection form sends to start a session: inferred from its schema. */
export type { SessionRequest } from './sessionRequest';
import type { AuthMechanism, SessionRequest } from './sessionRequest';
import type { DomainRequest, ExplainRequest, ListenRequest, SweepRequest } from './ipcSchemas';
import type { DomainReport } from './domain';
import type { ExplainedInput } from './explain';
import type { OpenedProfile, ProfileList, ProfileSaveRequest, ProfileSummary } from './profile';
export type { DomainRequest, ExplainRequest, ListenRequest, SweepRequest };

/** The Listen tab's listener: whether it runs, where, and how many sessions it has served. */
export interface ListenStatus {
  running: boolean;
  host: string;
  port: number;
  tls: ListenRequest['tls'];
  auth: ListenRequest['auth'];
  behave: ListenRequest['behave'];
  sessions: number;
}

/** `domain:check`'s answer: the report, and what became of its probes in History. */
export interface DomainCheckResult {
  report: DomainReport;
  /** How many of the MX probes were saved to History, each as a session of its own. */
  savedToHistory: number;
  /** Why some were not, in words; null when all were (or History is off). */
  historyProblem: string | null;
}

/** What the next Step will do, shown before it is done. */
export interface StepPreview {
  kind: string;
  stage: Stage;
  label: string;
  why: string;
  /** The exact line the client will send (credentials redacted), when there is one. */
  line: string | null;
}

/** Everything but the events, which stream separately (session:events). */
export interface SessionSnapshot {
  sessionId: string;
  next: StepPreview | null;
  finished: boolean;
  eventCount: number;
  /** What the server waits for next: a command, message lines after 354 until ".", or a SASL
   * response after 334. The terminal prompts accordingly. */
  expects: 'command' | 'data' | 'sasl';
  findings: Finding[];
  tls: TlsInfo | null;
  outcome: Outcome;
  /** EHLO keywords the server advertised last, for the terminal's tab completion. */
  capabilities: string[];
}

export interface LabScenarioView {
  name: string;
  port: number;
  summary: string;
  notice: string;
  /** How an admin would fix this on a real server (Postfix/Exim/Exchange terms). */
  explainFix: string;
  client: { tls: TlsMode; auth: boolean; to: string[]; timeoutMs?: number; securityProbe?: SecurityProbe };
  /** The real-world port the scenario stands for (the lab listens elsewhere). */
  realPort: number;
}

export interface LabStatus {
  host: string;
  scenarios: LabScenarioView[];
  user: string;
  password: string;
  servername: string;
  /** Where the practice server's root CA is on this machine: what a copied command trusts
   * (--ca, --tls-ca-path, -CAfile) to verify the practice certificates as the app does. */
  rootCaPath?: string;
}

export interface ReceivedMessageView {
  scenario: string;
  from: string;
  to: string[];
  receivedAt: string;
  text: string;
}

/** `export:render`: one source (a live session, a saved one, or a transcript the renderer
 * opened), a format, and what to mask. Known secrets of a live session are checked by main. */
export interface ExportRequest {
  sessionId?: string;
  historyId?: string;
  transcript?: Transcript;
  format: ExportFormat;
  profile?: SharingPreset | SharingProfile;
}

export interface ExportedFile {
  format: ExportFormat;
  content: string;
  /** A suggested name: smtp-lens-HOST-PORT-STAMP.EXT */
  fileName: string;
  mimeType: string;
}

/** `sweep:run`: which ports of which host, with the same TLS settings as a probe. */
/** Errors are values: a failed call still carries the transcript recorded so far. */
export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; message: string; transcript: Transcript | null };

export interface IpcContract {
  'session:create': { request: SessionRequest; response: Result<SessionSnapshot> };
  /** Creates a session under the id the client chose (so its events and Stop can be matched
   * at once) and runs it, or its first step: one round trip for a Run click. */
  'session:start': {
    request: { sessionId: string; request: SessionRequest; mode: 'run' | 'step' };
    response: Result<SessionSnapshot>;
  };
  'session:step': { request: { sessionId: string }; response: Result<SessionSnapshot> };
  'session:run': { request: { sessionId: string }; response: Result<SessionSnapshot> };
  'session:abort': { request: { sessionId: string }; response: Result<SessionSnapshot> };
  'session:send': {
    request: { sessionId: string; line: string };
    response: Result<{ reply: ReplyEvent | null; snapshot: SessionSnapshot }>;
  };
  'session:authenticate': {
    request: {
      sessionId: string;
      user: string;
      secret: string;
      mechanism?: AuthMechanism;
    };
    response: Result<SessionSnapshot>;
  };
  'session:transcript': { request: { sessionId: string }; response: Result<Transcript> };
  /** The TLS audit of a finished session that used TLS (main/engine/tls/auditReport.ts): new
   * connections to its host, port and SNI; its notes join the session's events (and so its
   * findings). One at a time per session; `session:abort` stops it. Refused in words with
   * NO_SESSION, SESSION_RUNNING, NO_TLS or AUDIT_RUNNING. */
  'tls:audit': { request: { sessionId: string }; response: Result<TlsAudit> };
  'lab:status': { request: Record<string, never>; response: Result<LabStatus> };
  'lab:messages': { request: { scenario?: string }; response: Result<ReceivedMessageView[]> };
  'history:list': { request: HistoryFilter; response: Result<HistoryPage> };
  'history:read': { request: { id: string }; response: Result<Transcript> };
  'history:remove': { request: { id: string }; response: Result<null> };
  'export:render': { request: ExportRequest; response: Result<ExportedFile> };
  'sweep:run': { request: SweepRequest; response: Result<SweepResult> };
  'domain:check': { request: DomainRequest; response: Result<DomainCheckResult> };
  'explain:text': { request: ExplainRequest; response: Result<ExplainedInput> };
  'listen:start': { request: ListenRequest; response: Result<ListenStatus> };
  'listen:stop': { request: Record<string, never>; response: Result<ListenStatus> };
  /** Saved servers (docs/data.md): the list, with whether the keychain can remember secrets
   * here (never through the web bridge), and what to open, save, rename, copy and delete. */
  'profiles:list': { request: Record<string, never>; response: Result<ProfileList> };
  'profiles:open': { request: { name: string }; response: Result<OpenedProfile> };
  'profiles:save': { request: ProfileSaveRequest; response: Result<ProfileSummary> };
  'profiles:rename': { request: { from: string; to: string }; response: Result<ProfileSummary> };
  'profiles:duplicate': { request: { from: string; to: string }; response: Result<ProfileSummary> };
  'profiles:delete': { request: { name: string }; response: Result<null> };
}

export type Channel = keyof IpcContract;
export type RequestOf<C extends Channel> = IpcContract[C]['request'];
export type ResponseOf<C extends Channel> = IpcContract[C]['response'];

/** Events from main to the renderer. */
export interface IpcEvents {
  /** New transcript events, batched (~16 ms). `from` is the index of the first one. */
  'session:events': { sessionId: string; from: number; events: TranscriptEvent[]; findings: Finding[] };
  /** A menu item was chosen (Electron's application menu). */
  'app:command': {
    command: 'new-session' | 'open-transcript' | 'export' | 'practice' | 'find' | 'find-next' | 'find-previous';
  };
  /** One port of a running sweep is done, so the grid can fill in as results arrive. */
  'sweep:row': { row: SweepRow };
  /** A client session the Listen tab's listener served has ended. */
  'listen:session': { transcript: Transcript };
  /** A finished session was saved to the history (or could not be). */
  'history:saved': { sessionId: string } & ({ ok: true; entry: HistoryEntry } | { ok: false; message: string });
}

export const CHANNELS: readonly Channel[] = [
  'session:create',
  'session:start',
  'session:step',
  'session:run',
  'session:abort',
  'session:send',
  'session:authenticate',
  'session:transcript',
  'tls:audit',
  'lab:status',
  'lab:messages',
  'history:list',
  'history:read',
  'history:remove',
  'export:render',
  'sweep:run',
  'domain:check',
  'explain:text',
  'listen:start',
  'listen:stop',
  'profiles:list',
  'profiles:open',
  'profiles:save',
  'profiles:rename',
  'profiles:duplicate',
  'profiles:delete',
];
