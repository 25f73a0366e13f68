// mailauth asks DNS through a function shaped like node:dns's resolve(). This gives it ours,
// so its lookups go through --resolver with our deadline and bounds, and each answer is kept
// so that what mailauth saw can be shown (or read again) without asking twice.
import { type DnsServer, queryDns } from './dnsClient';
import type { DnsAnswer, RecordType } from '../../../shared/domain';

type NodeAnswer = string[] | string[][] | { exchange: string; priority: number }[];
export type NodeStyleResolver = (name: string, type: string) => Promise<NodeAnswer>;

/** What mailauth knows to mean "there is no record": NXDOMAIN is ENOTFOUND, no data ENODATA. */
const noRecord = (name: string, code: 'ENOTFOUND' | 'ENODATA') => Object.assign(new Error(name), { code });

export function nodeStyleResolver(
  servers: readonly DnsServer[],
  timeoutMs: number,
  asked: Map<string, DnsAnswer>,
): NodeStyleResolver {
  return async (name, type) => {
    const answer = await queryDns(servers, name, type as RecordType, timeoutMs);
    asked.set(`${name}/${type}`, answer);
    if (answer.rcode === 'NXDOMAIN') throw noRecord(name, 'ENOTFOUND');
    if (answer.rcode !== 'NOERROR')
      throw Object.assign(new Error(`${answer.rcode} for ${name}`), { code: answer.rcode });
    const records = answer.answers.filter((r) => r.type === type);
    if (!records.length) throw noRecord(name, 'ENODATA');
    if (type === 'TXT') return records.map((r) => (r.data as Buffer[]).map(String));
    if (type === 'MX')
      return records.map((r) => {
        const mx = r.data as { exchange: string; preference: number };
        return { exchange: mx.exchange, priority: mx.preference };
      });
    return records.map((r) => String(r.data));
  };
}
