import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { SessionRequest } from '../../../shared/ipc';
import { connectionPart } from '../../../shared/sessionRequest';
import { sessionStore, useSession } from '../state/sessionStore';
import { completionsFor, LineEditor } from './lineEditor';
import { formatEvent } from './terminalFormat';
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

const dimLine = (text: string) => `\x1b[2m${text}\x1b[0m\r\n`;
const PROMPTS = { command: 'smtp> ', data: 'data> ', user: 'Username: ', password: 'Password: ' } as const;

/**
 * Type SMTP by hand. Lines go to the same engine as Run: STARTTLS really upgrades the
 * connection, AUTH PLAIN/LOGIN ask for the credentials and send them encoded and masked,
 * and everything lands in the transcript like any other session.
 */
export function TerminalPane({ target }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const printed = useRef(0);
  const prompt = useRef<Prompt>({ kind: 'command' });
  const view = useSession();
  const mine = view.source === 'terminal';
  const capabilities = useRef<string[]>([]);
  capabilities.current = view.snapshot?.capabilities ?? [];

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
    fit.fit();
    const resize = new ResizeObserver(() => fit.fit());
    resize.observe(host.current!);
    term.current = t;
    t.writeln(
      '\x1b[2mConnect, then type SMTP commands: EHLO, STARTTLS, AUTH PLAIN, MAIL FROM:<…>, RCPT TO:<…>, DATA, QUIT.\x1b[0m',
    );
    t.writeln(
      '\x1b[2mTab completes what the server offers; ↑ recalls earlier lines. Shift+Tab, or Tab on an empty line, leaves the terminal.\x1b[0m',
    );
    // The server's keywords, echoed when completed: escaped, so a keyword cannot drive xterm.
    const editor = new LineEditor(() => completionsFor(capabilities.current.map(displayText)));
    // Tab completes only a word being typed; otherwise it is the browser's, so a keyboard user
    // can always move on from the terminal (WCAG 2.1.2, no keyboard trap).
    t.attachCustomKeyEventHandler((e) => !(e.key === 'Tab' && (e.shiftKey || editor.line === '')));
    const sub = t.onData(async (data) => {
      if (sessionStore.current.source !== 'terminal' || !sessionStore.current.sessionId) return;
      const out = editor.handle(data);
      if (out.echo) t.write(out.echo);
      if (out.candidates) t.write(`\r\n${out.candidates.join('   ')}\r\n${PROMPTS[prompt.current.kind]}${editor.line}`);
      if (out.submitted === undefined) return;
      await submit(out.submitted, editor);
    });
    return () => {
      sub.dispose();
      resize.disconnect();
      t.dispose();
    };
  }, []);

  async function submit(line: string, editor: LineEditor) {
    const t = term.current!;
    const p = prompt.current;
    // The typed line is replaced by the transcript's own record of what was sent.
    t.write('\r\x1b[2K');
    if (p.kind === 'user') {
      prompt.current = { kind: 'password', mechanism: p.mechanism, user: line };
      editor.masked = true;
      t.write(`${PROMPTS.password}`);
      return;
    }
    if (p.kind === 'password') {
      editor.masked = false;
      prompt.current = { kind: 'command' };
      await sessionStore.authenticate(p.user, line, p.mechanism);
      return;
    }
    const auth = /^AUTH\s+(PLAIN|LOGIN|CRAM-MD5)\s*$/i.exec(line.trim());
    if (auth && p.kind === 'command') {
      prompt.current = { kind: 'user', mechanism: auth[1].toUpperCase() as Mechanism };
      t.write(
        `\x1b[2m(${auth[1].toUpperCase()}: SMTP Lens encodes the credentials and keeps them out of the transcript)\x1b[0m\r\n${PROMPTS.user}`,
      );
      return;
    }
    await sessionStore.send(line);
  }

  // Print what the engine recorded, as it arrives.
  useEffect(() => {
    const t = term.current;
    if (!t || !mine) return;
    const events = view.events;
    const start = Math.max(printed.current - view.base, 0);
    for (let i = start; i < events.length; i++) {
      const text = formatEvent(events[i]);
      if (text) t.write(text);
    }
    printed.current = view.base + events.length;
  }, [view.version, mine]);

  // A fresh prompt each time the terminal's session becomes ready for input again.
  const wasBusy = useRef(false);
  useEffect(() => {
    const t = term.current;
    const busy = view.activity !== 'idle';
    const kind = prompt.current.kind;
    // Creating the session makes no events; the prompt comes once it has connected.
    if (t && mine && wasBusy.current && !busy && view.events.length > 0 && (kind === 'command' || kind === 'data')) {
      // The engine says what the server waits for: after 354, message lines until ".".
      const inData = view.snapshot?.expects === 'data';
      prompt.current = { kind: inData ? 'data' : 'command' };
      t.write(
        view.snapshot?.finished
          ? dimLine('(session ended — press Connect to start again)')
          : PROMPTS[prompt.current.kind],
      );
    }
    wasBusy.current = busy;
  }, [view.activity, mine]);

  async function connect() {
    const request = target();
    if (!request || !term.current) return;
    term.current.reset();
    printed.current = 0;
    prompt.current = { kind: 'command' };
    // By hand the user types the session: it starts from the form's connection settings only.
    await sessionStore.start(connectionPart(request), 'terminal', 'step');
    term.current.focus();
  }

  return (
    <div className="terminal-pane">
      <div className="terminal-toolbar">
        <button type="button" data-testid="terminal-connect" onClick={connect}>
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
