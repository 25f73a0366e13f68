// Messages built from parts, as swaks builds them: headers added or replaced (--header), the
// body replaced (--body), files attached (--attach). Without attachments the default test
// message is edited in place, so it stays the message it is; with them nodemailer's
// MailComposer writes the MIME structure (RFC 2045, RFC 2046, RFC 2183), which is the field's
// library for it, rather than hand-written boundaries.

export interface Attachment {
  filename: string;
  /** Given, or guessed from the file name. */
  contentType?: string;
  /** The file's bytes, base64. */
  content: string;
}

export interface MessageParts {
  headers?: readonly string[];
  body?: string;
  attachments?: readonly Attachment[];
}

export const hasParts = (p: MessageParts) =>
  Boolean(p.headers?.length || p.body !== undefined || p.attachments?.length);

/** "Name: value" split once; the name as written. */
function splitHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

/** RFC 5322 §2.2: header fields, then an empty line, then the body. */
function splitMessage(message: string): { headers: string[]; body: string } {
  const at = message.search(/\r?\n\r?\n/);
  const head = at === -1 ? message : message.slice(0, at);
  const body = at === -1 ? '' : message.slice(at).replace(/^\r?\n\r?\n/, '');
  // Folded lines (RFC 5322 §2.2.3) belong to the field above them.
  const headers: string[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1] += `\r\n${line}`;
    else if (line) headers.push(line);
  }
  return { headers, body };
}

/** Each given header replaces the one of the same name (case-insensitive), or is added. */
function withHeaders(existing: string[], given: readonly string[]): string[] {
  const out = existing.slice();
  for (const line of given) {
    const [name] = splitHeader(line);
    const at = out.findIndex((h) => splitHeader(h)[0].toLowerCase() === name.toLowerCase());
    if (at === -1) out.push(line);
    else out[at] = line;
  }
  return out;
}

/** The message with the parts applied to `base` (the default test message). */
export async function buildMessage(base: string, parts: MessageParts): Promise<string> {
  const split = splitMessage(base);
  const headers = withHeaders(split.headers, parts.headers ?? []);
  const body = parts.body ?? split.body;
  if (!parts.attachments?.length) return `${headers.join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`;
  // MailComposer writes its own MIME headers; every other header is passed through as given.
  const mime = /^(mime-version|content-type|content-transfer-encoding)$/i;
  // Loaded here: most probes send the plain default message and never need nodemailer.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
  const composer = new MailComposer({
    headers: headers
      .filter((h) => !mime.test(splitHeader(h)[0]))
      .map((h) => {
        const [key, value] = splitHeader(h);
        return { key, value };
      }),
    text: body,
    textEncoding: 'quoted-printable',
    attachments: parts.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      encoding: 'base64',
      ...(a.contentType ? { contentType: a.contentType } : {}),
    })),
  });
  const built = await composer.compile().build();
  return built.toString('utf8');
}
