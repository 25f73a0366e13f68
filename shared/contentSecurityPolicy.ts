/**
 * The renderer's Content Security Policy, for the Electron window and the web bridge alike:
 * no remote anything, no inline or eval'd script. Styles may be inline because xterm.js and
 * React set element styles at run time. connect-src 'self' covers the web bridge's own
 * WebSocket (same origin); the Electron window (app://smtp-lens) talks over IPC and connects nowhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The same policy for a <meta> tag in the built page, so the page carries it however it is
 * opened (the web bridge and app://smtp-lens also send it as a header); frame-ancestors only
 * works as a header, so it is left out there. */
export const CONTENT_SECURITY_POLICY_META = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');
