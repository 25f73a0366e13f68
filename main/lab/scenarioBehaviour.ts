import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { LAB_DOMAIN, LAB_HOSTNAME, LAB_PASSWORD, LAB_USER } from '../../shared/lab/scenarioCatalog';
import { AuthAfterTlsServer } from './authAfterTlsServer';
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
  onMessage(message: ReceivedMessage): void;
}

/** An smtp-server error with a full reply text, the way a real server words it. */
function smtpError(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

function tlsOptions(pki: TestPki, leaf: LeafName, sendIntermediate = true): Partial<SMTPServerOptions> {
  const cred = pki.leaves[leaf];
  return { key: cred.keyPem, cert: sendIntermediate ? cred.chainPem : cred.certPem };
}

/** Options every scenario shares: loopback-only, quiet, realistic name, our own status codes. */
function base(name: string, ctx: ScenarioContext): SMTPServerOptions {
  return {
    name: LAB_HOSTNAME,
    banner: `SMTP Lens practice server (${name})`,
    logger: false,
    // Our replies carry hand-written enhanced codes, word for word as real servers send them.
    hideENHANCEDSTATUSCODES: true,
    disableReverseLookup: true,
    size: 10 * 1024 * 1024,
    socketTimeout: 60_000,
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

function practiceAuth(): Pick<SMTPServerOptions, 'authMethods' | 'onAuth'> {
  return {
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
    onAuth(auth, _session, callback) {
      const userOk = auth.username === LAB_USER;
      const passOk = auth.method === 'CRAM-MD5' ? auth.validatePassword?.(LAB_PASSWORD) : auth.password === LAB_PASSWORD;
      if (userOk && passOk) return callback(null, { user: auth.username });
      callback(smtpError(535, '5.7.8 Error: authentication failed: authentication failure'));
    },
  };
}

/** Accepts mail for lab.test only; anything else is relaying, refused as Postfix does. */
function ownDomainOnly(): Pick<SMTPServerOptions, 'onRcptTo'> {
  return {
    onRcptTo(address, session, callback) {
      if (domainOf(address.address) === LAB_DOMAIN || session.user) return callback();
      callback(smtpError(554, `5.7.1 <${address.address}>: Relay access denied`));
    },
  };
}

type Factory = (ctx: ScenarioContext) => { options: SMTPServerOptions; authAfterTls?: boolean };

export const SCENARIO_FACTORIES: Record<string, Factory> = {
  'submission-ok': (ctx) => ({
    options: { ...base('submission-ok', ctx), ...tlsOptions(ctx.pki, 'good'), ...practiceAuth(), ...ownDomainOnly() },
    authAfterTls: true,
  }),
  'implicit-tls-ok': (ctx) => ({
    options: { ...base('implicit-tls-ok', ctx), ...tlsOptions(ctx.pki, 'good'), secure: true, ...practiceAuth(), ...ownDomainOnly() },
  }),
  'relay-denied': (ctx) => ({
    options: { ...base('relay-denied', ctx), ...tlsOptions(ctx.pki, 'good'), disabledCommands: ['AUTH'], authOptional: true, ...ownDomainOnly() },
  }),
  'auth-fails': (ctx) => ({
    authAfterTls: true,
    options: {
      ...base('auth-fails', ctx),
      ...tlsOptions(ctx.pki, 'good'),
      authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
      onAuth: (_auth, _session, callback) => callback(smtpError(535, '5.7.8 Error: authentication failed: authentication failure')),
      ...ownDomainOnly(),
    },
  }),
};

export function createScenarioServer(name: string, ctx: ScenarioContext): SMTPServer {
  const factory = SCENARIO_FACTORIES[name];
  if (!factory) throw new Error(`unknown practice scenario "${name}"`);
  const { options, authAfterTls } = factory(ctx);
  const server = authAfterTls ? new AuthAfterTlsServer(options) : new SMTPServer(options);
  // Clients that hang up mid-handshake are what a practice server is for; smtp-server
  // reports them as 'error' events, which must not bring the lab down.
  server.on('error', () => undefined);
  return server;
}
