// Sharing profiles: mask what a ticket's readers need not see, consistently within one file
// (alice@… is user1@… in every line, the same host is always host1.example), so the
// transcript still reads as one conversation. The profile is applied to the transcript object
// before any serializer sees it, so every format masks the same way.
//
// What is masked:
// - emails: the local part of every address (RCPT TO, replies, headers, notes, findings);
// - hosts: every host name the session names (target, SNI, DNS, EHLO names, banner and EHLO
//   greeting, certificate subjects/issuers/SANs, AIA URLs, email domains), wherever it recurs;
//   the attribute values of certificate names (CN, O, OU, L, ST) that are not host names
//   become name1, name2... (an organisation or a private CA's name says who the server is);
//   certificate PEMs are dropped, since the names inside them cannot be masked;
// - ips: IPv4 and IPv6 addresses, except loopback (127.0.0.0/8, ::1), which reveals nothing
//   and tells the reader the session was local.
// Fingerprints and serial numbers stay: they are how two sessions' chains are compared.
// Masked values are documentation names (RFC 2606 .example, RFC 5737 192.0.2.0/24, RFC 3849
// 2001:db8::/32), so a masked transcript never points at anyone's real server.
import type { Transcript } from '../transcript';

export interface SharingProfile {
  emails?: boolean;
  hosts?: boolean;
  ips?: boolean;
}

/** Presets for menus; any combination of the three switches is valid. */
export const SHARING_PRESETS = {
  /** Nothing masked (credentials are always redacted anyway). */
  none: {},
  /** Email local parts masked: the usual choice for a ticket. */
  emails: { emails: true },
  /** Emails, host names and IP addresses masked. */
  anonymous: { emails: true, hosts: true, ips: true },
} as const satisfies Record<string, SharingProfile>;

export type SharingPreset = keyof typeof SHARING_PRESETS;

export function isMasking(profile: SharingProfile | undefined): boolean {
  return Boolean(profile && (profile.emails || profile.hosts || profile.ips));
}

/** Fields that hold identifiers, enums or encodings, never names: left untouched (an IPv6
 * pattern would otherwise eat a colon-separated fingerprint). */
const SKIP_KEYS = new Set([
  'schema',
  'type',
  'stage',
  'startedAt',
  'fingerprint256',
  'serialNumber',
  'notBefore',
  'notAfter',
  'severity',
  'refs',
  'id',
  'signatureId',
  'protocol',
  'cipher',
  'group',
  'keyType',
  'sigAlg',
  'libraryCode',
  'kind',
  'result',
  'sentChainSource',
  'mode',
  'by',
  'version',
  'name',
]);

const EMAIL =
  /([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?|\[[^\]\s]+\])/g;
/** A name with at least two labels and an alphabetic top-level label: "mail.example.com". */
const FQDN =
  /(?<![A-Za-z0-9-])(?:\*\.)?((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z])(?![A-Za-z0-9-])/g;
const URL_HOST = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/\s:?#"'<>]+)/g;
const IPV4 = /(?<![\d.])((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?![\d.]|\.\d)/g;
/** Full or "::"-compressed IPv6, not part of a longer colon-hex run (a fingerprint, a time). */
const IPV6 =
  /(?<![0-9A-Fa-f:])((?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4}::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4})(?![0-9A-Fa-f:])/g;

const REPLY_CODE = /^\d{3}[ -]/;

const isLoopback = (ip: string) => /^127\./.test(ip) || ip === '::1' || ip === '::';

/** Things shaped like host names that are file names (a path in an AIA URL, a config file). */
const NOT_HOSTS = /\.(?:pem|crt|cer|der|p7b|p7c|cf|conf|cnf|txt|json|html?|js|log|key)$/i;

type Mapper = (key: string) => string;

function numbering(make: (n: number) => string): Mapper {
  const seen = new Map<string, string>();
  return (key) => {
    let masked = seen.get(key);
    if (!masked) {
      masked = make(seen.size + 1);
      seen.set(key, masked);
    }
    return masked;
  };
}

function mapStrings(value: unknown, fn: (s: string) => string, key = ''): unknown {
  if (typeof value === 'string') return SKIP_KEYS.has(key) ? value : fn(value);
  if (Array.isArray(value)) return key === 'refs' ? value : value.map((v) => mapStrings(v, fn, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SKIP_KEYS.has(k) && typeof v !== 'object' ? v : mapStrings(v, fn, k);
    return out;
  }
  return value;
}

function eachString(value: unknown, fn: (s: string) => void, key = ''): void {
  if (typeof value === 'string') {
    if (!SKIP_KEYS.has(key)) fn(value);
  } else if (Array.isArray(value)) {
    if (key !== 'refs') for (const v of value) eachString(v, fn, key);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!HARVEST_SKIP.has(k)) eachString(v, fn, k);
  }
}

/** Names are harvested from what the session recorded, not from our own catalog texts (which
 * mention file names such as chain.pem); the catalog texts are still masked where they quote
 * the session. */
const HARVEST_SKIP = new Set(['pem', 'findings', 'annotation', 'title', 'explanation', 'fix']);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every host name the transcript mentions, longest first (so mail.lab.test wins over lab.test). */
function harvestHosts(t: Transcript): string[] {
  const hosts = new Set<string>();
  const add = (h: string | null | undefined) => {
    const name = h?.replace(/^\*\./, '').replace(/\.$/, '').toLowerCase();
    if (name && /[a-z]/.test(name) && name.includes('.') && !name.includes(':') && !NOT_HOSTS.test(name))
      hosts.add(name);
  };
  add(t.target.host);
  add(t.target.servername);
  eachString(t, (raw) => {
    // "250-mail.example.com": the reply code and its dash are not part of the name.
    const s = raw.replace(REPLY_CODE, '');
    for (const m of s.matchAll(FQDN)) add(m[1]);
    for (const m of s.matchAll(URL_HOST)) add(m[1]);
    for (const m of s.matchAll(EMAIL)) add(m[2]);
  });
  return [...hosts].sort((a, b) => b.length - a.length);
}

/** A copy of the transcript with the profile applied; the original is not changed. */
export function applySharingProfile(t: Transcript, profile: SharingProfile | undefined): Transcript {
  if (!isMasking(profile)) return t;
  const steps: ((s: string) => string)[] = [];
  if (profile!.emails) {
    const user = numbering((n) => `user${n}`);
    steps.push((s) =>
      s.includes('@')
        ? s.replace(
            EMAIL,
            (_all, local: string, domain: string) =>
              `${user(`${local.toLowerCase()}@${domain.toLowerCase()}`)}@${domain}`,
          )
        : s,
    );
  }
  if (profile!.hosts) {
    const names = harvestHosts(t);
    if (names.length) {
      const host = numbering((n) => `host${n}.example`);
      // Not inside a longer name; a dash before it only when it is a reply's "250-".
      const re = new RegExp(
        `(?<![A-Za-z0-9])(?<!(?<!^\\d{3})-)(${names.map(escapeRe).join('|')})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`,
        'gi',
      );
      steps.push((s) => s.replace(re, (name: string) => host(name.toLowerCase())));
    }
  }
  if (profile!.hosts) {
    const names = harvestDnValues(t);
    if (names.length) {
      const name = numbering((n) => `name${n}`);
      const re = new RegExp(`(?<![A-Za-z0-9])(${names.map(escapeRe).join('|')})(?![A-Za-z0-9])`, 'g');
      steps.push((s) => s.replace(re, (value: string) => name(value)));
    }
  }
  if (profile!.ips) {
    const v4 = numbering((n) => `192.0.2.${n}`);
    const v6 = numbering((n) => `2001:db8::${n.toString(16)}`);
    steps.push((s) =>
      s
        .replace(IPV4, (ip: string) => (isLoopback(ip) ? ip : v4(ip)))
        .replace(IPV6, (ip: string) => (isLoopback(ip) || !/[0-9a-f]/i.test(ip) ? ip : v6(ip.toLowerCase()))),
    );
  }
  const mask = (s: string) => steps.reduce((acc, step) => step(acc), s);
  const masked = mapStrings(t, mask) as Transcript;
  if (profile!.hosts) dropPems(masked);
  return masked;
}

const DN_ATTRIBUTE = /(?:^|,\s*|\/|\n)(?:CN|O|OU|L|ST)=((?:\\,|[^,\n/])+)/g;

const OWN_NAMES = /^SMTP Lens$/i;

/** The attribute values of every certificate name that are not host names (those are masked
 * as hosts), longest first. */
function harvestDnValues(t: Transcript): string[] {
  if (!t.tls) return [];
  const dns: string[] = [];
  const fromCert = (c: { subject: string; issuer: string }) => dns.push(c.subject, c.issuer);
  const v = t.tls.verification;
  [...t.tls.sentChain, ...v.storeAdded, ...(t.tls.aiaFetch?.fetched ?? [])].forEach(fromCert);
  if (v.anchor) dns.push(v.anchor);
  for (const p of v.problems) {
    if (p.kind === 'incomplete') dns.push(p.missingIssuer);
    if (p.kind === 'untrusted-root') dns.push(p.root);
  }
  const values = new Set<string>();
  for (const dn of dns) {
    for (const m of dn.matchAll(DN_ATTRIBUTE)) {
      const value = m[1].trim();
      // Host names are masked as hosts; our own name is nobody's secret (and the catalog says it).
      if (value.length >= 3 && !(value.includes('.') && !value.includes(' ')) && !OWN_NAMES.test(value))
        values.add(value);
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Certificates carry their names inside the DER, where masking cannot reach. */
function dropPems(t: Transcript): void {
  if (!t.tls) return;
  const certs = [
    ...t.tls.sentChain,
    ...t.tls.verification.storeAdded,
    ...(t.tls.aiaFetch?.fetched ?? []),
    ...(t.tls.aiaFetch?.attempts.flatMap((a) => (a.cert ? [a.cert] : [])) ?? []),
    ...(t.tls.aiaFetch?.completed?.storeAdded ?? []),
  ];
  for (const cert of certs) cert.pem = '';
}
