// The security cells of a sweep row: STARTTLS, AUTH before and after TLS, the TLS session and
// the certificate verdict. Pure functions over a port's transcript.
import { chainSummary, describeVerdict, shortName } from '../../../shared/knowledge/tlsVerdict';
import { authMechanisms, ehloLists, hasCapability } from '../../../shared/sessionFacts';
import type { AuthState, SweepRow } from '../../../shared/sweep';
import type { ChainProblem, Transcript } from '../../../shared/transcript';
import { implicitTls } from './connectionCells';

const NOT_APPLICABLE_TLS =
  'This port is encrypted from the first byte (implicit TLS, RFC 8314 §3.3), so there is no plain-text phase.';

export function ehloOf(t: Transcript): SweepRow['ehlo'] {
  const lists = ehloLists(t.events);
  return { beforeTls: lists.beforeTls?.capabilities ?? null, afterTls: lists.afterTls?.capabilities ?? null };
}

export function starttlsCell(t: Transcript, ehlo: SweepRow['ehlo']): SweepRow['starttls'] {
  if (implicitTls(t)) return { value: 'not-applicable', label: 'n/a (TLS)', hint: NOT_APPLICABLE_TLS };
  if (!ehlo.beforeTls)
    return { value: 'unknown', label: '—', hint: 'No EHLO reply was read, so what the port offers is unknown.' };
  if (hasCapability(ehlo.beforeTls, 'STARTTLS')) {
    return {
      value: 'offered',
      label: 'offered',
      hint: 'STARTTLS is in the EHLO reply: the client can switch this connection to TLS (RFC 3207).',
    };
  }
  return {
    value: 'not-offered',
    label: 'no',
    hint: 'STARTTLS is missing from the EHLO reply: everything on this port, passwords included, would cross the network in clear.',
  };
}

type AuthCell = SweepRow['authBeforeTls'];
const auth = (value: AuthState, label: string, hint: string, mechanisms: string[] = []): AuthCell => ({
  value,
  label,
  hint,
  mechanisms,
});

export function authBeforeCell(t: Transcript, ehlo: SweepRow['ehlo']): AuthCell {
  if (implicitTls(t)) return auth('not-applicable', 'n/a (TLS)', NOT_APPLICABLE_TLS);
  if (!ehlo.beforeTls) return auth('unknown', '—', 'No EHLO reply was read in plain text.');
  const mechanisms = authMechanisms(ehlo.beforeTls);
  if (!mechanisms.length)
    return auth('none', 'none', 'No AUTH before TLS, as it should be: passwords are only accepted inside encryption.');
  return auth(
    'offered',
    mechanisms.join(' '),
    `AUTH ${mechanisms.join(' ')} is offered before any encryption: a client could send its password in clear (RFC 4954 §4).`,
    mechanisms,
  );
}

export function authAfterCell(ehlo: SweepRow['ehlo'], starttls: SweepRow['starttls'], tls: SweepRow['tls']): AuthCell {
  if (ehlo.afterTls) {
    const mechanisms = authMechanisms(ehlo.afterTls);
    if (!mechanisms.length)
      return auth(
        'none',
        'none',
        'No AUTH inside TLS: clients cannot log in here. Typical of port 25, where other mail servers deliver.',
      );
    return auth(
      'offered',
      mechanisms.join(' '),
      `Inside TLS the server offers AUTH ${mechanisms.join(' ')}: a mail client can log in here.`,
      mechanisms,
    );
  }
  if (starttls.value === 'not-offered')
    return auth('not-applicable', 'no TLS', 'The port offers no STARTTLS, so there is no "after TLS".');
  if (tls.value === 'failed') return auth('unknown', '—', 'TLS failed, so the EHLO inside TLS never happened.');
  return auth('unknown', '—', 'No EHLO reply was read inside TLS.');
}

const VERSION_LABEL: Record<string, string> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

export function tlsCell(t: Transcript): SweepRow['tls'] {
  const info = t.tls;
  if (info) {
    const label = VERSION_LABEL[info.protocol] ?? info.protocol;
    const via = info.mode === 'implicit' ? 'from the first byte (implicit TLS)' : 'after STARTTLS';
    const hint = `${label} ${via}, cipher ${info.cipher}${info.group ? `, key exchange ${info.group}` : ''}.`;
    return {
      value: 'established',
      label,
      hint,
      mode: info.mode,
      protocol: info.protocol,
      cipher: info.cipher,
      group: info.group,
    };
  }
  const tried = t.events.some(
    (e) => e.type === 'tls-start' || (e.type === 'send' && e.line.toUpperCase() === 'STARTTLS'),
  );
  if (tried) {
    const error = t.events.find((e) => e.type === 'error' && e.stage === 'tls');
    const refused = t.events.find((e) => e.type === 'reply' && e.stage === 'tls' && e.code !== null && e.code >= 400);
    const why =
      error?.type === 'error'
        ? error.message
        : refused?.type === 'reply'
          ? `the server answered "${refused.lines.join(' ')}"`
          : 'see the transcript';
    return {
      value: 'failed',
      label: 'failed',
      hint: `TLS was tried and did not work: ${why}.`,
      mode: null,
      protocol: null,
      cipher: null,
      group: null,
    };
  }
  return {
    value: 'none',
    label: '—',
    hint: 'No TLS on this connection.',
    mode: null,
    protocol: null,
    cipher: null,
    group: null,
  };
}

/** Short words for the grid, in the order they are named; the hover gets the full verdict.
 * Problems that do not fail verification on their own (expiring soon, unused) are left out. */
const PROBLEM_LABEL: [ChainProblem['kind'], string][] = [
  ['expired', 'expired'],
  ['not-yet-valid', 'not yet valid'],
  ['self-signed', 'self-signed'],
  ['incomplete', 'incomplete chain'],
  ['untrusted-root', 'untrusted root'],
  ['too-long', 'no trusted root'],
  ['loop', 'chain loops'],
  ['disagreement', 'verdicts disagree'],
  ['hostname', 'wrong name'],
  ['weak-key', 'weak key'],
  ['weak-signature', 'weak signature'],
];

export function certificateCell(t: Transcript): SweepRow['certificate'] {
  const info = t.tls;
  if (!info)
    return { value: 'none', label: '—', hint: 'No TLS, so no certificate.', problems: [], leaf: null, chain: null };
  const v = info.verification;
  const leafCert = info.sentChain[0];
  const leaf = leafCert
    ? {
        subject: shortName(leafCert.subject),
        issuer: shortName(leafCert.issuer),
        san: leafCert.san,
        notAfter: leafCert.notAfter,
        fingerprint256: leafCert.fingerprint256,
      }
    : null;
  const chain = chainSummary(info);
  const problems = v.problems.map((p) => p.kind);
  const verdict = describeVerdict(info).text;
  if (describeVerdict(info).ok)
    return { value: 'verified', label: 'verified', hint: `${verdict}. ${chain}.`, problems, leaf, chain };
  const worst = PROBLEM_LABEL.filter(([kind]) => problems.includes(kind)).map(([, label]) => label);
  const label = worst.length ? worst[0] + (worst.length > 1 ? ` +${worst.length - 1}` : '') : 'not verified';
  return { value: 'not-verified', label, hint: `${verdict}. ${chain}.`, problems, leaf, chain };
}
