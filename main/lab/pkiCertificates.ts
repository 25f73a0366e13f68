/**
 * Low-level building blocks for the lab PKI: key generation, certificate issuance, PEM encoding.
 *
 * Pure JS/webcrypto on purpose: this runs inside Electron's main process and plain Node at
 * app start, where an `openssl` binary may not exist. No child processes.
 */
import 'reflect-metadata'; // must precede @peculiar/x509: tsyringe checks Reflect.getMetadata at load
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 types its provider against the DOM `Crypto`, which this project's lib
// settings do not load; Node's webcrypto is that object at runtime.
type X509Crypto = Parameters<typeof x509.cryptoProvider.set>[0];
type CryptoKey = webcrypto.CryptoKey;
const provider = webcrypto as unknown as X509Crypto;
const subtle = webcrypto.subtle;
x509.cryptoProvider.set(provider);

export type KeySpec = { kind: 'ec' } | { kind: 'rsa'; bits: number };

export interface KeyPair {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

/** A certificate together with its private key, as needed to sign further certificates. */
export interface Issuer {
  cert: x509.X509Certificate;
  keys: KeyPair;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export async function generateKey(spec: KeySpec): Promise<KeyPair> {
  // Keys are extractable only so they can be exported as PKCS#8 for the TLS server; they
  // live in memory and in files a test writes to a temp dir, never in the repository.
  const algorithm =
    spec.kind === 'ec'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : {
          // RSASSA-PKCS1-v1_5 (not RSA-PSS) so the SPKI/PKCS#8 algorithm is plain
          // rsaEncryption, which every TLS stack accepts for a server key.
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: spec.bits,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        };
  const pair = (await subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}

/**
 * A random positive serial of 16 octets. RFC 5280 §4.1.2.2: positive, unique per issuer, at
 * most 20 octets. Random (the CA/B Forum asks for at least 64 bits) so that PKIs regenerated
 * under the same issuer names never reuse a serial. Clearing the top
 * bit keeps the DER INTEGER positive without a leading 0x00; setting the next bit keeps
 * the first octet non-zero so the encoding stays exactly 16 octets (minimal DER).
 */
export function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return Buffer.from(bytes).toString('hex');
}

export function derToPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function certToPem(cert: x509.X509Certificate): string {
  return derToPem(cert.rawData, 'CERTIFICATE');
}

/** PKCS#8 ("BEGIN PRIVATE KEY"), the form Node's tls, OpenSSL and smtp-server all load. */
export function privateKeyToPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

export interface IssueParams {
  subject: string;
  subjectKeys: KeyPair;
  /** Omit for a self-signed certificate (issuer = subject, signed with the subject's own key). */
  issuer?: Issuer;
  notBefore: Date;
  notAfter: Date;
  ca?: { pathLength?: number };
  /** DNS names and IP addresses for subjectAltName (leaves only). */
  dnsNames?: string[];
  ipAddresses?: string[];
  /** URL for AIA caIssuers: where a client can download this certificate's issuer. */
  caIssuersUrl?: string;
  /** Defaults to SHA-256. Only takes effect for ECDSA issuer keys (see sha1 leaf). */
  hash?: 'SHA-1' | 'SHA-256';
}

export async function issueCertificate(p: IssueParams): Promise<x509.X509Certificate> {
  const signer = p.issuer?.keys ?? p.subjectKeys;
  const issuerName = p.issuer ? p.issuer.cert.subjectName : p.subject;
  const isRsaSubject = p.subjectKeys.publicKey.algorithm.name.startsWith('RSA');

  const extensions: x509.Extension[] = [];
  if (p.ca) {
    // RFC 5280 §4.2.1.9: basicConstraints MUST be critical in CA certificates.
    extensions.push(new x509.BasicConstraintsExtension(true, p.ca.pathLength, true));
    // §4.2.1.3: keyCertSign/cRLSign for CAs; SHOULD be critical.
    extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  } else {
    extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
    // TLS 1.2 RSA key exchange needs keyEncipherment; ECDSA keys only sign.
    const usage = isRsaSubject
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
      : x509.KeyUsageFlags.digitalSignature;
    extensions.push(new x509.KeyUsagesExtension(usage, true));
    // §4.2.1.12: id-kp-serverAuth, non-critical like public WebPKI leaves.
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false));
  }

  const names: x509.JsonGeneralName[] = [
    ...(p.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(p.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (names.length > 0) {
    // §4.2.1.6: non-critical because the subject DN is not empty.
    extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
  }

  // §4.2.1.2 / §4.2.1.1: SKI is the SHA-1 of the subjectPublicKey (method 1); AKI of a
  // certificate is the issuer's SKI, which lets path builders pick the right issuer key.
  // For self-signed certificates AKI equals SKI (§4.2.1.1 allows omitting it; we keep it).
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(p.subjectKeys.publicKey, false, provider));
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey, false, provider));

  if (p.caIssuersUrl) {
    // §4.2.2.1: Authority Information Access, non-critical; caIssuers points to a DER
    // (or PKCS#7) file of the issuing CA. Node's tls never fetches it; browsers do.
    extensions.push(new x509.AuthorityInfoAccessExtension({ caIssuers: p.caIssuersUrl }, false));
  }

  return x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: p.subject,
      issuer: issuerName,
      notBefore: p.notBefore,
      notAfter: p.notAfter,
      publicKey: p.subjectKeys.publicKey,
      signingKey: signer.privateKey,
      // For RSA signing keys @peculiar/x509 takes the hash from the key's own algorithm,
      // so this only changes ECDSA signatures; our intermediate is ECDSA.
      signingAlgorithm: { name: signer.privateKey.algorithm.name, hash: p.hash ?? 'SHA-256' },
      extensions,
    },
    provider,
  );
}
