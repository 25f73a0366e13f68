import { authMechanisms, commandFor, hasCapability, type EhloLists } from '../../../shared/sessionFacts';
import type { SendEvent, TranscriptEvent } from '../../../shared/transcript';
import type { IndexedInput, RuleInput } from './rule';

/** What was true of the session at one event: the facts a finding's wording depends on. */
export interface SessionContext {
  index: number;
  port: number;
  /** The TLS mode the user asked for. */
  mode: RuleInput['target']['tls'];
  /** TLS was up when the event happened. */
  tlsUp: boolean;
  /** TLS came first, before any SMTP (port 465 style): there is no "before TLS" list. */
  implicitTls: boolean;
  /** A 235 came before this event. */
  authenticated: boolean;
  /** The last AUTH command before this event, if any. */
  authCommand: SendEvent | null;
  /** The SASL mechanism of that AUTH command ("PLAIN"). */
  mechanism: string;
  /** The command this event answers (for a reply): its verb, upper-cased ("MAIL"). */
  verb: string;
  /** The command line it answers, as recorded. */
  command: string;
  /** The enhanced status code of the reply, if the event is one and it has one. */
  enhanced: string | null;
  /** The EHLO lists of the whole session: a list seen later still explains an earlier refusal. */
  lists: EhloLists;
  /** The server listed STARTTLS before TLS. */
  starttlsOffered: boolean;
  /** AUTH mechanisms listed before TLS, and after TLS (null when no EHLO after TLS was seen). */
  authBeforeTls: string[];
  authAfterTls: string[] | null;
  /** AUTH mechanisms of the latest EHLO list before the event: empty when no login was possible. */
  offeredMechanisms: string[];
  authOffered: boolean;
  /** SIZE from the latest EHLO list before the event, in bytes (RFC 1870), or null. */
  sizeLimit: number | null;
  /** Sender and recipient of the transaction in progress. */
  sender: string;
  recipient: string;
}

const verbOf = (line: string) => (/^\s*([A-Za-z]+)/.exec(line)?.[1] ?? '').toUpperCase();
/** "bob@example.org" from "RCPT TO:<bob@example.org>". */
const addressOf = (line: string) => /<([^>]*)>/.exec(line)?.[1] ?? '';

function lastSend(events: readonly TranscriptEvent[], index: number, verb: string): SendEvent | null {
  for (let i = index - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'send' && !e.body && verbOf(e.line) === verb) return e;
  }
  return null;
}

/** The EHLO list in force at an event: the latest one before it (RFC 3207 §4.2). */
function latestList(lists: EhloLists, index: number) {
  return [lists.afterTls, lists.beforeTls].find((l) => l && l.index < index) ?? null;
}

function sizeBefore(lists: EhloLists, index: number): number | null {
  const size = latestList(lists, index)?.capabilities.find((cap) => /^SIZE\s+\d+$/i.test(cap));
  const n = size ? Number(size.split(/\s+/)[1]) : 0;
  return n > 0 ? n : null;
}

export function sessionContext(input: IndexedInput, index: number): SessionContext {
  const { events, target, tls } = input;
  const tlsAt = input.index.tlsEstablished;
  const lists = input.index.ehlo;
  const event = events[index];
  const command = event?.type === 'reply' ? (commandFor(events, index)?.line ?? '') : '';
  const authCommand = lastSend(events, index, 'AUTH');
  const rcpt = verbOf(command) === 'RCPT' ? command : '';
  const offered = authMechanisms(latestList(lists, index)?.capabilities ?? []);
  return {
    index,
    port: target.port,
    mode: target.tls,
    tlsUp: tlsAt !== -1 && index > tlsAt,
    implicitTls: tls?.mode === 'implicit' || target.tls === 'implicit',
    authenticated: input.index.authenticated !== -1 && input.index.authenticated < index,
    authCommand,
    mechanism: authCommand ? (authCommand.line.split(/\s+/)[1] ?? '').toUpperCase() : '',
    verb: verbOf(command),
    command,
    enhanced: event?.type === 'reply' ? event.enhanced : null,
    lists,
    starttlsOffered: lists.beforeTls ? hasCapability(lists.beforeTls.capabilities, 'STARTTLS') : false,
    authBeforeTls: lists.beforeTls ? authMechanisms(lists.beforeTls.capabilities) : [],
    authAfterTls: lists.afterTls ? authMechanisms(lists.afterTls.capabilities) : null,
    sizeLimit: sizeBefore(lists, index),
    offeredMechanisms: offered,
    authOffered: offered.length > 0,
    sender: addressOf(lastSend(events, index, 'MAIL')?.line ?? ''),
    recipient: addressOf(rcpt),
  };
}
