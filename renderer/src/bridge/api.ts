import { makeApi, type SmtpLensApi, type Invoke, type Subscribe } from '../../../shared/apiFactory';
import type { IpcEvents, ResponseOf, Channel } from '../../../shared/ipc';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser, where the web bridge is used. */
    smtpLens?: SmtpLensApi;
  }
}

/** Where the tab keeps the token between reloads: sessionStorage belongs to this origin
 * (scheme, host and port), so no other local web server can read it, unlike a cookie, which
 * the browser would send to every port of 127.0.0.1. It ends with the tab. */
const TOKEN_KEY = 'smtp-lens-token';

/**
 * The token from the address `smtp-lens web` printed, read once and then removed from the
 * address bar, so it does not stay on screen, in bookmarks or in later history entries.
 */
function takeToken(): string {
  const address = new URL(location.href);
  const fromAddress = address.searchParams.get('token');
  if (fromAddress !== null) {
    address.searchParams.delete('token');
    history.replaceState(history.state, '', `${address.pathname}${address.search}${address.hash}`);
    sessionStorage.setItem(TOKEN_KEY, fromAddress);
  }
  return fromAddress ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const NO_TOKEN = 'This page was opened without its token. Open the address that "smtp-lens web" printed.';

/** Whether the window can reach SMTP Lens: always in Electron; through the web bridge, as long
 * as its WebSocket is open. `lost` is shown as a banner, and every call answers at once. */
export type BridgeState = 'connected' | 'lost';
let bridgeState: BridgeState = 'connected';
const stateListeners = new Set<() => void>();
function setBridgeState(next: BridgeState): void {
  if (next === bridgeState) return;
  bridgeState = next;
  for (const l of stateListeners) l();
}
export const bridge = {
  get state(): BridgeState {
    return bridgeState;
  },
  subscribe(listener: () => void): () => void {
    stateListeners.add(listener);
    return () => stateListeners.delete(listener);
  },
};

const LOST =
  'The connection to SMTP Lens was lost; reconnecting. If "smtp-lens web" was restarted, open the address it printed.';
/** How long to wait between attempts to reach the bridge again. */
const RETRY_MS = [500, 1000, 2000, 5000];

/** The web bridge client: the same API over one WebSocket to main/web.ts, opened again when it
 * drops, so a stopped bridge never leaves a call (and the Run button) waiting for ever. */
function webSocketApi(): SmtpLensApi {
  const token = takeToken();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc?token=${encodeURIComponent(token)}`;
  let nextId = 1;
  const pending = new Map<number, (response: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnected = (message: string) => ({ ok: false, code: 'DISCONNECTED', message, transcript: null });
  let everOpened = false;
  let attempt = 0;

  const connect = (): { socket: WebSocket; opened: Promise<void> } => {
    const socket = new WebSocket(url);
    const opened = new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener(
        'error',
        () =>
          reject(
            new Error(
              !token
                ? NO_TOKEN
                : everOpened
                  ? LOST
                  : 'Cannot reach the SMTP Lens web bridge: is "smtp-lens web" still running? Open the address it printed.',
            ),
          ),
        { once: true },
      );
    });
    opened.then(
      () => {
        everOpened = true;
        attempt = 0;
        setBridgeState('connected');
      },
      () => undefined,
    );
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as {
        id?: number;
        response?: unknown;
        event?: string;
        payload?: unknown;
      };
      if (data.event) {
        for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
      } else if (typeof data.id === 'number') {
        pending.get(data.id)?.(data.response);
        pending.delete(data.id);
      }
    });
    socket.addEventListener('close', () => {
      for (const resolve of pending.values()) resolve(disconnected(LOST));
      pending.clear();
      if (!everOpened || current.socket !== socket) return;
      setBridgeState('lost');
      setTimeout(() => (current = connect()), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    });
    return { socket, opened };
  };
  let current = connect();

  const invoke: Invoke = async <C extends Channel>(channel: C, request: unknown) => {
    try {
      await current.opened;
    } catch (err) {
      return disconnected((err as Error).message) as ResponseOf<C>;
    }
    const { socket } = current;
    if (socket.readyState !== WebSocket.OPEN) return disconnected(LOST) as ResponseOf<C>;
    const id = nextId++;
    return new Promise<ResponseOf<C>>((resolve) => {
      pending.set(id, resolve as (r: unknown) => void);
      socket.send(JSON.stringify({ id, channel, payload: request }));
    });
  };
  const subscribe: Subscribe = <E extends keyof IpcEvents>(channel: E, listener: (payload: IpcEvents[E]) => void) => {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    listeners.set(channel, set);
    return () => set.delete(listener as (payload: unknown) => void);
  };
  return makeApi(invoke, subscribe);
}

export const api: SmtpLensApi = window.smtpLens ?? webSocketApi();
