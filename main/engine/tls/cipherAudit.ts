// `--tls-audit`: which cipher suites the server accepts at each TLS version, who chooses among
// them, which key exchange groups it takes. Each question is one new connection and one
// hand-built ClientHello (helloBuilder.ts), answered by the ServerHello, which commits the
// server to a version and a suite (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3).
//
// Order of work: one hello per version with every suite of that version (is the version
// accepted at all?), then each suite alone at each accepted version, then the order test,
// then each group alone. At most `concurrency` connections at a time, and nothing new is asked
// once the time budget is spent: what was not asked is counted, never guessed.
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { suiteTraits } from '../../../shared/knowledge/cipherSuiteTraits';
import {
  TLS_VERSION_NAMES,
  type TlsAudit,
  type TlsAuditVersion,
  type TlsVersionCheck,
  type TlsVersionName,
} from '../../../shared/transcript';
import { mapBounded } from '../mapBounded';
import { TLS12_AND_EARLIER_SUITES, TLS13_SUITES } from './cipherSuiteTable';
import { versionLabel } from './handshakeFailure';
import { AUDIT_GROUPS, buildClientHello, type HelloSpec, X25519 } from './helloBuilder';
import { type HelloAnswer, sendHello } from './helloExchange';
import { groupName, versionName } from './tlsRecords';
import type { VersionTarget } from './versionProbe';

export interface AuditOptions {
  /** Connections at a time. Servers limit connections per client; 8 stays under Postfix's default. */
  concurrency?: number;
  /** No new question is asked after this many milliseconds. */
  budgetMs?: number;
  signal?: AbortSignal;
}

export const AUDIT_DEFAULTS = { concurrency: 8, budgetMs: 30_000 } as const;

const SUITE_NAMES = new Map<number, string>([...TLS13_SUITES, ...TLS12_AND_EARLIER_SUITES]);
const nameOf = (code: number) => SUITE_NAMES.get(code) ?? `0x${code.toString(16).padStart(4, '0')}`;

function candidates(version: TlsVersionName): number[] {
  if (version === 'TLSv1.3') return TLS13_SUITES.map(([code]) => code);
  return TLS12_AND_EARLIER_SUITES.filter(([, name]) => version === 'TLSv1.2' || !suiteTraits(name).tls12Only).map(
    ([code]) => code,
  );
}

/** Asks questions within the budget, and counts them. */
class Asker {
  connections = 0;
  skipped = 0;
  get stopped(): boolean {
    return this.signal.aborted;
  }
  private readonly deadline: number;
  private readonly share = generateKeyPairSync('x25519')
    .publicKey.export({ format: 'der', type: 'spki' })
    .subarray(-32);

  constructor(
    private readonly target: VersionTarget,
    private readonly signal: AbortSignal,
    budgetMs: number,
  ) {
    this.deadline = performance.now() + budgetMs;
  }

  /** null: not asked (budget spent or stopped). */
  async ask(
    spec: Omit<HelloSpec, 'servername' | 'groups'> & { groups?: readonly number[] },
  ): Promise<HelloAnswer | null> {
    if (this.signal.aborted || performance.now() > this.deadline) {
      this.skipped++;
      return null;
    }
    this.connections++;
    const keyShares = spec.keyShares ?? (spec.version === 'TLSv1.3' ? [{ group: X25519, key: this.share }] : []);
    const hello = buildClientHello({
      groups: AUDIT_GROUPS,
      ...spec,
      keyShares,
      servername: this.target.servername,
    });
    return sendHello(this.target, hello, nameOf, this.signal);
  }
}

/** The suite the server picked at `version`, if it picked one of `offered` there. */
function chosen(answer: HelloAnswer | null, version: TlsVersionName, offered: readonly number[]): number | null {
  if (answer?.kind !== 'hello') return null;
  const hello = answer.hello;
  return versionName(hello.version) === version && offered.includes(hello.cipherSuite) ? hello.cipherSuite : null;
}

function versionCheck(
  answer: HelloAnswer | null,
  version: TlsVersionName,
  offered: readonly number[],
): TlsVersionCheck {
  const label = versionLabel(version);
  if (!answer) return { result: 'inconclusive', detail: 'not asked: the time budget ran out' };
  switch (answer.kind) {
    case 'hello': {
      const suite = chosen(answer, version, offered);
      if (suite !== null)
        return {
          result: 'accepted',
          cipher: nameOf(suite),
          detail: `its pick from a hello offering all ${offered.length} ${label} suites`,
        };
      const got = versionName(answer.hello.version);
      return { result: 'refused', detail: `the server chose ${got ? versionLabel(got) : 'another version'} instead` };
    }
    case 'alert':
      return { result: 'refused', detail: `the server answered with the alert ${answer.alert}` };
    case 'closed':
      return { result: 'refused', detail: answer.detail };
    case 'failed':
      return { result: 'inconclusive', detail: answer.detail };
  }
}

/** Who picks among several suites: the server if it picks the same whichever comes first. */
async function orderOf(
  asker: Asker,
  version: TlsVersionName,
  accepted: number[],
): Promise<{ order: TlsAuditVersion['order']; ranked: number[] }> {
  const reversed = [...accepted].reverse();
  const [a, b] = await Promise.all([
    asker.ask({ version, suites: accepted }).then((x) => chosen(x, version, accepted)),
    asker.ask({ version, suites: reversed }).then((x) => chosen(x, version, accepted)),
  ]);
  if (a === null || b === null) return { order: 'unclear', ranked: accepted };
  if (a === accepted[0] && b === reversed[0]) return { order: 'client', ranked: accepted };
  if (a !== b) return { order: 'unclear', ranked: accepted };
  // The server's whole preference list: offer what is left, take its pick, repeat.
  const ranked = [a];
  let left = accepted.filter((c) => c !== a);
  while (left.length > 1) {
    const pick = chosen(await asker.ask({ version, suites: left }), version, left);
    if (pick === null) break;
    ranked.push(pick);
    left = left.filter((c) => c !== pick);
  }
  return { order: 'server', ranked: [...ranked, ...left] };
}

/** Each group alone, at TLS 1.3 (an empty key_share asks for a HelloRetryRequest naming the
 * group, RFC 8446 §4.1.4) or at TLS 1.2 with the accepted ECDHE suites (RFC 8422 §5.1). */
async function groupsOf(asker: Asker, versions: Record<TlsVersionName, TlsAuditVersion>, concurrency: number) {
  const tls13 = versions['TLSv1.3'].suites;
  const ecdhe12 = versions['TLSv1.2'].suites.filter((n) => /^TLS_ECDHE_/.test(n));
  const version: TlsVersionName | null = tls13.length ? 'TLSv1.3' : ecdhe12.length ? 'TLSv1.2' : null;
  if (!version) return null;
  const codeOf = new Map([...SUITE_NAMES].map(([code, name]) => [name, code]));
  const suites = (version === 'TLSv1.3' ? tls13 : ecdhe12).map((n) => codeOf.get(n) as number);
  const tried = version === 'TLSv1.3' ? AUDIT_GROUPS : AUDIT_GROUPS.filter((g) => g < 256 || g > 260);
  const results = await mapBounded(tried, concurrency, async (group) => {
    const answer = await asker.ask({ version, suites, groups: [group], keyShares: [] });
    if (answer?.kind !== 'hello' || chosen(answer, version, suites) === null) return { group, ok: false };
    const seen = version === 'TLSv1.3' ? answer.hello.group : (answer.keyExchange?.group ?? group);
    return { group, ok: seen === group };
  });
  return {
    version,
    accepted: results.filter((r) => r.ok).map((r) => groupName(r.group)),
    refused: results.filter((r) => !r.ok).map((r) => groupName(r.group)),
  };
}

export async function auditTls(target: VersionTarget, options: AuditOptions = {}): Promise<TlsAudit> {
  const started = performance.now();
  const concurrency = options.concurrency ?? AUDIT_DEFAULTS.concurrency;
  const asker = new Asker(
    target,
    options.signal ?? new AbortController().signal,
    options.budgetMs ?? AUDIT_DEFAULTS.budgetMs,
  );
  const gates = await mapBounded(TLS_VERSION_NAMES, concurrency, async (version) =>
    versionCheck(await asker.ask({ version, suites: candidates(version) }), version, candidates(version)),
  );
  const questions = TLS_VERSION_NAMES.flatMap((version, i) =>
    gates[i].result === 'accepted' ? candidates(version).map((suite) => ({ version, suite })) : [],
  );
  const answers = await mapBounded(questions, concurrency, async (q) => ({
    ...q,
    answer: await asker.ask({ version: q.version, suites: [q.suite] }),
  }));
  const dhBits = new Set<number>();
  const versions = {} as Record<TlsVersionName, TlsAuditVersion>;
  for (const [i, version] of TLS_VERSION_NAMES.entries()) {
    const mine = answers.filter((a) => a.version === version);
    const accepted = mine.filter((a) => chosen(a.answer, version, [a.suite]) !== null).map((a) => a.suite);
    for (const a of mine)
      if (a.answer?.kind === 'hello' && a.answer.keyExchange?.dhBits) dhBits.add(a.answer.keyExchange.dhBits);
    const unanswered = mine.filter((a) => !a.answer || a.answer.kind === 'failed').length;
    const ordered = accepted.length >= 2 ? await orderOf(asker, version, accepted) : null;
    versions[version] = {
      check: gates[i],
      suites: (ordered?.ranked ?? accepted).map(nameOf),
      refused: mine.length - accepted.length - unanswered,
      unanswered,
      ...(ordered ? { order: ordered.order } : {}),
    };
  }
  const groups = await groupsOf(asker, versions, concurrency);
  const notTestable = [
    'PSK, SRP and Kerberos suites: a server picks them only for a client that holds a pre-shared key or a password',
    'SSL 2.0 and 3.0: not asked (RFC 6176 and RFC 7568 forbid them)',
  ];
  const why = asker.stopped
    ? 'the audit was stopped'
    : `the time budget of ${Math.round((options.budgetMs ?? AUDIT_DEFAULTS.budgetMs) / 1000)} s ran out`;
  if (asker.skipped) notTestable.push(`${asker.skipped} questions were not asked: ${why}`);
  return {
    versions,
    groups,
    dhBits: [...dhBits].sort((x, y) => x - y),
    notTestable,
    connections: asker.connections,
    ms: Math.round(performance.now() - started),
    complete: asker.skipped === 0 && !asker.stopped,
  };
}
