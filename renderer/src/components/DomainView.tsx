import { type FormEvent, useEffect, useState } from 'react';
import { APP_VERSION } from '../../../shared/appInfo';
import type { DomainCheckResult, DomainRequest } from '../../../shared/ipc';
import { type DomainReport, deliversOverVerifiedTls } from '../../../shared/domain';
import { EXPORT_FORMATS, EXPORT_FORMAT_IDS, type ExportFormat } from '../../../shared/export';
import { exportDomain } from '../../../shared/export/domainExport';
import { type DomainSection, type Tone, domainDocument, probeSummary } from '../../../shared/export/domainSections';
import type { Transcript } from '../../../shared/transcript';
import { api } from '../bridge/api';
import { FindingBody, bySeverity } from './FindingsPanel';
import { download } from './TranscriptFiles';
import { UntrustedText } from './UntrustedText';

interface Props {
  /** The trust the connection form carries (its extra CA file, the practice CA), applied to
   * the MX hosts and to the MTA-STS policy host alike. */
  trust: () => Pick<DomainRequest, 'ca' | 'trustLabCa'> & { caName?: string };
  /** Open one MX's whole session in the Transcript tab. */
  onOpenTranscript(t: Transcript): void;
  /** A check asked for from elsewhere (Explain's "Check the domain"); `seq` repeats it. */
  asked?: DomainAsk | null;
}

export interface DomainAsk {
  target: string;
  senderDomain: string | null;
  seq: number;
}

const EXPORT_SHORT: Record<ExportFormat, string> = { text: 'Text', md: 'Markdown', json: 'JSON', html: 'HTML' };

const TONE_CLASS: Record<Tone, string> = { ok: 'tone-ok', warn: 'tone-warn', bad: 'tone-bad', plain: '' };

/** The tone of the verdict, as the CLI's exit code decides it. */
function verdictTone(r: DomainReport): Tone {
  if (deliversOverVerifiedTls(r)) return r.findings.some((f) => f.severity === 'error') ? 'warn' : 'ok';
  return 'bad';
}

/** The MX table: each host with its addresses and, when it was probed, the probe in a line;
 * the host opens that probe's transcript. */
function MxTable({
  section,
  report,
  onOpen,
}: {
  section: DomainSection;
  report: DomainReport;
  onOpen(i: number): void;
}) {
  const probed = report.probes.length > 0;
  return (
    <table className="sweep-grid domain-grid" data-testid="domain-mx">
      <caption>
        <UntrustedText text={section.heading} />
        {probed && (
          <span className="muted">
            {' '}
            · each probed on port {report.port}: STARTTLS, stopping after TLS, no mail sent
          </span>
        )}
      </caption>
      <thead>
        <tr>
          {section.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          {probed && <th scope="col">Probe</th>}
        </tr>
      </thead>
      <tbody>
        {section.rows.map((row, i) => {
          const probe = row.probe === undefined ? null : report.probes[row.probe];
          const summary = probe ? probeSummary(probe.transcript) : null;
          return (
            <tr key={i} data-testid="domain-mx-row" className={TONE_CLASS[summary?.tone ?? row.tone]}>
              {row.cells.map((cell, c) =>
                c === 1 && probe ? (
                  <td key={c}>
                    <button
                      type="button"
                      className="link"
                      data-testid="domain-open-probe"
                      onClick={() => onOpen(row.probe as number)}
                      title="Open this MX's whole session in the Transcript tab"
                    >
                      <UntrustedText text={cell} />
                    </button>
                  </td>
                ) : (
                  <td key={c}>
                    <UntrustedText text={cell} />
                  </td>
                ),
              )}
              {probed && (
                <td className={summary ? TONE_CLASS[summary.tone] : ''}>
                  {summary ? <UntrustedText text={summary.text} /> : 'not probed'}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A policy card: MTA-STS, DANE, TLS-RPT or the sender, its summary line and its rows. */
function PolicyCard({ section }: { section: DomainSection }) {
  return (
    <section className="domain-card" data-testid={`domain-card-${section.id}`} aria-label={section.heading}>
      <h3>
        <UntrustedText text={section.heading} />
      </h3>
      {section.summary && (
        <p className={TONE_CLASS[section.summary.tone]}>
          <UntrustedText text={section.summary.text} />
        </p>
      )}
      {section.rows.length > 0 && (
        <ul>
          {section.rows.map((row, i) => (
            <li key={i} className={TONE_CLASS[row.tone]}>
              <UntrustedText text={row.cells.join(': ')} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Report({ result, onOpenTranscript }: { result: DomainCheckResult; onOpenTranscript(t: Transcript): void }) {
  const { report } = result;
  const doc = domainDocument(report);
  const mx = doc.sections.find((s) => s.id === 'mx');
  const cards = doc.sections.filter((s) => s.id !== 'mx' && s.id !== 'probes');
  const save = (format: ExportFormat) => {
    const file = exportDomain(report, format, { version: APP_VERSION });
    download(file.fileName, file.mimeType, file.content);
  };
  return (
    <>
      <div className={`recommendation ${TONE_CLASS[verdictTone(report)]}`} data-testid="domain-verdict" role="status">
        <strong>
          <UntrustedText text={doc.verdict} />
        </strong>
        <p className="muted">
          <UntrustedText text={doc.dns} />
        </p>
      </div>
      <div className="domain-actions">
        <span className="muted">Export:</span>
        {EXPORT_FORMAT_IDS.map((f) => (
          <button
            key={f}
            type="button"
            data-testid={`domain-export-${f}`}
            onClick={() => save(f)}
            title={f === 'json' ? 'JSON (smtp-lens/domain@1)' : EXPORT_FORMATS[f].label}
          >
            {EXPORT_SHORT[f]}
          </button>
        ))}
        <span className="muted" data-testid="domain-history">
          {result.historyProblem ??
            (result.savedToHistory
              ? `${result.savedToHistory} probe${result.savedToHistory === 1 ? '' : 's'} saved to History.`
              : '')}
        </span>
      </div>
      {mx && <MxTable section={mx} report={report} onOpen={(i) => onOpenTranscript(report.probes[i].transcript)} />}
      <div className="domain-cards">
        {cards.map((s) => (
          <PolicyCard key={s.id} section={s} />
        ))}
      </div>
      <section className="findings domain-findings" aria-label="Domain findings" data-testid="domain-findings">
        <h3>Findings about the domain</h3>
        {report.findings.length === 0 ? (
          <p className="muted">None: the MX set and the policies are as they should be.</p>
        ) : (
          <ol>
            {bySeverity(report.findings).map((f, i) => (
              <li key={`${f.id}-${i}`}>
                <article className={`finding ${f.severity}`} data-finding-id={f.id}>
                  <FindingBody finding={f} />
                </article>
              </li>
            ))}
          </ol>
        )}
        {report.probes.length > 0 && (
          <p className="muted">Each probe's own findings are in its transcript: open it from the MX table.</p>
        )}
      </section>
    </>
  );
}

/** A text field for a name or an address: no spell check, its placeholder as children. */
function NameField(p: {
  label: string;
  id: string;
  value: string;
  onChange(value: string): void;
  required?: boolean;
  children: string;
}) {
  return (
    <label>
      {p.label}
      <input
        data-testid={`domain-${p.id}`}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        placeholder={p.children}
        spellCheck={false}
        required={p.required}
      />
    </label>
  );
}

/**
 * "Mail to bob@example.com is not arriving": the domain as a sending MTA sees it. Its MX set
 * in order, one probe of each, and its MTA-STS, DANE and TLS-RPT checked against the
 * certificates those hosts really present.
 */
export function DomainView({ trust, onOpenTranscript, asked }: Props) {
  const [target, setTarget] = useState('');
  const [resolver, setResolver] = useState('');
  const [port, setPort] = useState('25');
  const [probe, setProbe] = useState(true);
  const [sender, setSender] = useState('');
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<DomainCheckResult | null>(null);
  const trusted = trust();

  const check = async (targetText: string, senderText: string) => {
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535)
      return setProblem('The port is a number from 1 to 65535 (25 for MX hosts).');
    const { caName: _, ...trustFields } = trust();
    setProblem(null);
    setRunning(true);
    const r = await api.checkDomain({
      target: targetText.trim(),
      resolvers: resolver.split(/[\s,]+/).filter(Boolean),
      port: portNumber,
      probe,
      ...(senderText.trim() ? { senderDomain: senderText.trim() } : {}),
      ...trustFields,
    });
    setRunning(false);
    if (!r.ok) return setProblem(r.message);
    setResult(r.value);
  };
  const start = (e: FormEvent) => {
    e.preventDefault();
    void check(target, sender);
  };
  // Once per request from elsewhere (its seq), with the fields filled as if typed.
  useEffect(() => {
    if (!asked) return;
    setTarget(asked.target);
    setSender(asked.senderDomain ?? '');
    void check(asked.target, asked.senderDomain ?? '');
  }, [asked?.seq]);

  return (
    <div className="sweep domain" data-testid="domain-view">
      <form className="sweep-controls" onSubmit={start} aria-label="Check a domain">
        <NameField label="Domain or address" id="target" value={target} onChange={setTarget} required>
          example.com or bob@example.com
        </NameField>
        <NameField label="DNS server" id="resolver" value={resolver} onChange={setResolver}>
          this machine's (or IP[:PORT])
        </NameField>
        <label className="narrow">
          MX port
          <input data-testid="domain-port" value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" />
        </label>
        <NameField label="Sender domain (SPF, DMARC)" id="sender" value={sender} onChange={setSender}>
          optional
        </NameField>
        <label className="inline">
          <input type="checkbox" checked={probe} onChange={(e) => setProbe(e.target.checked)} /> Probe each MX
        </label>
        <button type="submit" className="primary" data-testid="domain-run" disabled={running}>
          {running ? 'Checking…' : 'Check domain'}
        </button>
        {trusted.caName && (
          <span className="muted" data-testid="domain-ca">
            Also trusting <UntrustedText text={trusted.caName} /> (from the connection form)
          </span>
        )}
      </form>
      {problem && (
        <p className="error-banner" role="alert">
          <UntrustedText text={problem} />
        </p>
      )}
      {running && (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Looking up the MX set and the policies, then probing each MX…
        </p>
      )}
      {result && !running && <Report result={result} onOpenTranscript={onOpenTranscript} />}
      {!result && !running && (
        <div className="empty-state">
          <h2>Where does mail for a domain go, and would it arrive safely?</h2>
          <p>
            Type a domain or an address. SMTP Lens finds its MX hosts in the order a sending server tries them, probes
            each one (STARTTLS, stopping after TLS: no mail is sent), and checks the domain's MTA-STS, DANE and TLS-RPT
            against the certificates those hosts really present. Click an MX to see its whole session.
          </p>
        </div>
      )}
    </div>
  );
}
