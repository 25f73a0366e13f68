// Whether anything accepts a TCP connection on a port: the one question asked when no MX
// answered on 25, to tell a blocked network from dead servers. Nothing is sent. Through a
// proxy, the proxy's network is the one asked about.
import { openRoute, type Route } from '../route';

export async function answersOn(address: string, port: number, timeoutMs: number, route: Route = {}): Promise<boolean> {
  const opened = await openRoute(address, port, timeoutMs, new AbortController().signal, route);
  if (opened.ok) opened.socket.destroy();
  return opened.ok;
}
