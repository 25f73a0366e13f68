import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { ChainProblem, Verification } from '../../../shared/transcript';
import { caIssuerUrls, describeCert, formatName, isSelfSigned, parseSubjectAltName } from './certInfo';
import { isWeakSignature, signatureAlgorithm } from './signatureAlgorithm';
import type { TrustStore } from './trustStore';

const DAY = 86_400_000;
/** Under two weeks left: most ACME clients renew at 30 days, so this means renewal is broken. */
export const EXPIRING_SOON_DAYS = 14;
const MAX_PATH = 10;

/** child was signed by parent: names and key ids line up, and the signature verifies. */
export function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

function isWeakKey(cert: X509Certificate): boolean {
  const key = cert.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  // RSA and DSA below 2048 bits are below every current baseline (NIST SP 800-131A).
  return (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'dsa') && bits !== undefined && bits < 2048;
}

/** The names a client would match against (RFC 6125 §6.4: SAN DNS names; CN only without SAN). */
function certNames(cert: X509Certificate): string[] {
  const san = parseSubjectAltName(cert.subjectAltName);
  if (san.length) return san;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject);
  return cn ? [cn[1]] : [];
}

function nameMatches(cert: X509Certificate, name: string): boolean {
  if (isIP(name)) return cert.checkIP(name) !== undefined;
  return cert.checkHost(name, { subject: 'default', wildcards: true, partialWildcards: false }) !== undefined;
}

/**
 * Builds the path from what the server sent to a trust anchor, the way a strict client does
 * (RFC 5280 §6.1), and says exactly which link is broken. We compute this ourselves rather
 * than trust the TLS library's one error code, because that code names only the first
 * failure and cannot tell "you forgot the intermediate" from "we don't know your CA".
 */
export function verifyChain(
  sent: X509Certificate[],
  store: TrustStore,
  checkedName: string,
  libraryCode: string | null,
  now = new Date(),
): Verification {
  const problems: ChainProblem[] = [];
  const storeAdded: X509Certificate[] = [];
  const pathIndexes: number[] = [];
  let anchor: X509Certificate | null = null;
  if (!sent.length) {
    return {
      ok: false, chainOk: false, hostnameOk: false, checkedName, anchor: null, storeAdded: [],
      failingLink: { index: 0, reason: 'the server sent no certificate' }, libraryCode, problems,
    };
  }

  let current = sent[0];
  pathIndexes.push(0);
  while (pathIndexes.length + storeAdded.length <= MAX_PATH) {
    if (store.has(current)) {
      anchor = current;
      break;
    }
    const nextSent = sent.findIndex((cand, i) => !pathIndexes.includes(i) && issuedBy(current, cand));
    if (nextSent !== -1) {
      pathIndexes.push(nextSent);
      current = sent[nextSent];
      continue;
    }
    const fromStore = store.findIssuer(current, issuedBy);
    if (fromStore) {
      // The server may legitimately omit the root; anything else the store had to supply is
      // an intermediate the server should have sent (RFC 8446 §4.4.2, RFC 5246 §7.4.2).
      if (!isSelfSigned(fromStore)) {
        problems.push({
          kind: 'incomplete', index: sent.indexOf(current), missingIssuer: formatName(current.issuer),
          aiaUrl: caIssuerUrls(current)[0] ?? null, completedByStore: true,
        });
      }
      // Everything in the store is a trust anchor, so the path ends here.
      storeAdded.push(fromStore);
      anchor = fromStore;
      break;
    }
    const index = sent.indexOf(current);
    if (isSelfSigned(current)) {
      problems.push(index === 0 ? { kind: 'self-signed', index } : { kind: 'untrusted-root', index, root: formatName(current.issuer) });
    } else if (index > 0 && current.ca) {
      // The server sent its intermediate(s) and stopped, as it should: roots are not sent
      // (RFC 8446 §4.4.2). A missing issuer above a CA certificate is therefore most likely a
      // root this store does not have (OpenSSL: UNABLE_TO_GET_ISSUER_CERT_LOCALLY), not a gap.
      problems.push({ kind: 'untrusted-root', index, root: formatName(current.issuer), notSent: true });
    } else {
      problems.push({
        kind: 'incomplete', index, missingIssuer: formatName(current.issuer),
        aiaUrl: caIssuerUrls(current)[0] ?? null, completedByStore: false,
      });
    }
    break;
  }

  // Dates, keys and signatures of every certificate on the path (sent ones, then store-added).
  const onPath: { cert: X509Certificate; index: number }[] = [
    ...pathIndexes.map((i) => ({ cert: sent[i], index: i })),
    ...storeAdded.map((cert, k) => ({ cert, index: sent.length + k })),
  ];
  for (const { cert, index } of onPath) {
    const notBefore = new Date(cert.validFrom).getTime();
    const notAfter = new Date(cert.validTo).getTime();
    if (notAfter < now.getTime()) problems.push({ kind: 'expired', index });
    else if (notBefore > now.getTime()) problems.push({ kind: 'not-yet-valid', index });
    else if (notAfter - now.getTime() < EXPIRING_SOON_DAYS * DAY) {
      problems.push({ kind: 'expiring-soon', index, days: Math.floor((notAfter - now.getTime()) / DAY) });
    }
    if (isWeakKey(cert)) problems.push({ kind: 'weak-key', index });
    // A trust anchor's own signature is never checked, so SHA-1 on a root does not matter.
    if (cert !== anchor && isWeakSignature(signatureAlgorithm(cert.raw))) problems.push({ kind: 'weak-signature', index });
  }
  sent.forEach((_, i) => {
    if (!pathIndexes.includes(i)) problems.push({ kind: 'unused', index: i });
  });

  const hostnameOk = nameMatches(sent[0], checkedName);
  if (!hostnameOk) problems.push({ kind: 'hostname', checkedName, names: certNames(sent[0]) });

  const fatal = problems.find(isFatal);
  const chainOk = !fatal;
  return {
    ok: chainOk && hostnameOk,
    chainOk,
    hostnameOk,
    checkedName,
    anchor: anchor ? formatName(anchor.subject) : null,
    storeAdded: storeAdded.map(describeCert),
    failingLink: fatal && 'index' in fatal ? { index: fatal.index, reason: linkReason(fatal, sent, storeAdded) } : null,
    libraryCode,
    problems,
  };
}

/** Problems that make a strict client refuse the certificate. A missing intermediate that
 * the local store happened to supply still breaks other clients, but not this verdict. */
function isFatal(p: ChainProblem): boolean {
  if (p.kind === 'incomplete') return !p.completedByStore;
  return p.kind === 'self-signed' || p.kind === 'untrusted-root' || p.kind === 'expired' || p.kind === 'not-yet-valid';
}

function linkReason(problem: ChainProblem, sent: X509Certificate[], storeAdded: X509Certificate[]): string {
  const all = [...sent, ...storeAdded];
  const subject = 'index' in problem && all[problem.index] ? formatName(all[problem.index].subject) : '';
  switch (problem.kind) {
    case 'incomplete':
      return `"${subject}" was issued by "${problem.missingIssuer}", which the server did not send and the trust store does not have`;
    case 'self-signed':
      return `"${subject}" signed itself; no trusted CA vouches for it`;
    case 'untrusted-root':
      return `the chain ends at the root "${problem.root}", which is not in the trust store`;
    case 'expired':
      return `"${subject}" expired on ${new Date(all[problem.index].validTo).toISOString().slice(0, 10)}`;
    case 'not-yet-valid':
      return `"${subject}" is not valid before ${new Date(all[problem.index].validFrom).toISOString().slice(0, 10)}`;
    default:
      return problem.kind;
  }
}
