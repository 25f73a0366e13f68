import { hostname } from 'node:os';

/** RFC 5321 §4.1.4: EHLO carries the client's FQDN, or an address literal when it has none. */
export function defaultEhloName(localAddress: string): string {
  const name = hostname();
  if (name.includes('.') && !name.endsWith('.local')) return name;
  if (!localAddress) return 'localhost.localdomain';
  // The socket's own address, as the OS gives it: an IPv6 one always has a colon.
  return localAddress.includes(':') ? `[IPv6:${localAddress}]` : `[${localAddress}]`;
}
