// --resolver IP[:PORT], repeatable, on every command that looks names up: ask these DNS
// servers, in order, instead of the operating system's.
import { type DnsServer, parseResolver, systemResolvers } from '../engine/dns/dnsClient';
import { UsageError } from './usage';

export function parseResolvers(values: readonly string[] | undefined): DnsServer[] | undefined {
  if (!values?.length) return undefined;
  return values.map((v) => {
    const server = parseResolver(v.trim());
    if (!server)
      throw new UsageError(
        `--resolver: "${v}" is not an IP address with an optional port (IP, IP:PORT or [IPv6]:PORT)`,
      );
    return server;
  });
}

/** The resolvers given, or the system's own (from /etc/resolv.conf on Linux). */
export function resolversOrSystem(values: readonly string[] | undefined): DnsServer[] {
  const given = parseResolvers(values);
  if (given) return given;
  const system = systemResolvers();
  if (!system.length) throw new UsageError('no DNS server is configured on this system: give one with --resolver IP');
  return system;
}
