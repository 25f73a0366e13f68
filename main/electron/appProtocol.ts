// The renderer is served from app://smtp-lens instead of file://. A file:// page may read any
// other file:// URL and shares its origin with every file on the disk; app://smtp-lens is one
// origin that serves only out/renderer, so "the app's page" is exactly that origin.
// No electron import here: the unit tests run this in plain Node.
import type { CustomScheme } from 'electron';
import { refusal, rendererFile, type RendererAnswer } from '../rendererFiles';

export const APP_SCHEME = 'app';
export const APP_HOST = 'smtp-lens';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Registered before `ready`. `standard` gives the scheme real origins (so 'self' in the CSP
 * and relative URLs work), `secure` makes it a secure context like https. Nothing more: no CSP
 * bypass, no service workers, no CORS from other origins. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Whether a URL is exactly on the app's origin: app://smtp-lens, no port, no credentials. */
export function isAppOrigin(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
}

function toResponse(answer: RendererAnswer, head: boolean): Response {
  const body = head ? null : typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
  return new Response(body, { status: answer.status, headers: answer.headers });
}

/** The protocol handler: a file of out/renderer with its type and the CSP, or a refusal. */
export async function appProtocolResponse(requestUrl: string, method: string, rendererDir: string): Promise<Response> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return toResponse(refusal(400, 'Bad request.'), false);
  }
  if (!isAppOrigin(url)) return toResponse(refusal(404, 'Not found.'), false);
  if (method !== 'GET' && method !== 'HEAD') return toResponse(refusal(405, 'Only GET.'), false);
  return toResponse(await rendererFile(rendererDir, url.pathname), method === 'HEAD');
}
