import type { TlsInfo } from '../transcript';

/** The first attribute of a distinguished name: "CN=mail.example.com, O=X" -> "mail.example.com". */
export function shortName(dn: string): string {
  const cn = /(?:^|, )CN=([^,]+)/.exec(dn);
  return cn ? cn[1] : dn;
}

/** "mail.lab.test ← SMTP Lens Test Intermediate CA ← [store] SMTP Lens Test Root CA" */
export function chainSummary(tls: TlsInfo): string {
  const sent = tls.sentChain.map((c) => shortName(c.subject));
  const added = tls.verification.storeAdded.map((c) => `(trust store) ${shortName(c.subject)}`);
  const count = `${tls.sentChain.length} certificate${tls.sentChain.length === 1 ? '' : 's'}`;
  return `${count}: ${[...sent, ...added].join(' ← ')}`;
}

export function describeVerdict(tls: TlsInfo): { ok: boolean; text: string } {
  const v = tls.verification;
  if (v.ok) return { ok: true, text: `verified for ${v.checkedName} (trusted root: ${shortName(v.anchor ?? '?')})` };
  const reasons: string[] = [];
  if (v.failingLink) reasons.push(v.failingLink.reason);
  if (!v.hostnameOk) reasons.push(`not valid for the name ${v.checkedName}`);
  const library = v.libraryCode ? ` [TLS library: ${v.libraryCode}]` : '';
  return { ok: false, text: `NOT verified: ${reasons.join('; ')}${library}` };
}
