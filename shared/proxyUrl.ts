// A proxy for the connection (--proxy, the form's Advanced → Proxy): SOCKS (RFC 1928, RFC 1929
// for its user and password; SOCKS4a is NEC's, never an RFC) or HTTP CONNECT (RFC 9110 §9.3.6).
// Written as curl writes them, so a URL an admin already uses works here unchanged.

export const PROXY_KINDS = ['socks5', 'socks5h', 'socks4', 'socks4a', 'http'] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];

export interface ProxyUrl {
  kind: ProxyKind;
  host: string;
  port: number;
  /** SOCKS5 and HTTP: the user name, whose password comes apart; SOCKS4(a): the user id. */
  user?: string;
}

/** curl's default proxy port, for every scheme. */
export const DEFAULT_PROXY_PORT = 1080;

/** Who turns the mail server's name into an address: the proxy (socks5h, socks4a, http CONNECT
 * all carry the name), or this machine before it asks (socks5, socks4). */
export function proxyResolvesNames(kind: ProxyKind): boolean {
  return kind !== 'socks5' && kind !== 'socks4';
}

/** The proxy as given, or a sentence saying what is wrong with it. */
export function parseProxyUrl(text: string): ProxyUrl | { problem: string } {
  const scheme = /^([a-z0-9]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) return { problem: 'give the proxy as a URL: socks5h://HOST:PORT, socks5://, socks4a:// or http://' };
  if (!(PROXY_KINDS as readonly string[]).includes(scheme))
    return {
      problem: `${scheme}:// is not a proxy SMTP Lens speaks: use socks5h://, socks5://, socks4a://, socks4:// or http:// (CONNECT)`,
    };
  let url: URL;
  try {
    // Parsed as http so that URL fills in host and port the same way for every scheme.
    url = new URL(`http://${text.slice(scheme.length + 3)}`);
  } catch {
    return { problem: `${text} is not a valid proxy URL` };
  }
  // A password in the URL would sit in the shell history, in `ps` and in saved profiles.
  if (url.password)
    return { problem: 'the proxy password is never put in the URL: give only the user, and the password apart' };
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash)
    return { problem: 'a proxy URL is only scheme://[user@]host[:port]' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { problem: 'the proxy URL has no host' };
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  return {
    kind: scheme as ProxyKind,
    host,
    port: url.port ? Number(url.port) : DEFAULT_PROXY_PORT,
    ...(user ? { user } : {}),
  };
}

/** The proxy as the transcript shows it: never a password, which the URL cannot hold anyway. */
export function proxyLabel(proxy: ProxyUrl): string {
  const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
  const user = proxy.user ? `${encodeURIComponent(proxy.user)}@` : '';
  return `${proxy.kind}://${user}${host}:${proxy.port}`;
}

/** What the proxy's protocol is called in a sentence. */
export function proxyKindName(kind: ProxyKind): string {
  return { socks5: 'SOCKS5', socks5h: 'SOCKS5', socks4: 'SOCKS4', socks4a: 'SOCKS4a', http: 'HTTP' }[kind];
}
