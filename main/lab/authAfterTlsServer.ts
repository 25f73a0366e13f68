import { SMTPServer } from 'smtp-server';

/** The parts of smtp-server's per-connection object we adapt. Internal API: the lab test
 * "submission-ok hides AUTH before TLS" fails loudly if an upgrade changes it. */
interface ConnectionInternals {
  secure: boolean;
  _isSupported(command: string): boolean;
  handler_EHLO(command: Buffer, callback: () => void): void;
}

/**
 * smtp-server always lists AUTH in EHLO. Real submission servers usually offer it only
 * after STARTTLS (Postfix `smtpd_tls_auth_only = yes`; RFC 4954 §4 and RFC 3207 §4.2 say
 * why), and seeing AUTH appear in the second EHLO is the lesson of `submission-ok`. So for
 * the EHLO reply alone, AUTH counts as unsupported until the connection is secure.
 */
export class AuthAfterTlsServer extends SMTPServer {
  override connect(...args: Parameters<SMTPServer['connect']>): void {
    super.connect(...args);
    const connections = (this as unknown as { connections: Set<ConnectionInternals> }).connections;
    const conn = [...connections].at(-1);
    if (!conn || typeof conn._isSupported !== 'function' || typeof conn.handler_EHLO !== 'function') {
      throw new Error('smtp-server internals changed: cannot hide AUTH before TLS');
    }
    const isSupported = conn._isSupported.bind(conn);
    const ehlo = conn.handler_EHLO.bind(conn);
    let inEhlo = false;
    conn._isSupported = (command) => (inEhlo && !conn.secure && command.toUpperCase() === 'AUTH' ? false : isSupported(command));
    conn.handler_EHLO = (command, callback) => {
      inEhlo = true;
      try {
        ehlo(command, callback);
      } finally {
        inEhlo = false;
      }
    };
  }
}
