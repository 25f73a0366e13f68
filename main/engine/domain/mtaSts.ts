// MTA-STS (RFC 8461): a domain says, in a TXT record and a policy file on an HTTPS server,
// which MX hosts senders may deliver to and whether to insist on verified TLS. The record and
// the policy are parsed and the MX matched by mailauth (strict RFC mode); the fetch is ours,
// because what goes wrong on the policy host (a redirect, a wrong media type, a certificate
// for another name) is what an admin needs to see, and it goes through --resolver and --ca.
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { parsePolicy, resolvePolicy, validateMx } from 'mailauth/lib/mta-sts.js';
import { lookupAddresses } from '../dns/addressLookup';
import { type DnsServer, txtValues } from '../dns/dnsClient';
import { nodeStyleResolver } from '../dns/nodeStyleResolver';
import type { DnsAnswer, MtaStsCard } from '../../../shared/domain';

export interface MtaStsOptions {
  servers: readonly DnsServer[];
  timeoutMs: number;
  ca?: string[];
  /** RFC 8461 §3.3 fixes 443; the tests serve the policy elsewhere. */
  policyPort?: number;
}

/** RFC 8461 §3.3: senders SHOULD limit the policy to 64 KB. */
const MAX_POLICY_BYTES = 64 * 1024;

const RECORD_PROBLEMS: Record<string, string> = {
  multi_sts_records: 'there are several _mta-sts records; senders ignore them all',
};

/** The policy file, fetched as RFC 8461 §3.3 says: HTTPS to mta-sts.DOMAIN with a certificate
 * valid for that name, status 200, no redirects, text/plain, bounded. */
function fetchPolicy(
  domain: string,
  address: string,
  o: MtaStsOptions,
): Promise<{ body: string } | { problem: string }> {
  const host = `mta-sts.${domain}`;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: { body: string } | { problem: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = https.request({
      host: address,
      port: o.policyPort ?? 443,
      servername: host,
      path: '/.well-known/mta-sts.txt',
      headers: { host },
      ca: [...rootCertificates, ...(o.ca ?? [])],
      rejectUnauthorized: false,
      agent: false,
    });
    const timer = setTimeout(
      () => done({ problem: `https://${host}/ did not answer within ${o.timeoutMs} ms` }),
      o.timeoutMs,
    );
    req.on('response', (res) => {
      const socket = res.socket as import('node:tls').TLSSocket;
      // Our own check of the name, as the library's would only say "refused": RFC 8461 §3.3.
      if (!socket.authorized)
        return done({
          problem: `the certificate of https://${host}/ does not verify (${socket.authorizationError ?? 'not trusted'}), so senders do not use the policy`,
        });
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400)
        return done({
          problem: `https://${host}/.well-known/mta-sts.txt answered ${status}, a redirect, and senders do not follow redirects (RFC 8461 §3.3)`,
        });
      if (status !== 200) return done({ problem: `https://${host}/.well-known/mta-sts.txt answered HTTP ${status}` });
      const type = String(res.headers['content-type'] ?? '');
      if (!/^text\/plain\b/i.test(type))
        return done({
          problem: `the policy is served as "${type || 'no media type'}", and must be text/plain (RFC 8461 §3.2)`,
        });
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > MAX_POLICY_BYTES) done({ problem: 'the policy is larger than 64 KB (RFC 8461 §3.3)' });
      });
      res.on('end', () => done({ body }));
    });
    req.on('error', (err) =>
      done({
        problem: `https://${host}/ could not be reached (${(err as NodeJS.ErrnoException).code ?? err.message})`,
      }),
    );
    req.end();
  });
}

export async function checkMtaSts(domain: string, mxHosts: readonly string[], o: MtaStsOptions): Promise<MtaStsCard> {
  const card: MtaStsCard = {
    id: null,
    missing: false,
    recordProblem: null,
    policy: null,
    policyProblem: null,
    mxMatches: [],
  };
  const asked = new Map<string, DnsAnswer>();
  try {
    const id = await resolvePolicy(domain, {
      resolver: nodeStyleResolver(o.servers, o.timeoutMs, asked) as never,
      strict: true,
    });
    if (id === false) {
      // Strict mode returns false both when there is none and when it does not parse.
      const txt = asked.get(`_mta-sts.${domain}/TXT`);
      const present = txt ? txtValues(txt).some((v) => v.startsWith('v=STSv1')) : false;
      if (!present) return { ...card, missing: true };
      return { ...card, recordProblem: 'it does not match "v=STSv1; id=…" (an id of 1 to 32 letters and digits)' };
    }
    card.id = id;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    return {
      ...card,
      recordProblem: RECORD_PROBLEMS[code] ?? `the _mta-sts TXT query failed (${(err as Error).message})`,
    };
  }
  const found = await lookupAddresses(o.servers, `mta-sts.${domain}`, undefined, o.timeoutMs);
  const address = found.addresses[0]?.address;
  if (!address) return { ...card, policyProblem: `mta-sts.${domain} has no address, so the policy cannot be fetched` };
  const fetched = await fetchPolicy(domain, address, o);
  if ('problem' in fetched) return { ...card, policyProblem: fetched.problem };
  try {
    const policy = parsePolicy(fetched.body, { strict: true });
    card.policy = { mode: policy.mode, maxAge: policy.maxAge ?? 0, mx: policy.mx ?? [] };
    card.mxMatches = mxHosts.map((host) => ({ host, matches: validateMx(host, policy).valid }));
    return card;
  } catch (err) {
    return { ...card, policyProblem: `the policy does not parse: ${(err as Error).message}` };
  }
}
