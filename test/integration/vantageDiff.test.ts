// `smtp-lens diff --vantage HOST --via ROUTE`: the same probe from two vantage points, run as
// a user would (the real bin), against a server that answers by client address. The second
// vantage point is a real microsocks bound to another loopback address (-b 127.0.0.3), or
// --bind's address (127.0.0.2); the server sees each as another client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { type PerClientServer, startPerClientServer } from '../helpers/perClientServer';
import { DANTED, MICROSOCKS, type RunningProxy, startDante, startMicrosocks } from '../helpers/proxyServers';
import { hasExecutable, requireComponent } from '../helpers/systemComponent';

const BLOCKED = '554 5.7.1 Service unavailable; client [127.0.0.3] blocked using zen.example';
const GREYLISTED = '450 4.7.1 <bob@example.org>: Recipient address rejected: Greylisted, try again later';

const servers: PerClientServer[] = [];
const proxies: RunningProxy[] = [];
const installed = hasExecutable(MICROSOCKS) && hasExecutable(DANTED);
let blocklist: PerClientServer;
let sameForAll: PerClientServer;
let greylist: PerClientServer;
let balanced: PerClientServer;
let socksFrom3: RunningProxy;

beforeAll(async () => {
  // 127.0.0.3 is on the blocklist: refused at the greeting. Everyone else gets a session.
  blocklist = await startPerClientServer((a) => (a === '127.0.0.3' ? { greeting: BLOCKED } : {}));
  sameForAll = await startPerClientServer(() => ({}));
  // 127.0.0.2 is new to the server: greylisted at RCPT, and offered neither STARTTLS nor AUTH.
  greylist = await startPerClientServer((a) =>
    a === '127.0.0.2'
      ? { rcpt: GREYLISTED, ehlo: ['ENHANCEDSTATUSCODES'] }
      : { ehlo: ['STARTTLS', 'AUTH PLAIN LOGIN', 'ENHANCEDSTATUSCODES'] },
  );
  // A load balancer: each address lands on another node.
  balanced = await startPerClientServer((a) => ({ host: a === '127.0.0.4' ? 'mx1.vantage.test' : 'mx2.vantage.test' }));
  servers.push(blocklist, sameForAll, greylist, balanced);
  if (installed) {
    socksFrom3 = await startMicrosocks(undefined, { bind: '127.0.0.3' });
    proxies.push(socksFrom3);
  }
});
afterAll(async () => {
  for (const p of proxies) p.close();
  await Promise.all(servers.map((s) => s.close()));
});

const need = (ctx: { skip(note?: string): void }) =>
  requireComponent(ctx, 'microsocks and dante-server', installed, 'apt-get install microsocks dante-server');

const vantage = (server: PerClientServer, ...extra: string[]) => [
  'diff',
  '--vantage',
  `127.0.0.1:${server.port}`,
  '--tls',
  'none',
  '--ehlo',
  'client.example',
  ...extra,
];

describe('diff --vantage through a real proxy', () => {
  it("names the greeting refused to the proxy's address, quotes both replies, labels both vantage points", async (ctx) => {
    need(ctx);
    const via = `socks5h://127.0.0.1:${socksFrom3.port}`;
    const before = blocklist.seen.length;
    const r = await runCli(vantage(blocklist, '--via', via));
    expect(r.code, r.stderr).toBe(1);
    // One probe after the other: first the direct one, then the proxy's.
    expect(blocklist.seen.slice(before)).toEqual(['127.0.0.1', '127.0.0.3']);
    expect(r.stdout).toContain(`  A (direct, from 127.0.0.1): 127.0.0.1:${blocklist.port} · `);
    expect(r.stdout).toContain(`  B (via ${via}): 127.0.0.1:${blocklist.port} · `);
    const reading = r.stdout
      .slice(r.stdout.indexOf('By client address'), r.stdout.indexOf('Outcome:'))
      .replace(/\n {4}/g, ' ');
    expect(reading).toContain(
      `! The greeting differs: A (direct, from 127.0.0.1) got 220 "mx.vantage.test ESMTP"; B (via ${via}) got 554 5.7.1 "Service unavailable; client [127.0.0.3] blocked using zen.example".`,
    );
    expect(reading).toContain(
      'The server answers differently by client address: a blocklist, a geo policy or a per-IP policy.',
    );
    expect(reading).toContain("The refusal names a blocklist: B's address is listed there.");
    expect(r.stdout).toMatch(/\n {2}greeting +220 → 554 5\.7\.1\n/);
    // One side direct, one through the proxy: the timing row names what both did.
    expect(r.stdout).toMatch(/\n {2}TCP connect {10,}[\d.]+ m?s/);
    expect(r.stdout).toContain(
      '+ only B  error   Turned away at the greeting by a blocklist or policy  [smtp.banner-rejected]',
    );

    const json = JSON.parse((await runCli(vantage(blocklist, '--via', via, '--json'))).stdout);
    expect(json).toMatchObject({
      schema: 'smtp-lens/diff@1',
      same: false,
      vantage: {
        a: { proxy: null, localAddress: '127.0.0.1' },
        b: { proxy: via },
        changed: true,
        labels: { a: 'direct, from 127.0.0.1', b: `via ${via}` },
      },
      differences: [{ kind: 'greeting', a: { code: 220 }, b: { code: 554, enhanced: '5.7.1' } }],
    });
    expect(json.vantage.says[0]).toMatch(/^The greeting differs: .* blocklist, a geo policy or a per-IP policy\./);
  });

  it('a server that answers every address alike: "no difference", exit 0', async (ctx) => {
    need(ctx);
    const r = await runCli(
      vantage(sameForAll, '--via', `socks5h://127.0.0.1:${socksFrom3.port}`, '--to', 'bob@example.org'),
    );
    expect(r.code, r.stdout).toBe(0);
    expect(sameForAll.seen.slice(-2)).toEqual(['127.0.0.1', '127.0.0.3']);
    expect(r.stdout.replace(/\n {4}/g, ' ')).toContain(
      '= No difference that depends on the client address: both vantage points got the same answers (timings aside).',
    );
    expect(r.stdout).toContain('Same result: only timings differ.');
  });

  it("a path that fails at the proxy is said as the proxy's failure, not the server's", async (ctx) => {
    need(ctx);
    const dante = await startDante(sameForAll.port);
    proxies.push(dante);
    const via = `socks5://127.0.0.1:${dante.port}`;
    const r = await runCli(vantage(sameForAll, '--via', via));
    expect(r.code).toBe(1);
    const text = r.stdout.replace(/\n {4}/g, ' ');
    expect(text).toMatch(
      new RegExp(
        `! B \\(via ${via.replace(/[./]/g, '\\$&')}\\) did not get through: the SOCKS5 proxy 127\\.0\\.0\\.1:${dante.port} refused to connect to 127\\.0\\.0\\.1:${sameForAll.port}: its rules do not allow it\\. The proxy's own rules forbid this destination: that says nothing about the mail server\\.`,
      ),
    );
  });
});

describe('diff --vantage from two source addresses (--bind)', () => {
  it('--via 127.0.0.2 against direct: greylisting at RCPT and the EHLO keywords offered to one address only', async () => {
    const r = await runCli(
      vantage(greylist, '--via', '127.0.0.2', '--from', 'alice@client.example', '--to', 'bob@example.org'),
    );
    expect(r.code, r.stderr).toBe(1);
    expect(greylist.seen.slice(-2)).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(r.stdout).toContain('  B (from 127.0.0.2): 127.0.0.1:');
    const text = r.stdout.replace(/\n {4}/g, ' ');
    expect(text).toContain(
      '! EHLO differs: STARTTLS, AUTH PLAIN LOGIN offered to A (direct, from 127.0.0.1) only. Without STARTTLS, B cannot encrypt: a middlebox on that path may strip STARTTLS',
    );
    expect(text).toContain('Servers often offer AUTH only to their own networks');
    expect(text).toContain(
      '! At RCPT TO:<bob@example.org>, A (direct, from 127.0.0.1) got 250 2.1.5 "Ok"; B (from 127.0.0.2) got 450 4.7.1 "<bob@example.org>: Recipient address rejected: Greylisted, try again later". That is greylisting',
    );
    expect(r.stdout).toMatch(/\n {2}RCPT TO:<bob@example\.org> +250 2\.1\.5 → 450 4\.7\.1\n/);
  });

  it('two --via addresses behind a load balancer: the greeting names another node', async () => {
    const r = await runCli(vantage(balanced, '--via', '127.0.0.4', '--via', '127.0.0.5'));
    expect(r.code).toBe(1);
    expect(balanced.seen.slice(-2)).toEqual(['127.0.0.4', '127.0.0.5']);
    expect(r.stdout.replace(/\n {4}/g, ' ')).toContain(
      '! The greeting names another host: mx1.vantage.test to A (from 127.0.0.4), mx2.vantage.test to B (from 127.0.0.5). A load balancer (or anycast) sends each client address to a different node',
    );
  });

  it('the same server from two addresses: no difference; a route that is neither is a usage error', async () => {
    const same = await runCli(vantage(sameForAll, '--via', '127.0.0.6'));
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No difference that depends on the client address');
    const bad = await runCli(vantage(sameForAll, '--via', 'eth0'));
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toContain('--via eth0: give "direct", an address of this machine');
    const both = await runCli(vantage(sameForAll, '--via', '127.0.0.2', '--bind', '127.0.0.3'));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--bind: give each vantage point with --via');
    expect((await runCli(vantage(sameForAll))).stderr).toContain('--vantage needs --via ROUTE');
  });
});
