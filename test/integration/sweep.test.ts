// A sweep over real servers on 127.0.0.1, all probed at the same time: what each row says,
// which findings it carries, and whether the recommendation names the right ports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../main/engine/sweep/sweep';
import { startLab, type Lab } from '../../main/lab/labServer';
import type { SweepResult, SweepRow } from '../../shared/sweep';
import { LAB_HOSTNAME } from '../../shared/lab/scenarioCatalog';
import { closedPort, type RawServer } from '../helpers/rawServer';
import { startBlackholeServer, startPlainRelay, startSilentServer } from './sweepServers';

/** Short, so the silent port (1 s wait, a TLS try, then the greeting wait) costs about 5 s. */
const TIMEOUTS = { connect: 1_000, greeting: 2_000, command: 3_000, tls: 2_000, autoDetect: 1_000 };

let lab: Lab;
let servers: RawServer[] = [];
const port: Record<string, number> = {};
let result: SweepResult;
const rowOf = (name: string): SweepRow => result.rows.find((r) => r.port === port[name])!;
const findingIds = (name: string) => rowOf(name).findings.map((f) => f.id);

beforeAll(async () => {
  lab = await startLab({
    basePort: 0,
    scenarios: ['submission-ok', 'implicit-tls-ok', 'no-starttls', 'hostname-mismatch'],
  });
  for (const name of ['submission-ok', 'implicit-tls-ok', 'no-starttls', 'hostname-mismatch'])
    port[name] = lab.portOf(name);
  const [plain, silent, blackhole] = await Promise.all([
    startPlainRelay(),
    startSilentServer(),
    startBlackholeServer(),
  ]);
  servers = [plain, silent, blackhole];
  Object.assign(port, {
    plain: plain.port,
    silent: silent.port,
    blackhole: blackhole.port,
    closed: await closedPort(),
  });
  result = await sweep({
    host: '127.0.0.1',
    ports: Object.values(port),
    servername: LAB_HOSTNAME,
    ca: [lab.pki.root.certPem],
    timeout: TIMEOUTS,
    concurrency: 8,
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([lab?.close(), ...servers.map((s) => s.close())]);
});

describe('sweep over eight ports at once', () => {
  it('STARTTLS + AUTH submission: ready for mail clients', () => {
    const r = rowOf('submission-ok');
    expect(r.reach.value).toBe('connected');
    expect(r.reach.connectMs).toBeGreaterThanOrEqual(0);
    expect(r.speaks.value).toBe('plaintext-smtp');
    expect(r.banner?.code).toBe(220);
    expect(r.starttls.value).toBe('offered');
    expect(r.authBeforeTls).toMatchObject({ value: 'none', mechanisms: [] });
    expect(r.authAfterTls).toMatchObject({ value: 'offered', mechanisms: ['PLAIN', 'LOGIN', 'CRAM-MD5'] });
    expect(r.ehlo.beforeTls).toContain('STARTTLS');
    expect(r.ehlo.afterTls).toContain('AUTH PLAIN LOGIN CRAM-MD5');
    expect(r.tls).toMatchObject({ value: 'established', mode: 'starttls', protocol: 'TLSv1.3' });
    expect(r.certificate).toMatchObject({ value: 'verified', problems: [] });
    expect(r.certificate.leaf?.subject).toBe(LAB_HOSTNAME);
    expect(r.findings).toEqual([]);
    expect(r.use.value).toBe('submission-ready');
  });

  it('implicit TLS: detected on the wire, no plain-text phase', () => {
    const r = rowOf('implicit-tls-ok');
    expect(r.speaks.value).toBe('implicit-tls');
    expect(r.starttls.value).toBe('not-applicable');
    expect(r.authBeforeTls.value).toBe('not-applicable');
    expect(r.ehlo.beforeTls).toBeNull();
    expect(r.authAfterTls.mechanisms).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
    expect(r.tls).toMatchObject({ value: 'established', mode: 'implicit' });
    expect(r.certificate.value).toBe('verified');
    expect(r.findings).toEqual([]);
    expect(r.use.value).toBe('submission-ready');
  });

  it('plain SMTP without STARTTLS or AUTH: server-to-server', () => {
    const r = rowOf('plain');
    expect(r.speaks.value).toBe('plaintext-smtp');
    expect(r.starttls.value).toBe('not-offered');
    expect(r.authBeforeTls.value).toBe('none');
    expect(r.authAfterTls).toMatchObject({ value: 'not-applicable', label: 'no TLS' });
    expect(r.tls.value).toBe('none');
    expect(r.certificate.value).toBe('none');
    expect(findingIds('plain')).toEqual(['tls.starttls-not-offered']);
    expect(r.use.value).toBe('server-to-server');
  });

  it('AUTH offered only in clear', () => {
    expect(rowOf('no-starttls').authBeforeTls).toMatchObject({
      value: 'offered',
      mechanisms: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
    });
    expect(findingIds('no-starttls')).toEqual(
      expect.arrayContaining(['auth.offered-before-tls', 'tls.starttls-not-offered']),
    );
    expect(rowOf('no-starttls').use.value).toBe('submission-in-clear');
  });

  it('a certificate for another name: the same chain analysis as probe', () => {
    const r = rowOf('hostname-mismatch');
    expect(r.certificate).toMatchObject({ value: 'not-verified', label: 'wrong name' });
    expect(r.certificate.problems).toContain('hostname');
    expect(r.certificate.hint).toMatch(/NOT verified: .*mail\.lab\.test/);
    expect(findingIds('hostname-mismatch')).toContain('tls.hostname-mismatch');
    expect(r.use.value).toBe('submission-cert-problem');
  });

  it('a closed port is refused', () => {
    expect(rowOf('closed')).toMatchObject({
      reach: { value: 'refused', code: 'ECONNREFUSED' },
      speaks: { value: 'nothing' },
      use: { value: 'unreachable' },
    });
    expect(findingIds('closed')).toEqual(['net.refused']);
  });

  it('a port that accepts and never speaks: silent, after trying TLS too', () => {
    const r = rowOf('silent');
    expect(r.reach.value).toBe('connected');
    expect(r.speaks.value).toBe('silent');
    expect(r.banner).toBeNull();
    expect(r.transcript.events.some((e) => e.type === 'note' && e.code === 'auto-try-tls')).toBe(true);
    expect(findingIds('silent')).toEqual(['smtp.timeout']);
    expect(r.use.value).toBe('no-smtp');
  });

  it('a port whose connect times out (SYNs dropped)', () => {
    const r = rowOf('blackhole');
    expect(r.reach).toMatchObject({ value: 'timed-out', label: 'timed out', connectMs: null, code: 'TIMEOUT' });
    expect(r.reach.hint).toMatch(
      /^No answer at all within 1\.\d s: something on the way silently drops the connection/,
    );
    expect(findingIds('blackhole')).toEqual(['net.timeout']);
  });

  it('recommends the two submission ports, implicit TLS first, and explains the others', () => {
    const rec = result.recommendation;
    expect(rec.submission.map((s) => [s.port, s.tls])).toEqual([
      [port['implicit-tls-ok'], 'implicit'],
      [port['submission-ok'], 'starttls'],
    ]);
    expect(rec.headline).toBe(
      `For sending from a mail client or app, use ${port['implicit-tls-ok']} with implicit TLS or ${port['submission-ok']} with STARTTLS, both with AUTH.`,
    );
    expect(rec.serverToServer).toEqual([port.plain]);
    const details = rec.details.join('\n');
    expect(details).toContain(`Port ${port.plain} here is for server-to-server relay: it offers no AUTH and no TLS.`);
    expect(details).toContain(
      `Port ${port['hostname-mismatch']} also offers AUTH over TLS, but its certificate fails verification`,
    );
    expect(details).toContain(`Port ${port['no-starttls']} offers AUTH only without TLS`);
    expect(details).toMatch(
      new RegExp(
        `No connection on ports (${port.closed} \\(refused\\) and ${port.blackhole} \\(timed out\\)|${port.blackhole} \\(timed out\\) and ${port.closed} \\(refused\\))`,
      ),
    );
  });

  it('calls out the patterns found across ports', () => {
    const byId = Object.fromEntries(result.patterns.map((p) => [p.id, p]));
    expect(byId['port-filtered']?.ports).toEqual([port.blackhole]);
    expect(byId['silent-port']?.ports).toEqual([port.silent]);
    expect(byId['implicit-tls-port']).toMatchObject({ severity: 'info', ports: [port['implicit-tls-ok']] });
    expect(byId['auth-before-tls']?.ports).toEqual([port['no-starttls']]);
    expect(byId['starttls-inconsistent']?.text).toContain(`but not on ${port['no-starttls']} and ${port.plain}`);
    expect(byId['different-certificates']?.text).toContain('wrong.example.net');
    expect(byId['port25-blocked']).toBeUndefined();
  });

  it('never sends MAIL, RCPT, DATA or AUTH', () => {
    const sent = result.rows.flatMap((r) =>
      r.transcript.events.filter((e) => e.type === 'send').map((e) => (e as { line: string }).line),
    );
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((line) => /^(MAIL|RCPT|DATA|AUTH)\b/i.test(line))).toEqual([]);
  });

  // The wall-time ratio (sweep vs its slowest port) is measured in `npm run bench`; here the
  // ports are shown to run at the same time, by order, not by a clock bound.
  it('runs the ports at the same time, not one after another', () => {
    const span = (r: (typeof result.rows)[number]) => {
      const start = Date.parse(r.transcript.startedAt);
      return { start, end: start + (r.transcript.events.at(-1)?.t ?? 0) };
    };
    const spans = result.rows.map(span);
    const slowest = spans.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    const fastest = spans.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
    // The slowest port's session was already under way when the fastest one finished.
    expect(slowest.start).toBeLessThanOrEqual(fastest.end);
    expect(result.durationMs).toBeLessThan(spans.reduce((sum, s) => sum + (s.end - s.start), 0));
  });

  it("keeps every port's whole transcript, in the order of the ports asked for", () => {
    expect(result.rows.map((r) => r.port)).toEqual(Object.values(port));
    for (const r of result.rows) {
      expect(r.transcript.schema).toBe('smtp-lens/transcript@1');
      expect(r.transcript.target).toMatchObject({
        host: '127.0.0.1',
        port: r.port,
        tls: 'auto',
        servername: LAB_HOSTNAME,
      });
    }
  });
});

describe('sweep name resolution', () => {
  it('resolves the name once and probes every port on that address, checking certificates against the name', async () => {
    const r = await sweep({
      host: 'localhost',
      family: 4,
      ports: [port['submission-ok'], port.closed],
      ca: [lab.pki.root.certPem],
      timeout: TIMEOUTS,
    });
    expect(r.dns).toEqual({ addresses: [{ address: '127.0.0.1', family: 4 }], error: null });
    expect(r.address).toBe('127.0.0.1');
    for (const row of r.rows) {
      expect(row.transcript.events[0]).toMatchObject({ type: 'dns', host: 'localhost' });
      expect(row.transcript.events.filter((e) => e.type === 'dns')).toHaveLength(1);
      expect(row.transcript.target).toMatchObject({ host: '127.0.0.1', servername: 'localhost' });
    }
    // The lab's certificate names mail.lab.test and localhost, not 127.0.0.1: it verifies
    // only because the check used the name asked for, not the address connected to.
    expect(r.rows[0]!.certificate).toMatchObject({ value: 'verified', problems: [] });
    expect(r.rows[0]!.certificate.hint).toMatch(/^verified for localhost/);
  });

  it('a name that does not resolve: no port is tried, each row says why', async () => {
    const r = await sweep({ host: 'no-such-host.invalid', ports: [25, 587] });
    expect(r.dns?.error).toBe('ENOTFOUND');
    expect(r.address).toBeNull();
    for (const row of r.rows) {
      expect(row.reach).toMatchObject({ value: 'not-tried', label: 'no address', code: 'ENOTFOUND' });
      expect(row.findings.map((f) => f.id)).toEqual(['net.dns-not-found']);
    }
    expect(r.recommendation.headline).toBe('No port answered with SMTP.');
  });
});

describe('stopping a sweep', () => {
  it('stops every port at once and reports what was seen so far', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = sweep({
      host: '127.0.0.1',
      ports: [port.silent, port.blackhole],
      timeout: { autoDetect: 5_000, connect: 5_000 },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    const r = await running;
    // Stopped at 300 ms, it did not wait out the 5 s timeouts.
    expect(Date.now() - started).toBeLessThan(5_000);
    const [silent, blackhole] = r.rows;
    expect([silent!.reach.value, silent!.speaks.value, silent!.speaks.label]).toEqual([
      'connected',
      'nothing',
      'stopped',
    ]);
    expect([blackhole!.reach.value, blackhole!.reach.label]).toEqual(['not-tried', 'stopped']);
    expect(r.patterns.map((p) => p.id)).not.toContain('silent-port');
  });
});
