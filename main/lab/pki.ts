/**
 * A throw-away PKI for tests and for the built-in practice server: a trusted root, an
 * intermediate, an untrusted "other" root, and one server credential per failure mode the
 * app teaches (the "Certificates and handshake" findings in docs/ARCHITECTURE.md).
 *
 * Everything is generated in memory at call time; private keys are never committed.
 */
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import {
  DAY_MS,
  type Issuer,
  type KeyPair,
  type KeySpec,
  certToPem,
  generateKey,
  issueCertificate,
  privateKeyToPem,
} from './pkiCertificates';

export interface PemPair {
  certPem: string;
  /** PKCS#8 ("BEGIN PRIVATE KEY"). */
  keyPem: string;
}

export interface ServerCredential extends PemPair {
  /** What a correctly configured server sends: leaf followed by the intermediate (PEM concatenated). */
  chainPem: string;
}

export type LeafName =
  | 'good'
  | 'rsa'
  | 'wrongName'
  | 'expired'
  | 'notYetValid'
  | 'expiringSoon'
  | 'selfSigned'
  | 'untrusted'
  | 'weakKey'
  | 'sha1';

export const LEAF_NAMES: readonly LeafName[] = [
  'good',
  'rsa',
  'wrongName',
  'expired',
  'notYetValid',
  'expiringSoon',
  'selfSigned',
  'untrusted',
  'weakKey',
  'sha1',
];

export interface TestPki {
  root: PemPair;
  intermediate: PemPair;
  otherRoot: PemPair;
  leaves: Record<LeafName, ServerCredential>;
  /** DER bytes of the intermediate, for serving over HTTP at the AIA URL in tests. */
  intermediateDer: Buffer;
  rootDer: Buffer;
  /** DER of the untrusted root; the `untrusted` leaf's AIA points at `${aiaBaseUrl}/other-root.cer`. */
  otherRootDer: Buffer;
  aiaBaseUrl: string;
  /** The DNS names on the good-name leaves (opts.names or the default). */
  names: string[];
  /**
   * Writes root.pem, intermediate.pem, other-root.pem and for each leaf <name>.crt.pem,
   * <name>.key.pem, <name>.chain.pem into dir (keys mode 0600, the rest 0644). Returns absolute
   * paths keyed 'root', 'intermediate', 'otherRoot', '<leaf>.crt', '<leaf>.key', '<leaf>.chain'.
   */
  writeTo(dir: string): Promise<Record<string, string>>;
}

export interface CreateTestPkiOptions {
  names?: string[];
  /** Default 'http://pki.lab.test'. */
  aiaBaseUrl?: string;
  now?: Date;
}

export const DEFAULT_NAMES = ['mail.lab.test', 'localhost'];
export const DEFAULT_AIA_BASE_URL = 'http://pki.lab.test';
const LOOPBACK_IPS = ['127.0.0.1', '::1'];
const ORG = 'SMTP Lens';

/** Key type per leaf: ECDSA P-256 (fast) except where the scenario is about the key. */
const LEAF_KEYS: Record<LeafName, KeySpec> = {
  good: { kind: 'ec' },
  rsa: { kind: 'rsa', bits: 2048 },
  wrongName: { kind: 'ec' },
  expired: { kind: 'ec' },
  notYetValid: { kind: 'ec' },
  expiringSoon: { kind: 'ec' },
  selfSigned: { kind: 'ec' },
  untrusted: { kind: 'ec' },
  weakKey: { kind: 'rsa', bits: 1024 },
  sha1: { kind: 'ec' },
};

export async function createTestPki(opts: CreateTestPkiOptions = {}): Promise<TestPki> {
  const names = opts.names && opts.names.length > 0 ? [...opts.names] : [...DEFAULT_NAMES];
  const aiaBaseUrl = (opts.aiaBaseUrl ?? DEFAULT_AIA_BASE_URL).replace(/\/+$/, '');
  // X.509 times have one-second resolution; truncating here makes the certificate dates
  // exactly `now ± n days`, so callers can compare without tolerance.
  const now = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);

  // All key generation at once: RSA-2048 dominates, and webcrypto runs keygen on libuv's
  // thread pool, so the EC keys and the RSA-1024 key come for free while it runs.
  const [rootKeys, intermediateKeys, otherRootKeys, leafKeyList] = await Promise.all([
    generateKey({ kind: 'ec' }),
    generateKey({ kind: 'ec' }),
    generateKey({ kind: 'ec' }),
    Promise.all(LEAF_NAMES.map((n) => generateKey(LEAF_KEYS[n]))),
  ]);
  const leafKeys = Object.fromEntries(LEAF_NAMES.map((n, i) => [n, leafKeyList[i]!])) as Record<LeafName, KeyPair>;

  const [rootCert, otherRootCert] = await Promise.all([
    issueCertificate({
      subject: `O=${ORG}, CN=SMTP Lens Test Root CA`,
      subjectKeys: rootKeys,
      notBefore: at(-1),
      notAfter: at(3650),
      ca: {}, // no pathLenConstraint: the root may certify intermediates of any depth.
    }),
    issueCertificate({
      subject: `O=${ORG}, CN=Untrusted Other Root CA`,
      subjectKeys: otherRootKeys,
      notBefore: at(-1),
      notAfter: at(3650),
      ca: {},
    }),
  ]);
  const root: Issuer = { cert: rootCert, keys: rootKeys };
  const otherRoot: Issuer = { cert: otherRootCert, keys: otherRootKeys };

  const intermediateCert = await issueCertificate({
    subject: `O=${ORG}, CN=SMTP Lens Test Intermediate CA`,
    subjectKeys: intermediateKeys,
    issuer: root,
    notBefore: at(-1),
    notAfter: at(5 * 365),
    // pathLen 0 (RFC 5280 §4.2.1.9): this CA may only issue end-entity certificates.
    ca: { pathLength: 0 },
    caIssuersUrl: `${aiaBaseUrl}/root.cer`,
  });
  const intermediate: Issuer = { cert: intermediateCert, keys: intermediateKeys };

  const fromIntermediate = { issuer: intermediate, caIssuersUrl: `${aiaBaseUrl}/intermediate.cer` };
  const goodNames = { dnsNames: names, ipAddresses: LOOPBACK_IPS };
  const leafSubject = (cn: string) => `O=${ORG}, CN=${cn}`;
  const normal = { subject: leafSubject(names[0]!), ...goodNames, notBefore: at(-1), notAfter: at(365) };

  const leafParams: Record<LeafName, Omit<Parameters<typeof issueCertificate>[0], 'subjectKeys'>> = {
    good: { ...normal, ...fromIntermediate },
    rsa: { ...normal, ...fromIntermediate },
    wrongName: {
      ...normal,
      ...fromIntermediate,
      subject: leafSubject('wrong.example.net'),
      dnsNames: ['wrong.example.net'],
      ipAddresses: [],
    },
    expired: { ...normal, ...fromIntermediate, notBefore: at(-400), notAfter: at(-30) },
    notYetValid: { ...normal, ...fromIntermediate, notBefore: at(30), notAfter: at(400) },
    // A 90-day certificate (ACME-style) in its last five days.
    expiringSoon: { ...normal, ...fromIntermediate, notBefore: at(-85), notAfter: at(5) },
    // No issuer: signed with its own key, basicConstraints CA:false. No AIA (there is no issuer to fetch).
    selfSigned: { ...normal },
    // Signed directly by a root that no client trusts. Its AIA points at that root, so a
    // client that follows AIA finds a self-signed CA it does not trust, not a missing link.
    untrusted: { ...normal, issuer: otherRoot, caIssuersUrl: `${aiaBaseUrl}/other-root.cer` },
    weakKey: { ...normal, ...fromIntermediate },
    sha1: { ...normal, ...fromIntermediate, hash: 'SHA-1' },
  };

  const leafCerts = await Promise.all(
    LEAF_NAMES.map((n) => issueCertificate({ ...leafParams[n], subjectKeys: leafKeys[n] })),
  );

  const intermediatePem = certToPem(intermediateCert);
  const leaves = Object.fromEntries(
    LEAF_NAMES.map((n, i) => {
      const certPem = certToPem(leafCerts[i]!);
      const keyPem = privateKeyToPem(leafKeys[n].privateKey);
      // What a server would send: the leaf plus the intermediate when one exists. The
      // self-signed and untrusted leaves are sent alone (their issuer is the anchor itself).
      const chainPem = leafParams[n].issuer === intermediate ? certPem + intermediatePem : certPem;
      return [n, { certPem, keyPem, chainPem }];
    }),
  ) as Record<LeafName, ServerCredential>;

  const pki: Omit<TestPki, 'writeTo'> = {
    root: { certPem: certToPem(rootCert), keyPem: privateKeyToPem(rootKeys.privateKey) },
    intermediate: { certPem: intermediatePem, keyPem: privateKeyToPem(intermediateKeys.privateKey) },
    otherRoot: { certPem: certToPem(otherRootCert), keyPem: privateKeyToPem(otherRootKeys.privateKey) },
    leaves,
    intermediateDer: Buffer.from(intermediateCert.rawData),
    rootDer: Buffer.from(rootCert.rawData),
    otherRootDer: Buffer.from(otherRootCert.rawData),
    aiaBaseUrl,
    names,
  };
  return { ...pki, writeTo: (dir) => writePki(pki, dir) };
}

async function writePki(pki: Omit<TestPki, 'writeTo'>, dir: string): Promise<Record<string, string>> {
  const abs = path.resolve(dir);
  await mkdir(abs, { recursive: true });
  const files: Array<[key: string, file: string, content: string, mode: number]> = [
    ['root', 'root.pem', pki.root.certPem, 0o644],
    ['intermediate', 'intermediate.pem', pki.intermediate.certPem, 0o644],
    ['otherRoot', 'other-root.pem', pki.otherRoot.certPem, 0o644],
  ];
  for (const n of LEAF_NAMES) {
    const leaf = pki.leaves[n];
    files.push([`${n}.crt`, `${n}.crt.pem`, leaf.certPem, 0o644]);
    files.push([`${n}.key`, `${n}.key.pem`, leaf.keyPem, 0o600]);
    files.push([`${n}.chain`, `${n}.chain.pem`, leaf.chainPem, 0o644]);
  }
  const out: Record<string, string> = {};
  await Promise.all(
    files.map(async ([key, file, content, mode]) => {
      const p = path.join(abs, file);
      // open()'s mode applies only when it creates the file (and is masked by the umask), so
      // chmod before writing: a key rewritten over an older, looser file is never readable.
      const handle = await open(p, 'w', mode);
      try {
        await handle.chmod(mode);
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
      out[key] = p;
    }),
  );
  return out;
}
