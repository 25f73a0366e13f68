// --proxy against real proxies from Debian (microsocks, Dante, tinyproxy) on 127.0.0.1, in
// front of the practice server: STARTTLS, implicit TLS and AUTH through each, with the
// certificate checks unchanged; and every way a proxy fails, said as the proxy's failure.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../main/lab/labServer';
import { probe } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { probeWithTlsVersions } from '../../main/engine/tls/versionReport';
import { LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import type { Transcript } from '../../shared/transcript';
import { runCli } from '../helpers/cli';
import {
  type RunningProxy,
  freePort,
  proxiesInstalled,
  startDante,
  startMicrosocks,
  startSilentProxy,
  startTinyproxy,
} from '../helpers/proxyServers';
import { requireComponent } from '../helpers/systemComponent';

const PROXY_USER = 'carol';
const PROXY_PASSWORD = 'tunnel-Secret-77';

let lab: Lab;
let rootCa: string;
let closedPort: number;
const proxies: Record<string, RunningProxy> = {};
const installed = proxiesInstalled();

beforeAll(async () => {
  lab = await startLab({ basePort: 0, scenarios: ['submission-ok', 'implicit-tls-ok'] });
  rootCa = readFileSync(lab.rootCaPath, 'utf8');
  closedPort = await freePort();
  if (!installed) return;
  proxies.open = await startMicrosocks();
  proxies.login = await startMicrosocks({ user: PROXY_USER, password: PROXY_PASSWORD });
  proxies.dante = await startDante(closedPort);
  proxies.http = await startTinyproxy([lab.portOf('submission-ok'), lab.portOf('implicit-tls-ok')], {
    user: PROXY_USER,
    password: PROXY_PASSWORD,
  });
});
afterAll(async () => {
  for (const p of Object.values(proxies)) p.close();
  await lab?.close();
});

const need = (ctx: { skip(note?: string): void }) =>
  requireComponent(
    ctx,
    'microsocks, dante-server and tinyproxy',
    installed,
    'apt-get install microsocks dante-server tinyproxy',
  );

/** A whole submission through the proxy: STARTTLS (or implicit TLS), AUTH, one message. */
function submission(proxyUrl: string, scenario: string, extra: Partial<SessionOptions> = {}): SessionOptions {
  return {
    host: '127.0.0.1',
    port: lab.portOf(scenario),
    tls: scenario === 'implicit-tls-ok' ? 'implicit' : 'starttls',
    servername: 'mail.lab.test',
    ca: [rootCa],
    proxy: { url: proxyUrl },
    auth: { user: LAB_USER, secret: LAB_PASSWORD },
    from: LAB_USER,
    to: ['bob@lab.test'],
    timeout: 5_000,
    ...extra,
  };
}

function delivered(t: Transcript, viaUrl: string): void {
  expect(t.outcome, JSON.stringify(t.events.filter((e) => e.type === 'error'))).toMatchObject({ ok: true });
  expect(t.target.proxy).toBe(viaUrl);
  const connect = t.events.find((e) => e.type === 'connect');
  expect(connect).toMatchObject({ via: viaUrl });
  const hop = t.events.find((e) => e.type === 'proxy');
  expect(hop).toMatchObject({ url: viaUrl });
  // The certificate is checked as on a direct connection: the proxy changes nothing of it.
  expect(t.tls?.verification.ok).toBe(true);
  expect(t.events.some((e) => e.type === 'reply' && e.stage === 'auth' && e.code === 235)).toBe(true);
}

const proxyFinding = (t: Transcript) => t.findings.find((f) => f.id === 'net.proxy-failed');

describe('--proxy through real proxies', () => {
  it('SOCKS5 with the name resolved by the proxy (microsocks): STARTTLS, AUTH and a message', async (ctx) => {
    need(ctx);
    const before = lab.messages('submission-ok').length;
    const url = `socks5h://127.0.0.1:${proxies.open.port}`;
    const t = await probe(submission(url, 'submission-ok', { host: 'localhost' }));
    delivered(t, url);
    // socks5h: this machine did not look the name up; the proxy did.
    expect(t.events.some((e) => e.type === 'dns')).toBe(false);
    expect(t.events.find((e) => e.type === 'connect')).toMatchObject({ address: 'localhost' });
    expect(lab.messages('submission-ok').length).toBe(before + 1);
  });

  it('SOCKS5 and SOCKS4a through Dante: implicit TLS and AUTH', async (ctx) => {
    need(ctx);
    for (const scheme of ['socks5', 'socks4a']) {
      const url = `${scheme}://127.0.0.1:${proxies.dante.port}`;
      delivered(await probe(submission(url, 'implicit-tls-ok')), url);
    }
  });

  it('SOCKS5 with a user: the password comes apart, and a wrong one or none is the proxy refusing', async (ctx) => {
    need(ctx);
    const url = `socks5h://${PROXY_USER}@127.0.0.1:${proxies.login.port}`;
    delivered(await probe(submission(url, 'submission-ok', { proxy: { url, secret: PROXY_PASSWORD } })), url);

    const wrong = await probe(submission(url, 'submission-ok', { proxy: { url, secret: 'not-it' } }));
    expect(wrong.outcome).toMatchObject({ ok: false, stopped: { stage: 'proxy', error: 'PROXY_AUTH_FAILED' } });
    expect(proxyFinding(wrong)?.title).toBe(`The proxy ${url} refused the user name or password`);

    const none = await probe(submission(`socks5h://127.0.0.1:${proxies.login.port}`, 'submission-ok'));
    expect(proxyFinding(none)?.title).toBe(
      `The proxy socks5h://127.0.0.1:${proxies.login.port} wants a user name and password`,
    );
  });

  it('HTTP CONNECT through tinyproxy with Basic authentication; a port it does not allow is refused', async (ctx) => {
    need(ctx);
    const url = `http://${PROXY_USER}@127.0.0.1:${proxies.http.port}`;
    delivered(await probe(submission(url, 'submission-ok', { proxy: { url, secret: PROXY_PASSWORD } })), url);
    delivered(await probe(submission(url, 'implicit-tls-ok', { proxy: { url, secret: PROXY_PASSWORD } })), url);

    const unlisted = await probe({
      ...submission(url, 'submission-ok', { proxy: { url, secret: PROXY_PASSWORD } }),
      port: closedPort,
    });
    const f = proxyFinding(unlisted);
    expect(f?.title).toBe(`The proxy ${url} is not allowed to connect to 127.0.0.1:${closedPort}`);
    expect(f?.explanation).toContain('403');

    const noLogin = await probe(submission(`http://127.0.0.1:${proxies.http.port}`, 'submission-ok'));
    expect(noLogin.outcome.stopped).toMatchObject({ stage: 'proxy', error: 'PROXY_AUTH_REQUIRED' });
  });

  it('a rule that blocks the port is worded as a provider block when the port plays 25', async (ctx) => {
    need(ctx);
    const url = `socks5://127.0.0.1:${proxies.dante.port}`;
    const t = await probe({
      host: '127.0.0.1',
      port: closedPort,
      portRole: 25,
      tls: 'auto',
      proxy: { url },
      timeout: 3_000,
    });
    const f = proxyFinding(t);
    expect(f?.title).toBe(`The proxy socks5://127.0.0.1:${proxies.dante.port} refused to connect to port 25`);
    expect(f?.explanation).toContain('Many SOCKS and VPN providers block port 25 too');
    // Nothing reached the mail server, and the transcript says so rather than blaming it.
    expect(t.events.some((e) => e.type === 'reply')).toBe(false);
  });

  it('a server that refuses behind the proxy, a proxy that is down, and one that hangs', async (ctx) => {
    need(ctx);
    const refused = await probe({
      host: '127.0.0.1',
      port: closedPort,
      tls: 'none',
      proxy: { url: `socks5://127.0.0.1:${proxies.open.port}` },
      timeout: 3_000,
    });
    expect(proxyFinding(refused)?.title).toBe(
      `The mail server refused the proxy's connection to 127.0.0.1:${closedPort}`,
    );

    const down = await probe({
      host: '127.0.0.1',
      port: 25,
      tls: 'none',
      proxy: { url: `socks5h://127.0.0.1:${closedPort}` },
    });
    expect(proxyFinding(down)?.title).toBe(`The proxy socks5h://127.0.0.1:${closedPort} cannot be reached`);

    const silent = await startSilentProxy();
    try {
      const started = Date.now();
      const hung = await probe({
        host: 'mx.example.test',
        port: 25,
        tls: 'auto',
        proxy: { url: `socks5h://127.0.0.1:${silent.port}` },
        timeout: 800,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(silent.accepted()).toBe(1);
      expect(hung.outcome.stopped).toMatchObject({ stage: 'proxy', error: 'PROXY_TIMEOUT' });
      expect(proxyFinding(hung)?.title).toBe(`The proxy socks5h://127.0.0.1:${silent.port} did not answer in time`);
    } finally {
      silent.close();
    }
  });

  it('the TLS version check goes through the same proxy', async (ctx) => {
    need(ctx);
    const url = `socks5://127.0.0.1:${proxies.open.port}`;
    const t = await probeWithTlsVersions({ ...submission(url, 'implicit-tls-ok'), to: [], auth: undefined });
    expect(t.tlsVersions?.['TLSv1.3']?.result).toBe('accepted');
  });

  it('from the CLI: the password comes from the environment and is in no output; sweep and domain take --proxy', async (ctx) => {
    need(ctx);
    const url = `socks5h://${PROXY_USER}@127.0.0.1:${proxies.login.port}`;
    const r = await runCli(
      [
        'probe',
        '127.0.0.1',
        '--port',
        String(lab.portOf('submission-ok')),
        '--servername',
        'mail.lab.test',
        '--ca',
        lab.rootCaPath,
        '--proxy',
        url,
        '--proxy-pass-env',
        'PROXY_PW',
        '--json',
      ],
      { env: { PROXY_PW: PROXY_PASSWORD } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).target.proxy).toBe(url);
    expect(r.stdout + r.stderr).not.toContain(PROXY_PASSWORD);

    const inUrl = await runCli([
      'probe',
      '127.0.0.1',
      '--proxy',
      `socks5h://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:1080`,
    ]);
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toContain('the proxy password is never put in the URL');
    expect(inUrl.stderr).not.toContain(PROXY_PASSWORD);

    const sweep = await runCli([
      'sweep',
      '127.0.0.1',
      '--ports',
      `${lab.portOf('implicit-tls-ok')},${closedPort}`,
      '--servername',
      'mail.lab.test',
      '--ca',
      lab.rootCaPath,
      '--proxy',
      `socks5://127.0.0.1:${proxies.open.port}`,
      '--json',
    ]);
    const rows = JSON.parse(sweep.stdout).rows as {
      port: number;
      reach: { label: string };
      speaks: { value: string };
    }[];
    expect(rows.find((row) => row.port === closedPort)?.reach.label).toBe('refused (proxy)');
    expect(rows.find((row) => row.port === lab.portOf('implicit-tls-ok'))?.speaks.value).toBe('implicit-tls');
  });
});
