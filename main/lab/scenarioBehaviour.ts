// Building blocks the practice scenarios share: smtp-server options for the common parts
// (greeting, message capture, AUTH, relay rules) and the replies real servers send.
import type { SMTPServerOptions } from 'smtp-server';
import { LAB_DOMAIN, LAB_HOSTNAME, LAB_PASSWORD, LAB_USER, type LabTiming } from '../../shared/lab/scenarioCatalog';
import type { CommandView, PolicyReply } from './labSmtpServer';
import type { LeafName, TestPki } from './pki';

/** A message the practice server accepted, kept so the UI and tests can show it. */
export interface ReceivedMessage {
  scenario: string;
  from: string;
  to: string[];
  /** The message exactly as received after DATA, dot-unstuffed, with CRLF line ends. */
  raw: Buffer;
  receivedAt: string;
}

export interface ScenarioContext {
  pki: TestPki;
  timing: LabTiming;
  clock: () => number;
  onMessage(message: ReceivedMessage): void;
}

/** An smtp-server error with a full reply text, the way a real server words it. */
export function smtpError(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** The certificate a scenario presents: by default the leaf and the intermediate, as a
 * correctly configured server sends them (RFC 8446 §4.4.2). */
export function tlsOptions(
  pki: TestPki,
  leaf: LeafName,
  sendIntermediate = true,
): Pick<SMTPServerOptions, 'key' | 'cert'> {
  const cred = pki.leaves[leaf];
  return { key: cred.keyPem, cert: sendIntermediate ? cred.chainPem : cred.certPem };
}

/** Options every scenario shares: quiet, a realistic name, our own status codes, and the
 * received message kept for the UI. */
export function baseOptions(name: string, ctx: ScenarioContext): SMTPServerOptions {
  return {
    name: LAB_HOSTNAME,
    banner: `SMTP Lens practice server (${name})`,
    logger: false,
    // Our replies carry hand-written enhanced codes, word for word as real servers send them.
    hideENHANCEDSTATUSCODES: true,
    disableReverseLookup: true,
    size: 10 * 1024 * 1024,
    socketTimeout: 60_000,
    // Stopping the lab (Ctrl-C, a test's afterAll) must not wait 30 s for idle clients.
    closeTimeout: 250,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        ctx.onMessage({
          scenario: name,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          receivedAt: new Date().toISOString(),
        });
        callback(null, `2.0.0 Ok: queued as ${Date.now().toString(36).toUpperCase()}`);
      });
    },
  };
}

/** AUTH PLAIN, LOGIN and CRAM-MD5 with the practice credentials (RFC 4954). */
export function practiceAuth(): Pick<SMTPServerOptions, 'authMethods' | 'onAuth'> {
  return {
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
    onAuth(auth, _session, callback) {
      const userOk = auth.username === LAB_USER;
      const passOk =
        auth.method === 'CRAM-MD5' ? auth.validatePassword?.(LAB_PASSWORD) : auth.password === LAB_PASSWORD;
      if (userOk && passOk) return callback(null, { user: auth.username });
      callback(smtpError(535, '5.7.8 Error: authentication failed: authentication failure'));
    },
  };
}

/** Postfix's words for relaying without permission (reject_unauth_destination). */
export function relayDenied(address: string): Error {
  return smtpError(554, `5.7.1 <${address}>: Relay access denied`);
}

/** True when the lab takes mail for this recipient: its own domain, or anything once logged in. */
export function acceptsRecipient(address: string, loggedIn: boolean): boolean {
  return loggedIn || domainOf(address) === LAB_DOMAIN;
}

/** Accepts mail for lab.test only; anything else is relaying, refused as Postfix does. */
export function ownDomainOnly(): Pick<SMTPServerOptions, 'onRcptTo'> {
  return {
    onRcptTo(address, session, callback) {
      if (acceptsRecipient(address.address, Boolean(session.user))) return callback();
      callback(relayDenied(address.address));
    },
  };
}

/** The commands RFC 3207 §4 still allows before STARTTLS when the server requires TLS. */
const ALLOWED_BEFORE_TLS = new Set(['EHLO', 'STARTTLS', 'NOOP', 'QUIT']);

/** RFC 3207 §4: a server that requires TLS answers "530 Must issue a STARTTLS command first"
 * to every other command; Postfix (`smtpd_tls_security_level = encrypt`) adds 5.7.0. */
export function requireTlsFirst(command: CommandView): PolicyReply | null {
  if (command.secure || ALLOWED_BEFORE_TLS.has(command.verb)) return null;
  return { code: 530, text: '5.7.0 Must issue a STARTTLS command first' };
}

/** A server without TLS: Postfix answers STARTTLS this way when TLS is off. (smtp-server
 * would say "500 Error: command not recognized" for a disabled command.) */
export function starttlsNotImplemented(command: CommandView): PolicyReply | null {
  return command.verb === 'STARTTLS' ? { code: 502, text: '5.5.1 Error: command not implemented' } : null;
}
