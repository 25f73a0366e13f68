import type { ChangeEvent, ReactNode } from 'react';
import type { LabScenarioView } from '../../../shared/ipc';
import type { FlagOption } from '../../../shared/sessionRequest';
import { QUIT_AFTER, TLS_MODES, type TlsMode } from '../../../shared/transcript';
import { leaveScenario, PORT_PRESETS, toRequest, type FormState } from '../state/formState';
import { UntrustedText } from './UntrustedText';

interface Props {
  form: FormState;
  /** The practice scenario the form targets, to say what it simulates. */
  scenario?: LabScenarioView;
  onChange(form: FormState): void;
  disabled: boolean;
}

const TLS_LABELS: Record<TlsMode, string> = {
  none: 'none — plaintext only',
  starttls: 'STARTTLS — upgrade after EHLO',
  implicit: 'implicit — TLS from the first byte',
  auto: 'auto — detect',
};

/** One of the request's on/off switches (shared/sessionRequest.ts), as a checkbox. */
function Flag({
  form,
  onChange,
  name,
  testId,
  children,
}: {
  form: FormState;
  onChange(form: FormState): void;
  name: FlagOption;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        data-testid={testId}
        checked={form[name] ?? false}
        onChange={(e) => onChange({ ...form, [name]: e.target.checked })}
      />
      {children}
    </label>
  );
}

export function ConnectionForm({ form, scenario, onChange, disabled }: Props) {
  const set =
    <K extends keyof FormState>(key: K) =>
    (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      onChange({
        ...(key === 'host' || key === 'port' ? leaveScenario(form) : form),
        [key]: e.target.value,
      });
  const preset = PORT_PRESETS.find((p) => String(p.port) === form.port);
  // What the schema says about the recipients, under To, before Run is pressed.
  const check = toRequest(form);
  const toProblem = 'problem' in check && check.field === 'to' && form.to.trim() === '' ? check.problem : null;
  /** The field the schema refuses, once the user has put something in it: marked invalid and
   * described by the sentence under it, so a screen reader says both (WCAG 3.3.1). */
  const refused = (field: string, value: string) =>
    'problem' in check && check.field === field && value.trim() !== '' ? check.problem : null;
  const invalid = (field: string, value: string) =>
    refused(field, value) ? { 'aria-invalid': true as const, 'aria-describedby': `problem-${field}` } : {};
  const problemUnder = (field: string, value: string) => {
    const problem = refused(field, value);
    return problem ? (
      <p className="hint warn" id={`problem-${field}`} data-testid={`problem-${field}`}>
        {problem}
      </p>
    ) : null;
  };

  const readCa = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return onChange({ ...form, caPem: '', caName: '' });
    const text = await file.text();
    onChange({ ...form, caPem: text, caName: file.name });
  };

  return (
    <form className="connection-form" onSubmit={(e) => e.preventDefault()} aria-label="Connection">
      {scenario && (
        <div className="scenario-note" data-testid="scenario-note">
          <strong>Practice: {scenario.name}</strong>
          <p>{scenario.summary}</p>
          <details>
            <summary>What to notice</summary>
            <p>{scenario.notice}</p>
          </details>
        </div>
      )}
      <fieldset disabled={disabled}>
        <legend>Server</legend>
        <label>
          Host
          <input
            data-testid="target-host"
            value={form.host}
            onChange={set('host')}
            placeholder="mail.example.com"
            spellCheck={false}
            {...invalid('host', form.host)}
          />
        </label>
        {problemUnder('host', form.host)}
        <div className="row">
          <label className="port">
            Port
            <input
              data-testid="target-port"
              value={form.port}
              onChange={set('port')}
              inputMode="numeric"
              {...invalid('port', form.port)}
            />
          </label>
          <label className="grow">
            TLS
            <select data-testid="tls-mode" value={form.tls} onChange={set('tls')}>
              {TLS_MODES.map((m) => (
                <option key={m} value={m}>
                  {TLS_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {problemUnder('port', form.port)}
        <fieldset className="presets" aria-label="Common ports">
          {PORT_PRESETS.map((p) => (
            <button
              type="button"
              key={p.port}
              className={preset?.port === p.port ? 'preset active' : 'preset'}
              title={p.explanation}
              onClick={() => onChange({ ...form, port: String(p.port), tls: p.tls, scenario: '', portRole: null })}
            >
              {p.port}
            </button>
          ))}
        </fieldset>
        <p className="hint" data-testid="port-explanation">
          {preset
            ? `${preset.title}: ${preset.explanation}`
            : scenario
              ? 'The practice server listens on its own loopback ports, one per scenario.'
              : 'A custom port: choose the TLS mode the server expects, or "auto".'}
        </p>
        <details>
          <summary>EHLO name, TLS name, trusted CA</summary>
          <label>
            EHLO name
            <input
              value={form.ehlo}
              onChange={set('ehlo')}
              placeholder="this machine's name"
              spellCheck={false}
              {...invalid('ehlo', form.ehlo)}
            />
          </label>
          {problemUnder('ehlo', form.ehlo)}
          <label>
            Name to verify (SNI)
            <input
              data-testid="servername"
              value={form.servername}
              onChange={set('servername')}
              placeholder="same as host"
              spellCheck={false}
              {...invalid('servername', form.servername)}
            />
          </label>
          {problemUnder('servername', form.servername)}
          <label>
            Extra trusted CA (PEM)
            {/* Re-mounted when the loaded file changes, so the box never names a file the form dropped. */}
            <input key={form.caName} type="file" accept=".pem,.crt,.cer" onChange={readCa} data-testid="ca-file" />
          </label>
          {form.caName && (
            <p className="hint" data-testid="ca-loaded">
              Also trusted: <UntrustedText text={form.caName} />{' '}
              <button type="button" className="link" onClick={() => onChange({ ...form, caPem: '', caName: '' })}>
                Remove
              </button>
            </p>
          )}
          {form.trustLabCa && <p className="hint">The practice server's own CA is trusted.</p>}
          <Flag form={form} onChange={onChange} name="fetchIntermediate">
            If the chain is incomplete, download the missing certificate from its AIA address
          </Flag>
          <Flag form={form} onChange={onChange} name="probeStarttlsInjection">
            Security probe: send NOOP with STARTTLS, to see whether the server runs injected commands
          </Flag>
          <Flag form={form} onChange={onChange} name="probeSmuggling" testId="probe-smuggling">
            Security probe: end the message with {'<LF>.<LF>'} and kin first, to see whether the server stops there
            (SMTP smuggling; adds up to 8 s)
          </Flag>
          <label>
            Timeout per stage (ms)
            <input
              data-testid="timeout"
              value={form.timeoutMs}
              onChange={set('timeoutMs')}
              inputMode="numeric"
              placeholder="connect 10 s, replies 30 s"
              {...invalid('timeoutMs', form.timeoutMs)}
            />
          </label>
          {problemUnder('timeoutMs', form.timeoutMs)}
        </details>
        <details data-testid="advanced-route">
          <summary>Advanced: proxy, source address</summary>
          <label>
            Proxy
            <input
              data-testid="proxy-url"
              value={form.proxyUrl}
              onChange={set('proxyUrl')}
              placeholder="socks5h://127.0.0.1:1080 or http://proxy:3128"
              spellCheck={false}
              {...invalid('proxy', form.proxyUrl)}
            />
          </label>
          {problemUnder('proxy', form.proxyUrl)}
          <p className="hint">
            Where outbound port 25 is blocked here: a SOCKS proxy on a host that may send (ssh -D 1080 makes one), or an
            HTTP proxy that allows CONNECT. A user goes in the URL (socks5h://user@host:1080), the password below.
          </p>
          {form.proxyUrl.includes('@') && (
            <label>
              Proxy password
              <input
                data-testid="proxy-pass"
                type="password"
                value={form.proxyPass}
                onChange={set('proxyPass')}
                autoComplete="off"
              />
            </label>
          )}
          <label>
            Source address
            <input
              data-testid="bind"
              value={form.bind}
              onChange={set('bind')}
              placeholder="the system's choice"
              spellCheck={false}
              {...invalid('bind', form.bind)}
            />
          </label>
          {problemUnder('bind', form.bind)}
        </details>
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>Authentication</legend>
        <label>
          User
          <input
            data-testid="auth-user"
            value={form.authUser}
            onChange={set('authUser')}
            autoComplete="off"
            spellCheck={false}
            placeholder="none"
            {...invalid('auth', form.authUser)}
          />
        </label>
        {problemUnder('auth', form.authUser)}
        <div className="row">
          <label className="grow">
            Password
            <input
              data-testid="auth-pass"
              type="password"
              value={form.authPass}
              onChange={set('authPass')}
              autoComplete="off"
            />
          </label>
          <label>
            Mechanism
            <select value={form.authMech} onChange={set('authMech')}>
              <option value="">best offered</option>
              <option value="PLAIN">PLAIN</option>
              <option value="LOGIN">LOGIN</option>
              <option value="CRAM-MD5">CRAM-MD5</option>
              <option value="XOAUTH2">XOAUTH2</option>
            </select>
          </label>
        </div>
        <details>
          <summary>Unsafe: send credentials anyway</summary>
          <Flag form={form} onChange={onChange} name="allowPlaintextAuth">
            even without TLS (anyone on the path can read them)
          </Flag>
          <Flag form={form} onChange={onChange} name="allowUnverifiedAuth">
            even when the certificate fails verification (an interceptor would get them)
          </Flag>
        </details>
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>Message</legend>
        <label>
          From
          <input
            data-testid="mail-from"
            value={form.from}
            onChange={set('from')}
            spellCheck={false}
            placeholder="sender@example.com"
            {...invalid('from', form.from)}
          />
        </label>
        {problemUnder('from', form.from)}
        <label>
          To
          <input
            data-testid="rcpt-to"
            value={form.to}
            onChange={set('to')}
            spellCheck={false}
            placeholder="no recipient: no mail is sent"
            {...invalid('to', form.to)}
          />
        </label>
        {problemUnder('to', form.to)}
        {toProblem && (
          <p className="hint warn" data-testid="probe-smuggling-needs-to">
            {toProblem}
          </p>
        )}
        <details>
          <summary>Message text and where to stop</summary>
          <label>
            Message (headers, blank line, body)
            <textarea
              value={form.message}
              onChange={set('message')}
              rows={5}
              placeholder="empty: a short test message is sent"
              spellCheck={false}
            />
          </label>
          <label>
            Quit after
            <select value={form.quitAfter} onChange={set('quitAfter')}>
              <option value="">the whole session</option>
              {QUIT_AFTER.map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          </label>
          <Flag form={form} onChange={onChange} name="noPipelining">
            One command at a time, even where PIPELINING is offered (by default MAIL, RCPT and DATA go in one write)
          </Flag>
          <Flag form={form} onChange={onChange} name="bdat">
            Send the message in BDAT chunks (CHUNKING), not with DATA
          </Flag>
          <Flag form={form} onChange={onChange} name="requiretls">
            REQUIRETLS: every server on the way must use verified TLS, or bounce the message
          </Flag>
        </details>
      </fieldset>
    </form>
  );
}
