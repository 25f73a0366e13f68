// One options schema: the CLI, the form and the IPC boundary accept and refuse the same
// request with the same sentence, and one call starts a session and runs it.
import { afterAll, describe, expect, it } from 'vitest';
import { createIpcEndpoint } from '../../main/app/ipcHandlers';
import { LabService } from '../../main/app/labService';
import type { IpcEvents } from '../../shared/ipc';
import { connectionPart, FLAG_OPTIONS, type SessionRequest } from '../../shared/sessionRequest';
import { EMPTY_FORM, toRequest } from '../../renderer/src/state/formState';
import { runCli } from '../helpers/cli';

const lab = new LabService();
afterAll(() => lab.close());

const RULE = 'needs {to}: the probe runs inside DATA, so give a recipient the server accepts';
const inWords = (to: string, probe: string) => `${probe} ${RULE.replace('{to}', to)}`;

describe('the smuggling probe without a recipient', () => {
  it('is refused with the same sentence by the CLI, the form and IPC, each naming its own fields', async () => {
    const cli = await runCli(['probe', '127.0.0.1', '--probe-smuggling']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(inWords('--to', '--probe-smuggling'));

    const form = toRequest({ ...EMPTY_FORM, host: '127.0.0.1', probeSmuggling: true });
    expect(form).toEqual({ problem: `${inWords('To', 'The smuggling probe')}.`, field: 'to' });

    const endpoint = createIpcEndpoint(() => undefined, lab, { history: null });
    try {
      const ipc = await endpoint.invoke('session:create', {
        host: '127.0.0.1',
        port: 25,
        tls: 'none',
        probeSmuggling: true,
      });
      expect(ipc).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
      if (!ipc.ok) expect(ipc.message).toBe(`invalid session:create request: ${inWords('to', 'probeSmuggling')}`);
    } finally {
      endpoint.dispose();
    }
  });

  it('nor may it stop before the message', async () => {
    const cli = await runCli(['probe', '127.0.0.1', '--probe-smuggling', '--to', 'b@lab.test', '--quit-after', 'rcpt']);
    expect(cli.stderr).toContain('--probe-smuggling needs the message to be sent: drop --quit-after rcpt');
    const form = toRequest({
      ...EMPTY_FORM,
      host: '127.0.0.1',
      to: 'b@lab.test',
      quitAfter: 'rcpt',
      probeSmuggling: true,
    });
    expect(form).toMatchObject({
      problem: 'The smuggling probe needs the message to be sent: drop "Quit after" rcpt.',
    });
  });
});

describe('the same limits everywhere', () => {
  it('port and timeout ranges read the same in the form and the CLI', async () => {
    expect(toRequest({ ...EMPTY_FORM, host: 'x', port: '70000' })).toMatchObject({
      problem: 'The port must be a number from 1 to 65535.',
    });
    expect(toRequest({ ...EMPTY_FORM, host: 'x', timeoutMs: '50' })).toMatchObject({
      problem: 'The timeout is in milliseconds, from 100 to 600000.',
    });
    expect(toRequest({ ...EMPTY_FORM, host: '' })).toMatchObject({
      problem: 'The server is missing: give a host name or an IP address.',
    });
    const cli = await runCli(['probe', '127.0.0.1', '--timeout', '900000']);
    expect(cli.stderr).toContain('--timeout is in milliseconds, from 100 to 600000');
  });
});

describe('switches and the terminal', () => {
  it('every on/off option is found in the schema', () => {
    expect([...FLAG_OPTIONS].sort()).toEqual(
      [
        'allowPlaintextAuth',
        'allowUnverifiedAuth',
        'bdat',
        'fetchIntermediate',
        'noPipelining',
        'probeSmuggling',
        'probeStarttlsInjection',
        'requiretls',
        'trustLabCa',
      ].sort(),
    );
  });

  it('a session typed by hand keeps how to connect and drops what a run would script', () => {
    const full: SessionRequest = {
      host: 'mx.example',
      port: 587,
      tls: 'starttls',
      servername: 'mail.example',
      ehlo: 'me.example',
      allowUnverifiedAuth: true,
      timeoutMs: 5000,
      auth: { user: 'u', secret: 's' },
      from: 'a@x',
      to: ['b@y'],
      data: 'x',
      quitAfter: 'rcpt',
      probeSmuggling: true,
      fetchIntermediate: true,
    };
    expect(connectionPart(full)).toEqual({
      host: 'mx.example',
      port: 587,
      tls: 'none',
      servername: 'mail.example',
      ehlo: 'me.example',
      allowUnverifiedAuth: true,
      timeoutMs: 5000,
    });
    expect(connectionPart({ ...full, tls: 'implicit' }).tls).toBe('implicit');
  });
});

describe('one call starts a session', () => {
  it("session:start creates the session under the client's id and runs it to the end", async () => {
    const status = await lab.status();
    const scenario = status.scenarios.find((s) => s.name === 'submission-ok')!;
    const events: IpcEvents['session:events'][] = [];
    const endpoint = createIpcEndpoint(
      (channel, payload) => {
        if (channel === 'session:events') events.push(payload as IpcEvents['session:events']);
      },
      lab,
      { history: null },
    );
    try {
      const sessionId = 'client-chosen-1';
      const request: SessionRequest = {
        host: status.host,
        port: scenario.port,
        tls: 'starttls',
        servername: status.servername,
        trustLabCa: true,
        auth: { user: status.user, secret: status.password },
        to: ['bob@lab.test'],
      };
      const result = await endpoint.invoke('session:start', { sessionId, request, mode: 'run' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value).toMatchObject({ sessionId, finished: true, outcome: { ok: true, stage: 'quit' } });
      expect(events.every((e) => e.sessionId === sessionId)).toBe(true);
      expect(events.flatMap((e) => e.events).some((e) => e.type === 'tls-established')).toBe(true);
      const again = await endpoint.invoke('session:start', { sessionId, request, mode: 'step' });
      expect(again).toMatchObject({ ok: false, code: 'SESSION_EXISTS' });
    } finally {
      endpoint.dispose();
    }
  });

  it('a Stop sent while the session is still being set up stops it, instead of being lost', async () => {
    const status = await lab.status();
    const scenario = status.scenarios.find((s) => s.name === 'slow-banner')!;
    const endpoint = createIpcEndpoint(() => undefined, lab, { history: null });
    try {
      const sessionId = 'stopped-at-once';
      const request: SessionRequest = { host: status.host, port: scenario.port, tls: 'none', trustLabCa: true };
      // Sent back to back, as a click on Run and then at once on Stop are.
      const started = endpoint.invoke('session:start', { sessionId, request, mode: 'run' });
      const stopped = await endpoint.invoke('session:abort', { sessionId });
      expect(stopped.ok).toBe(true);
      const result = await started;
      expect(result).toMatchObject({
        ok: true,
        value: { finished: true, outcome: { ok: false, stopped: { error: 'ABORTED' } } },
      });
    } finally {
      endpoint.dispose();
    }
  });
});
