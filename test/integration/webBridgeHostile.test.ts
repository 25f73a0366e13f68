// The web bridge faces every web page the user opens (any of them can make the browser send a
// request to 127.0.0.1) and every local program. Here it runs as `smtp-lens web`, in its own
// process, so that a request that crashes it shows up as a dead process. Each test gets a
// fresh one, so one crash does not hide the next.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fuzzRequest, HOSTILE_TARGETS } from '../helpers/httpFuzz';
import { seededRandom } from '../helpers/seededRandom';
import { rawRequest, startBridgeProcess, type BridgeProcess, type RawAnswer } from '../helpers/webBridgeProcess';

let bridge: BridgeProcess;

beforeEach(async () => {
  bridge = await startBridgeProcess();
}, 60_000);
afterEach(async () => {
  await bridge?.stop();
});

const host = () => `127.0.0.1:${bridge.port}`;
const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\n${extra}\r\n`;
const upgrade = (target: string) =>
  get(
    target,
    `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://${host()}\r\n`,
  );

/** What a failure message needs: what came back, and what the bridge printed (a crash's stack). */
function seen(answer: RawAnswer): string {
  return `answered ${JSON.stringify(answer.text.slice(0, 200))}; bridge running: ${bridge.alive()}; it printed:\n${bridge.output().slice(-1500)}`;
}

/** The bridge is still running and still serves the page. */
async function expectStillServing(): Promise<void> {
  expect(bridge.alive(), `the bridge died:\n${bridge.output()}`).toBe(true);
  const page = await rawRequest(bridge.port, get('/'));
  expect(page.status, seen(page)).toBe(200);
  expect(page.text).toContain('<div id="root"');
}

/** One WebSocket message as a tab would send it, and the first answer to it. */
async function ipcAnswer(message: string): Promise<{ id: unknown; response: { ok: boolean; code?: string } }> {
  const ws = new WebSocket(`ws://${host()}/ipc?token=${bridge.token}`, { origin: `http://${host()}` });
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answer = new Promise<string>((resolve, reject) => {
      ws.once('message', (data) => resolve(String(data)));
      ws.once('close', () =>
        reject(
          new Error(`the bridge closed the socket instead of answering; alive: ${bridge.alive()}\n${bridge.output()}`),
        ),
      );
    });
    ws.send(message);
    return JSON.parse(await answer);
  } finally {
    ws.terminate();
  }
}

describe('the web bridge under hostile requests', () => {
  it('answers 400 to the paths that used to crash it, from any page, without a token', async () => {
    for (const target of ['//', '/%E0%A4%A', '/%E0%A4%A?token=x', '//evil.example/', '/%']) {
      const answer = await rawRequest(bridge.port, get(target));
      expect(answer.status, `GET ${target}: ${seen(answer)}`).toBe(400);
      expect(bridge.alive(), `GET ${target} killed the bridge:\n${bridge.output()}`).toBe(true);
    }
    await expectStillServing();
  });

  it('answers 400 to a WebSocket upgrade on those paths', async () => {
    for (const target of ['//', '/%E0%A4%A', '//ipc?token=x']) {
      const answer = await rawRequest(bridge.port, upgrade(target));
      expect(answer.status, `upgrade ${target}: ${seen(answer)}`).toBe(400);
      expect(bridge.alive(), `upgrade ${target} killed the bridge:\n${bridge.output()}`).toBe(true);
    }
    await expectStillServing();
  });

  it('answers 400 to traversal, backslashes, other request-target forms and bad escapes, and never serves a file outside the renderer', async () => {
    for (const target of HOSTILE_TARGETS.filter((t) => !/^\/(ipc|\?)/i.test(t))) {
      const answer = await rawRequest(bridge.port, get(target.replace(/PORT/g, String(bridge.port))));
      expect(answer.status, `GET ${JSON.stringify(target)}: ${seen(answer)}`).toBe(400);
      expect(answer.text).not.toContain('"devDependencies"');
      expect(answer.text).not.toContain('[extensions]');
    }
    await expectStillServing();
  });

  it('answers 400 to a request line or header Node cannot parse, and 431 to huge headers', async () => {
    expect((await rawRequest(bridge.port, `G\x01T / HTTP/1.1\r\nHost: ${host()}\r\n\r\n`)).status).toBe(400);
    expect((await rawRequest(bridge.port, `GET / HTTP/1.1\r\nHost: ${host()}\r\nBad Name: x\r\n\r\n`)).status).toBe(
      400,
    );
    expect(
      (await rawRequest(bridge.port, `GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'A'.repeat(100_000)}\r\n\r\n`))
        .status,
    ).toBe(431);
    expect((await rawRequest(bridge.port, 'garbage\r\n\r\n')).status).toBe(400);
    await expectStillServing();
  });

  it('survives a seeded fuzz of request lines, methods, paths, headers and upgrades, answering each with an HTTP status', async () => {
    // FUZZ_SEED and FUZZ_CASES reproduce a failure or search further.
    const seed = Number(process.env.FUZZ_SEED ?? 20_260_513);
    const random = seededRandom(seed);
    const cases = Array.from({ length: Number(process.env.FUZZ_CASES ?? 600) }, () => fuzzRequest(random, bridge.port));
    for (let i = 0; i < cases.length; i += 25) {
      const batch = cases.slice(i, i + 25);
      const answers = await Promise.all(batch.map((bytes) => rawRequest(bridge.port, bytes)));
      answers.forEach((answer, j) => {
        const label = `seed ${seed}, case ${i + j}: ${JSON.stringify(batch[j].slice(0, 300))}`;
        expect(bridge.alive(), `${label} killed the bridge:\n${bridge.output()}`).toBe(true);
        expect(answer.text, label).not.toMatch(/^\[no answer within/);
        expect([200, 400, 403, 404, 405, 421, 431, 505], `${label}\n${seen(answer)}`).toContain(answer.status);
      });
    }
    await expectStillServing();
  }, 120_000);

  it('answers a WebSocket message of any shape with an error value and keeps serving', async () => {
    const cases = [
      'null',
      '[]',
      '42',
      '"text"',
      'not json',
      '{"id":1}',
      '{"id":2,"channel":"constructor","payload":{}}',
      '{"id":3,"channel":"__proto__"}',
      '{"id":4,"channel":"toString"}',
      '{"id":5,"channel":7}',
      '{"id":6,"channel":"session:create","payload":null}',
    ];
    for (const message of cases) {
      const answer = await ipcAnswer(message);
      expect(answer.response.ok, message).toBe(false);
      expect(['INVALID_REQUEST', 'UNKNOWN_CHANNEL'], message).toContain(answer.response.code);
      expect(bridge.alive(), `${message} killed the bridge:\n${bridge.output()}`).toBe(true);
    }
    expect(await ipcAnswer('{"id":9,"channel":"lab:status","payload":{}}')).toMatchObject({
      id: 9,
      response: { ok: true },
    });
    await expectStillServing();
  });
});
