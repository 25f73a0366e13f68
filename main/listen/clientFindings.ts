// The client-side findings: what the client offered and did, read from the facts its session
// collected. The words are the catalog's (shared/findings/catalogClient.ts).
import type { Finding } from '../../shared/transcript';
import type { ClientOffer } from '../engine/tls/clientOffer';
import { materialize } from '../engine/findings/deriveFindings';
import type { RawFinding } from '../engine/findings/rule';
import type { MessageFacts } from './messageFacts';
import { type ClientConduct, providerRefusals } from '../../shared/knowledge/providerRequirements';

export interface ClientFacts {
  mode: 'none' | 'starttls' | 'implicit';
  starttlsOffered: boolean;
  tls: boolean;
  hello: { offer: ClientOffer; ja4: string; event: number } | null;
  /** Envelope commands sent in plain text after the EHLO reply offered STARTTLS. */
  plainAfterOffer: { verb: string; event: number }[];
  authInPlain: { mechanism: string; event: number } | null;
  ehlo: { verb: string; name: string; event: number } | null;
  message: (MessageFacts & { event: number }) | null;
  loggedIn: boolean;
  mailSent: boolean;
  /** A command that must end its group, followed in the same write (RFC 2920 §3.1). */
  batch: { verb: string; followedBy: string; event: number } | null;
  /** The user names the client logged in with (or tried), in order, and the AUTH count. */
  logins: { user: string; accepted: boolean }[];
  authAttempts: { count: number; event: number };
  /** MAIL FROM's address and its event. */
  sender: { address: string; event: number } | null;
  /** A bare LF or CR in a command line (seen in plain text, before TLS). */
  bareInCommands: { ending: 'LF' | 'CR'; event: number } | null;
  /** On a STARTTLS (or plain) port, the client's first bytes were a ClientHello. */
  implicitTlsExpected: boolean;
  /** MAIL FROM or RCPT TO addresses with non-ASCII characters, when MAIL FROM had no SMTPUTF8. */
  utf8WithoutSmtputf8: { address: string; event: number } | null;
}

/** Why an EHLO name is not what RFC 5321 §4.1.4 asks, or null when it is. */
export function ehloNameProblem(name: string): string | null {
  if (!name) return 'empty';
  if (/^\[(?:IPv6:[0-9a-f:.]+|\d{1,3}(?:\.\d{1,3}){3})\]$/i.test(name)) return null;
  if (/^localhost(\.localdomain)?$/i.test(name)) return '"localhost", a name every machine has for itself';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || /^[0-9a-f:]+:[0-9a-f:]*$/i.test(name))
    return 'an IP address without the square brackets an address literal needs';
  if (
    !/^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(
      name,
    )
  )
    return 'not a valid domain name';
  if (!name.includes('.')) return 'not a fully qualified domain name: it has no dot';
  return null;
}

/** The session in the terms providers state their requirements in. */
function conductOf(f: ClientFacts): ClientConduct {
  return {
    tls: f.hello ? { outdated: f.hello.offer.outdated, newest: f.hello.offer.newest } : null,
    tlsUp: f.tls,
    authInPlain: f.authInPlain?.mechanism ?? null,
    loggedIn: f.loggedIn,
    mailSent: f.mailSent,
    missingHeaders: f.message?.missing ?? [],
  };
}

export function clientFindings(f: ClientFacts): Finding[] {
  const raws: RawFinding[] = [];
  if (f.implicitTlsExpected && f.hello)
    raws.push({
      id: 'client.implicit-tls-expected',
      event: f.hello.event,
      vars: { newest: `newest version ${f.hello.offer.newest}` },
    });
  if (f.hello?.offer.outdated)
    raws.push({
      id: 'client.tls-outdated',
      event: f.hello.event,
      vars: { newest: f.hello.offer.newest, versions: f.hello.offer.versions.join(', '), ja4: f.hello.ja4 },
    });
  if (f.hello?.offer.noSni) raws.push({ id: 'client.no-sni', event: f.hello.event });
  if (f.authInPlain)
    raws.push({
      id: 'client.auth-before-tls',
      event: f.authInPlain.event,
      vars: { mechanism: f.authInPlain.mechanism },
    });
  if (f.mode === 'starttls' && f.starttlsOffered && !f.tls && f.plainAfterOffer.length)
    raws.push({
      id: 'client.no-starttls',
      event: f.plainAfterOffer[0].event,
      vars: {
        what: f.plainAfterOffer.some((c) => c.verb === 'DATA') ? 'the envelope and the message' : 'the envelope',
      },
    });
  if (f.batch)
    raws.push({
      id: 'client.pipelining-violation',
      event: f.batch.event,
      vars: {
        verb: f.batch.verb,
        followedBy: f.batch.followedBy,
        starttls:
          f.batch.verb === 'STARTTLS'
            ? '; RFC 3207 §5 for STARTTLS, where it lets plain text into the TLS session'
            : '',
      },
    });
  const m = f.message;
  const bare = m?.bareEnding
    ? { ending: m.bareEnding, where: 'in the message', event: m.event }
    : f.bareInCommands
      ? { ending: f.bareInCommands.ending, where: 'in its commands', event: f.bareInCommands.event }
      : null;
  if (bare) raws.push({ id: 'client.bare-lf', event: bare.event, vars: { ending: bare.ending, where: bare.where } });
  if (m?.missing.length)
    raws.push({ id: 'client.header-missing', event: m.event, vars: { missing: m.missing.join(', ') } });
  if (m?.eightBitUndeclared) raws.push({ id: 'client.8bit-without-8bitmime', event: m.event });
  if (m?.longLine) raws.push({ id: 'client.long-line', event: m.event, vars: { octets: String(m.longLine) } });
  if (f.utf8WithoutSmtputf8)
    raws.push({
      id: 'client.smtputf8-missing',
      event: f.utf8WithoutSmtputf8.event,
      vars: { address: f.utf8WithoutSmtputf8.address },
    });
  for (const { provider, broken } of providerRefusals(conductOf(f)))
    raws.push({
      id: 'client.provider-refusal',
      event: null,
      vars: {
        provider: provider.name,
        endpoint: provider.endpoint,
        requirements: broken.map((b) => b.text).join(', and '),
        did: broken.map((b) => b.did).join(', and '),
        source: provider.source,
      },
    });
  if (f.ehlo?.verb === 'HELO') raws.push({ id: 'client.helo-only', event: f.ehlo.event });
  const login = f.logins[0];
  if (login && !login.user.includes('@'))
    raws.push({ id: 'client.login-not-address', event: f.authAttempts.event, vars: { user: login.user } });
  const refused = f.logins.filter((l) => !l.accepted).length;
  if (refused >= 3)
    raws.push({ id: 'client.auth-retry-storm', event: f.authAttempts.event, vars: { count: String(refused) } });
  const accepted = f.logins.find((l) => l.accepted);
  if (
    accepted?.user.includes('@') &&
    f.sender?.address &&
    f.sender.address.toLowerCase() !== accepted.user.toLowerCase()
  )
    raws.push({
      id: 'client.sender-not-login',
      event: f.sender.event,
      vars: { user: accepted.user, sender: f.sender.address },
    });
  const why = f.ehlo ? ehloNameProblem(f.ehlo.name) : null;
  if (f.ehlo && why) raws.push({ id: 'client.bad-ehlo-name', event: f.ehlo.event, vars: { name: f.ehlo.name, why } });
  // In the order of the steps they belong to, as the transcript reads.
  // Session-wide verdicts (event null) come last.
  return raws.sort((a, b) => (a.event ?? Infinity) - (b.event ?? Infinity)).map(materialize);
}
