import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { certsFromPem } from './certInfo';
import { certNames, pemBody } from './certNames';

interface Anchor {
  der: Buffer;
  /** Hex DER of its subject, or null when the names could not be read (then always a candidate). */
  subject: string | null;
  cert?: X509Certificate;
}

const anchorOf = (der: Buffer, cert?: X509Certificate): Anchor => ({
  der,
  subject: certNames(der)?.subject ?? null,
  ...(cert ? { cert } : {}),
});

/** The trust anchors a verdict is computed against: Node's bundled Mozilla roots (the same
 * ones Node's TLS uses), NODE_EXTRA_CA_CERTS if set, and any --ca files. A root is parsed only
 * when its subject is the name a certificate in question asks for: parsing all ~140 of them
 * would cost tens of milliseconds on every run. */
export class TrustStore {
  private readonly bySubject = new Map<string, Anchor[]>();
  private readonly unnamed: Anchor[] = [];

  /** `certs`: anchors already parsed (--ca files); `unparsed`: the bundled roots, by DER. */
  constructor(certs: readonly X509Certificate[], unparsed: readonly Anchor[] = []) {
    for (const a of [...unparsed, ...certs.map((c) => anchorOf(c.raw, c))]) {
      if (a.subject === null) this.unnamed.push(a);
      else this.bySubject.set(a.subject, [...(this.bySubject.get(a.subject) ?? []), a]);
    }
  }

  /** The anchors whose subject is this name of `cert`; all of them if its names are unreadable. */
  private candidates(cert: X509Certificate, name: 'issuer' | 'subject'): Anchor[] {
    const names = certNames(cert.raw);
    if (!names) return [...[...this.bySubject.values()].flat(), ...this.unnamed];
    return [...(this.bySubject.get(names[name]) ?? []), ...this.unnamed];
  }

  has(cert: X509Certificate): boolean {
    return this.candidates(cert, 'subject').some((a) => a.der.equals(cert.raw));
  }

  findIssuer(
    child: X509Certificate,
    issuedBy: (child: X509Certificate, parent: X509Certificate) => boolean,
  ): X509Certificate | null {
    for (const anchor of this.candidates(child, 'issuer')) {
      anchor.cert ??= new X509Certificate(anchor.der);
      if (issuedBy(child, anchor.cert)) return anchor.cert;
    }
    return null;
  }
}

let bundled: Anchor[] | null = null;

function bundledRoots(): Anchor[] {
  bundled ??= tls.rootCertificates.map((pem) => anchorOf(pemBody(pem)));
  return bundled;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** NODE_EXTRA_CA_CERTS, often a whole system bundle: kept unparsed like the bundled roots. */
let extraFromEnv: { file: string; anchors: Anchor[] } | null = null;

function extraCaFromEnv(): Anchor[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  if (extraFromEnv?.file !== file) {
    let pem = '';
    try {
      pem = readFileSync(file, 'utf8');
    } catch {
      // Node itself only warns about an unreadable file; so do we, by trusting nothing from it.
    }
    extraFromEnv = { file, anchors: (pem.match(PEM_BLOCK) ?? []).map((block) => anchorOf(pemBody(block))) };
  }
  return extraFromEnv.anchors;
}

/** extraCaPem: the contents of --ca files. */
export function buildTrustStore(extraCaPem: string[]): TrustStore {
  return new TrustStore(extraCaPem.flatMap(certsFromPem), [...bundledRoots(), ...extraCaFromEnv()]);
}

const contexts = new Map<string, tls.SecureContext>();

/**
 * The secure context for a handshake, with the same anchors as our own verdict so the TLS
 * library's code can be shown beside it: Node's default roots (and NODE_EXTRA_CA_CERTS), plus
 * the --ca certificates added to them. Passing every root again as `ca` would make OpenSSL parse
 * all ~140 PEM blocks for each context (about 30 ms); the default context shares the store Node
 * already built. Built once per set of --ca files.
 */
export function secureContextFor(extraCaPem: string[]): tls.SecureContext {
  const key = extraCaPem.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({});
    // SecureContext.context is Node's native context; addCACert is what the `ca` option calls.
    const native = (context as unknown as { context: { addCACert(pem: string): void } }).context;
    for (const pem of extraCaPem) native.addCACert(pem);
    contexts.set(key, context);
  }
  return context;
}
