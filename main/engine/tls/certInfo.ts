import { X509Certificate } from 'node:crypto';
import type { CertInfo } from '../../../shared/transcript';
import { signatureAlgorithm } from './signatureAlgorithm';

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  'P-256': 256,
  secp384r1: 384,
  'P-384': 384,
  secp521r1: 521,
  'P-521': 521,
  secp256k1: 256,
};

/** Node prints distinguished names one attribute per line; we show them the way admins read
 * them in openssl output: "CN=mail.example.com, O=Example". */
export function formatName(dn: string): string {
  return dn.split('\n').filter(Boolean).reverse().join(', ');
}

/** OpenSSL prints IPv6 addresses in full ("0:0:0:0:0:0:0:1"); people write them short (RFC 5952). */
function shortIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

/** "DNS:a, DNS:b, IP Address:1.2.3.4" -> ["a", "b", "1.2.3.4"] */
export function parseSubjectAltName(san: string | undefined): string[] {
  if (!san) return [];
  return san
    .split(/,\s*/)
    .map((entry) =>
      entry.startsWith('IP Address:') && entry.includes(':', 11)
        ? shortIpv6(entry.slice(11))
        : entry.replace(/^(DNS|IP Address|email|URI):/, ''),
    )
    .filter(Boolean);
}

/** "CA Issuers - URI:http://x/y.crt" lines of the AIA extension (RFC 5280 §4.2.2.1). */
export function caIssuerUrls(cert: X509Certificate): string[] {
  const info = cert.infoAccess ?? '';
  return [...info.matchAll(/CA Issuers - URI:(\S+)/g)].map((m) => m[1]);
}

function keyDescription(cert: X509Certificate): { keyType: string; keyBits: number | null } {
  const key = cert.publicKey;
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  if (details.modulusLength) return { keyType: type.toUpperCase(), keyBits: details.modulusLength };
  if (type === 'ec') {
    const curve = details.namedCurve ?? '';
    return { keyType: `EC ${curve}`.trim(), keyBits: CURVE_BITS[curve] ?? null };
  }
  if (type === 'ed25519' || type === 'x25519')
    return { keyType: type === 'ed25519' ? 'Ed25519' : 'X25519', keyBits: 256 };
  if (type === 'ed448') return { keyType: 'Ed448', keyBits: 456 };
  return { keyType: type, keyBits: null };
}

/** Signed with its own key. checkIssued() is no help here: OpenSSL also demands the CA
 * key-usage bit, which a self-signed server certificate rightly lacks (RFC 5280 §4.2.1.3). */
export function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

export function describeCert(cert: X509Certificate): CertInfo {
  return {
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    san: parseSubjectAltName(cert.subjectAltName),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    ...keyDescription(cert),
    sigAlg: signatureAlgorithm(cert.raw),
    aiaIssuers: caIssuerUrls(cert),
    isCA: cert.ca,
    selfIssued: isSelfSigned(cert),
    pem: cert.toString(),
  };
}

export function certFromDer(der: Buffer): X509Certificate | null {
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}

/** Splits a PEM bundle (a --ca file, a chain file) into certificates; ignores anything else. */
export function certsFromPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}
