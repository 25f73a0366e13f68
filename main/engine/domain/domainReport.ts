// A domain as a sending MTA sees it: its MX set, in the order it would try them, and one
// probe of each MX (STARTTLS, stopping after TLS: nothing is ever sent), a few at a time. The
// findings about the MX set itself are the domain's; each probe keeps its own transcript.
import type { ConnectedEvent } from '../../../shared/transcript';
import type { DnsServer } from '../dns/dnsClient';
import { lookupMx } from '../dns/mxSet';
import { mapBounded } from '../mapBounded';
import { routeFor } from '../route';
import { probe } from '../session';
import { checkDane } from './dane';
import {
  connected,
  daneFindings,
  mtaStsFindings,
  mxFindings,
  port25Finding,
  reachedTls,
  senderFindings,
  stsFailure,
  tlsRptFindings,
  verifiedTls,
} from './domainFindings';
import { checkMtaSts } from './mtaSts';
import { answersOn } from './portReach';
import { checkSender } from './senderAuth';
import { checkTlsRpt } from './tlsRpt';
import {
  DOMAIN_SCHEMA,
  type DomainProbe,
  type DomainReport,
  type MtaStsCard,
  type MxHost,
  type MxSet,
} from '../../../shared/domain';

export interface DomainOptions {
  resolvers: DnsServer[];
  port: number;
  timeoutMs: number;
  /** Look at DNS only: no SMTP connection at all. */
  probe: boolean;
  ca?: string[];
  /** How many MX hosts are probed at once. */
  concurrency?: number;
  /** Where the MTA-STS policy host listens: 443 (RFC 8461 §3.3), elsewhere only in tests. */
  mtaStsPort?: number;
  /** Look up this sending domain's SPF and DMARC (what a receiver checks of the sender). */
  senderDomain?: string;
  /** The sending MTA's address, for SPF; without it, this machine's as the MX saw it. */
  senderIp?: string;
  /** Ports tried when no MX answers on `port`: by default the submission ports, for port 25. */
  otherPorts?: number[];
  /** The source address and the proxy of every SMTP connection, as for `probe`. The DNS and
   * MTA-STS lookups stay this machine's own. */
  bind?: string;
  proxy?: { url: string; secret?: string };
}

/** RFC 6409 submission and RFC 8314 implicit TLS: what a network that blocks 25 leaves open. */
const SUBMISSION_PORTS = [587, 465];

/** Each step's deadline by default: long enough for a slow resolver or MX, short enough that
 * a dead one does not stall the run. */
export const DOMAIN_TIMEOUT_MS = 10_000;

/** A few at a time: a domain with many MX hosts must not open them all at once. */
const DEFAULT_CONCURRENCY = 4;

/** Under MTA-STS enforce, the MX a plain sender would use may be one an MTA-STS sender refuses:
 * the verdict says so, with why (RFC 8461 §4.2, §5). */
function enforceCaveat(card: MtaStsCard | null, probes: readonly DomainProbe[]): string {
  if (card?.policy?.mode !== 'enforce') return '';
  const first = probes.find((p) => connected(p.transcript));
  if (!first) return '';
  const listed = card.mxMatches.find((m) => m.host === first.host)?.matches ?? true;
  const why = !listed
    ? `${first.host} is not in the policy (mx: ${card.policy.mx.join(', ')})`
    : stsFailure(first.transcript);
  return why ? ` Senders that honour MTA-STS (mode enforce) would not deliver there: ${why}.` : '';
}

/** When nothing answered on the MX port, whether the same hosts answer on others. */
async function tryOtherPorts(probes: readonly DomainProbe[], mx: MxSet, o: DomainOptions) {
  const ports = o.otherPorts ?? (o.port === 25 ? SUBMISSION_PORTS : []);
  if (!probes.length || probes.some((p) => connected(p.transcript)) || !ports.length) return [];
  const pairs = mx.hosts
    .filter((h) => h.addresses.length && h.problem !== 'ip-literal')
    .flatMap((h) => ports.map((port) => ({ host: h.host, address: h.addresses[0].address, port })));
  const open = await mapBounded(pairs, DEFAULT_CONCURRENCY, async (pair) =>
    (await answersOn(pair.address, pair.port, Math.min(o.timeoutMs, 5_000), routeFor(o))) ? pair : null,
  );
  return open.filter((x) => x !== null);
}

/** SPF is evaluated for the sender's address; this machine's is the one the MX saw. */
function senderIp(o: DomainOptions, probes: readonly DomainProbe[]) {
  if (o.senderIp) return { address: o.senderIp, source: 'given' as const };
  // Through a proxy the MX saw the proxy's address, which this machine does not know.
  if (o.proxy) return undefined;
  const seen = probes.flatMap((p) => p.transcript.events).find((e): e is ConnectedEvent => e.type === 'connected');
  return seen ? { address: seen.localAddress, source: 'this-machine' as const } : undefined;
}

/** What a sending MTA would do: the first MX in order that answers is where mail goes. */
function verdictOf(mx: MxSet, probes: DomainProbe[], probed: boolean, port: number): string {
  const { domain } = mx;
  if (mx.kind === 'null') return `${domain} takes no mail: senders bounce at once.`;
  if (mx.kind === 'dns-error' || mx.kind === 'no-domain')
    return `Senders cannot find where mail for ${domain} goes: the DNS did not answer (see the findings).`;
  const reachable = mx.hosts.filter((h) => h.addresses.length && h.problem !== 'ip-literal');
  if (!reachable.length) return `No MX host of ${domain} has an address: mail to it is not delivered.`;
  if (!probed)
    return `A sending MTA would try ${reachable.map((h) => h.host).join(', then ')} (not probed: --no-probe).`;
  const first = probes.find((p) => connected(p.transcript));
  if (!first) return `No MX host of ${domain} answered on port ${port}: senders will queue the mail and retry.`;
  const how = verifiedTls(first.transcript)
    ? 'over verified TLS'
    : reachedTls(first.transcript)
      ? 'over TLS whose certificate does not verify (accepted by opportunistic STARTTLS; MTA-STS and DANE senders refuse it)'
      : 'without TLS (the server offers no STARTTLS, so the mail crosses the network in clear)';
  const skipped = probes.slice(0, probes.indexOf(first));
  const before = skipped.length ? ` after ${skipped.map((p) => p.host).join(', ')} did not answer` : '';
  return `A sending MTA would deliver to ${first.host} ${how}${before}.`;
}

export async function checkDomain(domain: string, o: DomainOptions): Promise<DomainReport> {
  const startedAt = new Date().toISOString();
  const mx = await lookupMx(domain, { servers: o.resolvers, timeoutMs: o.timeoutMs });
  const takesMail = mx.kind === 'mx' || mx.kind === 'implicit';
  const tlsRpt = takesMail ? await checkTlsRpt(domain, o.resolvers, o.timeoutMs) : null;
  const mtaSts = takesMail
    ? await checkMtaSts(
        domain,
        mx.hosts.map((h) => h.host),
        {
          servers: o.resolvers,
          timeoutMs: o.timeoutMs,
          ...(o.ca ? { ca: o.ca } : {}),
          ...(o.mtaStsPort ? { policyPort: o.mtaStsPort } : {}),
        },
      )
    : null;
  const targets: MxHost[] = o.probe ? mx.hosts.filter((h) => h.addresses.length && h.problem !== 'ip-literal') : [];
  const probes = await mapBounded(targets, o.concurrency ?? DEFAULT_CONCURRENCY, async (h) => ({
    host: h.host,
    preference: h.preference,
    transcript: await probe({
      host: h.host,
      port: o.port,
      tls: 'starttls',
      servername: h.host,
      quitAfter: 'tls',
      resolvers: o.resolvers,
      timeout: o.timeoutMs,
      ...(o.ca ? { ca: o.ca } : {}),
      ...(o.bind ? { bind: o.bind } : {}),
      ...(o.proxy ? { proxy: o.proxy } : {}),
    }),
  }));
  const dane = await mapBounded(probes, o.concurrency ?? DEFAULT_CONCURRENCY, (p) =>
    checkDane(p.host, o.port, p.transcript.tls?.sentChain ?? null, o.resolvers, o.timeoutMs),
  );
  const otherPorts = await tryOtherPorts(probes, mx, o);
  const clientIp = senderIp(o, probes);
  const sender = o.senderDomain
    ? await checkSender(o.senderDomain, {
        servers: o.resolvers,
        timeoutMs: o.timeoutMs,
        ...(clientIp ? { clientIp } : {}),
      })
    : null;
  return {
    schema: DOMAIN_SCHEMA,
    domain,
    startedAt,
    resolvers: o.resolvers.map((s) => `${s.address}:${s.port}`),
    port: o.port,
    mx,
    tlsRpt,
    mtaSts,
    dane,
    probes,
    sender,
    otherPorts,
    findings: [
      ...mxFindings(mx),
      ...mtaStsFindings(domain, mtaSts, probes),
      ...dane.flatMap((card) =>
        daneFindings(
          card,
          probes.find((p) => p.host === card.host),
        ),
      ),
      ...tlsRptFindings(domain, tlsRpt),
      ...port25Finding(domain, o.port, probes, otherPorts),
      ...senderFindings(sender),
    ],
    verdict: verdictOf(mx, probes, o.probe, o.port) + enforceCaveat(mtaSts, probes),
  };
}
