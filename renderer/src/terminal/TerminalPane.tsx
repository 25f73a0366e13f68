import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { SessionRequest } from '../../../shared/ipc';
import { authWithheld, WITHHELD_BECAUSE } from '../../../shared/knowledge/authPolicy';
import { connectionPart } from '../../../shared/sessionRequest';
import { sessionStore, useSession } from '../state/sessionStore';
import { completionsFor, LineEditor } from './lineEditor';
import { formatEvent, formatNotice, formatVerdict } from './terminalFormat';
import { displayText } from '../../../shared/untrustedText';

interface Props {
  /** The form's target, as a request; null when the form is incomplete. */
  target: () => SessionRequest | null;
}

type Mechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5';
type Prompt =
  | { kind: 'command' }
  | { kind: 'data' }
  | { kind: 'user'; mechanism: Mechanism }
  | { kind: 'password'; mechanism: Mechanism; user: string };

const PROMPTS = { command: 'smtp> ', data: 'data> ', user: 'Username: ', password: 'Password: ' } as const;

const isMine = () => sessionStore.current.source === 'terminal' && sessionStore.current.sessionId !== null;

/**
 * Type SMTP by hand. Lines go to the same engine as Run: STARTTLS really upgrades the
 * connection, AUTH PLAIN/LOGIN ask for the credentials and send them encoded and masked,
 * and everything lands in the transcript like any other session.
 *
 * One line at a time: what is typed or pasted while a line is being answered waits, and is
 * handled after the answer and the next prompt, so output and input never interleave.
 */
export function TerminalPane({ target }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const connectRef = useRef<() => Promise<void>>(async () => undefined);
  // The form's target when Connect is pressed, not when the terminal was made.
  const targetRef = useRef(target);
  targetRef.current = target;
  const view = useSession();
  const mine = view.source === 'terminal';

  useEffect(() => {
    const t = new Terminal({
      convertEol: false,
      cursorBlink: true,
      fontSize: 13,
      fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
      scrollback: 5000,
    });
    const fit = new FitAddon();
    t.loadAddon(fit);
    t.open(host.current!);
    // The width in characters, for tests and for our own line breaks.
    const refit = () => {
      fit.fit();
      host.current?.setAttribute('data-cols', String(t.cols));
    };
    refit();
    const resize = new ResizeObserver(refit);
    resize.observe(host.current!);
    const say = (text: string) => t.write(formatNotice(text, t.cols));
    say('Connect, then type SMTP commands: EHLO, STARTTLS, AUTH PLAIN, MAIL FROM:<…>, RCPT TO:<…>, DATA, QUIT.');
    say(
      'Tab completes what the server offers; ↑ recalls earlier lines. Shift+Tab, or Tab on an empty line, leaves the terminal.',
    );

    let prompt: Prompt = { kind: 'command' };
    let printed = 0;
    let verdictShown = false;
    let busy = false;
    let pending = '';
    let request: SessionRequest | null = null;

    // The server's keywords, echoed when completed: escaped, so a keyword cannot drive xterm.
    const editor = new LineEditor(() =>
      completionsFor((sessionStore.current.snapshot?.capabilities ?? []).map(displayText)),
    );
    // Tab completes only a word being typed; otherwise it is the browser's, so a keyboard user
    // can always move on from the terminal (WCAG 2.1.2, no keyboard trap).
    t.attachCustomKeyEventHandler((e) => !(e.key === 'Tab' && (e.shiftKey || editor.line === '')));

    /** What the engine recorded since the last call, as it was recorded. */
    const printNew = () => {
      const v = sessionStore.current;
      if (!isMine()) return;
      const events = v.events;
      for (let i = Math.max(printed - v.base, 0); i < events.length; i++) {
        const text = formatEvent(events[i], t.cols);
        if (text) t.write(text);
      }
      printed = v.base + events.length;
    };
    const unsubscribe = sessionStore.subscribe(printNew);

    /** The certificate verdict, once, as soon as the handshake's result is known. */
    const showVerdict = () => {
      const tls = sessionStore.current.snapshot?.tls;
      if (!tls || verdictShown) return;
      verdictShown = true;
      t.write(formatVerdict(tls, t.cols));
    };

    /** The next prompt, from what the server waits for (after 354, message lines until "."). */
    const showPrompt = () => {
      const snapshot = sessionStore.current.snapshot;
      if (snapshot?.finished) {
        t.write(formatNotice('(session ended — press Connect to start again)', t.cols));
        return;
      }
      if (prompt.kind === 'command' || prompt.kind === 'data')
        prompt = { kind: snapshot?.expects === 'data' ? 'data' : 'command' };
      t.write(prompt.kind === 'password' ? PROMPTS.password : PROMPTS[prompt.kind]);
    };

    async function submit(line: string) {
      const p = prompt;
      // The typed line is replaced by the transcript's own record of what was sent.
      t.write('\r\x1b[2K');
      if (p.kind === 'user') {
        prompt = { kind: 'password', mechanism: p.mechanism, user: line };
        editor.masked = true;
        return;
      }
      if (p.kind === 'password') {
        editor.masked = false;
        prompt = { kind: 'command' };
        await sessionStore.authenticate(p.user, line, p.mechanism);
        return;
      }
      const auth = p.kind === 'command' ? /^AUTH\s+(PLAIN|LOGIN|CRAM-MD5)\s*$/i.exec(line.trim()) : null;
      if (auth) {
        // The engine's own rule, before asking: a password it would not send is never typed.
        const tls = sessionStore.current.snapshot?.tls ?? null;
        const withheld = authWithheld({
          tlsActive: tls !== null,
          verified: tls?.verification.ok === true,
          ...(request?.allowPlaintextAuth ? { allowPlaintextAuth: true } : {}),
          ...(request?.allowUnverifiedAuth ? { allowUnverifiedAuth: true } : {}),
        });
        t.write(formatNotice(`smtp> ${line}`, t.cols));
        if (withheld) {
          t.write(formatNotice(`Not asking for credentials: ${WITHHELD_BECAUSE[withheld]}.`, t.cols, 'error'));
          return;
        }
        const mechanism = auth[1].toUpperCase() as Mechanism;
        prompt = { kind: 'user', mechanism };
        t.write(
          formatNotice(`${mechanism}: SMTP Lens encodes the credentials and keeps them out of the transcript.`, t.cols),
        );
        return;
      }
      await sessionStore.send(line);
    }

    /** Feeds input to the line editor; a finished line is answered before the rest is read. */
    async function feed(data: string) {
      if (busy) {
        pending += data;
        return;
      }
      if (!isMine()) return;
      const out = editor.handle(data);
      if (out.echo) t.write(out.echo);
      if (out.candidates) t.write(`\r\n${out.candidates.join('   ')}\r\n${PROMPTS[prompt.kind]}${editor.line}`);
      if (out.submitted === undefined) return;
      busy = true;
      try {
        await submit(out.submitted);
        printNew();
        showVerdict();
        showPrompt();
      } finally {
        busy = false;
      }
      const rest = (out.rest ?? '') + pending;
      pending = '';
      if (rest) await feed(rest);
    }
    const sub = t.onData((data) => void feed(data));

    connectRef.current = async () => {
      const wanted = targetRef.current();
      if (!wanted || busy) return;
      t.reset();
      printed = 0;
      verdictShown = false;
      pending = '';
      prompt = { kind: 'command' };
      editor.masked = false;
      // By hand the user types the session: it starts from the form's connection settings only.
      request = connectionPart(wanted);
      busy = true;
      try {
        await sessionStore.start(request, 'terminal', 'step');
        printNew();
        showVerdict();
        if (sessionStore.current.events.length) showPrompt();
      } finally {
        busy = false;
      }
      t.focus();
    };

    return () => {
      unsubscribe();
      sub.dispose();
      resize.disconnect();
      t.dispose();
    };
  }, []);

  return (
    <div className="terminal-pane">
      <div className="terminal-toolbar">
        <button type="button" data-testid="terminal-connect" onClick={() => void connectRef.current()}>
          Connect
        </button>
        <span className="muted">
          {mine && view.snapshot && !view.snapshot.finished
            ? 'Connected — type commands below.'
            : 'Connects to the server in the form, in plaintext (or implicit TLS).'}
        </span>
      </div>
      <div className="terminal" data-testid="terminal" ref={host} />
    </div>
  );
}
