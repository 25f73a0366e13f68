import { hostname } from 'node:os';
import { isIPv6 } from 'node:net';

/** RFC 5321 §4.1.4: EHLO carries the client's FQDN, or an address literal when it has none. */
export function defaultEhloName(localAddress: string): string {
  const name = hostname();
  if (name.includes('.') && !name.endsWith('.local')) return name;
  if (!localAddress) return 'localhost.localdomain';
  return isIPv6(localAddress) ? `[IPv6:${localAddress}]` : `[${localAddress}]`;
}
