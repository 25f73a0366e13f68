import { X509Certificate } from 'node:crypto';
import { isIP } from '../ipLiteral';
import type tls from 'node:tls';
import type { TlsInfo } from '../../../shared/transcript';
import type { Conversation } from '../conversation';
import { certFromDer, describeCert } from './certInfo';
import { verifyChain } from './chainVerifier';
import type { Failure } from '../smtpConnection';
import { runAiaFetch, wantsAiaFetch } from './aiaStep';
import { libraryReason, versionLabel } from './handshakeFailure';
import type { HandshakeCapture } from './handshakeTap';
import { whatServerSpoke } from './protocolSniff';
import { buildTrustStore, secureContextFor } from './trustStore';

/** The name the certificate must match: --servername, else the host we were given. */
export function checkedName(c: Conversation): string {
  return c.opts.servername ?? c.opts.host;
}

/** RFC 6066 §3: SNI carries host names only, never IP literals. */
export function sniFor(name: string): string | null {
  return isIP(name) ? null : name;
}

export function tlsConnectOptions(c: Conversation): tls.ConnectionOptions {
  const sni = sniFor(checkedName(c));
  return {
    ...(sni ? { servername: sni } : {}),
    // We verify ourselves and report; the session goes on so the rest can be seen.
    rejectUnauthorized: false,
    secureContext: secureContextFor(c.opts.ca ?? []),
  };
}

/** Printable start of what a server sent instead of a TLS ServerHello. */
export function printablePreview(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/\r?\n/g, '⏎')
    .replace(/[^\x20-\x7e⏎]/g, '·')
    .slice(0, 60);
}

/** Node's own chain, used only when the handshake could not be read. It may contain
 * certificates from the local store, which is why it is the fallback. */
function libraryChain(socket: tls.TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let cert = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(new X509Certificate(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** The key-exchange group (X25519, P-256, ...) from Node's ephemeral key info. */
function ephemeralGroup(socket: tls.TLSSocket): string | null {
  const info = socket.getEphemeralKeyInfo() as { name?: string } | null;
  return info?.name ?? null;
}

type HandshakeFacts = Pick<TlsInfo, 'protocol' | 'cipher' | 'group'>;

function describeTls(
  c: Conversation,
  socket: tls.TLSSocket,
  capture: HandshakeCapture,
  mode: TlsInfo['mode'],
  facts: HandshakeFacts,
) {
  const fromHandshake = capture.certificates?.map(certFromDer).filter((x): x is X509Certificate => x !== null);
  const sent = fromHandshake ?? libraryChain(socket);
  const name = checkedName(c);
  const store = buildTrustStore(c.opts.ca ?? []);
  const libraryCode = socket.authorized ? null : String(socket.authorizationError ?? '');
  const info: TlsInfo = {
    mode,
    ...facts,
    servername: sniFor(name),
    sentChain: sent.map(describeCert),
    sentChainSource: fromHandshake ? 'handshake' : 'library',
    verification: verifyChain(sent, store, name, libraryCode),
  };
  return { info, sent, store };
}

/** Records what the failed handshake showed: the server's alert, the version it chose, and
 * what it sent if that was not TLS. The findings rules explain these (tlsRules.ts). */
function noteFailure(c: Conversation, mode: TlsInfo['mode'], capture: HandshakeCapture): void {
  if (capture.alert) {
    c.note(
      'tls',
      `The server sent the TLS alert "${capture.alert.name}" (${capture.alert.description}).`,
      'tls-alert',
      {
        alert: capture.alert.name,
        description: String(capture.alert.description),
      },
    );
  }
  if (capture.version) {
    c.note('tls', `The server chose ${versionLabel(capture.version)} in its ServerHello.`, 'tls-server-version', {
      version: capture.version,
    });
  }
  const spoke = whatServerSpoke(capture.firstServerBytes);
  const preview = printablePreview(capture.firstServerBytes);
  if (spoke.kind === 'smtp') {
    // Implicit TLS on a plaintext port: the server greets in text (port.plaintext-not-tls).
    // After STARTTLS the same text means the server agreed to TLS and then did not do it.
    const code = mode === 'implicit' ? 'tls-got-plaintext' : 'tls-got-plaintext-after-starttls';
    c.note('tls', `The server answered the TLS hello with plain text: "${preview}".`, code, { preview });
  } else if (spoke.kind === 'other') {
    c.note(
      'tls',
      `The server answered the TLS hello with ${spoke.protocol}: "${spoke.firstLine}".`,
      'tls-got-other-protocol',
      {
        protocol: spoke.protocol,
        firstLine: spoke.firstLine,
      },
    );
  }
}

/** OpenSSL's message carries a source path and a hex code; keep the reason and the alert number. */
function failureMessage(failure: Failure): string {
  return failure.code.startsWith('ERR_SSL_')
    ? `the TLS handshake failed: ${libraryReason(failure.message)}`
    : failure.message;
}

/** --keylog's sink for one connection, counting the lines it passes on. */
function keylogCounter(onKeylog: ((line: Buffer) => void) | undefined) {
  if (!onKeylog) return null;
  const counter = {
    lines: 0,
    sink: (line: Buffer) => {
      counter.lines++;
      onKeylog(line);
    },
  };
  return counter;
}

/** Says in the transcript, without the file's path, that this session's secrets left for a key
 * log: whoever reads a shared transcript then knows that a capture of the session, the password
 * included, can be decrypted by whoever holds that file. */
function noteKeylog(c: Conversation, keylog: { lines: number } | null): void {
  if (!keylog?.lines) return;
  c.note(
    'tls',
    "This session's TLS secrets were written to a key log file (--keylog): whoever holds that file can decrypt a capture of this session, the password included.",
    'tls-keylog',
    { lines: String(keylog.lines) },
  );
}

/** Runs the TLS handshake on the current connection and records what it shows. Returns
 * false when the handshake failed; the connection is closed then. */
export async function startTls(c: Conversation, mode: TlsInfo['mode']): Promise<boolean> {
  const conn = c.conn;
  if (!conn) return false;
  const options = tlsConnectOptions(c);
  c.recorder.record({ type: 'tls-start', mode, servername: options.servername ?? null });
  const keylog = keylogCounter(c.opts.onKeylog);
  const upgrade = await conn.upgrade(options, c.timeouts.tls, c.signal, keylog?.sink);
  const { capture } = upgrade;
  if (upgrade.failure || !upgrade.socket) {
    const failure = upgrade.failure ?? { code: 'ERROR', message: 'TLS failed' };
    noteFailure(c, mode, capture);
    // A handshake that failed late (TLS 1.3) may already have given up its secrets.
    noteKeylog(c, keylog);
    c.fail('tls', { code: failure.code, message: failureMessage(failure) });
    return false;
  }
  // Record the moment the handshake finished; analysing the chain comes after.
  const socket = upgrade.socket;
  const cipher = socket.getCipher();
  const facts = {
    protocol: socket.getProtocol() ?? capture.version ?? 'unknown',
    cipher: cipher.standardName ?? cipher.name,
    group: ephemeralGroup(socket) ?? capture.group ?? null,
  };
  c.recorder.record({ type: 'tls-established', ...facts });
  noteKeylog(c, keylog);
  const described = describeTls(c, socket, capture, mode, facts);
  c.tls = described.info;
  if (wantsAiaFetch(c.opts)) await runAiaFetch(c, described.sent, described.store);
  c.progress.tlsActive = true;
  // RFC 3207 §4.2: the client must discard what it learned before TLS and say EHLO again.
  c.progress.greeted = false;
  c.progress.capabilities = [];
  c.reach('tls');
  return true;
}
