// SMTP Lens sessions against the interop Postfix, and the facts the tests read from them.
import { readFileSync } from 'node:fs';
import { probe } from '../../main/engine/session';
import type { SessionOptions } from '../../main/engine/sessionOptions';
import { commandFor, ehloLists } from '../../shared/sessionFacts';
import type { Finding, ReplyEvent, TlsMode, Transcript } from '../../shared/transcript';
import type { PostfixInstance, Scenario } from './postfixInstance';

/** Options as an admin would give them: the server's real name for SNI and the name check,
 * our test root as trust anchor, a fixed EHLO name (it appears in Postfix's Received header). */
export function lensOptions(
  pf: PostfixInstance,
  scenario: Scenario,
  tls: TlsMode,
  extra: Partial<SessionOptions> = {},
): SessionOptions {
  return {
    host: '127.0.0.1',
    port: pf.ports[scenario],
    tls,
    servername: pf.servername,
    ca: [readFileSync(pf.caPath, 'utf8')],
    ehlo: 'client.example',
    timeout: 10_000,
    ...extra,
  };
}

/** `smtp-lens probe` of a port as an admin types it: the server's name and our test root. */
export function probeArgs(pf: PostfixInstance, port: number, tls: TlsMode, ...extra: string[]): string[] {
  return [
    'probe',
    '127.0.0.1',
    '--port',
    String(port),
    '--tls',
    tls,
    '--servername',
    pf.servername,
    '--ca',
    pf.caPath,
    ...extra,
  ];
}

export function lens(
  pf: PostfixInstance,
  scenario: Scenario,
  tls: TlsMode,
  extra: Partial<SessionOptions> = {},
): Promise<Transcript> {
  return probe(lensOptions(pf, scenario, tls, extra));
}

export const findingIds = (t: Transcript): string[] => t.findings.map((f) => f.id);

export function finding(t: Transcript, id: string): Finding {
  const f = t.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no ${id} among [${findingIds(t).join(', ')}]`);
  return f;
}

const replies = (t: Transcript) => t.events.filter((e): e is ReplyEvent => e.type === 'reply');

/** The server's greeting line, e.g. "220 mail.lab.test ESMTP Postfix". */
export const banner = (t: Transcript): string | undefined =>
  replies(t)
    .find((r) => r.stage === 'banner')
    ?.lines.join('\n');

/** The reply to the last command that started with `prefix` ("RCPT TO:<x@y>", "AUTH", ...),
 * as its raw lines joined; undefined when that command was never sent. Pipelined commands are
 * paired with their replies in order, as the engine pairs them (commandFor). */
export function replyTo(t: Transcript, prefix: string): string | undefined {
  let answer: string | undefined;
  t.events.forEach((e, i) => {
    if (e.type !== 'reply') return;
    const command = commandFor(t.events, i);
    if (command?.line.startsWith(prefix)) answer = e.lines.join('\n');
  });
  return answer;
}

export const sent = (t: Transcript): string[] =>
  t.events.flatMap((e) => (e.type === 'send' && !e.body ? [e.line] : []));

/** EHLO keywords before and after TLS (RFC 3207 §4.2), null where there was no such EHLO. */
export function ehlo(t: Transcript): { before: string[] | null; after: string[] | null } {
  const lists = ehloLists(t.events);
  return { before: lists.beforeTls?.capabilities ?? null, after: lists.afterTls?.capabilities ?? null };
}

/** Postfix 3.7's EHLO keywords with the defaults of this instance (order as sent). */
export const POSTFIX_EHLO = [
  'PIPELINING',
  'SIZE 10240000',
  'VRFY',
  'ETRN',
  'STARTTLS',
  'ENHANCEDSTATUSCODES',
  '8BITMIME',
  'DSN',
  'SMTPUTF8',
  'CHUNKING',
];
export const POSTFIX_BANNER = '220 mail.lab.test ESMTP Postfix';
