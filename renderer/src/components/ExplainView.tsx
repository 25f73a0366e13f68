import { type ClipboardEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { type InputSection, inputSection, nextAction, type ResultCard } from '../../../shared/export/explainSections';
import { type ExplainedInput, type ExplainResult, MAX_EXPLAIN_BYTES } from '../../../shared/explain';
import { api } from '../bridge/api';
import { FormattedText } from './formatText';
import { UntrustedText } from './UntrustedText';

/** A file dropped on the window or chosen with Open…, read as text; `seq` tells two drops of
 * the same file apart. */
export interface IncomingText {
  name: string;
  text: string;
  seq: number;
}

interface Props {
  incoming: IncomingText | null;
  /** Fill the connection form with the server that refused and the recipient, and run it. */
  onProbe(host: string, recipient: string | null): void;
  /** Check the recipient's domain (with the sender's, for SPF and DMARC) in the Domain tab. */
  onCheckDomain(domain: string, senderDomain: string | null): void;
}

type Actions = Pick<Props, 'onProbe' | 'onCheckDomain'>;

const PASTED = 'pasted text';

/** A result as a card, with the look of a finding: permanent failures as errors, delays as warnings. */
/** The card's button: the CLI's next step (nextAction), done. */
function NextButton({ result, actions }: { result: ExplainResult; actions: Actions }) {
  const next = nextAction(result);
  if (!next) return null;
  if (next.kind === 'probe')
    return (
      <button type="button" data-testid="explain-probe" onClick={() => actions.onProbe(next.host, next.recipient)}>
        Probe <UntrustedText text={next.host} /> on port 25
      </button>
    );
  return (
    <button
      type="button"
      data-testid="explain-domain"
      onClick={() => actions.onCheckDomain(next.domain, next.senderDomain)}
    >
      Check <UntrustedText text={next.domain} /> in the Domain tab
    </button>
  );
}

function Card({ card, result, actions }: { card: ResultCard; result: ExplainResult; actions: Actions }) {
  return (
    <article
      className={`finding ${card.permanence.startsWith('permanent') ? 'error' : 'warning'}`}
      data-testid="explain-card"
    >
      <h3>
        <UntrustedText text={card.recipient} /> · <span data-testid="explain-reason">{card.reasonLabel}</span>
      </h3>
      <p className="muted">{card.permanence}</p>
      {card.title && (
        <p>
          <strong>
            <UntrustedText text={card.title} />
          </strong>
        </p>
      )}
      {card.vendor && (
        <p className="muted" data-testid="explain-vendor">
          {card.vendor}
        </p>
      )}
      <p className="why">{card.meaning}</p>
      <p className="said">
        <UntrustedText text={card.said} />
      </p>
      {card.authentication.length > 0 && (
        <ul className="auth-results" aria-label="Authentication results">
          {card.authentication.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      {card.fix && (
        <p className="fix">
          <strong>Fix: </strong>
          <FormattedText text={card.fix} />
        </p>
      )}
      {card.next && (
        <p className="muted">
          Next: <code>{card.next}</code>
        </p>
      )}
      <footer>
        {card.findingId && <code>{card.findingId}</code>}
        {card.refs.length > 0 && <span className="refs">{card.refs.join(' · ')}</span>}
        {card.reportedBy && (
          <span className="muted">
            Reported by <UntrustedText text={card.reportedBy} />
          </span>
        )}
      </footer>
      <NextButton result={result} actions={actions} />
    </article>
  );
}

function Results({ input, actions }: { input: ExplainedInput; actions: Actions }) {
  const section: InputSection = inputSection(input);
  return (
    <section aria-label="What the mail system said" data-testid="explain-results">
      <h2 data-testid="explain-heading">
        <UntrustedText text={section.heading} />
      </h2>
      {section.results.length === 0 && input.kind !== 'unknown' && (
        <p className="muted">No failed recipient to explain.</p>
      )}
      <ol className="explain-cards">
        {section.results.map((card, i) => (
          <li key={i}>
            <Card card={card} result={input.results[i]} actions={actions} />
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ExplainView({ incoming, onProbe, onCheckDomain }: Props) {
  const [text, setText] = useState('');
  const [name, setName] = useState(PASTED);
  const [result, setResult] = useState<ExplainedInput | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const explain = async (value: string, label: string) => {
    if (!value.trim()) return setProblem('Paste a bounce, a log excerpt or a reply first.');
    setProblem(null);
    setBusy(true);
    const r = await api.explain({ text: value, name: label });
    setBusy(false);
    if (!r.ok) return setProblem(r.message);
    setResult(r.value);
  };

  const takeFile = async (file: File) => {
    if (file.size > MAX_EXPLAIN_BYTES)
      return setProblem(`${file.name} is larger than ${MAX_EXPLAIN_BYTES >> 20} MB: cut out the part to explain.`);
    const value = await file.text();
    setText(value);
    setName(file.name);
    await explain(value, file.name);
  };

  // Once per dropped file (its seq), not on every render.
  useEffect(() => {
    if (!incoming) return;
    setText(incoming.text);
    setName(incoming.name);
    void explain(incoming.text, incoming.name);
  }, [incoming?.seq]);

  // A paste into the empty box, or over all of its text, is a new input: explained at once.
  const pasted = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const box = e.currentTarget;
    const replacesAll = box.selectionStart === 0 && box.selectionEnd === box.value.length;
    if (text.trim() && !replacesAll) return;
    const value = e.clipboardData.getData('text');
    if (!value) return;
    e.preventDefault();
    setText(value);
    setName(PASTED);
    void explain(value, PASTED);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void explain(text, name);
  };

  return (
    <div className="sweep explain" data-testid="explain-view">
      <form className="explain-input" onSubmit={submit} aria-label="Explain a bounce">
        <label htmlFor="explain-text">Bounce, log excerpt or SMTP reply</label>
        <textarea
          id="explain-text"
          data-testid="explain-text"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setName(PASTED);
          }}
          onPaste={pasted}
          rows={8}
          spellCheck={false}
          placeholder={
            'Paste a whole bounce (with its headers), Postfix or Exim log lines, or a reply such as\n550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown'
          }
        />
        <div className="explain-actions">
          <button type="submit" className="primary" data-testid="explain-run" disabled={busy}>
            {busy ? 'Explaining…' : 'Explain'}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Open file…
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            accept=".eml,.msg,.txt,.log,message/rfc822,text/plain"
            data-testid="explain-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void takeFile(file);
            }}
          />
          <span className="muted">or drop a .eml or a log file anywhere on the window</span>
        </div>
      </form>
      {problem && (
        <p className="error-banner" role="alert">
          <UntrustedText text={problem} />
        </p>
      )}
      {result && <Results input={result} actions={{ onProbe, onCheckDomain }} />}
      {!result && (
        <div className="empty-state">
          <h2>Why did mail bounce?</h2>
          <p>
            Paste what the mail system said: a bounce from someone's inbox, an Exchange or Gmail notice, Postfix, Exim
            or Sendmail log lines, or a reply from a ticket. SMTP Lens names the reason, which server refused which
            command, what it means and how to fix it, with the same explanations as a live session. Nothing is sent
            anywhere.
          </p>
        </div>
      )}
    </div>
  );
}
