import type { X509Certificate } from 'node:crypto';
import { isIP } from '../ipLiteral';
import type { ChainProblem, Verification } from '../../../shared/transcript';
import { caIssuerUrls, describeCert, formatName, isSelfSigned, parseSubjectAltName } from './certInfo';
import { isWeakSignature, signatureAlgorithm } from './signatureAlgorithm';
import type { TrustStore } from './trustStore';

const DAY = 86_400_000;
/** Under two weeks left: most ACME clients renew at 30 days, so this means renewal is broken. */
export const EXPIRING_SOON_DAYS = 14;

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

/** The longest path SMTP Lens builds, anchor included. Real chains have 2 to 4 certificates;
 * the bound keeps a hostile chain from costing unbounded signature checks. */
export const MAX_PATH = 10;

interface BuiltPath {
  pathIndexes: number[];
  storeAdded: X509Certificate[];
  anchor: X509Certificate | null;
  problems: ChainProblem[];
}

/** Follows issuers from the leaf until a trust anchor. Every way out without an anchor records
 * the problem that explains it, so "no anchor" can never pass for "no problem". */
function buildPath(sent: X509Certificate[], store: TrustStore): BuiltPath {
  const pathIndexes = [0];
  const done = (
    anchor: X509Certificate | null,
    problems: ChainProblem[],
    storeAdded: X509Certificate[] = [],
  ): BuiltPath => ({ pathIndexes, storeAdded, anchor, problems });
  let current = sent[0];
  for (;;) {
    if (store.has(current)) return done(current, []);
    const index = sent.indexOf(current);
    // One more certificate (sent or from the store) would make the path longer than the bound.
    const tooLong = (): BuiltPath => done(null, [{ kind: 'too-long', index, limit: MAX_PATH }]);
    const nextSent = sent.findIndex((cand, i) => !pathIndexes.includes(i) && issuedBy(current, cand));
    if (nextSent !== -1) {
      if (pathIndexes.length >= MAX_PATH) return tooLong();
      pathIndexes.push(nextSent);
      current = sent[nextSent];
      continue;
    }
    const fromStore = store.findIssuer(current, issuedBy);
    if (fromStore) {
      if (pathIndexes.length >= MAX_PATH) return tooLong();
      // The server may legitimately omit the root; anything else the store had to supply is
      // an intermediate the server should have sent (RFC 8446 §4.4.2, RFC 5246 §7.4.2).
      const gap: ChainProblem[] = isSelfSigned(fromStore)
        ? []
        : [
            {
              kind: 'incomplete',
              index,
              missingIssuer: formatName(current.issuer),
              aiaUrl: caIssuerUrls(current)[0] ?? null,
              completedByStore: true,
            },
          ];
      // Everything in the store is a trust anchor, so the path ends here.
      return done(fromStore, gap, [fromStore]);
    }
    if (isSelfSigned(current)) {
      return done(null, [
        index === 0
          ? { kind: 'self-signed', index }
          : { kind: 'untrusted-root', index, root: formatName(current.issuer) },
      ]);
    }
    const backTo = pathIndexes.find((i) => i !== index && issuedBy(current, sent[i]));
    if (backTo !== undefined) return done(null, [{ kind: 'loop', index, backTo }]);
    if (index > 0 && current.ca) {
      // The server sent its intermediate(s) and stopped, as it should: roots are not sent
      // (RFC 8446 §4.4.2). A missing issuer above a CA certificate is therefore most likely a
      // root this store does not have (OpenSSL: UNABLE_TO_GET_ISSUER_CERT_LOCALLY), not a gap.
      return done(null, [{ kind: 'untrusted-root', index, root: formatName(current.issuer), notSent: true }]);
    }
    return done(null, [
      {
        kind: 'incomplete',
        index,
        missingIssuer: formatName(current.issuer),
        aiaUrl: caIssuerUrls(current)[0] ?? null,
        completedByStore: false,
      },
    ]);
  }
}

/** Dates, keys and signatures of every certificate on the path (sent ones, then store-added). */
function pathProblems(sent: X509Certificate[], path: BuiltPath, now: Date): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const onPath: { cert: X509Certificate; index: number }[] = [
    ...path.pathIndexes.map((i) => ({ cert: sent[i], index: i })),
    ...path.storeAdded.map((cert, k) => ({ cert, index: sent.length + k })),
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
    if (cert !== path.anchor && isWeakSignature(signatureAlgorithm(cert.raw)))
      problems.push({ kind: 'weak-signature', index });
  }
  sent.forEach((_, i) => {
    if (!path.pathIndexes.includes(i)) problems.push({ kind: 'unused', index: i });
  });
  return problems;
}

/**
 * SMTP Lens's own verdict: builds the path from what the server sent to a trust anchor, the
 * way a strict client does (RFC 5280 §6.1), and says exactly which link is broken. We compute
 * this ourselves rather than trust the TLS library's one error code, because that code names
 * only the first failure and cannot tell "you forgot the intermediate" from "we don't know
 * your CA". Used alone only for chains that were never presented in a handshake (AIA).
 */
export function verifyOwnPath(
  sent: X509Certificate[],
  store: TrustStore,
  checkedName: string,
  now = new Date(),
): Verification {
  if (!sent.length) {
    return {
      ok: false,
      chainOk: false,
      hostnameOk: false,
      checkedName,
      anchor: null,
      storeAdded: [],
      failingLink: { index: 0, reason: 'the server sent no certificate' },
      libraryCode: null,
      problems: [],
    };
  }
  const path = buildPath(sent, store);
  const problems = [...path.problems, ...pathProblems(sent, path, now)];
  const hostnameOk = nameMatches(sent[0], checkedName);
  if (!hostnameOk) problems.push({ kind: 'hostname', checkedName, names: certNames(sent[0]) });
  const fatal = problems.find(isFatal);
  // Without an anchor nothing vouches for the chain, whatever else was or was not found.
  const chainOk = !fatal && path.anchor !== null;
  return {
    ok: chainOk && hostnameOk,
    chainOk,
    hostnameOk,
    checkedName,
    anchor: path.anchor ? formatName(path.anchor.subject) : null,
    storeAdded: path.storeAdded.map(describeCert),
    failingLink:
      fatal && 'index' in fatal ? { index: fatal.index, reason: linkReason(fatal, sent, path.storeAdded) } : null,
    libraryCode: null,
    problems,
  };
}

/** The TLS library's code for a name that does not match (Node's checkServerIdentity). */
const LIBRARY_NAME_CODE = 'ERR_TLS_CERT_ALTNAME_INVALID';

/**
 * The verdict for a chain presented in a handshake. It fails closed: the certificate is
 * verified only when SMTP Lens's own path building and the TLS library (`libraryCode` null:
 * it accepted the chain and the name) both say so. When they differ, that is a problem of
 * its own, naming both verdicts, so a bug in either cannot pass a forged chain.
 */
export function verifyChain(
  sent: X509Certificate[],
  store: TrustStore,
  checkedName: string,
  libraryCode: string | null,
  now = new Date(),
): Verification {
  const own = verifyOwnPath(sent, store, checkedName, now);
  const v: Verification = { ...own, libraryCode };
  if (own.ok === (libraryCode === null)) return v;
  v.problems = [...own.problems, { kind: 'disagreement', ownVerdict: own.ok, libraryCode }];
  if (own.ok) {
    v.ok = false;
    if (libraryCode === LIBRARY_NAME_CODE) v.hostnameOk = false;
    else v.chainOk = false;
    v.failingLink = {
      index: 0,
      reason: `the TLS library refused the certificate (${libraryCode}) although SMTP Lens's own checks passed`,
    };
  }
  return v;
}

/** Problems that make a strict client refuse the certificate. A missing intermediate that
 * the local store happened to supply still breaks other clients, but not this verdict. */
function isFatal(p: ChainProblem): boolean {
  if (p.kind === 'incomplete') return !p.completedByStore;
  return ['self-signed', 'untrusted-root', 'too-long', 'loop', 'expired', 'not-yet-valid'].includes(p.kind);
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
    case 'too-long':
      return `the chain is longer than ${problem.limit} certificates and does not reach a trusted root`;
    case 'loop':
      return `"${subject}" was issued by "${formatName(all[problem.backTo]?.subject ?? '')}", which is already on the path: the chain goes in a circle and does not reach a trusted root`;
    default:
      return problem.kind;
  }
}
