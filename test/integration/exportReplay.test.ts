// The "equivalent commands" of an export, run for real: the swaks and openssl s_client
// commands printed for a session reproduce it against the same practice server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../main/engine/session';
import { startLab, type Lab } from '../../main/lab/labServer';
import { replayCommands } from '../../shared/export/replayCommands';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import { requireOpenssl, requireSwaks, runTool } from '../helpers/externalTool';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'relay-denied'] });
});
afterAll(() => lab?.close());

/** Runs a printed command line through the shell, as support staff would paste it. */
const sh = (command: string, env: Record<string, string> = {}, stdin = '') =>
  runTool('sh', ['-c', command], { env, stdin });

const session = (scenario: string, extra: object) =>
  probe({
    host: '127.0.0.1',
    port: lab.portOf(scenario),
    tls: 'starttls',
    servername: 'mail.lab.test',
    ca: [lab.pki.root.certPem],
    ehlo: 'client.example',
    ...extra,
  });

describe('the commands that replay a session', () => {
  it('swaks repeats STARTTLS + AUTH + a message once the password is set, and never holds it', async (ctx) => {
    requireSwaks(ctx);
    const t = await session('submission-ok', {
      auth: { user: LAB_USER, secret: LAB_PASSWORD },
      from: LAB_USER,
      to: ['bob@lab.test'],
    });
    const { swaks } = replayCommands(t, { caPath: lab.rootCaPath });
    expect(swaks).not.toContain(LAB_PASSWORD);
    const before = lab.messages('submission-ok').length;
    const r = await sh(swaks, { SMTP_PASSWORD: LAB_PASSWORD });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^<~ +235 /m);
    expect(lab.messages('submission-ok').slice(before)).toEqual([
      expect.objectContaining({ from: LAB_USER, to: ['bob@lab.test'] }),
    ]);
  });

  it('swaks meets the same relay refusal, and stops there', async (ctx) => {
    requireSwaks(ctx);
    const t = await session('relay-denied', { to: ['someone@example.org'] });
    const r = await sh(replayCommands(t, { caPath: lab.rootCaPath }).swaks);
    expect(r.out).toMatch(/^<~\*? +554 5\.7\.1 <someone@example\.org>: Relay access denied/m);
    expect(r.code).toBe(24);
  });

  it('openssl s_client verifies the same chain and name', async (ctx) => {
    requireOpenssl(ctx);
    const t = await session('submission-ok', {});
    const r = await sh(replayCommands(t, { caPath: lab.rootCaPath }).openssl!, {}, 'QUIT\r\n');
    expect(r.out).toMatch(/Verify return code: 0 \(ok\)/);
    expect(r.out).toContain('mail.lab.test');
  });
});
