// A DNS lab on loopback for the domain tests: a real authoritative server (Knot) serving a
// DNSSEC-signed zone and an unsigned one, and a real validating resolver (Unbound) that
// trusts the signed zone's key, so the AD bit it sets is the real thing. Everything is made
// at test time in a temporary folder: the zones, the keys (Knot signs on load) and the trust
// anchor (the DS of the key Knot made). Both servers bind 127.0.0.1 on free ports.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SIGNED_ZONE = 'lab.example';
export const UNSIGNED_ZONE = 'unsigned.example';
/** The zones' parent, served empty: a walk up the tree (DMARC's, RFC 9989 §4.10) ends here
 * instead of at the root servers, which the lab cannot reach. */
const PARENT_ZONE = 'example';

export const KNOTD = '/usr/sbin/knotd';
export const KEYMGR = '/usr/sbin/keymgr';
export const UNBOUND = '/usr/sbin/unbound';

export interface DnsLab {
  /** The validating resolver, for `--resolver`. */
  resolver: { address: string; port: number };
  /** The authoritative server itself (answers without the AD bit). */
  authoritative: { address: string; port: number };
  close(): Promise<void>;
}

/** A free UDP and TCP port on 127.0.0.1 (DNS listens on both). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until something accepts TCP on the port, or the process ends, or the deadline. */
async function listening(port: number, child: ChildProcess, what: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start listening on 127.0.0.1:${port}: ${output()}`);
}

function started(command: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (b: Buffer) => {
    text = (text + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => text };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Zone text: `records` are lines relative to the zone's origin. */
function zoneFile(origin: string, records: string[]): string {
  return [
    `$ORIGIN ${origin}.`,
    '$TTL 300',
    `@ SOA ns.${origin}. hostmaster.${origin}. 1 3600 600 86400 300`,
    `@ NS ns.${origin}.`,
    'ns A 127.0.0.1',
    ...records,
    '',
  ].join('\n');
}

/** Starts Knot with the two zones and Unbound in front of it. `signed` and `unsigned` are the
 * zones' records, relative to each origin. A port that another test took between the check and
 * the bind (DNS needs it free for UDP and TCP alike) gives a second try on other ports. */
export async function startDnsLab(zones: { signed: string[]; unsigned: string[] }): Promise<DnsLab> {
  try {
    return await startDnsLabOnce(zones);
  } catch {
    return startDnsLabOnce(zones);
  }
}

async function startDnsLabOnce(zones: { signed: string[]; unsigned: string[] }): Promise<DnsLab> {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-lens-dns-'));
  const knotPort = await freePort();
  const resolverPort = await freePort();
  writeFileSync(path.join(dir, `${SIGNED_ZONE}.zone`), zoneFile(SIGNED_ZONE, zones.signed));
  writeFileSync(path.join(dir, `${UNSIGNED_ZONE}.zone`), zoneFile(UNSIGNED_ZONE, zones.unsigned));
  writeFileSync(path.join(dir, `${PARENT_ZONE}.zone`), zoneFile(PARENT_ZONE, []));
  const knotConf = path.join(dir, 'knot.conf');
  writeFileSync(
    knotConf,
    [
      'server:',
      `  listen: 127.0.0.1@${knotPort}`,
      `  rundir: "${dir}"`,
      'database:',
      `  storage: "${dir}"`,
      'log:',
      '  - target: stderr',
      '    any: warning',
      'policy:',
      '  - id: lab',
      '    algorithm: ecdsap256sha256',
      '    nsec3: off',
      'template:',
      '  - id: default',
      `    storage: "${dir}"`,
      '    file: "%s.zone"',
      'zone:',
      `  - domain: ${SIGNED_ZONE}`,
      '    dnssec-signing: on',
      '    dnssec-policy: lab',
      `  - domain: ${UNSIGNED_ZONE}`,
      `  - domain: ${PARENT_ZONE}`,
      '',
    ].join('\n'),
  );
  const knot = started(KNOTD, ['-c', knotConf]);
  let unbound: ReturnType<typeof started> | null = null;
  try {
    await listening(knotPort, knot.child, 'knotd', knot.output);
    // The DS of the key Knot generated for the signed zone: Unbound's trust anchor.
    const ds = await keyDs(knotConf);
    const unboundConf = path.join(dir, 'unbound.conf');
    writeFileSync(
      unboundConf,
      [
        'server:',
        `  interface: 127.0.0.1@${resolverPort}`,
        '  do-daemonize: no',
        '  use-syslog: no',
        '  logfile: ""',
        '  username: ""',
        '  chroot: ""',
        `  directory: "${dir}"`,
        `  pidfile: "${path.join(dir, 'unbound.pid')}"`,
        '  access-control: 127.0.0.0/8 allow',
        '  do-not-query-localhost: no',
        '  module-config: "validator iterator"',
        '  harden-dnssec-stripped: yes',
        '  qname-minimisation: no',
        '  verbosity: 0',
        `  trust-anchor: "${ds}"`,
        'remote-control:',
        '  control-enable: no',
        ...[SIGNED_ZONE, UNSIGNED_ZONE, PARENT_ZONE].flatMap((zone) => [
          'stub-zone:',
          `  name: "${zone}"`,
          `  stub-addr: 127.0.0.1@${knotPort}`,
        ]),
        '',
      ].join('\n'),
    );
    unbound = started(UNBOUND, ['-d', '-c', unboundConf]);
    await listening(resolverPort, unbound.child, 'unbound', unbound.output);
  } catch (err) {
    await stop(knot.child);
    if (unbound) await stop(unbound.child);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const running = unbound;
  return {
    resolver: { address: '127.0.0.1', port: resolverPort },
    authoritative: { address: '127.0.0.1', port: knotPort },
    close: async () => {
      await stop(running.child);
      await stop(knot.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Knot signs the zone as it loads it; the key, and so its DS, appears a moment later. */
async function keyDs(knotConf: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    const r = spawnSync(KEYMGR, ['-c', knotConf, `${SIGNED_ZONE}.`, 'ds'], { encoding: 'utf8' });
    last = `${r.stdout}${r.stderr}`;
    const ds = r.stdout.split('\n').find((l) => /\sDS\s+\d+\s+\d+\s+2\s+[0-9A-Fa-f]+/.test(l));
    if (r.status === 0 && ds) return ds.trim().replace(/\s+/g, ' ');
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`keymgr gave no DS for ${SIGNED_ZONE}: ${last}`);
}
