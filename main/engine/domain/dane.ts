// DANE for SMTP (RFC 7672): TLSA records at _PORT._tcp.MXHOST pin the MX's certificate or
// its issuer, and count only when the DNS answer is DNSSEC-validated. Each record is matched
// against the chain exactly as the server sent it (never against what a trust store added),
// and the report names the certificate that matched.
import { createHash, X509Certificate } from 'node:crypto';
import type { CertInfo } from '../../../shared/transcript';
import { type DnsServer, queryDns } from '../dns/dnsClient';
import type { DaneCard, TlsaRecord } from '../../../shared/domain';

/** The bytes a selector picks (RFC 6698 §2.1.2): the whole certificate, or its public key. */
function selected(cert: X509Certificate, selector: number): Buffer | null {
  if (selector === 0) return cert.raw;
  if (selector === 1) return cert.publicKey.export({ type: 'spki', format: 'der' }) as Buffer;
  return null;
}

/** The association data for a matching type (RFC 6698 §2.1.3): exact, SHA-256 or SHA-512. */
function associated(bytes: Buffer, matchingType: number): string | null {
  if (matchingType === 0) return bytes.toString('hex');
  if (matchingType === 1) return createHash('sha256').update(bytes).digest('hex');
  if (matchingType === 2) return createHash('sha512').update(bytes).digest('hex');
  return null;
}

/** Whether `record` matches certificate `cert`. */
export function tlsaMatches(record: TlsaRecord, cert: X509Certificate): boolean {
  const bytes = selected(cert, record.selector);
  return bytes !== null && associated(bytes, record.matchingType) === record.data.toLowerCase();
}

/** RFC 7672 §3.1: DANE-EE (3) pins the server's own certificate; DANE-TA (2) a CA certificate
 * the server sends in its chain. PKIX-TA/EE (0, 1) are not for SMTP (§3.1.3). */
function findMatch(records: readonly TlsaRecord[], chain: readonly CertInfo[]): DaneCard['match'] {
  const certs = chain.map((c) => new X509Certificate(c.pem));
  for (const record of records) {
    if (record.usage === 3 && certs[0] && tlsaMatches(record, certs[0])) return { record, certIndex: 0 };
    if (record.usage === 2)
      for (let i = 1; i < certs.length; i++) if (tlsaMatches(record, certs[i])) return { record, certIndex: i };
  }
  return null;
}

export async function checkDane(
  host: string,
  port: number,
  chain: readonly CertInfo[] | null,
  servers: readonly DnsServer[],
  timeoutMs: number,
): Promise<DaneCard> {
  const name = `_${port}._tcp.${host}`;
  const card: DaneCard = { host, name, records: [], validated: false, match: null, problem: null };
  try {
    const answer = await queryDns(servers, name, 'TLSA', timeoutMs);
    card.validated = answer.ad;
    card.records = answer.answers
      .filter((r) => r.type === 'TLSA')
      .map((r) => {
        const d = r.data as { usage: number; selector: number; matchingType: number; certificate: Buffer };
        return {
          usage: d.usage,
          selector: d.selector,
          matchingType: d.matchingType,
          data: d.certificate.toString('hex'),
        };
      });
  } catch (err) {
    return { ...card, problem: `the TLSA query for ${name} failed (${(err as Error).message})` };
  }
  if (card.records.length && chain?.length) card.match = findMatch(card.records, chain);
  return card;
}
