// How the interop suite finds the real Postfix that `test/interop/postfix.sh up` started:
// the script writes .state/ports.json (gitignored) and the tests read it. Nothing here
// starts or stops Postfix; the script owns its whole life (.ci/run calls it around `npm test`).
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingInCi } from '../helpers/systemComponent';

export type Scenario =
  | 'mx'
  | 'leafOnly'
  | 'wrongName'
  | 'expired'
  | 'noStarttls'
  | 'tls12Only'
  | 'weakCiphers'
  | 'bareLfNormalize'
  | 'bareLfReject'
  | 'submission'
  | 'submissions';

export interface PostfixInstance {
  /** The temporary folder holding everything of this instance. */
  instanceDir: string;
  /** What `postfix -c` and `postconf -c` take. */
  configDir: string;
  /** The name on the good certificates, and the banner's host name. */
  servername: string;
  /** Root CA of the PKI pki.sh made at `up` (PEM file). */
  caPath: string;
  intermediatePath: string;
  /** The SASL user, and its password (fresh random at every `up`). */
  user: string;
  password: string;
  /** mbox files written by virtual(8), one per lab.test user. */
  mailboxes: Record<'alice@lab.test' | 'bob@lab.test' | 'full@lab.test', string>;
  /** Loopback ports the transport table sends to (config/transport.in): refusingMx is for a
   * practice server the bounce test starts, closedMx stays closed. */
  remotes: { refusingMx: number; closedMx: number; listen: number };
  maillog: string;
  ports: Record<Scenario, number>;
}

export const STATE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '.state', 'ports.json');
export const START_HINT =
  'start it with `bash test/interop/postfix.sh up` (as root or with sudo), or run `bash test/interop/postfix.sh test`';

export type Lookup = { ok: true; postfix: PostfixInstance } | { ok: false; reason: string };

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The running instance, or why there is none. A state file left by an instance that is no
 * longer running (a reboot, a killed CI job) counts as none. */
export async function findPostfix(): Promise<Lookup> {
  if (!existsSync(STATE_FILE))
    return {
      ok: false,
      reason: `the interop Postfix is not running (no ${path.relative(process.cwd(), STATE_FILE)}); ${START_HINT}`,
    };
  const postfix = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as PostfixInstance;
  const down = [];
  for (const [name, port] of Object.entries(postfix.ports)) if (!(await accepts(port))) down.push(`${name} (${port})`);
  if (down.length)
    return {
      ok: false,
      reason: `the interop Postfix in ${postfix.instanceDir} does not answer on ${down.join(', ')}; ${START_HINT}`,
    };
  return { ok: true, postfix };
}

/**
 * Like requireComponent: without Postfix the test never
 * passes silently. Under CI=true it fails, because .ci/run starts Postfix; elsewhere it is
 * reported as "did not run" with the reason and how to start it.
 */
export function requirePostfix(ctx: { skip(note?: string): void }, lookup: Lookup): PostfixInstance {
  if (lookup.ok) return lookup.postfix;
  missingInCi(ctx, lookup.reason, 'CI must start it (.ci/run)');
  throw new Error('unreachable: skip() throws');
}
