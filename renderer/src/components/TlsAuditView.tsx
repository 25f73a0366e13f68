import { Fragment } from 'react';
import { suiteTraits, type SuiteTraits, WEAK_WORDS } from '../../../shared/knowledge/cipherSuiteTraits';
import {
  auditDhLine,
  auditGroupsLine,
  auditOrderLine,
  auditSummaryLine,
} from '../../../shared/knowledge/tlsAuditWords';
import { VERSION_LABELS } from '../../../shared/knowledge/tlsVerdict';
import { auditRefusal } from '../../../shared/tlsAuditGate';
import {
  TLS_VERSION_NAMES,
  type TlsAudit,
  type TlsVersionCheck,
  type TlsVersionName,
  type TranscriptEvent,
} from '../../../shared/transcript';
import type { SessionView } from '../state/sessionStore';
import { StopIcon, WarnIcon } from './icons';
import { UntrustedText } from './UntrustedText';

const ABOUT =
  'Offers every cipher suite alone, at every TLS version, each on a new connection to the same server, and reads only the server’s answer (no key is ever used): which suites it accepts, who chooses among them, which groups and DH sizes it takes.';

const RESULT_WORDS: Record<TlsVersionCheck['result'], string> = {
  accepted: 'Accepted',
  refused: 'Refused',
  'not-testable': 'Not testable here',
  inconclusive: 'Could not be tested',
};

/** TLS 1.0 and 1.1 are deprecated (RFC 8996): accepting them is a weakness, refusing them is not. */
const OUTDATED: readonly TlsVersionName[] = ['TLSv1', 'TLSv1.1'];

/** What is wrong with a suite, in words; empty when nothing is (RFC 9325 §4.1, §4.2). */
function weaknesses(t: SuiteTraits): string[] {
  const found: string[] = t.weak.map((w) => WEAK_WORDS[w]);
  if (t.anonymous) found.push('anonymous: no certificate');
  else if (!t.forwardSecrecy) found.push('no forward secrecy');
  return found;
}

function cipherMode(t: SuiteTraits): string {
  if (t.weak.includes('null')) return 'none (NULL)';
  if (t.aead) return 'AEAD';
  return t.weak.includes('rc4') ? 'stream (RC4)' : 'CBC';
}

/** An IANA name may break after each underscore, so a long one wraps in a narrow window; copied,
 * it is the name exactly. */
function SuiteName({ name }: { name: string }) {
  const parts = name.split('_');
  return (
    <code>
      {parts.map((part, i) => (
        <Fragment key={i}>
          <UntrustedText text={i < parts.length - 1 ? `${part}_` : part} />
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </code>
  );
}

function Weak({ children }: { children: string }) {
  return (
    <span className="weak-mark">
      <WarnIcon /> Weak: {children}
    </span>
  );
}

function VersionRows({ audit }: { audit: TlsAudit }) {
  return (
    <table className="audit-table" data-testid="tls-audit-versions">
      <caption>TLS versions, each offered with all its suites</caption>
      <thead>
        <tr>
          <th scope="col" className="col-version">
            Version
          </th>
          <th scope="col" className="col-result">
            Result
          </th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {TLS_VERSION_NAMES.map((version) => {
          const check = audit.versions[version]?.check;
          if (!check) return null;
          const outdated = check.result === 'accepted' && OUTDATED.includes(version);
          return (
            <tr key={version} className={outdated ? 'weak' : ''} data-testid={`tls-audit-version-${version}`}>
              <th scope="row">{VERSION_LABELS[version]}</th>
              <td className={`result-${check.result}`}>
                {outdated ? <Weak>accepted, outdated (RFC 8996)</Weak> : (RESULT_WORDS[check.result] ?? check.result)}
              </td>
              <td>
                <UntrustedText text={check.detail} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SuiteTable({ version, audit }: { version: TlsVersionName; audit: TlsAudit }) {
  const v = audit.versions[version];
  const asked = v.suites.length + v.refused + v.unanswered;
  const order = auditOrderLine(version, v);
  const ranked = v.order === 'server';
  return (
    <>
      <h4>
        {VERSION_LABELS[version]}: {v.suites.length} of {asked} suite{asked === 1 ? '' : 's'} accepted
        {v.unanswered > 0 && ` (${v.unanswered} without an answer)`}
      </h4>
      {order && (
        <p className="muted" data-testid={`tls-audit-order-${version}`}>
          <UntrustedText text={order} />
        </p>
      )}
      <table className="audit-table audit-suites" data-testid={`tls-audit-suites-${version}`}>
        <caption className="sr-only">
          Suites {VERSION_LABELS[version]} accepted{ranked ? ", in the server's order" : ''}
        </caption>
        <thead>
          <tr>
            {ranked && (
              <th scope="col" className="col-rank">
                Rank
              </th>
            )}
            <th scope="col" className="col-suite">
              Suite (IANA name)
            </th>
            <th scope="col" className="col-exchange">
              Key exchange
            </th>
            <th scope="col" className="col-cipher">
              Cipher
            </th>
            <th scope="col">Weakness</th>
          </tr>
        </thead>
        <tbody>
          {v.suites.map((name, i) => {
            const traits = suiteTraits(name);
            const weak = weaknesses(traits);
            return (
              <tr key={name} className={weak.length ? 'weak' : ''} data-testid="tls-audit-suite">
                {ranked && <td className="rank">{i + 1}</td>}
                <th scope="row">
                  <SuiteName name={name} />
                </th>
                <td>{traits.keyExchange}</td>
                <td>{cipherMode(traits)}</td>
                <td>{weak.length ? <Weak>{weak.join(', ')}</Weak> : <span className="muted">none known</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** Whether the last audit in these events was stopped by the user (main notes it after the audit). */
function stoppedByUser(events: readonly TranscriptEvent[]): boolean {
  const last = events.findLast(
    (e) => e.type === 'note' && (e.code === 'tls-audit-start' || e.code === 'tls-audit-stopped'),
  );
  return last?.type === 'note' && last.code === 'tls-audit-stopped';
}

/** The audit as the Certificates tab shows it: what was asked and what the server answered. */
function AuditResult({ audit, stopped }: { audit: TlsAudit; stopped: boolean }) {
  const accepted = TLS_VERSION_NAMES.filter((v) => audit.versions[v]?.suites.length);
  return (
    <div className="tls-audit-result" data-testid="tls-audit-result">
      {stopped && (
        <p className="tls-audit-summary incomplete" data-testid="tls-audit-stopped">
          Stopped by you before it finished: what it had not asked yet, or asked without an answer, is not known.
        </p>
      )}
      <p className={`tls-audit-summary${audit.complete ? '' : ' incomplete'}`} data-testid="tls-audit-summary">
        <UntrustedText text={auditSummaryLine(audit)} />
      </p>
      <VersionRows audit={audit} />
      {accepted.map((version) => (
        <SuiteTable key={version} version={version} audit={audit} />
      ))}
      {(audit.groups || audit.dhBits.length > 0) && <h4>Key exchange</h4>}
      {audit.groups && (
        <p data-testid="tls-audit-groups">
          <UntrustedText text={auditGroupsLine(audit.groups)} />
        </p>
      )}
      {audit.dhBits.length > 0 && (
        <p data-testid="tls-audit-dh" className={audit.dhBits.some((b) => b < 2048) ? 'weak' : ''}>
          {audit.dhBits.some((b) => b < 2048) && <Weak>a DH prime under 2048 bits</Weak>}{' '}
          <UntrustedText text={auditDhLine(audit.dhBits)} />
        </p>
      )}
      {audit.notTestable.length > 0 && (
        <>
          <h4>Not testable here</h4>
          <ul className="tls-audit-untestable" data-testid="tls-audit-not-testable">
            {audit.notTestable.map((line, i) => (
              <li key={i}>
                <UntrustedText text={line} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

interface Props {
  view: SessionView;
  onAudit(): void;
  onStop(): void;
}

/** The Certificates tab's TLS audit: the button for a live session, and the audit itself, from
 * this session or from the transcript that was opened. */
export function TlsAuditView({ view, onAudit, onStop }: Props) {
  const live = view.sessionId !== null && view.source !== 'file';
  const audit = view.tlsAudit;
  if (!live && !audit) return null;
  const running = view.auditing;
  const refusal = auditRefusal({
    finished: view.activity === 'idle' && (view.snapshot?.finished ?? false),
    tls: view.snapshot?.tls ?? null,
    events: view.events,
  });
  return (
    <section className="tls-audit" aria-labelledby="tls-audit-title" aria-busy={running} data-testid="tls-audit">
      <div className="tls-audit-head">
        <h3 id="tls-audit-title">TLS audit</h3>
        {live && (
          <button
            type="button"
            data-testid="tls-audit-run"
            className={running ? 'stop' : 'primary'}
            onClick={running ? onStop : onAudit}
            disabled={!running && refusal !== null}
            aria-describedby="tls-audit-about"
          >
            {running ? (
              <>
                <StopIcon /> Stop the TLS audit
              </>
            ) : (
              'TLS audit'
            )}
          </button>
        )}
      </div>
      <p id="tls-audit-about" className="muted">
        {live && refusal && !running ? refusal.message : ABOUT}
      </p>
      <div role="status" data-testid="tls-audit-status">
        {running && (
          <p className="progress">
            <span className="spinner" aria-hidden="true" /> Auditing TLS: each suite on a new connection, 8 at a time.
            This takes a few seconds, at most 30.
          </p>
        )}
      </div>
      {view.auditError && !running && (
        <p className="error-banner" role="alert" data-testid="tls-audit-error">
          <UntrustedText text={view.auditError} />
        </p>
      )}
      {audit && !running && <AuditResult audit={audit} stopped={stoppedByUser(view.events)} />}
    </section>
  );
}
