// Findings of `--tls-audit`, read from its notes (main/engine/tls/auditReport.ts): each accepted
// suite's traits come from its IANA name. The stakes depend on the port's role: see
// shared/findings/catalogTlsAudit.ts.
import { suiteTraits, type SuiteTraits, type WeakFamily } from '../../../shared/knowledge/cipherSuiteTraits';
import { VERSION_LABELS } from '../../../shared/knowledge/tlsVerdict';
import type { NoteEvent, Severity, TlsVersionName } from '../../../shared/transcript';
import type { EventIndex } from './eventIndex';
import type { RawFinding, Rule } from './rule';

interface Accepted {
  version: TlsVersionName;
  order: string;
  suites: SuiteTraits[];
}

const WHY: Record<WeakFamily, { family: string; why: string; exclude: string }> = {
  null: {
    family: 'NULL',
    why: 'A NULL suite authenticates the data but does not encrypt it at all.',
    exclude: 'eNULL',
  },
  export: {
    family: 'EXPORT',
    why: 'EXPORT suites use 40- or 56-bit keys on purpose (1990s export rules) and are broken in minutes (FREAK, Logjam).',
    exclude: 'EXPORT',
  },
  des: { family: 'single-DES', why: 'Single DES has a 56-bit key, searched exhaustively since 1998.', exclude: 'DES' },
  rc4: {
    family: 'RC4',
    why: 'RC4 has biases that leak plaintext over many connections; RFC 7465 forbids it in TLS.',
    exclude: 'RC4',
  },
  '3des': {
    family: '3DES or IDEA',
    why: 'These have 64-bit blocks: after some gigabytes on one connection, blocks collide and leak plaintext (Sweet32).',
    exclude: '3DES, IDEA',
  },
};

/** "A, B, C and 4 more": a long list stays readable in a title's explanation. */
function listed(suites: readonly SuiteTraits[]): string {
  const names = [...new Set(suites.map((s) => s.name))];
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

function versionsOf(found: readonly Accepted[], test: (s: SuiteTraits) => boolean): string {
  return found
    .filter((a) => a.suites.some(test))
    .map((a) => VERSION_LABELS[a.version])
    .join(', ');
}

function acceptedSuites(where: EventIndex): { found: Accepted[]; index: number } | null {
  const found: Accepted[] = [];
  const index = where.notesWith('tls-audit').at(-1) ?? -1;
  for (const i of where.notesWith('tls-audit-suites')) {
    const data = (where.events[i] as NoteEvent).data ?? {};
    const names = (data.suites ?? '').split(' ').filter(Boolean);
    found.push({ version: data.version as TlsVersionName, order: data.order ?? '', suites: names.map(suiteTraits) });
  }
  return index === -1 ? null : { found, index };
}

function dhBits(where: EventIndex): number[] {
  const note = where.firstNote('tls-audit-dh')?.note;
  return (note?.data?.bits ?? '')
    .split(' ')
    .map(Number)
    .filter((n) => n > 0);
}

export const tlsAuditRules: Rule = ({ index: where, target }) => {
  const audit = acceptedSuites(where);
  if (!audit) return [];
  const { found, index } = audit;
  const all = found.flatMap((a) => a.suites);
  const mx = target.port === 25;
  // Port 25 is opportunistic TLS (RFC 7435): a weak suite there beats the plain text a sender
  // would fall back to, so errors become warnings (as certificate problems do, tlsRules.ts).
  const onPort = (severity: Severity): Severity => (mx && severity === 'error' ? 'warning' : severity);
  const out: RawFinding[] = [];
  for (const family of Object.keys(WHY) as WeakFamily[]) {
    const weak = all.filter((s) => s.weak.includes(family));
    if (!weak.length) continue;
    const versions = versionsOf(found, (s) => s.weak.includes(family));
    out.push({
      id: 'tls.weak-cipher',
      event: index,
      variant: family,
      vars: { ...WHY[family], suites: listed(weak), versions },
      severity: onPort(family === '3des' ? 'warning' : 'error'),
    });
  }
  const anonymous = all.filter((s) => s.anonymous);
  if (anonymous.length)
    out.push({
      id: 'tls.anonymous-suites',
      event: index,
      vars: { suites: listed(anonymous), versions: versionsOf(found, (s) => s.anonymous) },
      ...(mx ? { variant: 'opportunistic' } : {}),
    });
  const static_ = all.filter((s) => !s.forwardSecrecy);
  if (static_.length) {
    // Only a fallback when, wherever such a suite is accepted, the server chooses and puts
    // a forward-secret suite first.
    const fallback = found
      .filter((a) => a.suites.some((s) => !s.forwardSecrecy))
      .every((a) => a.order === 'server' && a.suites[0]?.forwardSecrecy);
    out.push({
      id: 'tls.no-forward-secrecy',
      event: index,
      vars: { suites: listed(static_), versions: versionsOf(found, (s) => !s.forwardSecrecy) },
      ...(fallback ? { variant: 'fallback' } : {}),
    });
  }
  const tls12 = found.find((a) => a.version === 'TLSv1.2');
  if (tls12?.suites.length && !tls12.suites.some((s) => s.aead)) {
    const tls13 = found.some((a) => a.version === 'TLSv1.3' && a.suites.length);
    out.push({
      id: 'tls.cbc-only',
      event: index,
      vars: {
        suites: listed(tls12.suites),
        tls13: tls13 ? ' TLS 1.3 is accepted too, so clients that speak it are not affected.' : '',
      },
    });
  }
  const small = dhBits(where).filter((b) => b < 2048);
  if (small.length) out.push({ id: 'tls.weak-dh', event: index, vars: { bits: String(Math.min(...small)) } });
  return out;
};
