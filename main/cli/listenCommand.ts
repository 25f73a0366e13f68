// `smtp-lens listen`: the server a device, a mail client or an application talks to. Each
// client session is printed when it ends: what the client offered and did, with the
// client-side findings; --json prints one transcript (role "server") per line.
import { parseArgs } from 'node:util';
import { paletteFor } from '../../shared/export/palette';
import { eventLines, findingLines, summary } from '../../shared/export/textTranscript';
import type { ClientSession } from '../listen/clientSession';
import type { Transcript, TranscriptEvent } from '../../shared/transcript';
import { jsonSafe, terminalSafe } from '../../shared/untrustedText';
import { createTestPki } from '../lab/pki';
import { BEHAVIOURS, type ListenAuth, type ListenTls, Listener } from '../listen/listener';
import { LISTEN_HELP } from './help';
import { saveToHistory } from './historySave';
import { EXIT, UsageError, parsePort, readOptionFile } from './usage';

const TLS_WORDS: Record<ListenTls, string> = {
  none: 'no TLS (security "None")',
  starttls: 'STARTTLS (security "STARTTLS" or "TLS")',
  implicit: 'TLS from the first byte (security "SSL/TLS")',
};

const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T => {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${option} must be ${allowed.join(', ')}, not "${value}"`);
  return value as T;
};

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

/** A session printed as it happens: each event when it is recorded, prefixed by the session's
 * number (sessions can overlap), then its findings and result when it ends. */
function liveText(color: boolean) {
  const p = paletteFor(color);
  const width = process.stdout.columns || 100;
  let started = 0;
  const numbers = new WeakMap<object, number>();
  const out = (n: number, lines: string[]) =>
    process.stdout.write(terminalSafe(`${lines.map((l) => `[${n}] ${l}`).join('\n')}\n`));
  return {
    start(s: ClientSession) {
      const n = ++started;
      numbers.set(s, n);
      out(n, [`── Session ${n}: a client from ${s.client.address}:${s.client.port} ──`]);
      let inTls = false;
      const print = (e: TranscriptEvent) => {
        out(n, eventLines(e, inTls, p));
        if (e.type === 'tls-established') inTls = true;
      };
      // The connection's own events were recorded before anyone could subscribe.
      for (const e of s.events) print(e);
      s.subscribe(print);
    },
    end(s: ClientSession, t: Transcript) {
      const n = numbers.get(s) ?? 0;
      /** Where a finding belongs: the client's line, or the note, it was read from. */
      const at = (f: Transcript['findings'][number]): string[] => {
        const e = f.event === null ? undefined : t.events[f.event];
        const where = e?.type === 'send' ? e.line : e?.type === 'note' ? e.text : null;
        return where ? [p.dim(`                at: ${where}`)] : [];
      };
      out(n, [
        t.findings.length ? 'Findings:' : 'No findings: the client did what it should.',
        ...t.findings.flatMap((f) => {
          const [head, ...rest] = findingLines(f, p, width);
          return [head, ...at(f), ...rest];
        }),
        ...summary(t, p),
      ]);
    },
  };
}

export async function listenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      tls: { type: 'string' },
      auth: { type: 'string' },
      'accept-login': { type: 'string' },
      'listen-address': { type: 'string' },
      'max-sessions': { type: 'string' },
      behave: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      json: { type: 'boolean' },
      save: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(LISTEN_HELP);
    return EXIT.ok;
  }
  const port = values.port === undefined ? 2525 : parsePort(values.port, '--port');
  const tls = oneOf(values.tls, ['none', 'starttls', 'implicit'] as const, '--tls', 'starttls');
  const auth = oneOf(values.auth, ['none', 'optional', 'required'] as const, '--auth', 'optional') as ListenAuth;
  const host = values['listen-address'] ?? '127.0.0.1';
  const behave = oneOf(values.behave, BEHAVIOURS, '--behave', 'lenient');
  if (behave === 'strict' && tls === 'none')
    throw new UsageError('--behave strict needs TLS: use --tls starttls or implicit');
  if (Boolean(values.cert) !== Boolean(values.key)) throw new UsageError('--cert and --key go together');
  const certificate =
    values.cert && values.key
      ? { cert: readOptionFile(values.cert, '--cert'), key: readOptionFile(values.key, '--key') }
      : undefined;
  const maxSessions = values['max-sessions'] === undefined ? Infinity : Number(values['max-sessions']);
  if (!Number.isInteger(maxSessions) && maxSessions !== Infinity)
    throw new UsageError('--max-sessions must be a whole number');
  if (maxSessions < 1) throw new UsageError('--max-sessions must be 1 or more');
  const color = !values.json && !values['no-color'] && process.stdout.isTTY && !process.env.NO_COLOR;

  const live = values.json ? null : liveText(Boolean(color));
  let count = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const listener = new Listener({
    host,
    port,
    tls,
    auth,
    acceptLogin: values['accept-login'] ?? 'any',
    behave,
    ...(certificate ? { certificate } : {}),
    // A certificate of its own, made at start as the practice server's is.
    pki: await createTestPki(),
    onSessionStart: (s) => live?.start(s),
    onSession: (t, s) => {
      count++;
      // Like probe --save: each session into the history, after the same secret check.
      if (values.save) void saveToHistory(t, undefined);
      if (live && s) live.end(s, t);
      else process.stdout.write(jsonSafe(`${JSON.stringify(t)}\n`));
      if (count >= maxSessions) done();
    },
  });
  const bound = await listener.listen(port, host).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot listen on ${host}:${port} (${err.code ?? err.message})`);
  });
  if (!LOOPBACK.test(host))
    process.stderr.write(
      terminalSafe(
        `smtp-lens listen: WARNING: listening on ${host}, not loopback: anyone who can reach ${host}:${bound} can send to it. Stop it when you are done.\n`,
      ),
    );
  process.stderr.write(
    terminalSafe(
      `SMTP Lens is listening on ${host}:${bound} (${behave}): ${TLS_WORDS[tls]}, AUTH ${auth}${auth !== 'none' ? ` (accepts ${values['accept-login'] ?? 'any'} login)` : ''}.\n` +
        `Set the device or the client to: server ${host}, port ${bound}, ${TLS_WORDS[tls]}.\n` +
        'Nothing it receives is relayed. Ctrl-C stops it.\n',
    ),
  );
  const stop = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.race([finished, stop]);
  await listener.close();
  return EXIT.ok;
}
