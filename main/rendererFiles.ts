// The built renderer's files, served the same way by the web bridge (http://127.0.0.1) and the
// Electron shell (app://smtp-lens): only files under out/renderer, by a path that was checked
// segment by segment, with the right type and the Content Security Policy on every answer.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/contentSecurityPolicy';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Headers on every answer, files and refusals alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  // Another origin may not embed our scripts or open a window that shares ours.
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface RendererAnswer {
  status: number;
  headers: Record<string, string>;
  /** The file, or a one-line explanation for a refusal. */
  body: Buffer | string;
}

/**
 * Turns a URL path as it came off the wire (percent-encoded, already split from its query)
 * into path segments, or null when it is not one we could have written ourselves: an empty
 * segment (`//`), a malformed percent escape, a dot segment, or a separator, NUL or control
 * character hidden in an escape. `/` alone is the page itself.
 */
export function rendererPathSegments(encodedPath: string): string[] | null {
  if (!encodedPath.startsWith('/')) return null;
  if (encodedPath === '/') return ['index.html'];
  const segments: string[] = [];
  for (const raw of encodedPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\u0000-\u001f\u007f:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

/** A refusal in one line of plain text, with the same security headers as a file. */
export function refusal(status: number, text: string): RendererAnswer {
  return { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }, body: `${text}\n` };
}

export const BAD_PATH = refusal(400, 'Bad request: malformed path.');
const NOT_FOUND = refusal(404, 'Not found.');

/** The answer for one request path; never throws. */
export async function rendererFile(rendererDir: string, encodedPath: string): Promise<RendererAnswer> {
  const segments = rendererPathSegments(encodedPath);
  if (!segments) return BAD_PATH;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  // The segments hold no separator or dot segment, so this only guards against a mistake above.
  if (!file.startsWith(root + path.sep)) return NOT_FOUND;
  try {
    const body = await readFile(file);
    return {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' },
      body,
    };
  } catch {
    return NOT_FOUND;
  }
}
