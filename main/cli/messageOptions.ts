// --header, --body and --attach, as swaks takes them: the message built from parts.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readStdin } from './secretInput';
import { UsageError, readOptionFile } from './usage';

/** What one attachment may weigh before base64 (SMTP servers commonly take 25 to 50 MB whole). */
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

interface Token {
  kind: string;
  name?: string;
  value?: string | undefined;
}

function readAttachment(path: string, type: string | undefined, detectType: (name: string) => string) {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new UsageError(`--attach: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > MAX_ATTACHMENT_BYTES) throw new UsageError(`--attach: ${path} is over 25 MiB`);
  const filename = basename(path);
  return {
    filename,
    // The type given with --attach-type, or the one its extension names (application/octet-stream).
    contentType: type ?? detectType(filename),
    content: readFileSync(path).toString('base64'),
  };
}

/** The attachments in command-line order: an --attach-type applies to the --attach after it. */
export async function attachmentsFrom(tokens: readonly Token[]) {
  // nodemailer's type table loads only when something is attached.
  const { default: mimeFuncs } = await import('nodemailer/lib/mime-funcs/index.js');
  const found: ReturnType<typeof readAttachment>[] = [];
  let type: string | undefined;
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (t.name === 'attach-type') type = t.value;
    if (t.name === 'attach' && t.value) {
      found.push(readAttachment(t.value, type, (name) => mimeFuncs.detectMimeType(name)));
      type = undefined;
    }
  }
  return found;
}

/** --body TEXT, --body @FILE, or --body - for standard input. */
export async function bodyFrom(value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (value === '-') return readStdin();
  if (value.startsWith('@')) return readOptionFile(value.slice(1), '--body');
  return value;
}
