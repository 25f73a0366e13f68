// Where mail for a domain goes, as a sending MTA works it out (RFC 5321 §5.1): the MX records
// in preference order, each host with its addresses; no MX means the domain's own address
// (the "implicit MX"); a single "0 ." is a null MX, a domain that takes no mail (RFC 7505).
// Every query made is kept, so the report can show what was asked, of whom, and what came back.
import { isIP } from '../ipLiteral';
import { DnsQueryError, type DnsServer, queryDns } from './dnsClient';
import type { DnsAnswer, MxAddress, MxHost, MxSet, RecordType } from '../../../shared/domain';

export interface MxLookupOptions {
  servers: readonly DnsServer[];
  timeoutMs: number;
}

const dataOf = <T>(a: DnsAnswer, type: string) => a.answers.filter((r) => r.type === type).map((r) => r.data as T);

/** The query's answer, or a DnsAnswer-shaped failure, so the report keeps every attempt. */
async function ask(name: string, type: RecordType, o: MxLookupOptions, queries: DnsAnswer[]): Promise<DnsAnswer> {
  try {
    const answer = await queryDns(o.servers, name, type, o.timeoutMs);
    queries.push(answer);
    return answer;
  } catch (err) {
    const code = err instanceof DnsQueryError ? err.code : 'NETWORK';
    const failed: DnsAnswer = {
      name,
      type,
      server: o.servers.map((s) => `${s.address}:${s.port}`).join(', '),
      rcode: code,
      ad: false,
      answers: [],
      tcp: false,
      ms: 0,
    };
    queries.push(failed);
    return failed;
  }
}

const failedRcode = (a: DnsAnswer) => a.rcode !== 'NOERROR' && a.rcode !== 'NXDOMAIN';

/** The A and AAAA addresses of one name, with a CNAME on the way noted. */
async function addressesOf(
  host: string,
  o: MxLookupOptions,
  queries: DnsAnswer[],
): Promise<{ addresses: MxAddress[]; alias?: string; failed: boolean }> {
  const [a, aaaa] = [await ask(host, 'A', o, queries), await ask(host, 'AAAA', o, queries)];
  const addresses = [
    ...dataOf<string>(a, 'A').map((address) => ({ address, family: 4 as const })),
    ...dataOf<string>(aaaa, 'AAAA').map((address) => ({ address, family: 6 as const })),
  ];
  const alias = [...dataOf<string>(a, 'CNAME'), ...dataOf<string>(aaaa, 'CNAME')][0];
  return { addresses, ...(alias ? { alias } : {}), failed: failedRcode(a) && failedRcode(aaaa) };
}

function describeFailure(a: DnsAnswer): string {
  if (a.rcode === 'TIMEOUT') return `the DNS server ${a.server} did not answer the ${a.type} query for ${a.name}`;
  if (a.rcode === 'SERVFAIL')
    return `the DNS server ${a.server} answered SERVFAIL for ${a.name} ${a.type}: it could not resolve the name (a broken delegation, or DNSSEC that does not validate)`;
  return `the ${a.type} query for ${a.name} failed (${a.rcode}, from ${a.server})`;
}

export async function lookupMx(domain: string, o: MxLookupOptions): Promise<MxSet> {
  const queries: DnsAnswer[] = [];
  const mx = await ask(domain, 'MX', o, queries);
  if (mx.rcode === 'NXDOMAIN') return { domain, kind: 'no-domain', hosts: [], queries };
  if (failedRcode(mx)) return { domain, kind: 'dns-error', hosts: [], queries, error: describeFailure(mx) };
  const records = dataOf<{ preference: number; exchange: string }>(mx, 'MX');
  // RFC 7505 §3: a single MX of preference 0 naming the root.
  if (records.length === 1 && records[0].preference === 0 && ['', '.'].includes(records[0].exchange))
    return { domain, kind: 'null', hosts: [], queries };
  if (!records.length) {
    // RFC 5321 §5.1: no MX, so the domain itself is the mail host, with preference 0.
    const own = await addressesOf(domain, o, queries);
    return {
      domain,
      kind: 'implicit',
      hosts: [
        {
          preference: 0,
          host: domain,
          addresses: own.addresses,
          ...(own.addresses.length
            ? {}
            : { problem: own.failed ? ('dns-error' as const) : ('does-not-resolve' as const) }),
        },
      ],
      queries,
    };
  }
  // Lowest preference first; equal ones keep the order the server gave (RFC 5321 §5.1 lets a
  // sender pick among them at random).
  const sorted = records.map((r, i) => ({ ...r, i })).sort((x, y) => x.preference - y.preference || x.i - y.i);
  const hosts: MxHost[] = [];
  for (const r of sorted) {
    const host = r.exchange.replace(/\.$/, '');
    if (isIP(host)) {
      hosts.push({ preference: r.preference, host, addresses: [], problem: 'ip-literal' });
      continue;
    }
    const found = await addressesOf(host, o, queries);
    const problem = !found.addresses.length
      ? found.failed
        ? ('dns-error' as const)
        : ('does-not-resolve' as const)
      : found.alias
        ? ('cname' as const)
        : undefined;
    hosts.push({
      preference: r.preference,
      host,
      addresses: found.addresses,
      ...(problem ? { problem } : {}),
      ...(found.alias ? { alias: found.alias.replace(/\.$/, '') } : {}),
    });
  }
  return { domain, kind: 'mx', hosts, queries };
}
