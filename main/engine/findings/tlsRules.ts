import type { NoteCode } from '../../../shared/noteCodes';
import { isIP } from '../ipLiteral';
import { shortName } from '../../../shared/knowledge/tlsVerdict';
import type { CertInfo, ChainProblem, NoteEvent, Severity, Target, TlsInfo } from '../../../shared/transcript';
import { diagnoseHandshake, versionLabel, type HandshakeFailureKind } from '../tls/handshakeFailure';
import type { EventIndex } from './eventIndex';
import type { IndexedInput, RawFinding, Rule } from './rule';

const DAY = 86_400_000;

/** "3 days", "1 day", "5 hours" */
export function humanSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) {
    const days = Math.floor(abs / DAY);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  const hours = Math.max(1, Math.floor(abs / 3_600_000));
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

type Finding = Omit<RawFinding, 'event'>;

/** A name to suggest when the user connected by IP: the certificate's first plain DNS name. */
function suggestedName(names: string[]): string {
  const dns = names.filter((n) => !isIP(n));
  return dns.find((n) => !n.startsWith('*.')) ?? dns[0]?.replace(/^\*\./, 'mail.') ?? 'mail.example.com';
}

function hostnameFinding(
  p: Extract<ChainProblem, { kind: 'hostname' }>,
  leaf: CertInfo | undefined,
  target: Target,
): Finding {
  const vars = {
    checkedName: p.checkedName,
    certNames: p.names.join(', ') || '(none)',
    subject: leaf?.subject ?? '',
    suggestedName: suggestedName(p.names),
    port: String(target.port),
  };
  // RFC 6125 §6: the reference identity is the name the client set out to reach. By IP that
  // is an address, which mail certificates rarely hold; say which name clients really use.
  if (isIP(p.checkedName)) return { id: 'tls.hostname-mismatch', vars, variant: target.port === 25 ? 'ip-mx' : 'ip' };
  return { id: 'tls.hostname-mismatch', vars, ...(target.servername ? { variant: 'servername' } : {}) };
}

/** The findings one chain problem gives. `chain` is every certificate the indexes point into. */
function problemFinding(
  p: ChainProblem,
  chain: CertInfo[],
  sentCount: number,
  target: Target,
  now: number,
): Finding | null {
  const cert = 'index' in p ? chain[p.index] : undefined;
  const subject = cert?.subject ?? '';
  const named = { subject, subjectName: shortName(subject) };
  const intermediate = 'index' in p && p.index > 0 && p.index < sentCount ? { variant: 'intermediate' } : {};
  switch (p.kind) {
    case 'incomplete':
      return {
        id: 'tls.chain-incomplete',
        vars: {
          ...named,
          missingIssuer: p.missingIssuer,
          missingIssuerName: shortName(p.missingIssuer),
          aiaUrl: p.aiaUrl ?? '',
        },
        // The local store had the intermediate: this client verifies, others will not.
        ...(p.completedByStore ? { severity: 'warning' as Severity, variant: 'store-completed' } : {}),
      };
    case 'hostname':
      return hostnameFinding(p, chain[0], target);
    case 'expired':
      return {
        id: 'tls.cert-expired',
        vars: {
          ...named,
          notAfter: cert?.notAfter.slice(0, 10) ?? '',
          ago: humanSpan(now - Date.parse(cert?.notAfter ?? '')),
        },
        ...intermediate,
      };
    case 'not-yet-valid':
      return {
        id: 'tls.cert-not-yet-valid',
        vars: {
          ...named,
          notBefore: cert?.notBefore.slice(0, 10) ?? '',
          ahead: humanSpan(Date.parse(cert?.notBefore ?? '') - now),
        },
      };
    case 'expiring-soon':
      return {
        id: 'tls.cert-expiring-soon',
        vars: {
          ...named,
          notAfter: cert?.notAfter.slice(0, 10) ?? '',
          ahead: humanSpan(Date.parse(cert?.notAfter ?? '') - now),
        },
      };
    case 'self-signed':
      return { id: 'tls.self-signed', vars: { ...named, certNames: cert?.san.join(', ') || shortName(subject) } };
    case 'untrusted-root':
      return {
        id: 'tls.untrusted-root',
        vars: {
          root: p.root,
          rootName: shortName(p.root),
          subject: chain[0]?.subject ?? '',
          top: chain[p.index]?.subject ?? '',
        },
        ...(p.notSent ? { variant: 'root-not-sent' } : {}),
      };
    case 'too-long':
      return {
        id: 'tls.untrusted-root',
        variant: 'too-long',
        vars: { root: '', rootName: '', subject: chain[0]?.subject ?? '', top: subject, limit: String(p.limit) },
      };
    case 'loop': {
      const back = chain[p.backTo]?.subject ?? '';
      return {
        id: 'tls.untrusted-root',
        variant: 'loop',
        vars: { root: back, rootName: shortName(back), subject: chain[0]?.subject ?? '', top: subject },
      };
    }
    case 'disagreement':
      return {
        id: 'tls.verification-disagreement',
        vars: {
          own: p.ownVerdict ? 'verified' : 'not verified',
          library: p.libraryCode === null ? 'verified' : `not verified (${p.libraryCode})`,
        },
      };
    case 'weak-key':
      return {
        id: 'tls.weak-key',
        vars: { ...named, keyType: cert?.keyType ?? '', keyBits: String(cert?.keyBits ?? '') },
      };
    case 'weak-signature':
      return { id: 'tls.weak-signature', vars: { ...named, sigAlg: cert?.sigAlg ?? '' } };
    case 'unused':
      return null;
  }
}

/**
 * With `--fetch-intermediate`, the download shows what the missing link really was: an
 * intermediate the server forgot (the chain then verifies), or a root nobody trusts (then the
 * problem is trust, not the server's chain file).
 */
function gapFinding(tls: TlsInfo, p: Extract<ChainProblem, { kind: 'incomplete' }>, base: Finding): Finding {
  const fetch = tls.aiaFetch;
  const completed = fetch?.completed;
  if (!fetch || !completed || p.completedByStore) return base;
  const chain = [...tls.sentChain, ...fetch.fetched, ...completed.storeAdded];
  const root = completed.problems.find((q) => q.kind === 'untrusted-root' && q.index >= tls.sentChain.length);
  if (root?.kind === 'untrusted-root') {
    return {
      id: 'tls.untrusted-root',
      variant: 'fetched',
      vars: {
        root: root.root,
        rootName: shortName(root.root),
        subject: chain[0]?.subject ?? '',
        aiaUrl: p.aiaUrl ?? '',
      },
    };
  }
  if (!completed.chainOk) return base;
  return { ...base, variant: 'fetched', vars: { ...base.vars, anchorName: shortName(completed.anchor ?? '') } };
}

/**
 * Port 25 between servers uses opportunistic TLS: a sending MTA delivers anyway when the
 * certificate is bad (RFC 7672 §1.3 describes why), so there it is a warning. For submission
 * (587, 465) the client must verify (RFC 8314 §5.1), so it is an error.
 */
function contextSeverity(port: number, severity: Severity | undefined): Severity | undefined {
  return port === 25 && (severity ?? 'error') === 'error' ? 'warning' : severity;
}

function notesWith(index: EventIndex, code: NoteCode): { note: NoteEvent; index: number }[] {
  return index.notesWith(code).map((i) => ({ note: index.events[i] as NoteEvent, index: i }));
}

function chainFindings(tls: TlsInfo, index: EventIndex, target: Target, now: number): RawFinding[] {
  const established = index.tlsEstablished;
  if (established === -1) return [];
  // The chain-incomplete verdict belongs after the download notes, which it refers to.
  const completedNote = index.firstNote('aia-completed')?.index ?? established;
  const chain = [...tls.sentChain, ...tls.verification.storeAdded];
  const found: RawFinding[] = [];
  for (const problem of tls.verification.problems) {
    let finding = problemFinding(problem, chain, tls.sentChain.length, target, now);
    if (!finding) continue;
    const gap = problem.kind === 'incomplete' && tls.aiaFetch?.completed && !problem.completedByStore;
    if (problem.kind === 'incomplete') finding = gapFinding(tls, problem, finding);
    const severity = contextSeverity(target.port, finding.severity);
    found.push({ ...finding, event: gap ? completedNote : established, ...(severity ? { severity } : {}) });
  }
  return found;
}

/** Variants the catalog words; other kinds use the general text with the reason filled in. */
const HANDSHAKE_VARIANTS = new Set<HandshakeFailureKind>([
  'not-tls',
  'version',
  'cipher',
  'sni',
  'client-cert',
  'server-error',
  'legacy-signature',
  'weak-dh',
  'reset',
]);

/** The last of `positions` before `index`, or -1. */
function lastBefore(positions: readonly number[], index: number): number {
  let found = -1;
  for (const p of positions) {
    if (p >= index) break;
    found = p;
  }
  return found;
}

function handshakeFindings({ events, index: where }: IndexedInput): RawFinding[] {
  const found: RawFinding[] = [];
  for (const index of where.errors) {
    const e = events[index];
    const start = lastBefore(where.tlsStarts, index);
    if (e.type !== 'error' || e.stage !== 'tls' || e.code === 'TIMEOUT' || start === -1) continue;
    const since = events.slice(start, index);
    const note = (code: NoteCode) => since.find((n): n is NoteEvent => n.type === 'note' && n.code === code);
    // These have findings of their own that say more (port.plaintext-not-tls, port.not-smtp).
    if (note('tls-got-plaintext') || note('tls-got-other-protocol')) continue;
    const alert = note('tls-alert')?.data?.description;
    const serverVersion = note('tls-server-version')?.data?.version ?? null;
    const diagnosis = diagnoseHandshake({
      code: e.code,
      message: e.message,
      alert: alert ? Number(alert) : null,
      serverVersion,
    });
    const textAfterStarttls = note('tls-got-plaintext-after-starttls');
    const kind = textAfterStarttls ? 'not-tls' : diagnosis.kind;
    const startEvent = events[start];
    const vars = {
      reason: diagnosis.words,
      library: diagnosis.library,
      servername: startEvent.type === 'tls-start' ? (startEvent.servername ?? '') : '',
      serverVersion: serverVersion ? versionLabel(serverVersion) : '',
      firstBytes: textAfterStarttls?.data?.preview ?? '',
    };
    const variant = textAfterStarttls ? 'starttls-text' : HANDSHAKE_VARIANTS.has(kind) ? kind : undefined;
    found.push({ id: 'tls.handshake-failed', event: index, vars, ...(variant ? { variant } : {}) });
  }
  return found;
}

const LEGACY_VERSIONS = ['TLSv1', 'TLSv1.1'];

/** `--tls-versions` results and what a TLS hello revealed about the port. */
function noteFindings(index: EventIndex): RawFinding[] {
  const found: RawFinding[] = [];
  const legacy = notesWith(index, 'tls-version').filter(
    ({ note }) => note.data?.result === 'accepted' && LEGACY_VERSIONS.includes(note.data.version ?? ''),
  );
  if (legacy.length) {
    const summary = index.firstNote('tls-versions')?.index ?? legacy[0].index;
    const versions = legacy.map(({ note }) => versionLabel(note.data?.version ?? ''));
    found.push({ id: 'tls.weak-protocol', event: summary, vars: { versions: versions.join(' and ') } });
  }
  for (const { note, index: at } of notesWith(index, 'tls-got-other-protocol')) {
    found.push({
      id: 'port.not-smtp',
      event: at,
      variant: 'answered-hello',
      vars: { protocol: note.data?.protocol ?? '', firstLine: note.data?.firstLine ?? '' },
    });
  }
  return found;
}

export const tlsRules: Rule = (input) => [
  ...(input.tls ? chainFindings(input.tls, input.index, input.target, Date.parse(input.startedAt)) : []),
  ...handshakeFindings(input),
  ...noteFindings(input.index),
];
