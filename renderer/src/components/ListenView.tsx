import { type FormEvent, useEffect, useState } from 'react';
import type { ListenRequest, ListenStatus } from '../../../shared/ipc';
import type { Transcript } from '../../../shared/transcript';
import { api } from '../bridge/api';
import { UntrustedText } from './UntrustedText';

interface Props {
  /** Open a client session in the Transcript tab (read-only, as a saved session). */
  onOpenTranscript(t: Transcript): void;
}

const TLS_LABEL: Record<ListenRequest['tls'], string> = {
  starttls: 'STARTTLS (the device says "STARTTLS" or "TLS")',
  implicit: 'TLS from the first byte (the device says "SSL/TLS")',
  none: 'none (the device says "None")',
};

const TLS_CHOICES: [ListenRequest['tls'], string][] = [
  ['starttls', 'STARTTLS'],
  ['implicit', 'Implicit TLS (465-style)'],
  ['none', 'None'],
];
const AUTH_CHOICES: [ListenRequest['auth'], string][] = [
  ['optional', 'optional (any login accepted)'],
  ['required', 'required (any login accepted)'],
  ['none', 'not offered'],
];
const BEHAVE_CHOICES: [ListenRequest['behave'], string][] = [
  ['lenient', 'lenient: take any client'],
  ['strict', 'strict: TLS 1.2+, STARTTLS first'],
];

/** One setting of the listener, as a labelled drop-down. */
function Choice<T extends string>(p: {
  label: string;
  id: string;
  value: T;
  onChange(value: T): void;
  disabled: boolean;
  options: [T, string][];
}) {
  return (
    <label>
      {p.label}
      <select
        data-testid={`listen-${p.id}`}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value as T)}
        disabled={p.disabled}
      >
        {p.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Sessions kept in the list, newest first; History keeps them all. */
const MAX_SHOWN = 200;

/** One line of a client session: who, what TLS it offered, and how many findings. */
function SessionRow({ t, onOpen }: { t: Transcript; onOpen(): void }) {
  const hello = t.events.find((e) => e.type === 'note' && e.code === 'client-hello');
  const offered = hello?.type === 'note' ? (hello.data?.newest ?? '') : '';
  const ehlo = t.events.find((e) => e.type === 'send' && /^(EHLO|HELO) /i.test(e.line));
  const errors = t.findings.filter((f) => f.severity === 'error').length;
  const warnings = t.findings.filter((f) => f.severity === 'warning').length;
  return (
    <tr data-testid="listen-session" className={errors ? 'bad' : warnings ? 'warn' : 'ok'}>
      <td>{new Date(t.startedAt).toLocaleTimeString()}</td>
      <td>
        <button type="button" className="link" data-testid="listen-open" onClick={onOpen}>
          <UntrustedText text={t.client ? `${t.client.address}:${t.client.port}` : 'client'} />
        </button>
      </td>
      <td>
        <UntrustedText text={ehlo?.type === 'send' ? ehlo.line : '(no EHLO)'} />
      </td>
      <td>{offered ? `offers ${offered}` : 'no TLS'}</td>
      <td>
        {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
        {t.findings.length > 0 && (
          <span className="muted">
            {' '}
            · <UntrustedText text={t.findings[0].title} />
          </span>
        )}
      </td>
    </tr>
  );
}

export function ListenView({ onOpenTranscript }: Props) {
  const [port, setPort] = useState('2525');
  const [tls, setTls] = useState<ListenRequest['tls']>('starttls');
  const [auth, setAuth] = useState<ListenRequest['auth']>('optional');
  const [behave, setBehave] = useState<ListenRequest['behave']>('lenient');
  const [status, setStatus] = useState<ListenStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sessions, setSessions] = useState<Transcript[]>([]);

  useEffect(
    () => api.onListenSession(({ transcript }) => setSessions((s) => [transcript, ...s].slice(0, MAX_SHOWN))),
    [],
  );

  const start = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      return setProblem('The port is a number from 1 to 65535 (2525 by default).');
    setProblem(null);
    const r = await api.listenStart({ port: n, tls, auth, behave });
    if (!r.ok) return setProblem(r.message);
    setStatus(r.value);
  };
  const stop = async () => {
    const r = await api.listenStop();
    if (r.ok) setStatus(r.value);
  };
  const running = Boolean(status?.running);

  return (
    <div className="sweep listen" data-testid="listen-view">
      <form className="sweep-controls" onSubmit={start} aria-label="Listen for a client">
        <label className="narrow">
          Port
          <input
            data-testid="listen-port"
            value={port}
            onChange={(e) => setPort(e.target.value)}
            inputMode="numeric"
            disabled={running}
          />
        </label>
        <Choice<ListenRequest['tls']>
          label="TLS"
          id="tls"
          value={tls}
          onChange={setTls}
          disabled={running}
          options={TLS_CHOICES}
        />
        <Choice<ListenRequest['auth']>
          label="AUTH"
          id="auth"
          value={auth}
          onChange={setAuth}
          disabled={running}
          options={AUTH_CHOICES}
        />
        <Choice<ListenRequest['behave']>
          label="Behave"
          id="behave"
          value={behave}
          onChange={setBehave}
          disabled={running}
          options={BEHAVE_CHOICES}
        />
        {running ? (
          <button type="button" data-testid="listen-stop" onClick={() => void stop()}>
            Stop
          </button>
        ) : (
          <button type="submit" className="primary" data-testid="listen-start">
            Start listening
          </button>
        )}
      </form>
      {problem && (
        <p className="error-banner" role="alert">
          <UntrustedText text={problem} />
        </p>
      )}
      {running && status && (
        <p className="recommendation" role="status" data-testid="listen-status">
          Listening on {status.host}:{status.port} ({status.behave}). Set the device or the client to: server{' '}
          <strong>{status.host}</strong>, port <strong>{status.port}</strong>, security {TLS_LABEL[status.tls]}
          {status.auth !== 'none' ? ', any user name and password' : ''}. Nothing it sends is relayed.
        </p>
      )}
      {sessions.length > 0 ? (
        <table className="history-list listen-sessions" aria-label="Client sessions">
          <thead>
            <tr>
              <th>Time</th>
              <th>Client</th>
              <th>EHLO</th>
              <th>TLS offered</th>
              <th>Findings</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((t) => (
              <SessionRow key={`${t.startedAt}-${t.client?.port}`} t={t} onOpen={() => onOpenTranscript(t)} />
            ))}
          </tbody>
        </table>
      ) : (
        <div className="empty-state">
          {running && (
            <p role="status" data-testid="listen-waiting">
              <span className="spinner" aria-hidden="true" /> Waiting for a client: its session appears here as soon as
              it ends.
            </p>
          )}
          <h2>What does the device really send?</h2>
          <p>
            Start listening, and point the scanner, the printer, the application or the mail client at this machine.
            SMTP Lens plays the server: it reads the client's TLS offer before the handshake (versions, cipher suites,
            SNI, JA4), records every command, and explains what a real server would make of it, Microsoft 365 and Gmail
            included. Nothing it receives is relayed.
          </p>
        </div>
      )}
    </div>
  );
}
