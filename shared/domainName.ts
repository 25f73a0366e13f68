// A domain or an address as a user types it, to the domain whose mail routing is looked up.
// Bad input gets one sentence, never a query: a DNS name is at most 253 octets in text form,
// each label 1 to 63 (RFC 1035 §2.3.4), letters, digits and hyphens (RFC 5890 for IDNs,
// which are turned into their A-labels first, by the WHATWG URL parser Node and the browser share).

export type MailTarget = { domain: string; address: string | null } | { problem: string };

/** The A-label form ("xn--…") of a host name, or '' when it is not one. */
function toAscii(name: string): string {
  if (/[/?#@:\s\\]/.test(name)) return '';
  try {
    return new URL(`http://${name}/`).hostname;
  } catch {
    return '';
  }
}

export function parseMailTarget(text: string): MailTarget {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'give a domain (example.com) or an address (bob@example.com)' };
  const at = trimmed.lastIndexOf('@');
  const part = at === -1 ? trimmed : trimmed.slice(at + 1);
  if (at !== -1 && !part) return { problem: `"${trimmed}" has no domain after the @` };
  const ascii = toAscii(part.replace(/\.$/, '').toLowerCase());
  const labels = ascii.split('.');
  const valid =
    ascii.length > 0 &&
    ascii.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l: string) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
  if (!valid)
    return { problem: `"${part}" is not a domain name (labels of letters, digits and hyphens, separated by dots)` };
  return { domain: ascii, address: at === -1 ? null : trimmed };
}
