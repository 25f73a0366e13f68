// One browser tab on the web bridge: requests `{id, channel, payload}` are answered with
// `{id, response}`, and main's events go out as `{event, payload}`. Whatever a message holds,
// the answer is an error value, never an exception that could end the process.
import type { WebSocket } from 'ws';
import { CHANNELS, type Channel, type IpcEvents, type Result } from '../shared/ipc';
import { createIpcEndpoint } from './app/ipcHandlers';
import type { LabService } from './app/labService';

type Failure = Extract<Result<never>, { ok: false }>;

function failure(code: string, message: string): Failure {
  return { ok: false, code, message, transcript: null };
}

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** The request's id is echoed so the tab can match the answer; only a number or a string. */
function requestId(message: unknown): number | string | null {
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}

export function serveClient(ws: WebSocket, lab: LabService): void {
  const emit = <E extends keyof IpcEvents>(event: E, payload: IpcEvents[E]) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
  };
  const endpoint = createIpcEndpoint(emit, lab);
  const answer = (id: number | string | null, response: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, response }));
  };

  async function handle(data: string): Promise<void> {
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return answer(null, failure('INVALID_REQUEST', 'not JSON'));
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return answer(null, failure('INVALID_REQUEST', 'a request is an object {id, channel, payload}'));
    }
    const id = requestId(message);
    const { channel, payload } = message as { channel?: unknown; payload?: unknown };
    if (!isChannel(channel))
      return answer(
        id,
        failure(
          'UNKNOWN_CHANNEL',
          `unknown channel ${typeof channel === 'string' ? channel.slice(0, 100) : typeof channel}`,
        ),
      );
    try {
      answer(id, await endpoint.invoke(channel, payload));
    } catch (err) {
      answer(id, failure('ERROR', (err as Error)?.message ?? String(err)));
    }
  }

  // Even an answer that cannot be sent ends only this tab's socket.
  ws.on('message', (data) => void handle(String(data)).catch(() => ws.terminate()));
  ws.on('close', () => endpoint.dispose());
  // A protocol error (a bad frame, a message over maxPayload) closes this tab's socket only.
  ws.on('error', () => ws.terminate());
}
