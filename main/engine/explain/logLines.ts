// Delivery failures as MTAs log them, to one result per recipient. Each format is recognised
// by its own shape, and everything in a line is hostile input: lines are bounded, and a line
// that is not a failure is skipped, never guessed at.
//   Postfix: smtp/lmtp/local/virtual "to=<…>, relay=…, … status=bounced|deferred (…)", and
//            smtpd "NOQUEUE: reject: RCPT from …: 550 5.1.1 …; from=<…> to=<…>".
//   Exim:    "** rcpt <…> R=… T=…: SMTP error from remote mail server after RCPT TO:<…>: 550 …"
//            ("==" for a deferral), and "rejected RCPT <…>: …".
//   Sendmail: "to=<…>, …, relay=…, dsn=5.1.1, stat=User unknown".
//   Exchange: message tracking rows (exchangeTracking.ts).
import type { ExplainResult } from '../../../shared/explain';
import { explainTracking } from './exchangeTracking';
import { withFinding } from './explainFinding';
import { explainReply, stageOf } from './explainReply';

/** Longer lines are cut: no log line a person pastes is this long, and the regexes stay linear. */
const MAX_LINE = 8_192;

/** The syslog host in "Dec  3 12:00:01 mx1 postfix/smtp[123]:", or null. */
const syslogHost = (line: string) =>
  /^\w{3} +\d+ [\d:]+ (\S+) /.exec(line)?.[1] ?? /^\S+T[\d:.]+\S* (\S+) /.exec(line)?.[1] ?? null;

/** The next hop in "relay=mx.example.com[192.0.2.1]:25" (Postfix) or "relay=mx.example.com. [192.0.2.1]"
 * (Sendmail); null for local delivery or none. */
function relayOf(line: string): string | null {
  // A remote host always comes with its address; "relay=virtual", "relay=dovecot" or
  // "relay=local" name a local delivery agent (Postfix's transport), not a server to probe.
  return /\brelay=([^,\s[]+?)\.? ?\[[^\]]+\]/.exec(line)?.[1] ?? null;
}

function postfixDelivery(line: string): ExplainResult | null {
  const m =
    /postfix[^:]*\/(?:smtp|lmtp|local|virtual|pipe|error)\[\d+\]: \w+: to=<([^>]*)>.*?dsn=(\d\.\d{1,3}\.\d{1,3}), status=(bounced|deferred|expired) \((.*)\)\s*$/.exec(
      line,
    );
  if (!m) return null;
  const [, recipient, dsn, status, why] = m;
  const relay = relayOf(line);
  // "host mx.example.com[192.0.2.1] said: 550 5.1.1 … (in reply to RCPT TO command)", and
  // "host mx.example.com[192.0.2.1] refused to talk to me: 554 …" for the greeting.
  const said = /host (\S+?)\[[^\]]*\] said: (.*?)(?: \(in reply to (.*?)\))?$/.exec(why);
  const greeting = said ? null : /host (\S+?)\[[^\]]*\] refused to talk to me: (.*)$/.exec(why);
  return explainReply({
    recipient,
    diagnostic: said ? said[2] : greeting ? greeting[2] : why,
    command: said?.[3] ? stageOf(said[3]) : greeting ? 'banner' : null,
    remoteMta: said?.[1] ?? greeting?.[1] ?? relay,
    reportingMta: syslogHost(line),
    status: dsn,
    permanent: status !== 'deferred',
  });
}

function postfixReject(line: string): ExplainResult | null {
  const m = /NOQUEUE: reject: (\w+) from (\S+?): (\d{3} .*?); from=<[^>]*> to=<([^>]*)>/.exec(line);
  if (!m) return null;
  const [, verb, , reply, recipient] = m;
  return explainReply({
    recipient,
    diagnostic: reply,
    command: stageOf(verb),
    remoteMta: null,
    reportingMta: syslogHost(line),
  });
}

function exim(line: string): ExplainResult | null {
  const m = / (\*\*|==) (\S+)(?: <([^>]*)>)? (.*)$/.exec(line);
  if (m) {
    const [, mark, address, original, rest] = m;
    // "** bob@example.org: retry timeout exceeded": no router named, the colon ends the address.
    const rcpt = address.replace(/:$/, '');
    // "… H=mx.example.com [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<…>: 550 …"
    const remote = /SMTP error from remote mail server after (.+?): ([2-5]\d\d[ -].*)$/.exec(rest);
    return explainReply({
      recipient: original ?? rcpt,
      diagnostic: remote ? remote[2] : rest.replace(/^.*?(\]: |: )/, ''),
      command: remote ? stageOf(remote[1]) : null,
      remoteMta: /\bH=(\S+) \[/.exec(rest)?.[1] ?? null,
      reportingMta: null,
      permanent: mark === '**',
    });
  }
  const rejected = /rejected RCPT <([^>]*)>: (.*)$/.exec(line);
  if (rejected)
    return explainReply({
      recipient: rejected[1],
      diagnostic: /^[2-5]\d\d /.test(rejected[2]) ? rejected[2] : `550 ${rejected[2]}`,
      command: 'rcpt',
      remoteMta: null,
      reportingMta: null,
    });
  return null;
}

/** "postfix/qmgr[…]: ID: from=<…>, status=expired, returned to sender": the queue gave up. */
function postfixExpired(line: string): ExplainResult | null {
  if (!/postfix[^:]*\/qmgr\[\d+\]: \w+: from=<[^>]*>, status=expired/.test(line)) return null;
  return explainReply({
    recipient: null,
    diagnostic: 'message expired: returned to sender (maximal_queue_lifetime reached)',
    command: null,
    remoteMta: null,
    reportingMta: syslogHost(line),
    status: '4.4.7',
    permanent: true,
  });
}

function sendmail(line: string): ExplainResult | null {
  const m = /sendmail\[\d+\]: \w+: to=<?([^>,\s]+)>?,.*?dsn=([245]\.\d{1,3}\.\d{1,3}), stat=(.*)$/.exec(line);
  if (!m || m[2].startsWith('2')) return null;
  const [, recipient, dsn, stat] = m;
  const reply = /^(?:Deferred: |Service unavailable|)(\d{3} .*)$/.exec(stat)?.[1];
  return explainReply({
    recipient,
    diagnostic: reply ?? stat,
    command: null,
    remoteMta: relayOf(line),
    reportingMta: syslogHost(line),
    status: dsn,
  });
}

const PARSERS = [postfixDelivery, postfixReject, postfixExpired, exim, sendmail];

/** The id that ties one message's lines together: Postfix's queue id ("postfix/smtp[123]:
 * 4F2A81C0: …"), or Exim's message id ("1xZ99b-0004Qg-0o", longer since Exim 4.97). */
const queueIdOf = (line: string) =>
  /postfix[^:\s]*\[\d+\]: ([0-9A-Za-z]{6,}): /.exec(line)?.[1] ??
  /^\S+ \S+ ([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) /.exec(line)?.[1] ??
  null;

/** The deferral the queue finally gave up on: its reply stands, the reason is that it expired. */
function expiredAfter(deferral: ExplainResult): ExplainResult {
  const { findingId, title, explanation, fix, refs, vendorReading, ...facts } = deferral;
  return withFinding({ ...facts, reason: 'expired', reasonBasis: 'codes', permanent: true });
}

/**
 * Every delivery failure in a log excerpt, in order; lines that are not failures are skipped.
 * Postfix and Exim log a message's lines under its id: a recipient deferred at every retry is
 * reported once (its last attempt), and the expiry that ends them (Postfix qmgr's
 * "status=expired", Exim's "retry timeout exceeded") keeps the reply that kept failing.
 */
export function explainLogLines(text: string): ExplainResult[] {
  const tracked = explainTracking(text);
  if (tracked) return tracked;
  const results: ExplainResult[] = [];
  /** Per queue id and recipient, where its deferral sits in `results`. */
  const deferred = new Map<string, Map<string, number>>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.slice(0, MAX_LINE);
    const r = PARSERS.map((parse) => parse(line)).find((x) => x !== null);
    if (!r) continue;
    const id = queueIdOf(line);
    const pending = id ? deferred.get(id) : undefined;
    if (id && r.reason === 'expired' && r.recipient === null && pending?.size) {
      for (const at of pending.values()) results[at] = expiredAfter(results[at]);
      deferred.delete(id);
      continue;
    }
    const earlier = id && r.recipient ? pending?.get(r.recipient) : undefined;
    // Exim's "** bob@…: retry timeout exceeded" after its "==" deferrals: the deferral's reply
    // is what kept failing.
    if (earlier !== undefined)
      results[earlier] = r.permanent && r.reason === 'expired' ? expiredAfter(results[earlier]) : r;
    else results.push(r);
    if (id && r.recipient && !r.permanent) {
      if (!deferred.has(id)) deferred.set(id, new Map());
      deferred.get(id)?.set(r.recipient, earlier ?? results.length - 1);
    } else if (id && r.recipient) pending?.delete(r.recipient);
  }
  return results;
}
