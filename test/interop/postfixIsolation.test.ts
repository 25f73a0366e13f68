// The interop Postfix is safe to run on any machine. It listens on 127.0.0.1 only,
// has no service on port 25 and no SMTP/LMTP client, does no DNS, and discards whatever is
// not for its own domain. Checked on the running instance, not on the templates.
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

  it('has no SMTP or LMTP client, sends everything foreign to discard(8), and does no DNS', () => {
    const commands = postconf('-M')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/\s+/)[7]);
    expect(commands).not.toContain('smtp');
    expect(commands).not.toContain('lmtp');
    expect(commands).not.toContain('pipe');
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
