import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { LabStatus } from '../../../shared/ipc';
import { startedLabel } from '../../../shared/export/exportFacts';
import type { Transcript } from '../../../shared/transcript';
import { api, bridge } from '../bridge/api';
import { useCommands } from '../state/commands';
import {
  EMPTY_FORM,
  formForRemoteMta,
  formForScenario,
  formForTranscript,
  toRequest,
  type FormState,
} from '../state/formState';
import { type SessionView, sessionStore, useSession } from '../state/sessionStore';
import { type Tab, ui, useUi } from '../state/uiStore';
import { CertificateView } from './CertificateView';
import { DiagramView } from './DiagramView';
import { ConnectionForm } from './ConnectionForm';
import { Controls } from './Controls';
import { EhloView } from './EhloView';
import { ExportMenu, OpenTranscriptButton } from './TranscriptFiles';
import { FindingsPanel } from './FindingsPanel';
import { FormCommands } from './FormCommands';
import { HistoryView } from './HistoryView';
import { SweepView } from './SweepView';
import { type DomainAsk, DomainView } from './DomainView';
import { ExplainView, type IncomingText } from './ExplainView';
import { ListenView } from './ListenView';
import { LearnPanel } from './LearnPanel';
import { PracticePicker } from './PracticePicker';
import { ProfilesPanel } from './ProfilesPanel';
import { SearchBar } from './SearchBar';
import { TlsAuditView } from './TlsAuditView';
import { TranscriptView } from './TranscriptView';
import { UntrustedText } from './UntrustedText';

const TABS: { id: Tab; label: string }[] = [
  { id: 'transcript', label: 'Transcript' },
  { id: 'ladder', label: 'Ladder' },
  { id: 'timing', label: 'Timing' },
  { id: 'certificates', label: 'Certificates' },
  { id: 'capabilities', label: 'EHLO' },
  { id: 'terminal', label: 'Terminal' },
  { id: 'ports', label: 'Ports' },
  { id: 'domain', label: 'Domain' },
  { id: 'explain', label: 'Explain' },
  { id: 'listen', label: 'Listen' },
  { id: 'history', label: 'History' },
];

/** The terminal (xterm, a third of the code) loads when its tab is first shown, not before the
 * window is ready: until then it has nothing to show, since only it starts its sessions. */
const TerminalPane = lazy(() => import('../terminal/TerminalPane').then((m) => ({ default: m.TerminalPane })));

/** Asked as the window's code loads, not once it has drawn: the answer (the window is ready
 * with it) comes back while the first frame is being made. */
const labStatusAtStart = api.labStatus();

/** The practice scenario a first Run uses: the whole flow, EHLO to QUIT, working. */
const DEFAULT_SCENARIO = 'submission-ok';

/** What auto mode found out about the port, from the session's own events. */
function autoFound(view: SessionView): 'implicit' | 'starttls' | null {
  if ((view.opened?.target.tls ?? view.tlsMode) !== 'auto') return null;
  if (view.events.some((e) => e.type === 'note' && e.code === 'auto-implicit')) return 'implicit';
  return view.events.some((e) => e.type === 'tls-start' && e.mode === 'starttls') ? 'starttls' : null;
}

export function App() {
  const view = useSession();
  const { tab, learn, presenting, selected, focus, problem } = useUi();
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [lab, setLab] = useState<LabStatus | null>(null);
  const bridgeState = useSyncExternalStore(bridge.subscribe, () => bridge.state);
  // Once shown, the terminal stays mounted, as the other kept tabs do.
  const [terminalShown, setTerminalShown] = useState(false);
  if (tab === 'terminal' && !terminalShown) setTerminalShown(true);
  const practiceRef = useRef<HTMLSelectElement>(null);
  const formRef = useRef(form);
  formRef.current = form;

  useEffect(() => {
    void labStatusAtStart.then((result) => {
      // A bridge that cannot be reached says so itself; anything else is the practice server.
      if (!result.ok)
        return ui.setProblem(
          result.code === 'DISCONNECTED' ? result.message : `The practice server did not start: ${result.message}`,
        );
      setLab(result.value);
      const first = result.value.scenarios.find((s) => s.name === DEFAULT_SCENARIO) ?? result.value.scenarios[0];
      if (first) setForm((f) => formForScenario(result.value, first, f));
    });
  }, []);

  // A finished session that could not be kept says so where the user is looking, not only by
  // being absent from History.
  useEffect(
    () =>
      api.onHistorySaved((saved) => {
        if (!saved.ok && saved.sessionId === sessionStore.current.sessionId)
          ui.setProblem(`This session was not saved to History. ${saved.message}`);
      }),
    [],
  );

  useEffect(() => {
    document.getElementById('root')?.setAttribute('data-app-state', lab || problem ? 'ready' : 'loading');
  }, [lab, problem]);

  // The user's own server, as they left it when they picked a scenario: coming back restores it
  // whole (host, CA file, timeouts), so nothing they loaded is dropped without a word.
  const ownForm = useRef<FormState>(EMPTY_FORM);
  const chooseScenario = (name: string) => {
    const current = formRef.current;
    if (!current.scenario) ownForm.current = current;
    const scenario = lab?.scenarios.find((s) => s.name === name);
    if (lab && scenario) setForm(formForScenario(lab, scenario, current));
    else setForm({ ...ownForm.current, message: current.message });
  };

  /** Run or Step: the current session goes on if it can; otherwise a new one from the form
   * starts and runs (or takes its first step) in one call. */
  const go = useCallback(async (then: 'run' | 'step') => {
    const current = sessionStore.current;
    if (current.activity !== 'idle') return;
    // A step taken is the one to explain: Learn mode leaves any earlier row it was showing.
    ui.clearFocus();
    if (current.sessionId && current.source === 'form' && current.snapshot && !current.snapshot.finished) {
      await (then === 'run' ? sessionStore.run() : sessionStore.step());
      return;
    }
    const built = toRequest(formRef.current);
    if ('problem' in built) return ui.setProblem(built.problem);
    ui.newSession();
    await sessionStore.start(built.request, 'form', then);
  }, []);
  const run = useCallback(() => void go('run'), [go]);
  const step = useCallback(() => void go('step'), [go]);
  const abort = useCallback(() => void sessionStore.abort(), []);
  const audit = useCallback(() => void sessionStore.audit(), []);
  useCommands(useMemo(() => ({ run, step, focusPractice: () => practiceRef.current?.focus() }), [run, step]));

  const selectStep = (event: number, findingIds: string[]) => ui.selectStep(event, view.findings, findingIds);

  const terminalTarget = () => {
    const built = toRequest(formRef.current);
    if ('problem' in built) {
      ui.setProblem(built.problem);
      return null;
    }
    return built.request;
  };

  /** The form's host and TLS settings, for a sweep of several ports. */
  const sweepTarget = () => {
    const f = formRef.current;
    if (!f.host.trim()) return null;
    return {
      host: f.host.trim(),
      ...(f.servername.trim() ? { servername: f.servername.trim() } : {}),
      ...(f.caPem ? { ca: [f.caPem] } : {}),
      ...(f.trustLabCa ? { trustLabCa: true } : {}),
    };
  };

  /** The form's trust, for the Domain tab's MX hosts and MTA-STS policy host. */
  const domainTrust = () => {
    const f = formRef.current;
    return {
      ...(f.caPem ? { ca: [f.caPem], caName: f.caName } : {}),
      ...(f.trustLabCa ? { trustLabCa: true } : {}),
    };
  };

  /** Show a saved, swept or opened session, read-only, in the transcript; the form now targets
   * its server, and the user's own form is kept to come back to. */
  const openTranscript = useCallback(
    (t: Transcript) => {
      const current = formRef.current;
      if (!current.scenario) ownForm.current = current;
      setForm(formForTranscript(t, lab, current));
      sessionStore.open(t);
      ui.showOpened();
    },
    [lab],
  );

  /** A file dropped or opened that is not a transcript: Explain reads it. */
  const [incoming, setIncoming] = useState<IncomingText | null>(null);
  const explainFile = useCallback((file: { name: string; text: string }) => {
    setIncoming((prev) => ({ ...file, seq: (prev?.seq ?? 0) + 1 }));
    ui.showTab('explain');
  }, []);

  /** Explain's "Probe": the server that refused, on 25, with the recipient, as the next step says. */
  const probeRemote = useCallback(
    (host: string, recipient: string | null) => {
      const current = formRef.current;
      if (!current.scenario) ownForm.current = current;
      const next = formForRemoteMta(host, recipient, current);
      setForm(next);
      formRef.current = next;
      ui.showTab('transcript');
      run();
    },
    [run],
  );

  /** Explain's "Check the domain": the Domain tab, filled in and checking. */
  const [domainAsk, setDomainAsk] = useState<DomainAsk | null>(null);
  const checkDomainFromExplain = useCallback((target: string, senderDomain: string | null) => {
    setDomainAsk((prev) => ({ target, senderDomain, seq: (prev?.seq ?? 0) + 1 }));
    ui.showTab('domain');
  }, []);

  // Read from the events only when they change, not on every key and scroll.
  const found = useMemo(() => autoFound(view), [view.opened, view.tlsMode, view.events]);
  const busy = view.activity !== 'idle';
  return (
    <div className={presenting ? 'app presenting' : 'app'} data-testid="app">
      <header className="topbar">
        <h1>
          <span className="logo" aria-hidden="true">
            ◎
          </span>{' '}
          SMTP Lens
        </h1>
        <PracticePicker ref={practiceRef} lab={lab} value={form.scenario} onChoose={chooseScenario} />
        <label className="learn-toggle" title="Step through a session with each exchange explained">
          <input
            type="checkbox"
            data-testid="learn-mode"
            checked={learn}
            onChange={(e) => ui.setLearn(e.target.checked)}
          />{' '}
          Learn mode
        </label>
        {bridgeState === 'lost' && (
          <p className="bridge-lost" role="alert" data-testid="bridge-lost">
            Connection to SMTP Lens lost: reconnecting…
          </p>
        )}
        <div className="file-actions">
          <OpenTranscriptButton onProblem={ui.setProblem} onOpen={openTranscript} onOther={explainFile} />
          <ExportMenu view={view} onProblem={ui.setProblem} />
        </div>
      </header>
      <aside className="left" aria-label="Connection">
        <div className="form-scroll">
          <ProfilesPanel form={form} lab={lab} disabled={busy} onOpen={setForm} />
          <FormCommands form={form} lab={lab} disabled={busy} onFill={setForm} />
          <ConnectionForm
            form={form}
            scenario={lab?.scenarios.find((s) => s.name === form.scenario)}
            onChange={setForm}
            disabled={busy}
          />
        </div>
        <Controls view={view} onRun={run} onStep={step} onAbort={abort} />
      </aside>
      <main className="center">
        {problem && (
          <div className="error-banner problem-banner" role="alert" data-testid="problem">
            <p>{problem}</p>
            <button
              type="button"
              className="link"
              onClick={() => ui.setProblem(null)}
              aria-label="Dismiss this message"
            >
              Dismiss
            </button>
          </div>
        )}
        {view.opened?.role === 'server' && (
          <p className="saved-banner" data-testid="saved-banner">
            <strong>Client session</strong> from {startedLabel(view.opened)}:{' '}
            <UntrustedText
              text={view.opened.client ? `${view.opened.client.address}:${view.opened.client.port}` : 'a client'}
            />{' '}
            talking to SMTP Lens. Read-only; the findings are the client's.
          </p>
        )}
        {view.opened && view.opened.role !== 'server' && (
          <p className="saved-banner" data-testid="saved-banner">
            <strong>Saved session</strong> from {startedLabel(view.opened)} with{' '}
            <UntrustedText text={`${view.opened.target.host}:${view.opened.target.port}`} />: read-only. The form now
            targets this server, so Run checks it again.
          </p>
        )}
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button
              type="button"
              role="tab"
              key={t.id}
              aria-selected={tab === t.id}
              data-testid={`tab-${t.id}`}
              onClick={() => ui.showTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <SearchBar
          tab={tab}
          label={TABS.find((t) => t.id === tab)?.label ?? tab}
          rows={tab === 'transcript' ? view.rows.rows : null}
        />
        <div className="tab-body">
          {tab === 'transcript' && <TranscriptView view={view} focus={focus} onSelectFinding={ui.selectFinding} />}
          {tab === 'ladder' && (
            <DiagramView view={view} kind="ladder" selectedEvent={focus?.event ?? null} onSelect={selectStep} />
          )}
          {tab === 'timing' && (
            <DiagramView view={view} kind="waterfall" selectedEvent={focus?.event ?? null} onSelect={selectStep} />
          )}
          {tab === 'certificates' && (
            <CertificateView tls={view.snapshot?.tls ?? null}>
              <TlsAuditView view={view} onAudit={audit} onStop={abort} />
            </CertificateView>
          )}
          {tab === 'capabilities' && <EhloView events={view.events} />}
          {tab === 'ports' && <SweepView target={sweepTarget} lab={lab} onOpenTranscript={openTranscript} />}
          {tab === 'history' && <HistoryView onOpen={openTranscript} />}
          {/* Kept mounted: coming back from an MX's transcript finds the report as it was left. */}
          <div hidden={tab !== 'domain'} className="domain-tab">
            <DomainView trust={domainTrust} onOpenTranscript={openTranscript} asked={domainAsk} />
          </div>
          {/* Kept mounted too: back from a probe, the explanation is still there. */}
          <div hidden={tab !== 'explain'} className="domain-tab">
            <ExplainView incoming={incoming} onProbe={probeRemote} onCheckDomain={checkDomainFromExplain} />
          </div>
          {/* Kept mounted: the listener runs, and its sessions arrive, on any tab. */}
          <div hidden={tab !== 'listen'} className="domain-tab">
            <ListenView onOpenTranscript={openTranscript} />
          </div>
          <div hidden={tab !== 'terminal'} className="terminal-tab">
            {terminalShown && (
              <Suspense fallback={null}>
                <TerminalPane target={terminalTarget} />
              </Suspense>
            )}
          </div>
        </div>
      </main>
      <aside className="right" aria-label={learn ? 'Learn and findings' : 'Findings'}>
        {learn && (
          <LearnPanel
            view={view}
            scenario={lab?.scenarios.find((s) => s.name === form.scenario)}
            focus={focus}
            presenting={presenting}
            onStep={step}
          />
        )}
        <FindingsPanel
          findings={view.findings}
          outcome={view.snapshot?.outcome ?? null}
          finished={view.snapshot?.finished ?? false}
          selected={selected}
          onSelect={ui.selectFinding}
          autoFound={found}
          reveal={selected ? focus?.nonce : undefined}
          source={view.opened ?? view.sessionId}
        />
      </aside>
    </div>
  );
}
