import { authMechanisms, ehloLists, hasCapability } from '../../../shared/sessionFacts';
import type { RawFinding, Rule } from './rule';

/** Mechanisms that send the password itself (only base64-encoded) and so must not be used in clear. */
const CLEARTEXT_MECHANISMS = ['PLAIN', 'LOGIN'];

/** What the EHLO lists show (RFC 3207, RFC 4954 §4). */
export const ehloRules: Rule = ({ events, target, tls }) => {
  const found: RawFinding[] = [];
  const { beforeTls } = ehloLists(events);
  if (!beforeTls) return found;
  const plainAuth = authMechanisms(beforeTls.capabilities).filter((m) => CLEARTEXT_MECHANISMS.includes(m));
  // On an implicit-TLS port the "before TLS" list was itself sent inside TLS.
  const inClear = target.tls !== 'implicit' && tls?.mode !== 'implicit';
  if (inClear && plainAuth.length) {
    found.push({ id: 'auth.offered-before-tls', event: beforeTls.index, vars: { mechanisms: plainAuth.join(' ') } });
  }
  const wantedTls = target.tls === 'starttls' || target.tls === 'auto';
  if (inClear && wantedTls && !hasCapability(beforeTls.capabilities, 'STARTTLS')) {
    found.push({ id: 'tls.starttls-not-offered', event: beforeTls.index, variant: target.tls === 'starttls' ? 'required' : 'opportunistic' });
  }
  return found;
};

/** Facts the session noted as it went (note events with a code). */
const NOTE_FINDINGS: Record<string, (data: Record<string, string>) => Omit<RawFinding, 'event'>> = {
  'starttls-plaintext-discarded': (d) => ({ id: 'tls.plaintext-after-starttls', vars: { bytes: d.bytes ?? '', preview: d.preview ?? '' } }),
  'auth-withheld-plaintext': () => ({ id: 'auth.withheld', variant: 'plaintext' }),
  'auth-withheld-unverified': () => ({ id: 'auth.withheld', variant: 'unverified' }),
  'auth-not-offered': () => ({ id: 'auth.not-offered' }),
  'auth-mechanism-unsupported': (d) => ({ id: 'auth.mechanism-unsupported', vars: { mechanism: d.mechanism ?? '', offered: d.offered ?? '' } }),
  'implicit-tls-confirmed': () => ({ id: 'port.implicit-tls-expected' }),
  'tls-got-plaintext': (d) => ({ id: 'port.plaintext-not-tls', vars: { firstBytes: d.preview ?? '' } }),
};

export const noteRules: Rule = ({ events, target }) => {
  const found: RawFinding[] = [];
  events.forEach((e, index) => {
    if (e.type !== 'note' || !e.code) return;
    const make = NOTE_FINDINGS[e.code];
    if (!make) return;
    const finding = make(e.data ?? {});
    found.push({ ...finding, event: index, vars: { port: String(target.port), ...finding.vars } });
  });
  return found;
};

/** Lines that break RFC 5321's framing but that we could still read. */
export const framingRules: Rule = ({ events }) => {
  const found: RawFinding[] = [];
  const bareLf = events.findIndex((e) => e.type === 'reply' && e.bareLf);
  if (bareLf !== -1) found.push({ id: 'smtp.bare-lf', event: bareLf, vars: { stage: (events[bareLf] as { stage: string }).stage } });
  const long = events.findIndex((e) => e.type === 'reply' && e.longLine);
  if (long !== -1) found.push({ id: 'smtp.line-too-long', event: long, vars: { length: String((events[long] as { longLine: number }).longLine) } });
  return found;
};
