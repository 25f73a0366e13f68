// A host's addresses from the DNS servers the user named (--resolver), with who answered and
// whether the answers were validated: what a session and a sweep record as their DNS event.
import { DnsQueryError, type DnsServer, queryDns } from './dnsClient';
import type { DnsAnswer } from '../../../shared/domain';

export interface AddressLookup {
  addresses: { address: string; family: 4 | 6 }[];
  /** The DNS server that answered (or those asked, when none did). */
  server: string;
  ad: boolean;
  /** When no address came back: a code for the transcript and the reason in words. */
  error?: { code: string; why: string };
}

export async function lookupAddresses(
  servers: readonly DnsServer[],
  host: string,
  family: 4 | 6 | undefined,
  timeoutMs: number,
): Promise<AddressLookup> {
  const types = family === 4 ? (['A'] as const) : family === 6 ? (['AAAA'] as const) : (['A', 'AAAA'] as const);
  const answers: DnsAnswer[] = [];
  let failure: DnsQueryError | null = null;
  for (const type of types) {
    try {
      answers.push(await queryDns(servers, host, type, timeoutMs));
    } catch (err) {
      failure = err instanceof DnsQueryError ? err : new DnsQueryError('NETWORK', String(err));
    }
  }
  const addresses = answers.flatMap((a) =>
    a.answers
      .filter((r) => r.type === 'A' || r.type === 'AAAA')
      .map((r) => ({ address: String(r.data), family: (r.type === 'A' ? 4 : 6) as 4 | 6 })),
  );
  const server = answers[0]?.server ?? servers.map((s) => `${s.address}:${s.port}`).join(', ');
  const ad = answers.length > 0 && answers.every((a) => a.ad);
  if (addresses.length) return { addresses, server, ad };
  if (failure && !answers.length)
    return { addresses, server, ad, error: { code: `DNS_${failure.code}`, why: failure.message } };
  const rcode = answers.find((a) => a.rcode !== 'NOERROR')?.rcode;
  const code = rcode === 'NXDOMAIN' ? 'ENOTFOUND' : rcode ? `DNS_${rcode}` : 'ENODATA';
  return { addresses, server, ad, error: { code, why: rcode ?? 'no A or AAAA record' } };
}
