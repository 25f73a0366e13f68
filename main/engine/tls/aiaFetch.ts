// `--fetch-intermediate`: download what the server failed to send from the AIA "CA Issuers"
// URL in the certificate (RFC 5280 §4.2.2.1), the way browsers quietly do, and show the chain
// as it would be built with it. That turns "incomplete chain" into a concrete answer: this
// exact file is what the server must add (or: the missing link is a root nobody trusts).

import { X509Certificate } from 'node:crypto';
import type { AiaFetch, Verification } from '../../../shared/transcript';
import { caIssuerUrls, certsFromPem, describeCert, formatName, isSelfSigned } from './certInfo';
import { issuedBy, verifyOwnPath } from './chainVerifier';
import type { TrustStore } from './trustStore';

/** An intermediate is about 1-2 KB; a CA's AIA file is never near this. */
const MAX_BYTES = 64 * 1024;
/** Intermediates rarely nest deeper than two; this also bounds a server-supplied URL chain. */
const MAX_HOPS = 3;
/** id-signedData (RFC 5652 §5.1) in DER: the start of a PKCS#7 ".p7c" bundle. */
const PKCS7_SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex');

export type Download = { ok: true; cert: X509Certificate; detail: string } | { ok: false; detail: string };

async function readLimited(response: Response): Promise<Buffer | null> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BYTES) return null;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.length;
    if (total > MAX_BYTES) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** AIA files are DER (RFC 5280 §4.2.2.1 says "application/pkix-cert"); some CAs serve PEM. */
function parseCertificate(body: Buffer): Download {
  if (body.subarray(0, 100).toString('latin1').includes('-----BEGIN CERTIFICATE-----')) {
    const [cert] = certsFromPem(body.toString('latin1'));
    if (cert) return { ok: true, cert, detail: `PEM, ${body.length} bytes` };
  }
  try {
    return { ok: true, cert: new X509Certificate(body), detail: `DER, ${body.length} bytes` };
  } catch {
    if (body.subarray(0, 32).includes(PKCS7_SIGNED_DATA)) {
      return {
        ok: false,
        detail:
          'the file is a PKCS#7 bundle (.p7c), which SMTP Lens does not read; open it with `openssl pkcs7 -inform DER -print_certs`',
      };
    }
    return { ok: false, detail: `the ${body.length} bytes are not a certificate` };
  }
}

export async function downloadIssuer(url: string, timeoutMs: number, signal?: AbortSignal): Promise<Download> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, detail: 'not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, detail: `only http and https addresses are fetched, not ${parsed.protocol.replace(':', '')}` };
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(parsed, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'follow',
    });
    if (!response.ok) return { ok: false, detail: `the web server answered HTTP ${response.status}` };
    const body = await readLimited(response);
    if (!body) return { ok: false, detail: `the file is larger than ${MAX_BYTES} bytes, so it is not a certificate` };
    return parseCertificate(body);
  } catch (err) {
    if (timeout.aborted) return { ok: false, detail: `no answer within ${timeoutMs} ms` };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, detail: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}

export interface AiaCompletion {
  fetch: AiaFetch;
  /** Downloaded certificates in path order, for callers that verify further. */
  certs: X509Certificate[];
}

/**
 * Follows the AIA URL of the certificate whose issuer is missing, then the downloaded
 * certificate's own AIA if its issuer is missing too, and verifies sent + downloaded.
 * Returns null when nothing is missing (or the missing link has no AIA URL to follow).
 */
export async function completeChainFromAia(
  sent: X509Certificate[],
  verification: Verification,
  store: TrustStore,
  name: string,
  opts: {
    timeoutMs: number;
    signal?: AbortSignal;
    now?: Date;
    onAttempt?: (attempt: AiaFetch['attempts'][number]) => void;
  },
): Promise<AiaCompletion | null> {
  const gap = verification.problems.find((p) => p.kind === 'incomplete' && !p.completedByStore);
  if (gap?.kind !== 'incomplete' || !gap.aiaUrl) return null;
  const attempts: AiaFetch['attempts'] = [];
  const certs: X509Certificate[] = [];
  let child = sent[gap.index];
  let url: string | undefined = gap.aiaUrl;
  for (let hop = 0; hop < MAX_HOPS && url && child; hop++) {
    const download = await downloadIssuer(url, opts.timeoutMs, opts.signal);
    const attempt: AiaFetch['attempts'][number] = download.ok
      ? { url, ok: issuedBy(child, download.cert), detail: download.detail, cert: describeCert(download.cert) }
      : { url, ok: false, detail: download.detail, cert: null };
    if (download.ok && !attempt.ok) {
      attempt.detail = `the file holds "${formatName(download.cert.subject)}", which did not sign "${formatName(child.subject)}"`;
    }
    attempts.push(attempt);
    opts.onAttempt?.(attempt);
    if (!download.ok || !attempt.ok) break;
    certs.push(download.cert);
    // Stop at anything the path can end on: a trust anchor, a certificate an anchor signed, or a root.
    if (store.has(download.cert) || store.findIssuer(download.cert, issuedBy) || isSelfSigned(download.cert)) break;
    child = download.cert;
    url = caIssuerUrls(download.cert)[0];
  }
  const completed = certs.length ? verifyOwnPath([...sent, ...certs], store, name, opts.now) : null;
  return { fetch: { attempts, fetched: certs.map(describeCert), completed }, certs };
}
