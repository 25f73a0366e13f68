// The interop Postfix is safe to run on any machine. It listens on 127.0.0.1 only,
// has no service on port 25, does no DNS, and discards whatever is not for its own domain.
// Its one SMTP client (for the bounce tests) reaches only ports on 127.0.0.1. Checked on the
// running instance, not on the templates.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { findPostfix, requirePostfix, type PostfixInstance } from './postfixInstance';

const lookup = findPostfix();
let pf: PostfixInstance;
beforeEach(async ({ skip }) => {
  pf = requirePostfix({ skip }, await lookup);
});

const postconf = (...args: string[]) => execFileSync('postconf', ['-c', pf.configDir, ...args], { encoding: 'utf8' });

/** LISTEN sockets from /proc/net/tcp{,6}: "0100007F:2EF9" is 127.0.0.1:12025 (little-endian IPv4, hex port). */
function listeners(): { address: string; port: number }[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].filter(existsSync).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .flatMap((row) => {
        const [, local, , state] = row.trim().split(/\s+/);
        if (state !== '0A' || !local) return [];
        const [hexAddress, hexPort] = local.split(':');
        const address =
          hexAddress.length === 8
            ? (hexAddress.match(/../g) ?? [])
                .reverse()
                .map((b) => parseInt(b, 16))
                .join('.')
            : `[${hexAddress}]`;
        return [{ address, port: parseInt(hexPort, 16) }];
      }),
  );
}

describe('the interop Postfix instance', () => {
  it('runs from its own temporary config directory, as Postfix 3.7 or later', () => {
    expect(pf.configDir).toMatch(/^\/tmp\/smtp-lens-postfix\.\w+\/etc$/);
    expect(postconf('-h', 'config_directory', 'queue_directory').trim().split('\n')).toEqual([
      pf.configDir,
      `${pf.instanceDir}/queue`,
    ]);
    const [major, minor] = postconf('-h', 'mail_version').trim().split('.').map(Number);
    // The ">=TLSv1.2,<=TLSv1.2" protocol range in master.cf needs 3.6.
    expect(major * 100 + minor).toBeGreaterThanOrEqual(306);
  });

  it('listens on 127.0.0.1 only: every smtpd names it, none is on port 25', () => {
    const inet = postconf('-M')
      .split('\n')
      .filter((l) => /^\S+\s+inet\s/.test(l))
      .map((l) => l.split(/\s+/)[0]);
    expect(inet.sort()).toEqual(
      Object.values(pf.ports)
        .map((p) => `127.0.0.1:${p}`)
        .sort(),
    );
    expect(postconf('-h', 'inet_interfaces', 'inet_protocols').trim().split('\n')).toEqual(['127.0.0.1', 'ipv4']);
    const ours = listeners().filter((l) => Object.values(pf.ports).includes(l.port));
    expect(ours.length).toBe(Object.keys(pf.ports).length);
    expect(ours.every((l) => l.address === '127.0.0.1')).toBe(true);
  });

  it('has one SMTP client, used only toward 127.0.0.1, sends everything else foreign to discard(8), and does no DNS', () => {
    const services = postconf('-M')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/\s+/));
    expect(services.filter((s) => s[7] === 'smtp').map((s) => s[0])).toEqual(['lab-smtp']);
    expect(services.map((s) => s[7])).not.toContain('lmtp');
    expect(services.map((s) => s[7])).not.toContain('pipe');
    // Every route to lab-smtp in the transport table is a bracketed 127.0.0.1 (no MX lookup).
    const table = readFileSync(`${pf.configDir}/transport`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split(/\s+/)[1]);
    const smtpRoutes = table.filter((t) => t.startsWith('lab-smtp:'));
    expect(smtpRoutes.length).toBe(3);
    expect(smtpRoutes.every((t) => /^lab-smtp:\[127\.0\.0\.1\]:\d+$/.test(t))).toBe(true);
    expect(postconf('-h', 'transport_maps').trim()).toBe(`texthash:${pf.configDir}/transport`);
    const values = Object.fromEntries(
      postconf(
        'default_transport',
        'relay_transport',
        'smtp_dns_support_level',
        'smtpd_peername_lookup',
        'mynetworks',
        'smtpd_relay_restrictions',
      )
        .trim()
        .split('\n')
        .map((l) => l.split(' = ')),
    );
    expect(values).toEqual({
      default_transport: 'discard',
      relay_transport: 'discard',
      smtp_dns_support_level: 'disabled',
      smtpd_peername_lookup: 'no',
      // Not 127.0.0.1: the tests must not be trusted just for being local.
      mynetworks: '192.0.2.1/32',
      smtpd_relay_restrictions: 'permit_sasl_authenticated, reject_unauth_destination',
    });
  });
});
