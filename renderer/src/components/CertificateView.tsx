import type { ReactNode } from 'react';
import type { CertInfo, ChainProblem, TlsInfo } from '../../../shared/transcript';
import { describeVerdict } from '../../../shared/knowledge/tlsVerdict';
import { UntrustedText } from './UntrustedText';

const DAY = 86_400_000;

function validity(cert: CertInfo): { text: string; bad: boolean } {
  const now = Date.now();
  const notAfter = Date.parse(cert.notAfter);
  const notBefore = Date.parse(cert.notBefore);
  if (notAfter < now) return { text: `expired ${Math.floor((now - notAfter) / DAY)} days ago`, bad: true };
  if (notBefore > now) return { text: `not valid for another ${Math.ceil((notBefore - now) / DAY)} days`, bad: true };
  return { text: `valid for ${Math.floor((notAfter - now) / DAY)} more days`, bad: false };
}

function problemsAt(problems: ChainProblem[], index: number): ChainProblem[] {
  return problems.filter((p) => 'index' in p && p.index === index && p.kind !== 'incomplete');
}

const PROBLEM_WORDS: Partial<Record<ChainProblem['kind'], string>> = {
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
  'expiring-soon': 'Expires soon',
  'self-signed': 'Self-signed',
  'untrusted-root': 'Root not trusted',
  'too-long': 'No trusted root within the path limit',
  loop: 'Issued by a certificate already on the path (a loop)',
  'weak-key': 'Weak key',
  'weak-signature': 'Weak signature (SHA-1/MD5)',
  unused: 'Not part of the chain',
};

function CertCard({
  cert,
  label,
  problems,
  fromStore,
}: {
  cert: CertInfo;
  label: string;
  problems: ChainProblem[];
  fromStore?: boolean;
}) {
  const v = validity(cert);
  return (
    <article className={`cert${problems.length ? ' bad' : ''}${fromStore ? ' from-store' : ''}`} data-testid="cert">
      <header>
        <span className="cert-label">{label}</span>
        <h3>
          <UntrustedText text={cert.subject} />
        </h3>
      </header>
      <dl>
        <dt>Issued by</dt>
        <dd>
          <UntrustedText text={cert.issuer} />
        </dd>
        {cert.san.length > 0 && (
          <>
            <dt>Names</dt>
            <dd>
              <UntrustedText text={cert.san.join(', ')} />
            </dd>
          </>
        )}
        <dt>Valid</dt>
        <dd className={v.bad ? 'bad' : ''}>
          {cert.notBefore.slice(0, 10)} → {cert.notAfter.slice(0, 10)} ({v.text})
        </dd>
        <dt>Key</dt>
        <dd>
          <UntrustedText text={`${cert.keyType}${cert.keyBits ? ` ${cert.keyBits} bits` : ''} · ${cert.sigAlg}`} />
        </dd>
        <dt>SHA-256</dt>
        <dd className="fingerprint">{cert.fingerprint256}</dd>
      </dl>
      {problems.length > 0 && (
        <ul className="cert-problems">
          {problems.map((p, i) => (
            <li key={i}>{PROBLEM_WORDS[p.kind] ?? p.kind}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** The chain as the server sent it, the verdict, and the link that failed. A missing
 * intermediate is drawn as a gap exactly where it should have been. `children` come after the
 * chain, in the same scrolling pane (the TLS audit). */
export function CertificateView({ tls, children }: { tls: TlsInfo | null; children?: ReactNode }) {
  if (!tls) {
    return (
      <div className="cert-chain empty-state" data-testid="cert-chain">
        <h2>No TLS yet</h2>
        <p>
          When the session starts TLS (STARTTLS or implicit TLS), the certificates the server sent appear here, with
          what is wrong with them.
        </p>
        {children}
      </div>
    );
  }
  const verdict = describeVerdict(tls);
  const problems = tls.verification.problems;
  const gaps = problems.filter((p): p is Extract<ChainProblem, { kind: 'incomplete' }> => p.kind === 'incomplete');
  const unknownRoots = problems.filter(
    (p): p is Extract<ChainProblem, { kind: 'untrusted-root' }> => p.kind === 'untrusted-root' && p.notSent === true,
  );
  const hostname = problems.find((p): p is Extract<ChainProblem, { kind: 'hostname' }> => p.kind === 'hostname');
  return (
    <section
      className="cert-chain"
      data-testid="cert-chain"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the chain and the TLS audit under it scroll, and a scrolling area must take the focus to be scrolled from the keyboard (WCAG 2.1.1)
      tabIndex={0}
      aria-label="Certificates and TLS audit"
    >
      <h2 className="sr-only">Certificates</h2>
      <div className={`verdict ${verdict.ok ? 'ok' : 'bad'}`} data-testid="cert-verdict">
        <strong>{verdict.ok ? '✓ Certificate verified' : '✗ Certificate not verified'}</strong>
        <span>
          <UntrustedText text={verdict.text} />
        </span>
        <span className="muted">
          <UntrustedText text={`${tls.protocol} · ${tls.cipher}${tls.group ? ` · ${tls.group}` : ''}`} /> · chain read
          from the {tls.sentChainSource === 'handshake' ? 'handshake itself' : 'TLS library'}
        </span>
      </div>
      {hostname && (
        <p className="cert-note bad">
          Checked the name{' '}
          <code>
            <UntrustedText text={hostname.checkedName} />
          </code>
          ; the certificate is for{' '}
          {hostname.names.map((n) => (
            <code key={n}>
              <UntrustedText text={n} />
            </code>
          ))}
          .
        </p>
      )}
      <ol className="chain">
        {tls.sentChain.map((cert, i) => (
          <li key={cert.fingerprint256 + i}>
            <CertCard
              cert={cert}
              label={i === 0 ? 'Server certificate (sent)' : `Sent certificate #${i + 1}`}
              problems={problemsAt(problems, i)}
            />
            {gaps
              .filter((g) => g.index === i)
              .map((g) => (
                <div
                  className={`cert-gap${g.completedByStore ? ' filled' : ''}`}
                  data-testid="cert-gap"
                  key={`gap-${i}`}
                >
                  <strong>
                    {g.completedByStore
                      ? 'Not sent by the server (found in the local trust store)'
                      : 'Missing: the server did not send this certificate'}
                  </strong>
                  <span>
                    <UntrustedText text={g.missingIssuer} />
                  </span>
                  {g.aiaUrl && (
                    <span className="muted">
                      It can be downloaded from{' '}
                      <code>
                        <UntrustedText text={g.aiaUrl} />
                      </code>{' '}
                      (the AIA address in the certificate above). Configure the server to send it after its own
                      certificate.
                    </span>
                  )}
                </div>
              ))}
            {unknownRoots
              .filter((r) => r.index === i)
              .map((r) => (
                <div className="cert-gap" data-testid="cert-unknown-root" key={`root-${i}`}>
                  <strong>Root not trusted here: not in this computer's trust store</strong>
                  <span>
                    <UntrustedText text={r.root} />
                  </span>
                  <span className="muted">
                    Servers need not send their root. If this is your organisation's own CA, add its certificate under
                    "Extra trusted CA".
                  </span>
                </div>
              ))}
          </li>
        ))}
        {tls.verification.storeAdded.map((cert, i) => (
          <li key={`store-${cert.fingerprint256}`}>
            <CertCard
              cert={cert}
              label="Trust anchor (from the local trust store, not sent)"
              problems={problemsAt(problems, tls.sentChain.length + i)}
              fromStore
            />
          </li>
        ))}
      </ol>
      {children}
    </section>
  );
}
