// `smtp-lens domain` against a real DNS lab (Knot, DNSSEC-signed, behind a validating Unbound)
// and real STARTTLS servers on 127.0.0.2 and 127.0.0.3: the MX set in the order a sender uses
// it, one probe each, the domain's findings and the verdict a user reads.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkDomain } from '../../main/engine/domain/domainReport';
import { buildLadder } from '../../shared/diagram/ladderModel';
import { buildWaterfall } from '../../shared/diagram/waterfallModel';
import { type DnsLab, KNOTD, UNBOUND } from '../helpers/dnsLab';
import { type DomainLab, policyText, spkiSha256, startDomainLab } from '../helpers/domainLab';
import { runCli } from '../helpers/cli';
import { runTool, SWAKS, requireSwaks } from '../helpers/externalTool';
import { hasExecutable, missingInCi, requireComponent } from '../helpers/systemComponent';
import { pemFile } from '../helpers/tlsServers';
import type { DomainReport } from '../../shared/domain';

const haveDns = hasExecutable(KNOTD) && hasExecutable(UNBOUND);
const hasNetDns = () => spawnSync('perl', ['-MNet::DNS', '-e', '1'], { stdio: 'ignore' }).status === 0;
beforeEach((ctx) => requireComponent(ctx, 'Knot and Unbound', haveDns, 'apt-get install -y knot unbound'));

const SIGNED = [
  'good MX 10 mx1.good',
  'good MX 20 mx2.good',
  'mx1.good A 127.0.0.2',
  'mx2.good A 127.0.0.3',
  // The first MX has an address where nothing listens: a sender goes on to the second.
  'firstdown MX 10 mx1.firstdown',
  'firstdown MX 20 mx2.good',
  'mx1.firstdown A 127.0.0.9',
  'nullmx MX 0 .',
  'nomx A 127.0.0.2',
  'dangling MX 10 gone.dangling',
  'aliased MX 10 alias.aliased',
  'alias.aliased CNAME mx1.good',
  '_smtp._tls.good TXT "v=TLSRPTv1; rua=mailto:tls-reports@good.lab.example"',
  // Two records: senders ignore both (RFC 8460 §3).
  '_smtp._tls.firstdown TXT "v=TLSRPTv1; rua=mailto:a@firstdown.lab.example"',
  '_smtp._tls.firstdown TXT "v=TLSRPTv1; rua=mailto:b@firstdown.lab.example"',
  '_smtp._tls.dangling TXT "v=TLSRPTv1; rua=ftp://reports.dangling.lab.example"',
  // MTA-STS: every policy host is 127.0.0.4, which serves each domain's policy by Host.
  ...['good', 'notlisted', 'testing', 'notfound', 'redirect', 'html', 'wrongcert', 'enforcebad'].flatMap((d) => [
    `_mta-sts.${d} TXT "v=STSv1; id=20261203"`,
    `mta-sts.${d} A 127.0.0.4`,
  ]),
  ...['notlisted', 'testing', 'notfound', 'redirect', 'html', 'wrongcert'].map((d) => `${d} MX 10 mx1.good`),
  'enforcebad MX 10 mx.enforcebad',
  'mx.enforcebad A 127.0.0.2',
  'twosts MX 10 mx1.good',
  '_mta-sts.twosts TXT "v=STSv1; id=1"',
  '_mta-sts.twosts TXT "v=STSv1; id=2"',
  // Hostile answers: an MX whose name is a CNAME loop, and a TLS-RPT record of about 60 KB
  // (so the answer comes over TCP, RFC 7766).
  'loop MX 10 a.loop',
  'a.loop CNAME b.loop',
  'b.loop CNAME a.loop',
  'bigtxt MX 10 mx1.good',
  `_smtp._tls.bigtxt TXT "v=TLSRPTv1; rua=mailto:r@bigtxt.lab.example,x" ${Array.from({ length: 240 }, () => `"${'x'.repeat(250)}"`).join(' ')}`,
  '_mta-sts.huge TXT "v=STSv1; id=1"',
  'mta-sts.huge A 127.0.0.4',
  'huge MX 10 mx1.good',
];

/** Each domain's policy, as the policy host serves it. */
const policy = policyText;
const POLICIES: Record<string, (res: http.ServerResponse) => void> = {
  good: (res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(policy('enforce', ['*.good.lab.example'])),
  notlisted: (res) =>
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(policy('enforce', ['mail.notlisted.lab.example'])),
  testing: (res) =>
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(policy('testing', ['*.good.lab.example'], 3600)),
  notfound: (res) => res.writeHead(404).end('not here'),
  redirect: (res) => res.writeHead(301, { Location: 'https://elsewhere.example/policy' }).end(),
  html: (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(policy('enforce', ['*.good.lab.example'])),
  wrongcert: (res) =>
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(policy('enforce', ['*.good.lab.example'])),
  // Ten megabytes: the reader must stop at RFC 8461 §3.3's 64 KB, not buffer it all.
  huge: (res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(Buffer.alloc(10 << 20, 'a')),
  enforcebad: (res) =>
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(policy('enforce', ['mx.enforcebad.lab.example'])),
};
const UNSIGNED = ['plain MX 10 mx.plain', 'mx.plain A 127.0.0.2'];

/** TLSA records need the MX port and the test PKI, so they are made once both exist. */
function tlsaRecords(p: number, leafPem: string, issuerPem: string): { signed: string[]; unsigned: string[] } {
  const leaf = spkiSha256(leafPem);
  const issuer = spkiSha256(issuerPem);
  const next = createHash('sha256').update('the next key').digest('hex');
  return {
    signed: [
      `_${p}._tcp.mx1.good TLSA 3 1 1 ${leaf}`,
      `_${p}._tcp.mx1.good TLSA 3 1 1 ${next}`,
      `_${p}._tcp.mx2.good TLSA 2 1 1 ${issuer}`,
      `_${p}._tcp.mx2.good TLSA 3 1 1 ${next}`,
      'stale MX 10 mx.stale',
      'mx.stale A 127.0.0.2',
      // The key before the last renewal: the commonest DANE outage.
      `_${p}._tcp.mx.stale TLSA 3 1 1 ${next}`,
      'pkix MX 10 mx.pkix',
      'mx.pkix A 127.0.0.3',
      `_${p}._tcp.mx.pkix TLSA 1 1 1 ${leaf}`,
    ],
    unsigned: [`_${p}._tcp.mx.plain TLSA 3 1 1 ${leaf}`],
  };
}

let lab: DomainLab | null = null;
let dns: DnsLab;
let port = 0;
let ca: string[] = [];
/** 443 as RFC 8461 fixes it, where this process may bind it; any port otherwise. */
let policyPort = 0;

beforeAll(async () => {
  if (!haveDns) return;
  lab = await startDomainLab({
    names: [
      'mx1.good.lab.example',
      'mx2.good.lab.example',
      'mx.plain.unsigned.example',
      'nomx.lab.example',
      // Every policy host but wrongcert's.
      ...Object.keys(POLICIES)
        .filter((d) => d !== 'wrongcert')
        .map((d) => `mta-sts.${d}.lab.example`),
    ],
    zones: ({ port: p, leafPem, issuerPem }) => {
      const tlsa = tlsaRecords(p, leafPem, issuerPem);
      return { signed: [...SIGNED, ...tlsa.signed], unsigned: [...UNSIGNED, ...tlsa.unsigned] };
    },
    policies: POLICIES,
  });
  ({ dns, port, policyPort } = lab);
  ca = [lab.rootPem];
}, 30_000);
afterAll(async () => {
  await lab?.close();
});

const check = (domain: string, extra: { probe?: boolean; timeoutMs?: number } = {}): Promise<DomainReport> =>
  checkDomain(domain, {
    resolvers: [dns.resolver],
    port,
    timeoutMs: extra.timeoutMs ?? 5_000,
    probe: extra.probe ?? true,
    ca,
    mtaStsPort: policyPort,
  });

const ids = (r: DomainReport) => r.findings.map((f) => f.id);

describe('the domain view against a real DNS lab', () => {
  it('a good domain: both MX in order, each probed over verified TLS, validated DNS', async () => {
    const r = await check('good.lab.example');
    expect(r.mx.kind).toBe('mx');
    expect(r.mx.hosts.map((h) => [h.preference, h.host, h.addresses.map((a) => a.address)])).toEqual([
      [10, 'mx1.good.lab.example', ['127.0.0.2']],
      [20, 'mx2.good.lab.example', ['127.0.0.3']],
    ]);
    expect(r.mx.queries.every((q) => q.ad)).toBe(true);
    expect(r.probes.map((p) => [p.host, p.transcript.tls?.verification.ok])).toEqual([
      ['mx1.good.lab.example', true],
      ['mx2.good.lab.example', true],
    ]);
    // Each probe looked its MX up through the same resolver, and says so.
    const lookup = r.probes[0].transcript.events.find((e) => e.type === 'dns');
    expect(lookup).toMatchObject({ host: 'mx1.good.lab.example', server: `127.0.0.1:${dns.resolver.port}`, ad: true });
    // The ladder and the waterfall draw that lookup as the DNS stage, naming who answered.
    const asked = `mx1.good.lab.example → 127.0.0.2 (asked 127.0.0.1:${dns.resolver.port}, DNSSEC-validated)`;
    const diagramInput = { events: r.probes[0].transcript.events, findings: [], target: r.probes[0].transcript.target };
    expect(buildLadder(diagramInput).items.find((x) => x.kind === 'note')).toMatchObject({ text: `DNS: ${asked}` });
    expect(buildWaterfall(diagramInput).stages[0]).toMatchObject({
      kind: 'dns',
      detail: `mx1.good.lab.example (asked 127.0.0.1:${dns.resolver.port}, DNSSEC-validated)`,
    });
    // DANE: mx1's own key is pinned (with the next one beside it), mx2's issuer.
    expect(r.findings.map((f) => f.title)).toEqual([
      'DANE: a validated TLSA record of mx1.good.lab.example matches its own certificate',
      expect.stringMatching(
        /^DANE: a validated TLSA record of mx2\.good\.lab\.example matches its issuer \(CN=SMTP Lens Test Intermediate CA/,
      ),
    ]);
    expect(r.verdict).toBe('A sending MTA would deliver to mx1.good.lab.example over verified TLS.');
  });

  it('TLS-RPT: the good domain names where reports go; two records, or a bad rua, are not usable', async () => {
    const good = await check('good.lab.example', { probe: false });
    expect(good.tlsRpt).toMatchObject({ rua: ['mailto:tls-reports@good.lab.example'], problem: null, missing: false });
    const two = await check('firstdown.lab.example', { probe: false });
    expect(two.findings.find((f) => f.id === 'tlsrpt.invalid')?.title).toBe(
      'The TLS-RPT record of firstdown.lab.example is not usable: there are 2 TLS-RPT records; senders ignore them all',
    );
    const ftp = await check('dangling.lab.example', { probe: false });
    expect(ftp.findings.find((f) => f.id === 'tlsrpt.invalid')?.title).toMatch(
      /rua holds "ftp:\/\/reports\.dangling\.lab\.example", which is not a mailto: or https: address$/,
    );
    const none = await check('nomx.lab.example', { probe: false });
    expect(none.findings.find((f) => f.id === 'tlsrpt.missing')?.title).toBe(
      'nomx.lab.example publishes no TLS-RPT record: senders never tell it about TLS failures',
    );
  });

  it('the first MX does not answer: the verdict names the one a sender falls back to', async () => {
    const r = await check('firstdown.lab.example', { timeoutMs: 2_000 });
    expect(r.verdict).toBe(
      'A sending MTA would deliver to mx2.good.lab.example over verified TLS after mx1.firstdown.lab.example did not answer.',
    );
  });

  it('a null MX, no MX, a dangling MX and an MX that is an alias each get their finding', async () => {
    const nul = await check('nullmx.lab.example');
    expect([nul.mx.kind, ids(nul), nul.verdict]).toEqual([
      'null',
      ['dns.null-mx'],
      'nullmx.lab.example takes no mail: senders bounce at once.',
    ]);
    const none = await check('nomx.lab.example');
    expect([none.mx.kind, ids(none)]).toEqual(['implicit', ['dns.no-mx', 'tlsrpt.missing']]);
    expect(none.findings[0].explanation).toContain('address (127.0.0.2)');
    const dangling = await check('dangling.lab.example');
    expect(ids(dangling)).toEqual(['dns.mx-unresolvable', 'tlsrpt.invalid']);
    expect(dangling.findings[0].title).toBe('The MX host gone.dangling.lab.example has no address');
    expect(dangling.verdict).toBe('No MX host of dangling.lab.example has an address: mail to it is not delivered.');
    const aliased = await check('aliased.lab.example', { probe: false });
    expect(ids(aliased)).toEqual(['dns.mx-invalid-target', 'tlsrpt.missing']);
    expect(aliased.findings[0].title).toBe(
      'The MX of aliased.lab.example names alias.aliased.lab.example, which is an alias (a CNAME for mx1.good.lab.example)',
    );
  });

  it('an unsigned zone is said to be unvalidated; a name that does not exist is NXDOMAIN, not a mail problem', async () => {
    const plain = await check('plain.unsigned.example', { probe: false });
    expect(plain.mx.queries.some((q) => q.ad)).toBe(false);
    const missing = await check('nosuch.lab.example', { probe: false });
    expect([missing.mx.kind, ids(missing)]).toEqual(['no-domain', ['dns.failure']]);
    expect(missing.findings[0].explanation).toContain('does not exist (NXDOMAIN)');
  });

  it('hostile answers: a 60 KB TXT record, a 10 MB policy and a CNAME loop each get a bounded finding', async () => {
    const big = await check('bigtxt.lab.example', { probe: false });
    const rpt = big.findings.find((f) => f.id === 'tlsrpt.invalid');
    expect(big.tlsRpt?.query?.tcp).toBe(true);
    expect(rpt?.title).toMatch(
      /^The TLS-RPT record of bigtxt\.lab\.example is not usable: rua holds "x{20,}.*more characters\)$/,
    );
    expect(rpt?.explanation.length).toBeLessThan(1_000);
    const huge = await check('huge.lab.example', { probe: false });
    expect(huge.findings.find((f) => f.id === 'mta-sts.policy-unavailable')?.title).toContain(
      'the policy is larger than 64 KB (RFC 8461 §3.3)',
    );
    const loop = await check('loop.lab.example', { probe: false });
    expect(ids(loop)).toEqual(['dns.mx-unresolvable', 'tlsrpt.missing']);
    expect(loop.verdict).toBe('No MX host of loop.lab.example has an address: mail to it is not delivered.');
  });

  it('a resolver that never answers: a DNS failure within the timeout, not a hang', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const r = await checkDomain('good.lab.example', {
        resolvers: [{ address: '127.0.0.1', port: silent.address().port }],
        port,
        timeoutMs: 400,
        probe: true,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(ids(r)).toEqual(['dns.failure']);
      expect(r.findings[0].title).toBe('DNS could not answer for good.lab.example: a DNS problem, not a mail problem');
      expect(r.findings[0].explanation).toContain('did not answer the MX query for good.lab.example');
    } finally {
      silent.close();
    }
  });

  it('the CLI prints the MX table, the probes and the verdict; bad input is one line and exit 2', async (ctx) => {
    // The CLI fetches MTA-STS policies from port 443, as RFC 8461 §3.3 fixes.
    if (policyPort !== 443)
      missingInCi(ctx, 'the MTA-STS policy host needs 127.0.0.4:443, which this user may not bind', 'CI runs as root');
    const r = await runCli([
      'domain',
      'bob@good.lab.example',
      '--resolver',
      `127.0.0.1:${dns.resolver.port}`,
      '--port',
      String(port),
      '--ca',
      pemFile('domain-root.pem', ca[0]),
    ]);
    expect(r.stdout).toMatch(/^SMTP Lens domain report · good\.lab\.example · /);
    expect(r.stdout).toContain('DNS: asked 127.0.0.1:');
    expect(r.stdout).toContain('the resolver says these answers are DNSSEC-validated (AD)');
    expect(r.stdout).toMatch(
      /\n {4}10 {2}mx1\.good\.lab\.example +127\.0\.0\.2\n {4}20 {2}mx2\.good\.lab\.example +127\.0\.0\.3\n/,
    );
    expect(r.stdout).toMatch(/mx1\.good\.lab\.example +OK · TLSv1\.3, certificate verified\n/);
    expect(r.stdout).toContain('TLS-RPT: reports go to mailto:tls-reports@good.lab.example');
    expect(r.stdout).toMatch(
      /\nMTA-STS: mode enforce, id 20261203, max_age 604800 s, mx \*\.good\.lab\.example\n {2}mx1\.good\.lab\.example +in the policy\n/,
    );
    expect(r.stdout).toContain('Verdict: A sending MTA would deliver to mx1.good.lab.example over verified TLS.');
    expect(r.code).toBe(0);
    for (const [args, message] of [
      [['domain', 'not a domain'], /"not a domain" is not a domain name/],
      [['domain', 'bob@'], /"bob@" has no domain after the @/],
      [['domain', 'example.com', '--resolver', 'dns.google'], /--resolver: "dns\.google" is not an IP address/],
    ] as const) {
      const bad = await runCli([...args]);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });

  it('probe and sweep take --resolver too, and their DNS event names the server and the AD bit', async () => {
    const resolver = `127.0.0.1:${dns.resolver.port}`;
    const root = pemFile('domain-root.pem', ca[0]);
    const probed = await runCli([
      'probe',
      'mx1.good.lab.example',
      '--port',
      String(port),
      '--resolver',
      resolver,
      '--ca',
      root,
      '--quit-after',
      'tls',
      '--json',
    ]);
    const t = JSON.parse(probed.stdout) as { events: { type: string }[] };
    expect(t.events[0]).toEqual(
      expect.objectContaining({ type: 'dns', host: 'mx1.good.lab.example', server: resolver, ad: true }),
    );
    const swept = await runCli([
      'sweep',
      'mx2.good.lab.example',
      '--ports',
      String(port),
      '--resolver',
      resolver,
      '--ca',
      root,
      '--json',
    ]);
    expect(JSON.parse(swept.stdout)).toMatchObject({
      address: '127.0.0.3',
      dns: { addresses: [{ address: '127.0.0.3' }] },
    });
  });

  it('probe --to with no HOST goes to the first MX that answers, as swaks does, and says which and why', async () => {
    const r = await runCli([
      'probe',
      '--to',
      'bob@firstdown.lab.example',
      '--port',
      String(port),
      '--resolver',
      `127.0.0.1:${dns.resolver.port}`,
      '--ca',
      pemFile('domain-root.pem', ca[0]),
      '--quit-after',
      'tls',
      '--timeout',
      '2000',
    ]);
    expect(r.stderr).toContain(
      'Using mx2.good.lab.example for firstdown.lab.example (MX 20, after mx1.firstdown.lab.example did not answer).',
    );
    expect(r.stdout).toMatch(
      /^SMTP Lens 0\.1\.0 · mx2\.good\.lab\.example:\d+ · .*\nTLS: TLSv1\.3.* verified for mx2\.good\.lab\.example/m,
    );
    const nul = await runCli(['probe', '--to', 'x@nullmx.lab.example', '--resolver', `127.0.0.1:${dns.resolver.port}`]);
    expect(nul.code).toBe(2);
    expect(nul.stderr).toMatch(/cannot find where mail for nullmx\.lab\.example goes: it publishes a null MX/);
  });

  it('swaks --to on the same domain and resolver: it takes the best MX, answering or not; we take the first that answers', async (ctx) => {
    requireSwaks(ctx);
    requireComponent(ctx, "Net::DNS (swaks' MX lookup)", hasNetDns(), 'apt-get install -y libnet-dns-perl');
    // Net::DNS reads its server from the environment (RES_NAMESERVERS, RES_OPTIONS "port:N").
    const env = { RES_NAMESERVERS: '127.0.0.1', RES_OPTIONS: `port:${dns.resolver.port}` };
    const args = [
      '--to',
      'bob@firstdown.lab.example',
      '--port',
      String(port),
      '--quit-after',
      'EHLO',
      '--timeout',
      '2',
    ];
    const swaks = await runTool(SWAKS, args, { env });
    const ours = await runCli([
      'probe',
      '--to',
      'bob@firstdown.lab.example',
      '--port',
      String(port),
      '--resolver',
      `127.0.0.1:${dns.resolver.port}`,
      '--quit-after',
      'ehlo',
      '--tls',
      'none',
      '--timeout',
      '2000',
    ]);
    expect(swaks.out).toContain(`=== Trying mx1.firstdown.lab.example:${port}...`);
    expect(ours.stderr).toContain(
      'Using mx2.good.lab.example for firstdown.lab.example (MX 20, after mx1.firstdown.lab.example did not answer).',
    );
    // swaks asks Net::DNS's server for the MX only; the MX name itself goes to the system's
    // resolver, which does not know the lab: split-horizon DNS breaks it, --resolver does not.
    expect(swaks.out).toContain("IO::Socket::INET: Bad hostname 'mx1.firstdown.lab.example'");
    const good = await runTool(SWAKS, ['--to', 'bob@good.lab.example', ...args.slice(2)], { env });
    expect(good.out).toContain(`=== Trying mx1.good.lab.example:${port}...`);
  });

  it('MTA-STS: the good policy matches every MX; each broken policy says what is wrong, in words', async () => {
    const good = await check('good.lab.example');
    expect(good.mtaSts).toMatchObject({ id: '20261203', policy: { mode: 'enforce', mx: ['*.good.lab.example'] } });
    expect(good.mtaSts?.mxMatches).toEqual([
      { host: 'mx1.good.lab.example', matches: true },
      { host: 'mx2.good.lab.example', matches: true },
    ]);
    const titles = async (d: string) =>
      (await check(`${d}.lab.example`, { probe: d === 'enforcebad' })).findings
        .filter((f) => f.id.startsWith('mta-sts.'))
        .map((f) => `${f.id}: ${f.title}`);
    expect((await check('notlisted.lab.example')).verdict).toBe(
      'A sending MTA would deliver to mx1.good.lab.example over verified TLS. Senders that honour MTA-STS (mode enforce) would not deliver there: mx1.good.lab.example is not in the policy (mx: mail.notlisted.lab.example).',
    );
    expect(await titles('notlisted')).toEqual([
      'mta-sts.mx-not-in-policy: The MX host mx1.good.lab.example is not in the MTA-STS policy of notlisted.lab.example',
    ]);
    expect(await titles('testing')).toEqual([
      'mta-sts.testing: The MTA-STS policy of testing.lab.example is in mode testing: failures are reported, not enforced',
      'mta-sts.max-age-short: The MTA-STS policy of testing.lab.example is cached for only 3600 seconds',
    ]);
    expect(await titles('notfound')).toEqual([
      'mta-sts.policy-unavailable: The MTA-STS policy of notfound.lab.example cannot be used: https://mta-sts.notfound.lab.example/.well-known/mta-sts.txt answered HTTP 404',
    ]);
    expect((await titles('redirect'))[0]).toMatch(
      /answered 301, a redirect, and senders do not follow redirects \(RFC 8461 §3\.3\)$/,
    );
    expect((await titles('html'))[0]).toMatch(/the policy is served as "text\/html", and must be text\/plain/);
    expect((await titles('wrongcert'))[0]).toMatch(
      /the certificate of https:\/\/mta-sts\.wrongcert\.lab\.example\/ does not verify \(ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/,
    );
    expect(await titles('enforcebad')).toEqual([
      'mta-sts.cert-fails: Under MTA-STS enforce, mx.enforcebad.lab.example fails: its certificate is not valid for the name mx.enforcebad.lab.example',
    ]);
    expect((await titles('twosts'))[0]).toBe(
      'mta-sts.record-invalid: The MTA-STS record of twosts.lab.example is not usable: there are several _mta-sts records; senders ignore them all',
    );
  });

  it('DANE: a stale TLSA record, one in an unsigned zone, and a PKIX usage each say what is wrong', async () => {
    const stale = await check('stale.lab.example');
    expect(stale.findings.map((f) => f.id)).toEqual(['dane.mismatch', 'dane.no-rollover', 'tlsrpt.missing']);
    expect(stale.findings[0].title).toBe(
      'No TLSA record of mx.stale.lab.example matches the certificates it presented',
    );
    expect(stale.findings[0].explanation).toContain('the TLSA record still hashes the old one');
    const plain = await check('plain.unsigned.example');
    expect(plain.findings.find((f) => f.id === 'dane.not-validated')?.title).toBe(
      'The TLSA records of mx.plain.unsigned.example are not DNSSEC-validated: DANE cannot be relied on',
    );
    const pkix = await check('pkix.lab.example');
    expect(pkix.findings.map((f) => f.id)).toEqual(['dane.pkix-usage', 'tlsrpt.missing']);
  });
});
