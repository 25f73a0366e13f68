import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** smtp-server's per-connection object (not exported by name; typed through the server). */
export type SmtpConnection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/** A command as a policy sees it, before smtp-server handles it. */
export interface CommandView {
  /** Upper-case command verb: "MAIL", "STARTTLS". */
  verb: string;
  line: string;
  /** TLS is up on this connection (STARTTLS done, or an implicit-TLS listener). */
  secure: boolean;
}

/** A full reply text, enhanced code included, because hideENHANCEDSTATUSCODES is on. */
export interface PolicyReply {
  code: number;
  text: string;
}

/**
 * What a scenario changes in smtp-server's behaviour. smtp-server has no options for these
 * Postfix behaviours, so they are applied to each connection; see `adaptConnection`.
 */
export interface ConnectionPolicy {
  /** Offer AUTH only in the EHLO after STARTTLS (Postfix `smtpd_tls_auth_only = yes`). */
  authAfterTls?: boolean;
  /** A reply that replaces smtp-server's own handling of a command, or null to leave it be. */
  intercept?(command: CommandView): PolicyReply | null;
  /** Sees each new connection once adapted (the listener records its lines through it). */
  observe?(conn: SmtpConnection): void;
}

/**
 * Applies a policy to one connection. This wraps two methods of smtp-server's connection
 * object, an internal API: the lab tests (AUTH appears only after STARTTLS, the 530 and 502
 * replies) fail loudly if an upgrade of smtp-server changes them.
 */
function adaptConnection(conn: SmtpConnection, policy: ConnectionPolicy): void {
  if (
    typeof conn._isSupported !== 'function' ||
    typeof conn.handler_EHLO !== 'function' ||
    typeof conn._onCommand !== 'function'
  ) {
    throw new Error('smtp-server internals changed: cannot apply the practice scenario policy');
  }
  if (policy.authAfterTls) {
    // smtp-server always lists AUTH in EHLO. Real submission servers usually offer it only
    // after STARTTLS (RFC 4954 §4; RFC 3207 §4.2 says why the list changes), and seeing AUTH
    // appear in the second EHLO is a lesson of the lab. So for the EHLO reply alone, AUTH
    // counts as unsupported until the connection is secure.
    const isSupported = conn._isSupported.bind(conn);
    const ehlo = conn.handler_EHLO.bind(conn);
    let inEhlo = false;
    conn._isSupported = (command) =>
      inEhlo && !conn.secure && command.toUpperCase() === 'AUTH' ? false : isSupported(command);
    conn.handler_EHLO = (command, callback) => {
      inEhlo = true;
      try {
        ehlo(command, callback);
      } finally {
        inEhlo = false;
      }
    };
  }
  const intercept = policy.intercept;
  if (intercept) {
    const onCommand = conn._onCommand.bind(conn);
    conn._onCommand = (command, callback) => {
      // Only real command lines: not AUTH continuation lines (_nextHandler), not plaintext
      // left over from STARTTLS (_upgrading, which smtp-server discards), not before the
      // greeting (smtp-server's own "You talk too soon").
      if (conn._ready && !conn._upgrading && !conn._nextHandler) {
        const line = command.toString('utf8');
        const reply = intercept({ verb: (line.trim().split(/\s+/)[0] ?? '').toUpperCase(), line, secure: conn.secure });
        if (reply) {
          conn.send(reply.code, reply.text);
          setImmediate(() => conn._whenWritable(callback ?? (() => undefined)));
          return;
        }
      }
      onCommand(command, callback);
    };
  }
}

/** smtp-server with a per-scenario connection policy. */
export class LabSmtpServer extends SMTPServer {
  constructor(
    options: SMTPServerOptions,
    private readonly policy: ConnectionPolicy = {},
  ) {
    super(options);
  }

  override connect(...args: Parameters<SMTPServer['connect']>): void {
    super.connect(...args);
    // connect() creates the connection and arms its greeting timer; no command can have been
    // read yet, so adapting it now is in time. (It may already be gone: refused and closed.)
    const socket = args[0];
    const conn = [...this.connections].find((c) => c._socket === socket);
    if (!conn) return;
    try {
      adaptConnection(conn, this.policy);
      this.policy.observe?.(conn);
    } catch (err) {
      // A scenario that cannot behave as described must not run at all; and throwing here,
      // in a socket callback, would take the whole app down with it.
      console.error(`SMTP Lens practice server: ${(err as Error).message}`);
      socket.destroy();
    }
  }
}
