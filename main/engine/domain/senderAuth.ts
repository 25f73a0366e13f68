// The sending domain's SPF (RFC 7208) and DMARC (RFC 7489) records, read the way a receiver
// reads them: Gmail's 5.7.26 and 5.7.27, Microsoft's 5.7.515 and Yahoo's 5.7.9 refusals all
// come from here. mailauth evaluates SPF and the DMARC policy (it is the library the field
// uses); this file only asks through our resolver and says what the receiver most likely saw.
import { dmarc } from 'mailauth/lib/dmarc/index.js';
import { spf } from 'mailauth/lib/spf/index.js';
import type { DnsServer } from '../dns/dnsClient';
import { nodeStyleResolver } from '../dns/nodeStyleResolver';
import type { DnsAnswer, SenderCard, SpfResult } from '../../../shared/domain';

export interface SenderOptions {
  servers: readonly DnsServer[];
  timeoutMs: number;
  clientIp?: { address: string; source: 'given' | 'this-machine' };
  /** The EHLO name the message would be sent with. */
  helo?: string;
}

const tag = (record: string, name: string) =>
  new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*([^;]*)`, 'i').exec(record)?.[1]?.trim() ?? null;

async function spfRecord(resolve: ReturnType<typeof nodeStyleResolver>, domain: string): Promise<string | null> {
  try {
    const rows = (await resolve(domain, 'TXT')) as string[][];
    return rows.map((r) => r.join('')).find((v) => /^v=spf1(\s|$)/i.test(v)) ?? null;
  } catch {
    return null;
  }
}

export async function checkSender(domain: string, o: SenderOptions): Promise<SenderCard> {
  const asked = new Map<string, DnsAnswer>();
  const resolver = nodeStyleResolver(o.servers, o.timeoutMs, asked);
  const card: SenderCard = {
    domain,
    clientIp: o.clientIp?.address ?? null,
    clientIpSource: o.clientIp?.source ?? null,
    spf: { record: await spfRecord(resolver, domain), result: null, comment: null, lookups: null },
    dmarc: {
      record: null,
      recordDomain: null,
      policy: null,
      subdomainPolicy: null,
      aspf: 'r',
      adkim: 'r',
      rua: [],
      resultWithoutDkim: null,
      problem: null,
    },
    queries: [],
  };
  if (o.clientIp) {
    const r = await spf({
      sender: `postmaster@${domain}`,
      ip: o.clientIp.address,
      helo: o.helo ?? domain,
      mta: 'smtp-lens',
      resolver: resolver as never,
      strict: true,
      // RFC 7208 §4.6.4: at least 20 seconds is suggested; ours is the run's own deadline.
      maxElapsedTime: o.timeoutMs,
    });
    card.spf.result = (r.status.result === 'temperr' ? 'temperror' : r.status.result) as SpfResult;
    card.spf.comment = typeof r.status.comment === 'string' ? r.status.comment : null;
    card.spf.lookups = r.lookups?.count ?? null;
    card.spf.record = r.rr ?? card.spf.record;
  }
  try {
    const d = await dmarc({
      headerFrom: `postmaster@${domain}`,
      spfDomains: card.spf.result === 'pass' ? [domain] : [],
      dkimDomains: [],
      resolver: resolver as never,
      strict: true,
    });
    if (d !== false && d.rr) {
      card.dmarc.record = d.rr;
      card.dmarc.recordDomain = d.status.header?.d ?? d.domain;
      card.dmarc.policy = (d.p as SenderCard['dmarc']['policy']) ?? null;
      card.dmarc.subdomainPolicy = tag(d.rr, 'sp')?.toLowerCase() ?? null;
      card.dmarc.aspf = tag(d.rr, 'aspf')?.toLowerCase() === 's' ? 's' : 'r';
      card.dmarc.adkim = tag(d.rr, 'adkim')?.toLowerCase() === 's' ? 's' : 'r';
      card.dmarc.rua = (tag(d.rr, 'rua') ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
    }
    const result = d ? d.status.result : 'none';
    card.dmarc.resultWithoutDkim = (['pass', 'fail', 'none', 'temperror'] as const).find((x) => x === result) ?? null;
    if (result === 'temperror') card.dmarc.problem = d ? (d.error ?? 'the DMARC lookup failed') : null;
  } catch (err) {
    card.dmarc.problem = `the DMARC lookup failed (${(err as Error).message})`;
  }
  card.queries = [...asked.values()];
  return card;
}
