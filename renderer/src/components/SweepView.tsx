import { useEffect, useState } from 'react';
import type { LabStatus, SweepRequest } from '../../../shared/ipc';
import { DEFAULT_SWEEP_PORTS, type SweepCell, type SweepResult, type SweepRow } from '../../../shared/sweep';
import type { Transcript } from '../../../shared/transcript';
import { api } from '../bridge/api';
import { UntrustedText, untrustedAttr } from './UntrustedText';

interface Props {
  /** The form's host and TLS settings; null when the form has no host yet. */
  target: () => Omit<SweepRequest, 'ports'> | null;
  lab: LabStatus | null;
  /** Open one port's whole session (a row click). */
  onOpenTranscript(t: Transcript): void;
}

function parsePorts(text: string): number[] | null {
  const ports = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);
  if (!ports.length || ports.length > 32 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) return null;
  return [...new Set(ports)];
}

/** A cell that explains itself on hover. */
function Cell({ cell, className = '' }: { cell: SweepCell<string>; className?: string }) {
  return (
    <td className={`${className} v-${cell.value}`} title={untrustedAttr(cell.hint)}>
      <UntrustedText text={cell.label} />
    </td>
  );
}

function Row({ row, onOpen }: { row: SweepRow; onOpen(): void }) {
  const worst = row.findings[0]?.severity;
  return (
    <tr
      data-testid="sweep-row"
      data-port={row.port}
      className={worst ? `has-${worst}` : ''}
      onClick={onOpen}
      title="Open this port's whole session"
    >
      <th scope="row">{row.port}</th>
      <Cell cell={row.reach} />
      <Cell cell={row.speaks} />
      <Cell cell={row.starttls} />
      <Cell cell={row.authBeforeTls} />
      <Cell cell={row.authAfterTls} />
      <Cell cell={row.tls} />
      <Cell cell={row.certificate} />
      <td>
        {row.findings.length === 0 ? (
          '—'
        ) : (
          <div className="cell-badges">
            {row.findings.map((f) => (
              <span key={f.id} className={`badge ${f.severity}`} title={untrustedAttr(f.title)}>
                {f.id}
              </span>
            ))}
          </div>
        )}
      </td>
    </tr>
  );
}

/**
 * "Which port should I use?": every mail port of the host probed at once (never sending
 * mail or credentials), one row per port, and a recommendation in words above the grid.
 */
export function SweepView({ target, lab, onOpenTranscript }: Props) {
  const [portsText, setPortsText] = useState(DEFAULT_SWEEP_PORTS.join(', '));
  const [rows, setRows] = useState<SweepRow[]>([]);
  const [result, setResult] = useState<SweepResult | null>(null);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(
    () => api.onSweepRow(({ row }) => setRows((prev) => [...prev.filter((r) => r.port !== row.port), row])),
    [],
  );

  const start = async () => {
    const base = target();
    const ports = parsePorts(portsText);
    if (!base) return setProblem('Enter a host in the form first.');
    if (!ports) return setProblem('List up to 32 ports, separated by commas, e.g. 25, 465, 587, 2525.');
    setProblem(null);
    setRows([]);
    setResult(null);
    setRunning(true);
    const r = await api.sweep({ ...base, ports });
    setRunning(false);
    if (!r.ok) return setProblem(r.message);
    setResult(r.value);
    setRows(r.value.rows);
  };

  const order = result?.ports ?? parsePorts(portsText) ?? [];
  const shown = [...rows].sort((a, b) => order.indexOf(a.port) - order.indexOf(b.port));
  return (
    <div className="sweep">
      <div className="sweep-controls">
        <label>
          Ports
          <input
            data-testid="sweep-ports"
            value={portsText}
            onChange={(e) => setPortsText(e.target.value)}
            spellCheck={false}
          />
        </label>
        {lab && (
          <button
            type="button"
            onClick={() => setPortsText(lab.scenarios.map((s) => s.port).join(', '))}
            title="Every scenario of the built-in practice server"
          >
            Practice server's ports
          </button>
        )}
        <button type="button" className="primary" data-testid="sweep-run" onClick={start} disabled={running}>
          {running ? 'Sweeping…' : 'Sweep'}
        </button>
        <span className="muted">Connects to each port, says EHLO and tries TLS. Never sends mail or a password.</span>
      </div>
      {problem && (
        <p className="error-banner" role="alert">
          {problem}
        </p>
      )}
      {result && (
        <div className="recommendation" data-testid="sweep-recommendation">
          <strong>
            <UntrustedText text={result.recommendation.headline} />
          </strong>
          {result.recommendation.details.map((d, i) => (
            <p key={i}>{d}</p>
          ))}
        </div>
      )}
      {(shown.length > 0 || running) && (
        <table className="sweep-grid" data-testid="sweep-grid">
          <thead>
            <tr>
              <th>Port</th>
              <th title="Did the TCP connection open, and how fast">Reachable</th>
              <th title="What the port actually speaks, detected (not assumed from the number)">Speaks</th>
              <th title="Does the first EHLO offer STARTTLS (RFC 3207)">STARTTLS</th>
              <th title="AUTH mechanisms offered before encryption: a password sent there can be read">
                AUTH before TLS
              </th>
              <th title="AUTH mechanisms offered inside TLS">AUTH after TLS</th>
              <th title="The TLS version negotiated">TLS</th>
              <th title="Whether the certificate verifies for the name">Certificate</th>
              <th>Findings</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <Row key={row.port} row={row} onOpen={() => onOpenTranscript(row.transcript)} />
            ))}
            {running && shown.length < order.length && (
              <tr className="pending">
                <td colSpan={9}>
                  <span className="spinner" aria-hidden="true" /> Waiting for {order.length - shown.length} more
                  port(s)…
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {result && result.patterns.length > 0 && (
        <section className="patterns" data-testid="sweep-patterns">
          <h3>Worth knowing</h3>
          <ul>
            {result.patterns.map((p) => (
              <li key={p.id} className={p.severity}>
                <strong>{p.title}</strong> ({p.ports.join(', ')}) — <UntrustedText text={p.text} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {!result && !running && shown.length === 0 && (
        <div className="empty-state">
          <h2>Which port should I use?</h2>
          <p>
            Sweep probes every mail port of the host in the form at the same time: 25 (server-to-server), 587
            (submission with STARTTLS), 465 (submission with TLS from the first byte, recommended by RFC 8314) and 2525
            (a provider alternative), and says which to use and why.
          </p>
        </div>
      )}
    </div>
  );
}
