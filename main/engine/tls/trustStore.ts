import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { certsFromPem } from './certInfo';

/** The trust anchors a verdict is computed against: Node's bundled Mozilla roots (the same
 * ones Node's TLS uses), NODE_EXTRA_CA_CERTS if set, and any --ca files. */
export class TrustStore {
  private readonly fingerprints: Set<string>;

  constructor(readonly anchors: X509Certificate[]) {
    this.fingerprints = new Set(anchors.map((c) => c.fingerprint256));
  }

  has(cert: X509Certificate): boolean {
    return this.fingerprints.has(cert.fingerprint256);
  }

  findIssuer(
    child: X509Certificate,
    issuedBy: (child: X509Certificate, parent: X509Certificate) => boolean,
  ): X509Certificate | null {
    return this.anchors.find((anchor) => issuedBy(child, anchor)) ?? null;
  }
}

let bundled: X509Certificate[] | null = null;

function bundledRoots(): X509Certificate[] {
  bundled ??= tls.rootCertificates.map((pem) => new X509Certificate(pem));
  return bundled;
}

function extraCaFromEnv(): X509Certificate[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return certsFromPem(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/** extraCaPem: the contents of --ca files. */
export function buildTrustStore(extraCaPem: string[]): TrustStore {
  return new TrustStore([...bundledRoots(), ...extraCaFromEnv(), ...extraCaPem.flatMap(certsFromPem)]);
}

const contexts = new Map<string, tls.SecureContext>();

/**
 * The secure context for a handshake, with the same anchors as our own verdict so the TLS
 * library's code can be shown beside it. Building one with ~140 roots takes tens of
 * milliseconds, which would otherwise be counted as handshake time, so it is built once.
 */
export function secureContextFor(extraCaPem: string[]): tls.SecureContext {
  const key = extraCaPem.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext(extraCaPem.length ? { ca: [...tls.rootCertificates, ...extraCaPem] } : {});
    contexts.set(key, context);
  }
  return context;
}
