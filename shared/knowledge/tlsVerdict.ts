import type { ChainProblem, TlsInfo, TlsVersionCheck, TlsVersionName } from '../transcript';

/** The first attribute of a distinguished name: "CN=mail.example.com, O=X" -> "mail.example.com". */
export function shortName(dn: string): string {
  const cn = /(?:^|, )CN=([^,]+)/.exec(dn);
  return cn ? cn[1] : dn;
}

type Gap = Extract<ChainProblem, { kind: 'incomplete' }>;

function openGap(tls: TlsInfo): Gap | undefined {
  return tls.verification.problems.find((p): p is Gap => p.kind === 'incomplete' && !p.completedByStore);
}

/** "2 certificates: mail.lab.test ← SMTP Lens Test Intermediate CA ← (trust store) SMTP Lens Test Root CA".
 * A certificate the server should have sent and nobody had shows as "✗ not sent: NAME". */
export function chainSummary(tls: TlsInfo): string {
  const sent = tls.sentChain.map((c) => shortName(c.subject));
  const added = tls.verification.storeAdded.map((c) => `(trust store) ${shortName(c.subject)}`);
  const gap = openGap(tls);
  const missing = gap ? [`✗ not sent: ${shortName(gap.missingIssuer)}`] : [];
  const count = `${tls.sentChain.length} certificate${tls.sentChain.length === 1 ? '' : 's'}`;
  return `${count}: ${[...sent, ...added, ...missing].join(' ← ')}`;
}

export function describeVerdict(tls: TlsInfo): { ok: boolean; text: string } {
  const v = tls.verification;
  // An opened file may claim ok: true without an anchor; only a named anchor is shown as trust.
  if (v.ok && v.anchor)
    return { ok: true, text: `verified for ${v.checkedName} (trusted root: ${shortName(v.anchor)})` };
  const reasons: string[] = [];
  if (v.failingLink) reasons.push(v.failingLink.reason);
  if (!v.hostnameOk) reasons.push(`not valid for the name ${v.checkedName}`);
  if (!reasons.length) reasons.push('it does not reach a trusted root');
  // Our own verdict first; the TLS library's one-word code beside it, for searching and for
  // comparing with what other clients log.
  const library = v.libraryCode ? ` [TLS library: ${v.libraryCode}]` : '';
  return { ok: false, text: `NOT verified: ${reasons.join('; ')}${library}` };
}

/** `--fetch-intermediate`: the chain as a client that follows AIA would build it. */
export function completedChainSummary(tls: TlsInfo): { ok: boolean; text: string } | null {
  const fetch = tls.aiaFetch;
  const completed = fetch?.completed;
  if (!fetch || !completed) return null;
  const names = [
    ...tls.sentChain.map((c) => shortName(c.subject)),
    ...fetch.fetched.map((c) => `${shortName(c.subject)} (downloaded)`),
    ...completed.storeAdded.map((c) => `(trust store) ${shortName(c.subject)}`),
  ];
  const verdict = completed.chainOk
    ? `✓ with ${fetch.fetched.length === 1 ? 'it' : 'them'} the chain reaches the trusted root ${shortName(completed.anchor ?? '?')}`
    : `✗ still not trusted: ${completed.failingLink?.reason ?? 'see the findings'}`;
  return {
    ok: completed.chainOk,
    text: `With the downloaded certificate the chain would be: ${names.join(' ← ')}. ${verdict}.`,
  };
}

export const VERSION_LABELS: Record<TlsVersionName, string> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

const RESULT_WORDS: Record<TlsVersionCheck['result'], string> = {
  accepted: 'accepted',
  refused: 'refused',
  'not-testable': 'not testable here',
  inconclusive: 'could not be tested',
};

/** "TLS 1.0 refused · TLS 1.1 refused · TLS 1.2 accepted · TLS 1.3 accepted" */
export function tlsVersionsSummary(map: Partial<Record<TlsVersionName, TlsVersionCheck>>): string {
  return (Object.keys(VERSION_LABELS) as TlsVersionName[])
    .filter((v) => map[v])
    .map((v) => `${VERSION_LABELS[v]} ${RESULT_WORDS[map[v]!.result]}`)
    .join(' · ');
}

/** One line per version: "TLS 1.0: refused — the server refused the TLS version(s) offered (alert protocol_version)". */
export function tlsVersionLine(version: TlsVersionName, check: TlsVersionCheck): string {
  const cipher = check.cipher ? ` (${check.cipher})` : '';
  return `${VERSION_LABELS[version]}: ${RESULT_WORDS[check.result]}${cipher} — ${check.detail}`;
}
