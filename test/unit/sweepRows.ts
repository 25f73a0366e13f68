// Sweep rows described in a line, for the pure parts of the sweep (patterns, recommendation,
// text). Real rows come from real sessions in test/integration/sweep*.test.ts; these exist
// so ports a test cannot bind on loopback (25, 465, 587) can be reasoned about.
import { portUseCell } from '../../main/engine/sweep/portReport';
import type { AuthState, Reachability, Speaks, SweepRow } from '../../shared/sweep';
import type { ChainProblem, Transcript } from '../../shared/transcript';

export interface RowSpec {
  port: number;
  reach?: Reachability;
  /** Default: plaintext SMTP when connected. */
  speaks?: Speaks;
  starttls?: boolean;
  authBefore?: string[];
  authAfter?: string[];
  /** Default: STARTTLS when offered, implicit for `implicit-tls`. */
  tls?: 'starttls' | 'implicit' | 'failed' | null;
  /** Certificate problems; [] means verified. */
  cert?: ChainProblem['kind'][];
  fingerprint?: string;
  subject?: string;
  bannerCode?: number;
}

/** The labels the real cells use, so text layout tests see realistic widths. */
const LABELS: Record<string, string> = {
  'plaintext-smtp': 'SMTP',
  'implicit-tls': 'implicit TLS',
  nothing: '—',
  offered: 'offered',
  'not-offered': 'no',
  'not-applicable': 'n/a (TLS)',
  unknown: '—',
  none: 'none',
  established: 'TLS 1.3',
  failed: 'failed',
};
const cell = <V extends string>(value: V, label = LABELS[value] ?? value) => ({
  value,
  label,
  hint: `${label} (test)`,
});

function auth(list: string[] | undefined, applicable: boolean): SweepRow['authBeforeTls'] {
  if (!applicable) return { ...cell<AuthState>('not-applicable'), mechanisms: [] };
  if (list === undefined) return { ...cell<AuthState>('unknown', '—'), mechanisms: [] };
  return {
    ...cell<AuthState>(list.length ? 'offered' : 'none', list.length ? list.join(' ') : 'none'),
    mechanisms: list,
  };
}

export function row(spec: RowSpec): SweepRow {
  const reach = spec.reach ?? 'connected';
  const connected = reach === 'connected';
  const speaks = spec.speaks ?? (connected ? 'plaintext-smtp' : 'nothing');
  const implicit = speaks === 'implicit-tls';
  const smtp = speaks === 'plaintext-smtp' || implicit;
  const tlsMode = spec.tls !== undefined ? spec.tls : implicit ? 'implicit' : smtp && spec.starttls ? 'starttls' : null;
  const tlsUp = tlsMode === 'starttls' || tlsMode === 'implicit';
  const problems = spec.cert ?? [];
  const parts = {
    reach: { ...cell(reach, reach === 'connected' ? 'yes, 1 ms' : reach), connectMs: connected ? 1 : null, code: null },
    speaks: { ...cell(speaks), protocol: null },
    banner: smtp
      ? { code: spec.bannerCode ?? 220, lines: [`${spec.bannerCode ?? 220} test`], text: 'test', waitedMs: 1 }
      : null,
    ehlo: {
      beforeTls:
        smtp && !implicit
          ? [
              ...(spec.starttls ? ['STARTTLS'] : []),
              ...(spec.authBefore?.length ? [`AUTH ${spec.authBefore.join(' ')}`] : []),
            ]
          : null,
      afterTls: tlsUp ? (spec.authAfter?.length ? [`AUTH ${spec.authAfter.join(' ')}`] : []) : null,
    },
    starttls: cell(implicit ? 'not-applicable' : !smtp ? 'unknown' : spec.starttls ? 'offered' : 'not-offered'),
    authBeforeTls: auth(smtp ? (spec.authBefore ?? []) : undefined, !implicit),
    authAfterTls: auth(tlsUp ? (spec.authAfter ?? []) : undefined, true),
    tls: {
      ...cell(
        tlsUp ? 'established' : tlsMode === 'failed' ? 'failed' : 'none',
        tlsUp ? 'TLS 1.3' : tlsMode === 'failed' ? 'failed' : '—',
      ),
      mode: tlsUp ? tlsMode : null,
      protocol: tlsUp ? 'TLSv1.3' : null,
      cipher: null,
      group: null,
    } as SweepRow['tls'],
    certificate: tlsUp
      ? {
          ...cell(problems.length ? 'not-verified' : 'verified', problems.length ? problems[0] : 'verified'),
          problems,
          leaf: {
            subject: spec.subject ?? 'mail.example.com',
            issuer: 'Test CA',
            san: [],
            notAfter: '',
            fingerprint256: spec.fingerprint ?? 'AA:BB:CC:DD:EE',
          },
          chain: null,
        }
      : { ...cell('none', '—'), problems: [], leaf: null, chain: null },
  } as Omit<SweepRow, 'use' | 'findings' | 'durationMs' | 'transcript' | 'port' | 'address'>;
  return {
    port: spec.port,
    address: '192.0.2.1',
    ...parts,
    findings: [],
    use: portUseCell(parts),
    durationMs: 1,
    transcript: {} as Transcript,
  };
}

/** A typical well-run mail host: MX on 25 (STARTTLS, no AUTH), 465 implicit TLS, 587 STARTTLS. */
export function typicalHost(): SweepRow[] {
  return [
    row({ port: 25, starttls: true, authAfter: [] }),
    row({ port: 465, speaks: 'implicit-tls', authAfter: ['PLAIN', 'LOGIN'] }),
    row({ port: 587, starttls: true, authAfter: ['PLAIN', 'LOGIN'] }),
    row({ port: 2525, reach: 'refused' }),
  ];
}
