// The sending domain's SPF and DMARC (mailauth over our resolver, against the real DNS lab),
// looked up with --sender-domain or because a receiver's refusal cited them; and the network
// that blocks the MX port while other ports of the same hosts answer.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkDomain } from '../../main/engine/domain/domainReport';
import type { DomainReport } from '../../shared/domain';
import { runCli } from '../helpers/cli';
import { type DnsLab, KNOTD, startDnsLab, UNBOUND } from '../helpers/dnsLab';
import { lineDialogue, type RawServer, startRawServer } from '../helpers/rawServer';
import { hasExecutable, requireComponent } from '../helpers/systemComponent';

const haveDns = hasExecutable(KNOTD) && hasExecutable(UNBOUND);
beforeEach((ctx) => requireComponent(ctx, 'Knot and Unbound', haveDns, 'apt-get install -y knot unbound'));

const SIGNED = [
  'sendgood TXT "v=spf1 ip4:192.0.2.10 -all"',
  '_dmarc.sendgood TXT "v=DMARC1; p=reject; rua=mailto:dmarc@sendgood.lab.example"',
  'sendbad TXT "v=spf1 ip4:192.0.2.10 -all"',
  '_dmarc.sendbad TXT "v=DMARC1; p=reject; adkim=s"',
  'soft TXT "v=spf1 ip4:192.0.2.10 ~all"',
  'nospf A 127.0.0.2',
  // Eleven includes: more than RFC 7208 §4.6.4's ten lookups, so a permanent error.
  `toomany TXT "v=spf1 ${Array.from({ length: 11 }, (_, i) => `include:i${i}.toomany.lab.example`).join(' ')} -all"`,
  ...Array.from({ length: 11 }, (_, i) => `i${i}.toomany TXT "v=spf1 -all"`),
  // The domain whose MX ports are shut but whose submission port answers.
  'blocked MX 10 mx.blocked',
  'mx.blocked A 127.0.0.5',
];

let dns: DnsLab;
let submission: RawServer;
let closedPort = 0;

beforeAll(async () => {
  if (!haveDns) return;
  dns = await startDnsLab({ signed: SIGNED, unsigned: [] });
  submission = await startRawServer((s) => s.end('220 mx.blocked.lab.example ESMTP\r\n'), { host: '127.0.0.5' });
  // A port that nothing listens on at 127.0.0.5: taken and given back.
  const probe = await startRawServer(() => undefined, { host: '127.0.0.5' });
  closedPort = probe.port;
  await probe.close();
}, 30_000);
afterAll(async () => {
  await submission?.close();
  await dns?.close();
});

const sender = (domain: string, senderIp = '192.0.2.10'): Promise<DomainReport> =>
  checkDomain('sendgood.lab.example', {
    resolvers: [dns.resolver],
    port: 25,
    timeoutMs: 5_000,
    probe: false,
    senderDomain: domain,
    senderIp,
  });
const senderIds = (r: DomainReport) => r.findings.map((f) => f.id).filter((id) => /^(spf|dmarc)\./.test(id));

describe('the sending domain: SPF and DMARC as a receiver evaluates them', () => {
  it('an allowed address passes SPF and so DMARC: nothing to say', async () => {
    const r = await sender('sendgood.lab.example');
    expect(r.sender?.spf).toMatchObject({ result: 'pass', record: 'v=spf1 ip4:192.0.2.10 -all' });
    expect(r.sender?.dmarc).toMatchObject({
      policy: 'reject',
      rua: ['mailto:dmarc@sendgood.lab.example'],
      resultWithoutDkim: 'pass',
    });
    expect(senderIds(r)).toEqual([]);
  });

  it('another address fails SPF, and under p=reject only DKIM would save it', async () => {
    const r = await sender('sendbad.lab.example', '198.51.100.7');
    expect(senderIds(r)).toEqual(['spf.fail', 'dmarc.fail']);
    expect(r.findings.find((f) => f.id === 'spf.fail')?.title).toBe(
      'SPF of sendbad.lab.example does not pass from 198.51.100.7: fail',
    );
    const dmarc = r.findings.find((f) => f.id === 'dmarc.fail');
    expect(dmarc?.title).toBe(
      'Mail from sendbad.lab.example from 198.51.100.7 passes DMARC only with a DKIM signature of sendbad.lab.example (policy reject)',
    );
    expect(dmarc?.explanation).toContain('d=sendbad.lab.example exactly (adkim=s)');
    expect(dmarc?.explanation).toContain('p=reject, so it refuses the mail');
  });

  it('softfail, no record at all, and a record over the lookup limit are each said in words', async () => {
    const soft = await sender('soft.lab.example', '198.51.100.7');
    expect(soft.findings.find((f) => f.id === 'spf.fail')?.explanation).toContain('probably not allowed (~all)');
    expect(senderIds(soft)).toEqual(['spf.fail', 'dmarc.missing']);
    const none = await sender('nospf.lab.example');
    expect(none.findings.find((f) => f.id === 'spf.fail')?.title).toBe(
      'SPF of nospf.lab.example does not pass from 192.0.2.10: none',
    );
    expect(none.findings.find((f) => f.id === 'dmarc.missing')?.title).toBe(
      'nospf.lab.example publishes no DMARC record',
    );
    const many = await sender('toomany.lab.example');
    expect(many.sender?.spf.result).toBe('permerror');
    expect(many.findings.find((f) => f.id === 'spf.fail')?.explanation).toContain('more than ten DNS lookups');
  });

  it('the CLI prints the sender card; --sender-ip is checked as an address', async () => {
    const r = await runCli([
      'domain',
      'sendgood.lab.example',
      '--no-probe',
      '--resolver',
      `127.0.0.1:${dns.resolver.port}`,
      '--sender-domain',
      'sendbad.lab.example',
      '--sender-ip',
      '198.51.100.7',
    ]);
    expect(r.stdout).toContain('Sender sendbad.lab.example, as a receiver checks it for 198.51.100.7 (given):');
    expect(r.stdout).toContain('SPF: fail · v=spf1 ip4:192.0.2.10 -all');
    expect(r.stdout).toContain('DMARC: p=reject, alignment SPF relaxed, DKIM strict · no rua= (nobody gets reports)');
    expect(r.stdout).toContain('[spf.fail]');
    const bad = await runCli(['domain', 'sendgood.lab.example', '--sender-ip', 'mail.example']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^smtp-lens: --sender-ip: "mail\.example" is not an IP address/);
  });

  it('--format md and html: the same cards as tables, for a ticket', async () => {
    const args = ['domain', 'sendgood.lab.example', '--no-probe', '--resolver', `127.0.0.1:${dns.resolver.port}`];
    const sender = ['--sender-domain', 'sendbad.lab.example', '--sender-ip', '198.51.100.7'];
    const md = await runCli([...args, ...sender, '--format', 'md']);
    expect(md.stdout).toMatch(/^# SMTP Lens domain report · sendgood\.lab\.example · /);
    expect(md.stdout).toContain('## Sender sendbad.lab.example, as a receiver checks it for 198.51.100.7 (given)');
    expect(md.stdout).toContain('| SPF | ❌ fail · v=spf1 ip4:192.0.2.10 -all |');
    expect(md.stdout).toContain('### ❌ Error: SPF of sendbad.lab.example does not pass from 198.51.100.7: fail');
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'smtp-lens-domain-')), 'report.html');
    const html = await runCli([...args, ...sender, '--format', 'html', '--out', out]);
    expect(html.stderr).toContain(`Wrote ${out}`);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
    expect(page).toContain('<tr class="bad"><td>SPF</td><td>fail · v=spf1 ip4:192.0.2.10 -all</td></tr>');
    expect(page).not.toContain('<script');
  });

  it('a refusal that cites DMARC (Gmail 5.7.26) gets the sender’s records under that reply', async () => {
    const gmailLike = await startRawServer((socket) => {
      socket.write('220 mx.google.example ESMTP\r\n');
      lineDialogue(socket, (line, s) => {
        if (/^EHLO/i.test(line)) s.write('250-mx.google.example\r\n250 8BITMIME\r\n');
        else if (/^MAIL/i.test(line)) s.write('250 2.1.0 OK\r\n');
        else if (/^RCPT/i.test(line))
          s.write(
            "550-5.7.26 Unauthenticated email from sendbad.lab.example is not accepted due to domain's\r\n550 5.7.26 DMARC policy.\r\n",
          );
        else if (/^QUIT/i.test(line)) s.end('221 2.0.0 bye\r\n');
      });
    });
    try {
      const r = await runCli([
        'probe',
        '127.0.0.1',
        '--port',
        String(gmailLike.port),
        '--tls',
        'none',
        '--from',
        'alice@sendbad.lab.example',
        '--to',
        'bob@gmail.example',
        '--resolver',
        `127.0.0.1:${dns.resolver.port}`,
        '--json',
      ]);
      const t = JSON.parse(r.stdout);
      const rcpt = t.events.findIndex((e: { type: string; code?: number }) => e.type === 'reply' && e.code === 550);
      const cited = t.findings.filter((f: { id: string }) => /^(spf|dmarc)\./.test(f.id));
      expect(cited.map((f: { id: string; event: number }) => [f.id, f.event])).toEqual([
        ['spf.fail', rcpt],
        ['dmarc.fail', rcpt],
      ]);
      expect(cited[0].title).toBe('SPF of sendbad.lab.example does not pass from 127.0.0.1 (this machine): fail');
    } finally {
      await gmailLike.close();
    }
  });
});

describe('a network that blocks the MX port', () => {
  it('every MX silent on the port while another port of the same host answers: the network, not the servers', async () => {
    const r = await checkDomain('blocked.lab.example', {
      resolvers: [dns.resolver],
      port: closedPort,
      timeoutMs: 2_000,
      probe: true,
      otherPorts: [submission.port],
    });
    const blocked = r.findings.find((f) => f.id === 'port.25-blocked');
    expect(blocked?.title).toBe(
      `No MX of blocked.lab.example answers on port ${closedPort} from here, while other ports do: this network blocks outbound port ${closedPort}`,
    );
    expect(blocked?.explanation).toContain(`yet mx.blocked.lab.example answered on port ${submission.port}`);
    expect(r.otherPorts).toEqual([{ host: 'mx.blocked.lab.example', address: '127.0.0.5', port: submission.port }]);
    // With the other port shut too, it is the servers: no such finding.
    const dead = await checkDomain('blocked.lab.example', {
      resolvers: [dns.resolver],
      port: closedPort,
      timeoutMs: 2_000,
      probe: true,
      otherPorts: [closedPort],
    });
    expect(dead.findings.map((f) => f.id)).not.toContain('port.25-blocked');
  });
});
