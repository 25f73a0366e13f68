// A mail domain's world on loopback, for the domain view's tests: the real DNS lab (Knot
// behind a validating Unbound), STARTTLS MX hosts on 127.0.0.2 and 127.0.0.3 (one port, so
// one MX port serves both), and an HTTPS MTA-STS policy host on 127.0.0.4 serving each
// domain's policy by Host, all with a test PKI made now.
import { createHash, X509Certificate } from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { type DnsLab, startDnsLab } from './dnsLab';
import { createTestPki } from './policyServers';
import type { RawServer } from './rawServer';
import { startStartTlsServer } from './tlsServers';

/** One domain's policy response, as its policy host sends it. */
export type PolicyResponder = (res: http.ServerResponse) => void;

export interface DomainLab {
  dns: DnsLab;
  /** The port both MX hosts listen on. */
  port: number;
  /** The test PKI's root, which the MX hosts' and the policy host's certificates chain to. */
  rootPem: string;
  /** 443 as RFC 8461 §3.3 fixes it, where this process may bind it; any free port otherwise. */
  policyPort: number;
  close(): Promise<void>;
}

/** A policy file (RFC 8461 §3.2), with CRLF line ends. */
export const policyText = (mode: string, mx: string[], maxAge = 604_800) =>
  ['version: STSv1', `mode: ${mode}`, ...mx.map((m) => `mx: ${m}`), `max_age: ${maxAge}`, ''].join('\r\n');

/** SHA-256 of a certificate's public key: the data of a "x 1 1" TLSA record. */
export const spkiSha256 = (pem: string) =>
  createHash('sha256')
    .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }) as Buffer)
    .digest('hex');

export async function startDomainLab(o: {
  /** The names the MX and policy hosts' one certificate carries. */
  names: string[];
  /** The zones, once the MX port and the chain (leaf, then issuer) are known. */
  zones(ctx: { port: number; leafPem: string; issuerPem: string }): { signed: string[]; unsigned: string[] };
  /** By the domain's first label under lab.example: "good" for mta-sts.good.lab.example. */
  policies: Record<string, PolicyResponder>;
}): Promise<DomainLab> {
  const pki = await createTestPki({ names: o.names });
  const cred = { key: pki.leaves.good.keyPem, cert: pki.leaves.good.chainPem };
  const first = await startStartTlsServer(cred, {}, { host: '127.0.0.2' });
  const mx: RawServer[] = [first, await startStartTlsServer(cred, {}, { host: '127.0.0.3', port: first.port })];
  const issuerPem = pki.leaves.good.chainPem.split(/(?<=-----END CERTIFICATE-----)\s*/)[1] ?? '';
  const dns = await startDnsLab(o.zones({ port: first.port, leafPem: pki.leaves.good.chainPem, issuerPem }));
  const server = https.createServer(cred, (req, res) => {
    const domain = /^mta-sts\.([^.]+)\.lab\.example$/.exec(req.headers.host ?? '')?.[1] ?? '';
    if (req.url !== '/.well-known/mta-sts.txt' || !Object.hasOwn(o.policies, domain)) return res.writeHead(404).end();
    o.policies[domain](res);
  });
  server.on('tlsClientError', () => undefined);
  const policyPort = await new Promise<number>((resolve) => {
    server.once('error', () =>
      server.listen(0, '127.0.0.4', () => resolve((server.address() as net.AddressInfo).port)),
    );
    server.listen(443, '127.0.0.4', () => resolve(443));
  });
  return {
    dns,
    port: first.port,
    rootPem: pki.root.certPem,
    policyPort,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      for (const s of mx) await s.close();
      await dns.close();
    },
  };
}
