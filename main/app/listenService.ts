// The Listen tab's listener: one per window (or web-bridge tab), on 127.0.0.1 only (the app
// never binds another address; the CLI's --listen-address is for that). Each client session
// goes to the window as `listen:session` and into History, as a probe does.
import type { IpcEvents, ListenRequest, ListenStatus } from '../../shared/ipc';
import { createTestPki } from '../lab/pki';
import { Listener } from '../listen/listener';
import { saveChecked } from './exportService';
import type { HistoryStore } from './historyStore';

type Emit = <E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) => void;

const HOST = '127.0.0.1';

export class ListenService {
  private listener: Listener | null = null;
  private status: ListenStatus = {
    running: false,
    host: HOST,
    port: 0,
    tls: 'starttls',
    auth: 'optional',
    behave: 'lenient',
    sessions: 0,
  };

  constructor(
    private readonly emit: Emit,
    private readonly history: HistoryStore | null,
  ) {}

  async start(r: ListenRequest): Promise<ListenStatus> {
    await this.stop();
    const listener = new Listener({
      host: HOST,
      port: r.port,
      tls: r.tls,
      auth: r.auth,
      acceptLogin: 'any',
      behave: r.behave,
      pki: await createTestPki(),
      onSession: (transcript) => {
        this.status = { ...this.status, sessions: this.status.sessions + 1 };
        this.emit('listen:session', { transcript });
        // No credential is ever in a listen transcript (AUTH is redacted as it is recorded);
        // the guard every saved session passes checks that once more.
        if (this.history) void saveChecked(this.history, transcript, []).catch(() => undefined);
      },
    });
    const port = await listener.listen(r.port, HOST).catch((err: NodeJS.ErrnoException) => {
      throw Object.assign(
        new Error(`cannot listen on ${HOST}:${r.port} (${err.code ?? err.message}): pick another port`),
        {
          code: 'LISTEN_FAILED',
        },
      );
    });
    this.listener = listener;
    this.status = { running: true, host: HOST, port, tls: r.tls, auth: r.auth, behave: r.behave, sessions: 0 };
    return this.status;
  }

  async stop(): Promise<ListenStatus> {
    const l = this.listener;
    this.listener = null;
    await l?.close();
    this.status = { ...this.status, running: false };
    return this.status;
  }

  dispose(): void {
    void this.stop();
  }
}
