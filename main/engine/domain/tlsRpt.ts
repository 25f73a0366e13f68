// TLS-RPT (RFC 8460): where senders report the TLS failures they met delivering to a domain.
// One TXT record at _smtp._tls.DOMAIN that begins "v=TLSRPTv1;" and names, in `rua`, one or
// more mailto: or https: addresses (§3). Without it, a broken certificate on an MX is seen only
// by the senders that gave up.
import { DnsQueryError, type DnsServer, queryDns, txtValues } from '../dns/dnsClient';
import type { DnsAnswer, TlsRptCard } from '../../../shared/domain';

/** RFC 8460 §3: "v=TLSRPTv1" first, then fields separated by ";", rua a comma list of URIs. */
export function parseTlsRpt(record: string): { rua: string[]; problem: string | null } {
  const fields = record.split(';').map((f) => f.trim());
  if (fields[0] !== 'v=TLSRPTv1') return { rua: [], problem: 'it does not begin with "v=TLSRPTv1;"' };
  const rua = fields.find((f) => /^rua=/i.test(f));
  if (!rua) return { rua: [], problem: 'it has no rua= field, so it names nowhere to send reports' };
  const uris = rua
    .slice(4)
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const bad = uris.filter((u) => !/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(u));
  if (!uris.length) return { rua: [], problem: 'its rua= is empty' };
  if (bad.length)
    return {
      rua: uris,
      problem: `rua holds ${bad.map((u) => `"${u}"`).join(', ')}, which is not a mailto: or https: address`,
    };
  return { rua: uris, problem: null };
}

export async function checkTlsRpt(
  domain: string,
  servers: readonly DnsServer[],
  timeoutMs: number,
): Promise<TlsRptCard> {
  const name = `_smtp._tls.${domain}`;
  let query: DnsAnswer;
  try {
    query = await queryDns(servers, name, 'TXT', timeoutMs);
  } catch (err) {
    const why = err instanceof DnsQueryError ? err.message : String(err);
    return {
      record: null,
      rua: [],
      problem: `the TXT query for ${name} got no answer (${why})`,
      missing: false,
      query: null,
    };
  }
  // §3: records that do not begin with the version are discarded; exactly one must remain.
  const records = txtValues(query).filter((v) => v.startsWith('v=TLSRPTv1'));
  if (!records.length) return { record: null, rua: [], problem: null, missing: true, query };
  if (records.length > 1)
    return {
      record: null,
      rua: [],
      problem: `there are ${records.length} TLS-RPT records; senders ignore them all`,
      missing: false,
      query,
    };
  const parsed = parseTlsRpt(records[0]);
  return { record: records[0], ...parsed, missing: false, query };
}
