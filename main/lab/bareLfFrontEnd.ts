import type net from 'node:net';
import type { SMTPServerOptions } from 'smtp-server';
import { FrontEnd } from './frontEnd';

const LF = 0x0a;
const CR = 0x0d;

/** Every LF not preceded by CR becomes CR LF. `lastByte` carries the previous chunk's end, so a
 * CR LF split across two TCP segments stays one line end. */
export function bareLfToCrLf(chunk: Buffer, lastByte: number | null): Buffer {
  const out: number[] = [];
  let previous = lastByte;
  for (const byte of chunk) {
    if (byte === LF && previous !== CR) out.push(CR);
    out.push(byte);
    previous = byte;
  }
  return Buffer.from(out);
}

/**
 * The `smuggling-vulnerable` scenario: a receiving server that reads a bare LF as a line end,
 * as Postfix does with `smtpd_forbid_bare_newline = no` (its default before 3.9) and Sendmail
 * before 8.18. So <LF>.<LF> ends the message data, where RFC 5321 §4.1.1.4 allows only
 * <CR><LF>.<CR><LF>, and whatever follows is read as new commands: SMTP smuggling (CVE-2023-51764).
 *
 * smtp-server ends data only at <CR><LF>.<CR><LF>, so the lenient reading lives in a front end
 * that turns each bare LF from the client into CR LF before smtp-server sees it. Plain text
 * only: rewriting bytes would break a TLS handshake, so the backend offers no STARTTLS.
 */
export class BareLfFrontEnd extends FrontEnd {
  constructor(backendOptions: SMTPServerOptions) {
    super({ ...backendOptions, hideSTARTTLS: true });
  }

  protected accept(client: net.Socket): void {
    client.setNoDelay(true);
    const backend = this.track(this.backend.connect());
    backend.setNoDelay(true);
    let lastByte: number | null = null;
    client.on('data', (chunk: Buffer) => {
      backend.write(bareLfToCrLf(chunk, lastByte));
      lastByte = chunk.at(-1) ?? lastByte;
    });
    backend.pipe(client);
    client.once('close', () => backend.destroy());
    backend.once('close', () => client.end());
  }
}
