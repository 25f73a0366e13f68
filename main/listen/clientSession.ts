// One client's session with the listener, recorded as a transcript seen from the server's
// side (role "server"): "send" events are the client's lines, "reply" events ours. AUTH is
// redacted where the event is created: only the mechanism and the user name are ever kept.
import { APP_VERSION } from '../../shared/appInfo';
import { STAGE_OF_VERB } from '../../shared/commandStage';
import { REDACTED, type Stage, TRANSCRIPT_SCHEMA, type TlsMode, type Transcript } from '../../shared/transcript';
import { type EventInput, type EventListener, Recorder } from '../engine/recorder';
import type { HelloRead } from '../engine/tls/clientHello';
import { clientOffer } from '../engine/tls/clientOffer';
import { clientFindings, type ClientFacts } from './clientFindings';
import { messageFacts } from './messageFacts';

/** A line the client sent is at most this long in the transcript (RFC 5321 §4.5.3.1.4 allows
 * 512 octets for a command; a hostile client sends megabytes). */
const MAX_LINE = 2_048;
/** Of the message, the lines kept in the transcript (all of it is in `received`). */
const MAX_BODY_LINES = 500;
const MAX_BODY_BYTES = 256 << 10;
/** Events kept per client session. */
export const MAX_EVENTS = 5_000;

export class ClientSession {
  private readonly recorder = new Recorder();
  private stage: Stage = 'banner';
  readonly facts: ClientFacts = {
    mode: 'starttls',
    starttlsOffered: false,
    tls: false,
    hello: null,
    plainAfterOffer: [],
    authInPlain: null,
    ehlo: null,
    message: null,
    utf8WithoutSmtputf8: null,
    loggedIn: false,
    mailSent: false,
    batch: null,
    implicitTlsExpected: false,
    bareInCommands: null,
    logins: [],
    authAttempts: { count: 0, event: -1 },
    sender: null,
  };

  constructor(
    readonly client: { address: string; port: number },
    private readonly listener: { host: string; port: number; tls: TlsMode },
  ) {
    this.facts.mode = listener.tls === 'implicit' ? 'implicit' : listener.tls === 'none' ? 'none' : 'starttls';
    this.add({ type: 'connect', address: client.address, port: client.port, inbound: true });
    this.add({ type: 'connected', localAddress: listener.host, localPort: listener.port, inbound: true });
  }

  /** Records an event, up to MAX_EVENTS: a client that sends commands without end must not
   * fill the memory. The cut is said once, where it happened. */
  private add(input: EventInput): number {
    if (this.recorder.events.length < MAX_EVENTS) return this.recorder.record(input);
    if (!this.capped) {
      this.capped = true;
      this.recorder.record({
        type: 'note',
        code: 'client-events-capped',
        text: `The client went on past ${MAX_EVENTS} events; the rest of its session is not recorded.`,
      });
    }
    return -1;
  }
  private capped = false;

  /** Follow the events as they are recorded (the CLI prints them live). */
  subscribe(listener: EventListener): () => void {
    return this.recorder.subscribe(listener);
  }

  get events() {
    return this.recorder.events;
  }

  /** The client sent several commands in one write (RFC 2920): said once, the first time. */
  pipelined(verbs: string[]): void {
    if (this.sawGroup) return;
    this.sawGroup = true;
    this.add({
      type: 'note',
      code: 'client-pipelined',
      text: `The client pipelines: ${verbs.join(', ')} came in one write (RFC 2920).`,
      data: { commands: verbs.join(', ') },
    });
  }
  private sawGroup = false;

  /** A command that must end its group arrived with more in the same write. The finding goes
   * with the command's event, which the backend records a moment later. */
  batchViolation(v: { verb: string; followedBy: string }): void {
    if (this.facts.batch) return;
    // The backend records the command a moment later; its event is found when the session ends.
    this.facts.batch = { ...v, event: -1 };
  }

  /** The user name a login used (smtp-server decoded it; the password never reaches here). */
  login(user: string, accepted: boolean): void {
    if (this.facts.logins.length < 20) this.facts.logins.push({ user: user.slice(0, 256), accepted });
  }

  /** A command line ended in a bare LF or CR. The backend records the line a moment later,
   * so the finding goes with the first command recorded from here on. */
  bareEnding(ending: 'LF' | 'CR'): void {
    if (this.facts.bareInCommands || this.bareFrom !== null) return;
    this.bareFrom = this.recorder.events.length;
    this.bareKind = ending;
  }
  private bareFrom: number | null = null;
  private bareKind: 'LF' | 'CR' = 'LF';

  /** The client's first bytes on a STARTTLS or plain port were a TLS ClientHello. */
  unexpectedHello(read: HelloRead): void {
    this.facts.implicitTlsExpected = true;
    this.hello(read, 'implicit');
  }

  /** We said 220 to STARTTLS: the client's next bytes should be its ClientHello. */
  get expectsHello(): boolean {
    return this.awaitingHello;
  }
  private awaitingHello = false;

  /** A command line the client sent; `continuation` for the lines of an AUTH exchange. */
  command(raw: string, continuation: boolean): void {
    const line = raw.replace(/\r?\n$/, '').slice(0, MAX_LINE);
    const verb = (line.split(/\s+/)[0] ?? '').toUpperCase();
    if (continuation) {
      this.add({ type: 'send', stage: 'auth', line: REDACTED, redacted: true });
      return;
    }
    this.stage = STAGE_OF_VERB[verb] ?? this.stage;
    if (verb === 'AUTH') {
      // "AUTH PLAIN <base64>" carries the secret itself (RFC 4954 §4): only the mechanism stays.
      const mechanism = (line.split(/\s+/)[1] ?? '').toUpperCase();
      const index = this.add({
        type: 'send',
        stage: 'auth',
        line: line.split(/\s+/).length > 2 ? `AUTH ${mechanism} ${REDACTED}` : `AUTH ${mechanism}`,
        ...(line.split(/\s+/).length > 2 ? { redacted: true as const } : {}),
      });
      if (!this.facts.tls && !this.facts.authInPlain) this.facts.authInPlain = { mechanism, event: index };
      this.facts.authAttempts = { count: this.facts.authAttempts.count + 1, event: index };
      return;
    }
    const index = this.add({ type: 'send', stage: this.stage, line });
    if ((verb === 'EHLO' || verb === 'HELO') && !this.facts.ehlo)
      this.facts.ehlo = { verb, name: line.slice(verb.length).trim(), event: index };
    if (verb === 'MAIL') {
      this.facts.mailSent = true;
      this.facts.sender ??= { address: /<([^>]*)>/.exec(line)?.[1] ?? '', event: index };
    }
    // RFC 6531 §3.4: an address with UTF-8 needs SMTPUTF8 on MAIL FROM.
    if (verb === 'MAIL') this.smtputf8 = /\sSMTPUTF8\b/i.test(line);
    if ((verb === 'MAIL' || verb === 'RCPT') && !this.smtputf8 && !this.facts.utf8WithoutSmtputf8) {
      const address = /<([^>]*)>/.exec(line)?.[1] ?? '';
      // The line was read as latin1: UTF-8 shows as octets above 127.
      if (/[\u0080-\u00ff]/.test(address))
        this.facts.utf8WithoutSmtputf8 = { address: Buffer.from(address, 'latin1').toString('utf8'), event: index };
    }
    if (this.facts.starttlsOffered && !this.facts.tls && (verb === 'MAIL' || verb === 'RCPT' || verb === 'DATA'))
      this.facts.plainAfterOffer.push({ verb, event: index });
  }

  /** A reply we sent: smtp-server's code and its lines of text. */
  reply(code: number, text: string | string[]): void {
    const texts = Array.isArray(text) ? text : String(text).split(/\r?\n/);
    const lines = texts.map((t, i) => `${code}${i === texts.length - 1 ? ' ' : '-'}${t}`);
    const enhanced = /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(texts[0] ?? '')?.[1] ?? null;
    this.add({ type: 'reply', stage: this.stage, code, enhanced, lines });
    if (this.stage === 'tls' && code === 220) this.awaitingHello = true;
    if (this.stage === 'auth' && code === 235) this.facts.loggedIn = true;
    if (this.stage === 'data') this.inData = code === 354;
    if (this.stage === 'ehlo' && code === 250 && !this.facts.tls && texts.some((t) => /^STARTTLS\b/i.test(t)))
      this.facts.starttlsOffered = true;
  }

  /** The client's first bytes after our 220 to STARTTLS, or on the implicit-TLS port. */
  hello(
    read: HelloRead,
    mode: 'starttls' | 'implicit' = this.facts.mode === 'implicit' ? 'implicit' : 'starttls',
  ): void {
    this.awaitingHello = false;
    this.add({
      type: 'tls-start',
      mode,
      servername: read.kind === 'hello' ? read.hello.sni : null,
    });
    if (read.kind !== 'hello') {
      this.add({
        type: 'note',
        stage: 'tls',
        code: 'client-hello-unreadable',
        text: `The client did not send a TLS ClientHello: ${read.kind === 'not-tls' ? read.problem : 'it stopped in the middle of one'}.`,
        data: { problem: read.kind === 'not-tls' ? read.problem : 'incomplete' },
      });
      return;
    }
    const offer = clientOffer(read.hello);
    const index = this.add({
      type: 'note',
      stage: 'tls',
      code: 'client-hello',
      text:
        `ClientHello: offers ${offer.versions.join(', ')}; ${offer.ciphers.length} cipher suites` +
        `${offer.rsaOnly ? ', all with RSA key exchange (no forward secrecy)' : ''}; ` +
        `SNI ${read.hello.sni ?? 'none'}; ALPN ${read.hello.alpn.join(', ') || 'none'}; JA4 ${read.hello.ja4}`,
      data: {
        versions: offer.versions.join(', '),
        newest: offer.newest,
        ciphers: offer.ciphers.join(', '),
        groups: offer.groups.join(', '),
        sni: read.hello.sni ?? '',
        alpn: read.hello.alpn.join(', '),
        ja4: read.hello.ja4,
        rsaOnly: String(offer.rsaOnly),
      },
    });
    this.facts.hello = { offer, ja4: read.hello.ja4, event: index };
  }

  private smtputf8 = false;
  /** Between our 354 and the reply to the message: the client's bytes are the message. */
  inData = false;

  /** The message the client sent after DATA, and what it shows about the client. */
  message(raw: Buffer, envelope: { from: string; to: string[]; bodyType: string }): void {
    const facts = messageFacts(raw, envelope.bodyType);
    // The message itself, viewable in the transcript as a probe's is: its first lines, as sent.
    const lines = raw.subarray(0, MAX_BODY_BYTES).toString('utf8').split(/\r?\n/);
    for (const line of lines.slice(0, MAX_BODY_LINES))
      this.add({ type: 'send', stage: 'data', line: line.slice(0, MAX_LINE), body: true });
    const index = this.add({
      type: 'note',
      stage: 'data',
      code: 'client-message',
      text: `The message: ${facts.octets} octets from ${envelope.from || '<>'} to ${envelope.to.join(', ')}, kept and not relayed.`,
      data: { octets: String(facts.octets), from: envelope.from, to: envelope.to.join(', ') },
    });
    this.facts.message = { ...facts, event: index };
  }

  tlsEstablished(protocol: string, cipher: string): void {
    this.facts.tls = true;
    this.add({ type: 'tls-established', protocol, cipher, group: null });
  }

  /** The handshake with the client failed: our alert, and why, read from what it offered. */
  tlsFailed(alert: string): void {
    const offer = this.facts.hello?.offer;
    const why = !offer
      ? ''
      : offer.outdated
        ? `: the client offers only ${offer.versions.join(', ')}, and TLS 1.2 is the oldest this listener accepts, as at Microsoft 365 and Gmail`
        : offer.rsaOnly
          ? ': the client offers only cipher suites with RSA key exchange, which this listener has disabled'
          : '';
    this.add({
      type: 'error',
      stage: 'tls',
      code: 'TLS_FAILED',
      message: `The handshake failed: SMTP Lens answered the ClientHello with the alert ${alert}${why}.`,
    });
  }

  closed(by: 'client' | 'server'): void {
    this.add({ type: 'close', by });
  }

  transcript(): Transcript {
    const batch = this.facts.batch;
    if (batch && batch.event === -1)
      batch.event = Math.max(
        0,
        this.recorder.events.findIndex(
          (e) => e.type === 'send' && !e.body && e.line.toUpperCase().startsWith(batch.verb),
        ),
      );
    if (this.bareFrom !== null && !this.facts.bareInCommands) {
      const from = this.bareFrom;
      const at = this.recorder.events.findIndex((e, i) => i >= from && e.type === 'send' && !e.body);
      this.facts.bareInCommands = { ending: this.bareKind, event: at === -1 ? from - 1 : at };
    }
    const findings = clientFindings(this.facts);
    return {
      schema: TRANSCRIPT_SCHEMA,
      app: { name: 'smtp-lens', version: APP_VERSION },
      target: { host: this.listener.host, port: this.listener.port, tls: this.listener.tls, servername: null },
      role: 'server',
      client: this.client,
      startedAt: this.recorder.startedAt.toISOString(),
      events: this.recorder.events,
      tls: null,
      findings,
      outcome: { ok: !findings.some((f) => f.severity === 'error'), stage: this.stage },
    };
  }
}
