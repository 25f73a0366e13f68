// The practice scenarios where the server makes the client wait on purpose: greylisting, a
// tarpit before the greeting, and Postfix postscreen's pregreet test.
import { DEFAULT_LAB_TIMING, LAB_DOMAIN, LAB_HOSTNAME, OWN_RECIPIENTS, type ScenarioInfo } from './scenarioTypes';

const OWN = [...OWN_RECIPIENTS];
const seconds = (ms: number) => `${ms / 1000} s`;
const GREYLIST = seconds(DEFAULT_LAB_TIMING.greylistDelayMs);
const BANNER = seconds(DEFAULT_LAB_TIMING.bannerDelayMs);
const PREGREET = seconds(DEFAULT_LAB_TIMING.pregreetWaitMs);
/** A server on port 25 delivering to this MX: STARTTLS when offered, no login. */
const DELIVERING_MTA = { tls: 'starttls' as const, auth: false, to: OWN };

export const DELAY_SCENARIOS: ScenarioInfo[] = [
  {
    name: 'greylisting',
    group: 'policy',
    realPort: 25,
    summary: `Like an MX with greylisting: a new sender/recipient pair gets "451 4.7.1 … Greylisted"; a retry after ${GREYLIST} is accepted.`,
    notice:
      `RCPT TO is answered "451 4.7.1 <bob@${LAB_DOMAIN}>: Recipient address rejected: Greylisted, try again later". The first digit 4 means ` +
      '"temporary": a real mail server keeps the message queued and tries again later (RFC 5321 §4.5.4.1), while much spam software never comes back. ' +
      `Run the same probe again after ${GREYLIST} and the recipient is accepted; try sooner and you are greylisted again. The server remembers the ` +
      'sender/recipient pair, not the connection.',
    explainFix:
      'Nothing is broken: the sending server has to retry, and every real MTA does. Trouble comes from senders that never retry (web applications, ' +
      'scanners and scripts that treat any 4xx as final) and from large providers that retry from a different IP address each time. Fix the sender to ' +
      "queue and retry, or exempt it on the receiving side: with Postfix and postgrey, list it in /etc/postgrey/whitelist_clients (postgrey's --delay " +
      'sets the wait, 300 s by default); Exim setups use greylistd or an ACL with a database. Never greylist your own users on the submission ports.',
    refs: ['RFC 5321 §4.2.1', 'RFC 5321 §4.5.4.1', 'RFC 6647'],
    client: DELIVERING_MTA,
    expectedFindings: ['smtp.greylisted'],
  },
  {
    name: 'slow-banner',
    group: 'greeting',
    realPort: 25,
    summary: `Like a tarpit: the 220 greeting comes only after ${BANNER} of silence.`,
    notice:
      `The TCP connection opens and then nothing happens for ${BANNER}; then "220 ${LAB_HOSTNAME} ESMTP …" arrives and the session runs normally. Watch ` +
      `the time column. A client that sends a command before the greeting is cut off with "421 ${LAB_HOSTNAME} You talk too soon": the pause exists ` +
      'to catch spam software that does not wait its turn. RFC 5321 gives clients 5 minutes for the greeting, but many give up far sooner.',
    explainFix:
      "If the pause is deliberate (Postfix postscreen_greet_wait, Sendmail's greet_pause, an Exim `delay` in acl_smtp_connect), keep it to a few " +
      'seconds, use it on port 25 only, and exempt your own networks (Postfix `postscreen_access_list = permit_mynetworks`). Never delay the greeting ' +
      "on 587 or 465, where people's mail clients are waiting. If it is not deliberate, look at the server's DNS resolver: a reverse lookup of the " +
      'client address that times out is the usual cause of a slow greeting.',
    refs: ['RFC 5321 §4.3.1', 'RFC 5321 §4.5.3.2.1'],
    client: DELIVERING_MTA,
    expectedFindings: ['smtp.banner-slow'],
  },
  {
    name: 'pregreet',
    group: 'greeting',
    realPort: 25,
    summary: `Like Postfix postscreen: "220-" at once, the rest after ${PREGREET}; a client that talks early gets "521 5.5.1 Protocol error".`,
    notice:
      `The first line, "220-${LAB_HOSTNAME} ESMTP …", arrives at once, but the dash after 220 means "more lines follow": the greeting is complete only ` +
      `when a line starts with "220 " (a space), ${PREGREET} later (RFC 5321 §4.2.1). SMTP Lens waits for it, as every correct client does; its ` +
      'transcript shows both lines at the moment the reply was complete, while nc or telnet shows the first line at once. Type a command before ' +
      'the second line arrives and the server answers "521 5.5.1 Protocol error" and hangs up: that is how postscreen catches spam software that ' +
      'talks without listening.',
    explainFix:
      "This is postscreen's pregreet test working as intended on port 25: `postscreen_greet_banner` sends the teaser line, postscreen_greet_wait sets " +
      'the pause, and `postscreen_greet_action = drop` answers an early talker with 521 and hangs up (`enforce` answers 550 5.5.1 at RCPT TO instead; ' +
      'the default, `ignore`, only logs "PREGREET"). If a legitimate sender is rejected, it is broken: it must read the whole greeting before it ' +
      'speaks. Exempt trusted networks with `postscreen_access_list = permit_mynetworks`, and never put postscreen in front of 587 or 465. ' +
      'Exim has the same check built in (`smtp_enforce_sync`, on by default): with a `delay` in acl_smtp_connect it rejects early talkers with ' +
      '"554 SMTP synchronization error".',
    refs: ['RFC 5321 §4.2.1', 'RFC 5321 §4.3.1'],
    client: DELIVERING_MTA,
    expectedFindings: ['smtp.banner-slow'],
  },
];
