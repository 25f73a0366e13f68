// The Domain tab's check: the same report as `smtp-lens domain`, with each MX probe kept in
// History as a session of its own (docs/history.md), as the CLI's --save keeps it.
import type { DomainCheckResult, DomainRequest } from '../../shared/ipc';
import { parseMailTarget } from '../../shared/domainName';
import { type DnsServer, parseResolver, systemResolvers } from '../engine/dns/dnsClient';
import { DOMAIN_TIMEOUT_MS, checkDomain } from '../engine/domain/domainReport';
import { saveChecked } from './exportService';
import type { HistoryStore } from './historyStore';
import type { LabService } from './labService';

/** A request the handler refuses, in the words the tab shows under its fields. */
const refuse = (message: string) => Object.assign(new Error(message), { code: 'INVALID_REQUEST' });

function resolversOf(given: readonly string[] | undefined): DnsServer[] {
  const typed = (given ?? []).map((s) => s.trim()).filter(Boolean);
  if (!typed.length) {
    const system = systemResolvers();
    if (!system.length) throw refuse('No DNS server is configured on this machine: enter one under DNS server.');
    return system;
  }
  return typed.map((text) => {
    const server = parseResolver(text);
    if (!server) throw refuse(`DNS server "${text}" is not an IP address with an optional port (IP or IP:PORT).`);
    return server;
  });
}

function domainOf(text: string, what: string): string {
  const target = parseMailTarget(text);
  if ('problem' in target) throw refuse(`${what}: ${target.problem}.`);
  return target.domain;
}

/** Saves each probe; a full disk or a bad transcript is said, never thrown. */
async function saveProbes(history: HistoryStore | null, result: DomainCheckResult): Promise<void> {
  if (!history) return;
  const problems: string[] = [];
  for (const { host, transcript } of result.report.probes) {
    try {
      // The probes carry no credentials; the guard is the one every saved session passes.
      await saveChecked(history, transcript, []);
      result.savedToHistory++;
    } catch (err) {
      problems.push(`${host}: ${(err as Error).message}`);
    }
  }
  if (problems.length) result.historyProblem = `Not saved to History: ${problems.join('; ')}`;
}

export async function runDomainCheck(
  request: DomainRequest,
  lab: LabService,
  history: HistoryStore | null,
): Promise<DomainCheckResult> {
  const domain = domainOf(request.target, 'Domain');
  const senderDomain = request.senderDomain?.trim() ? domainOf(request.senderDomain, 'Sender domain') : undefined;
  const ca = [...(request.ca ?? []), ...(request.trustLabCa ? [await lab.rootCaPem()] : [])];
  const report = await checkDomain(domain, {
    resolvers: resolversOf(request.resolvers),
    port: request.port,
    timeoutMs: request.timeoutMs ?? DOMAIN_TIMEOUT_MS,
    probe: request.probe,
    ...(ca.length ? { ca } : {}),
    ...(senderDomain ? { senderDomain } : {}),
  });
  const result: DomainCheckResult = { report, savedToHistory: 0, historyProblem: null };
  await saveProbes(history, result);
  return result;
}
