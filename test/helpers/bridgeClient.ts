import type WebSocket from 'ws';

export type BridgeResponse<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** One request over the web bridge's WebSocket, as the renderer sends it: `{id, channel,
 * payload}`, answered by `{id, response}`. */
export function bridgeCall<T = unknown>(ws: WebSocket, channel: string, payload: unknown): Promise<BridgeResponse<T>> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data));
      if (message.id === id) {
        ws.off('message', onMessage);
        resolve(message.response);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, payload }));
  });
}
