// Every practice scenario, probed with the real `smtp-lens probe` and the settings its catalog
// entry gives the connection form: the findings it promises must be the findings users get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../main/engine/session';
import { startLab, type Lab } from '../../main/lab/labServer';
import {
  DEFAULT_LAB_TIMING,
  LAB_PASSWORD,
  LAB_USER,
  SCENARIOS,
  SCENARIO_NAMES,
  scenarioInfo,
  type ScenarioInfo,
} from '../../shared/lab/scenarioCatalog';
import type { Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';

let lab: Lab;
/** Added to the greylist's clock: the retry test moves time forward instead of sleeping. */
let clockOffset = 0;

beforeAll(async () => {
  // Default delays, what users see; the greylist runs on a clock the retry test can move.
  lab = await startLab({ basePort: 0, clock: () => Date.now() + clockOffset });
});
afterAll(() => lab?.close());

/** The one finding each scenario exists to show, written out here rather than read from the
 * catalog, so that a catalog edit cannot quietly weaken this test. */
const KEY_FINDING: Record<string, string | null> = {
  'submission-ok': null,
  'implicit-tls-ok': null,
  'relay-denied': 'smtp.relay-denied',
  'auth-fails': 'auth.failed',
  'tls-required': 'tls.encryption-required',
  'no-starttls': 'tls.starttls-not-offered',
  'missing-intermediate': 'tls.chain-incomplete',
  'hostname-mismatch': 'tls.hostname-mismatch',
  'expired-cert': 'tls.cert-expired',
  'self-signed': 'tls.self-signed',
  greylisting: 'smtp.greylisted',
  'slow-banner': 'smtp.banner-slow',
  pregreet: 'smtp.banner-slow',
  'implicit-tls-on-587-mistake': 'port.implicit-tls-expected',
  'starttls-injection-vulnerable': 'sec.starttls-injection',
  'smuggling-vulnerable': 'sec.smuggling-accepted',
  'broken-extensions': 'smtp.pipelining-broken',
};

/** `smtp-lens probe` as the connection form would run it for this scenario. */
function probeArgs(s: ScenarioInfo, extra: string[] = []): string[] {
  const c = s.client;
  return [
    'probe',
    '127.0.0.1',
    '--port',
    String(lab.portOf(s.name)),
    '--json',
    '--tls',
    c.tls,
    '--ca',
    lab.rootCaPath,
    '--servername',
    'mail.lab.test',
    '--ehlo',
    'client.example',
    ...(c.auth ? ['--auth-user', LAB_USER, '--auth-pass-env', 'LAB_TEST_PASS'] : []),
    ...c.to.flatMap((to) => ['--to', to]),
    ...(c.timeoutMs ? ['--timeout', String(c.timeoutMs)] : []),
    ...(c.securityProbe === 'starttls-injection' ? ['--probe-starttls-injection'] : []),
    ...(c.securityProbe === 'smuggling' ? ['--probe-smuggling'] : []),
    ...extra,
  ];
}

async function probeScenario(s: ScenarioInfo, extra: string[] = []): Promise<{ code: number | null; t: Transcript }> {
  const r = await runCli(probeArgs(s, extra), { env: { LAB_TEST_PASS: LAB_PASSWORD } });
  expect(r.stderr).toBe('');
  return { code: r.code, t: JSON.parse(r.stdout) as Transcript };
}

const ids = (t: Transcript) => t.findings.map((f) => f.id);

describe('the practice server', () => {
  // How fast it starts is measured in `npm run bench` (bench/labStart.mjs), not here.
  it('starts every scenario of the catalog, in catalog order', () => {
    expect(lab.scenarios.map((s) => s.name)).toEqual(SCENARIO_NAMES);
  });

  it('names a key finding for every scenario, and the catalog expects it', () => {
    expect(Object.keys(KEY_FINDING)).toEqual(SCENARIO_NAMES);
    for (const [name, id] of Object.entries(KEY_FINDING)) {
      if (id) expect(scenarioInfo(name)?.expectedFindings, name).toContain(id);
      else expect(scenarioInfo(name)?.expectedFindings, name).toEqual([]);
    }
  });
});

describe.concurrent('every scenario, probed with its catalog settings, gives the findings the catalog promises', () => {
  for (const s of SCENARIOS) {
    const expected = s.expectedFindings;
    it(`${s.name}: ${expected.join(', ') || 'no error'}`, async () => {
      const before = lab.messages(s.name).length;
      const { code, t } = await probeScenario(s);
      expect(t.target).toMatchObject({ host: '127.0.0.1', port: lab.portOf(s.name), tls: s.client.tls });
      expect(ids(t)).toEqual(expect.arrayContaining(expected));
      const key = KEY_FINDING[s.name];
      if (key) expect(ids(t)).toContain(key);
      // The CLI's exit codes (docs/ARCHITECTURE.md): 0 only when the goal was reached with no error finding.
      expect(code).toBe(t.outcome.ok ? 0 : 1);
      if (expected.length === 0) {
        expect(t.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(t.outcome).toEqual({ ok: true, stage: 'quit' });
        const message = lab.messages(s.name).slice(before).at(-1);
        expect(message?.to).toEqual(s.client.to);
        expect(message?.raw.toString('utf8')).toContain('Subject: SMTP Lens test message');
      }
    });
  }
});

describe('details the per-scenario probes do not show', () => {
  it('greylisting: an early retry is refused again, a retry after the delay is accepted', async () => {
    const s = scenarioInfo('greylisting')!;
    const from = ['--from', `retry-${Date.now()}@example.org`];
    const first = await probeScenario(s, from);
    const reply = first.t.events.find((e) => e.type === 'reply' && e.stage === 'rcpt');
    expect(reply?.type === 'reply' && reply.lines).toEqual([
      '451 4.7.1 <bob@lab.test>: Recipient address rejected: Greylisted, try again later',
    ]);
    expect(ids((await probeScenario(s, from)).t)).toContain('smtp.greylisted');
    // Move the greylist's clock past the delay instead of waiting for it.
    clockOffset += DEFAULT_LAB_TIMING.greylistDelayMs + 1;
    const before = lab.messages('greylisting').length;
    const retry = await probeScenario(s, from);
    expect(ids(retry.t)).not.toContain('smtp.greylisted');
    expect(retry.t.outcome).toEqual({ ok: true, stage: 'quit' });
    expect(lab.messages('greylisting').length).toBe(before + 1);
  });

  it('relay-denied: the foreign recipient is refused, the local one still gets the message', async () => {
    const before = lab.messages('relay-denied').length;
    const { t } = await probeScenario(scenarioInfo('relay-denied')!);
    const rcpt = t.events
      .filter((e) => e.type === 'reply' && e.stage === 'rcpt')
      .map((e) => (e.type === 'reply' ? e.lines[0] : ''));
    expect(rcpt).toEqual(['554 5.7.1 <someone@example.org>: Relay access denied', '250 Accepted']);
    expect(
      lab
        .messages('relay-denied')
        .slice(before)
        .map((m) => m.to),
    ).toEqual([['bob@lab.test']]);
  });

  it('keeps only the most recent received messages', async () => {
    const small = await startLab({ basePort: 0, scenarios: ['submission-ok'], maxReceived: 2 });
    try {
      for (const n of [1, 2, 3]) {
        await probe({
          host: '127.0.0.1',
          port: small.portOf('submission-ok'),
          tls: 'starttls',
          servername: 'mail.lab.test',
          ca: [small.pki.root.certPem],
          auth: { user: LAB_USER, secret: LAB_PASSWORD },
          to: ['bob@lab.test'],
          data: `Subject: message ${n}\r\n\r\nbody ${n}`,
        });
      }
      expect(small.received.map((m) => m.raw.toString('utf8').split('\r\n')[0])).toEqual([
        'Subject: message 2',
        'Subject: message 3',
      ]);
      expect(small.messages('submission-ok')).toHaveLength(2);
      expect(small.messages('relay-denied')).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
