// smtp-server instances on 127.0.0.1 that refuse mail the way real servers word it (Postfix,
// postgrey), for the reply-knowledge tests. Every reply text is hand-written, enhanced code
// included, so the tests see exactly the words the table lists.
import type { AddressInfo } from 'node:net';
import type { SMTPServerOptions } from 'smtp-server';
import { LabSmtpServer } from '../../main/lab/labSmtpServer';
import { createTestPki, type TestPki } from '../../main/lab/pki';

export const USER = 'alice@lab.test';
export const PASSWORD = 'wonderland';
export const LOCAL_DOMAIN = 'lab.test';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** An smtp-server error with a full reply text. */
export function refusal(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startSmtp(options: SMTPServerOptions, authAfterTls = false): Promise<RunningServer> {
  // The practice server's own adaptation, so its lesson and these servers cannot drift apart.
  const server = new LabSmtpServer(options, { authAfterTls });
  // Clients that hang up are reported as 'error' events; they must not fail the test run.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

function base(pki: TestPki, name: string): SMTPServerOptions {
  return {
    name: 'mail.lab.test',
    banner: name,
    logger: false,
    hideENHANCEDSTATUSCODES: true,
    disableReverseLookup: true,
    key: pki.leaves.good.keyPem,
    cert: pki.leaves.good.chainPem,
  };
}

/** Recipients with a fixed fate, as a Postfix server with postgrey would answer them. */
const RECIPIENT_FATES: Record<string, [number, string]> = {
  'nobody@lab.test': [
    550,
    '5.1.1 <nobody@lab.test>: Recipient address rejected: User unknown in virtual mailbox table',
  ],
  'grey@lab.test': [
    450,
    '4.2.0 <grey@lab.test>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/lab.test.html',
  ],
  'busy@lab.test': [451, '4.3.0 <busy@lab.test>: Temporary lookup failure'],
  'many@lab.test': [452, '4.5.3 Error: too many recipients'],
};

/**
 * Like a Postfix submission service with `smtpd_tls_security_level = encrypt`: AUTH only in the
 * EHLO after STARTTLS, and everything but EHLO and STARTTLS refused before TLS with
 * "530 5.7.0 Must issue a STARTTLS command first". Accepts mail for lab.test only, logged in
 * or not (so "relay denied after AUTH" is an account restriction); SIZE 20000.
 */
export function submissionServer(pki: TestPki): Promise<RunningServer> {
  const mustStartTls = refusal(530, '5.7.0 Must issue a STARTTLS command first');
  return startSmtp(
    {
      ...base(pki, 'Postfix (submission)'),
      size: 20_000,
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      authOptional: true,
      onAuth(auth, session, callback) {
        if (!session.secure) return callback(mustStartTls);
        if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: auth.username });
        callback(refusal(535, '5.7.8 Error: authentication failed: authentication failure'));
      },
      onMailFrom(address, session, callback) {
        if (!session.secure) return callback(mustStartTls);
        const from = address.address;
        if (domainOf(from) === 'nowhere.invalid')
          return callback(refusal(450, `4.1.8 <${from}>: Sender address rejected: Domain not found`));
        if (session.user && from !== USER)
          return callback(refusal(553, `5.7.1 <${from}>: Sender address rejected: not owned by user ${USER}`));
        callback();
      },
      onRcptTo(address, _session, callback) {
        const to = address.address.toLowerCase();
        const fate = RECIPIENT_FATES[to];
        if (fate) return callback(refusal(...fate));
        if (domainOf(to) !== LOCAL_DOMAIN) return callback(refusal(554, `5.7.1 <${to}>: Relay access denied`));
        callback();
      },
      onData(stream, session, callback) {
        stream.on('end', () => {
          const s = stream as typeof stream & { sizeExceeded?: boolean };
          if (s.sizeExceeded) return callback(refusal(552, '5.3.4 Message size exceeds fixed limit'));
          if (session.envelope.rcptTo.some((r) => r.address === 'filtered@lab.test'))
            return callback(refusal(554, '5.7.1 Spam message rejected'));
          callback(null, '2.0.0 Ok: queued as 4ZQ1XY2');
        });
        stream.resume();
      },
    },
    true,
  );
}

/**
 * smtp-server with its own words and enhanced codes: AUTH before TLS gets
 * "538 5.7.0 Error: Must issue a STARTTLS command first", MAIL without login
 * "530 5.7.0 Error: authentication Required". With `insecureAuth`, AUTH is allowed in clear
 * and always refused with 535.
 */
export function stockServer(pki: TestPki, insecureAuth = false): Promise<RunningServer> {
  return startSmtp({
    name: 'mail.lab.test',
    logger: false,
    disableReverseLookup: true,
    key: pki.leaves.good.keyPem,
    cert: pki.leaves.good.chainPem,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: insecureAuth,
    onAuth: (_auth, _session, callback) => callback(refusal(535, 'Error: authentication failed')),
  });
}

/** A server that refuses every connection at the greeting with the given reply. */
export function refusingServer(code: number, text: string): Promise<RunningServer> {
  return startSmtp({
    logger: false,
    disableReverseLookup: true,
    hideENHANCEDSTATUSCODES: true,
    onConnect: (_s, callback) => callback(refusal(code, text)),
  });
}

export { createTestPki };
