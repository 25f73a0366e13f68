import type { X509Certificate } from 'node:crypto';
import { completedChainSummary } from '../../../shared/knowledge/tlsVerdict';
import type { Conversation } from '../conversation';
import type { SessionOptions } from '../sessionOptions';
import { completeChainFromAia } from './aiaFetch';
import { formatName } from './certInfo';
import type { TrustStore } from './trustStore';

export function wantsAiaFetch(opts: SessionOptions): boolean {
  return opts.fetchIntermediate === true;
}

/** A download is not part of the SMTP conversation, so it gets a short leash of its own. */
const AIA_TIMEOUT_MS = 10_000;

/** After the handshake: when the chain has a gap with an AIA URL, fetch what is missing and
 * record, as notes, what came back and how the chain would look with it. */
export async function runAiaFetch(c: Conversation, sent: X509Certificate[], store: TrustStore): Promise<void> {
  const tls = c.tls;
  if (!tls) return;
  const gap = tls.verification.problems.find((p) => p.kind === 'incomplete' && !p.completedByStore);
  if (gap?.kind !== 'incomplete') return;
  if (!gap.aiaUrl) {
    c.note(
      'tls',
      `The certificate "${formatName(sent[gap.index]?.subject ?? '')}" has no AIA address, so its missing issuer cannot be downloaded.`,
      'aia-none',
    );
    return;
  }
  c.note('tls', `Downloading the missing issuer certificate from ${gap.aiaUrl} (--fetch-intermediate)…`);
  const result = await completeChainFromAia(sent, tls.verification, store, tls.verification.checkedName, {
    timeoutMs: Math.min(c.timeouts.tls, AIA_TIMEOUT_MS),
    signal: c.signal,
    onAttempt: (a) => {
      const text = a.ok
        ? `Downloaded "${a.cert?.subject}" from ${a.url} (${a.detail}); it is the issuer that was missing.`
        : `Could not use ${a.url}: ${a.detail}.`;
      c.note('tls', text, 'aia-fetch', { url: a.url, ok: String(a.ok) });
    },
  });
  if (!result) return;
  tls.aiaFetch = result.fetch;
  if (!result.fetch.completed) return;
  const summary = completedChainSummary(tls);
  if (summary) c.note('tls', summary.text, 'aia-completed', { ok: String(summary.ok) });
}
